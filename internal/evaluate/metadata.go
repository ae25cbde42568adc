package evaluate

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// MetaFields are the metadata fields compared with the Readability test
// cases' expected-metadata.json.
type MetaFields struct {
	Title     string `json:"title"`
	Byline    string `json:"byline"`
	Excerpt   string `json:"excerpt"` // the dek
	SiteName  string `json:"siteName"`
	Published string `json:"publishedTime"` // any form starting YYYY-MM-DD
	Lang      string `json:"lang"`
}

// FieldScore is how often one field matched, over the cases that expect a
// value for it.
type FieldScore struct {
	Field    string
	Correct  int
	Expected int
}

// Accuracy is Correct/Expected, or 0.
func (f FieldScore) Accuracy() float64 {
	if f.Expected == 0 {
		return 0
	}
	return float64(f.Correct) / float64(f.Expected)
}

// MetadataReport is the result of Metadata.
type MetadataReport struct {
	Cases    int
	Failures int
	Fields   []FieldScore
	Misses   []string // "case field: got %q want %q", for tuning
}

// WriteTo prints the report as a table.
func (r *MetadataReport) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d cases, %d failures\n", r.Cases, r.Failures)
	for _, f := range r.Fields {
		fmt.Fprintf(&b, "%-14s %3d/%-3d %.3f\n", f.Field, f.Correct, f.Expected, f.Accuracy())
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// Metadata runs extract over the Readability test cases in dir
// (<case>/source.html, <case>/expected-metadata.json) and reports, field by
// field, how often the extracted value equals the expected one after white
// space and case folding (dates: the same calendar day; language: the same
// primary subtag). Cases expecting no value for a field are not counted for
// it.
func Metadata(ctx context.Context, dir string, extract func(page []byte, url string) (MetaFields, error)) (*MetadataReport, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading metadata cases: %w", err)
	}
	names := []string{"title", "byline", "excerpt", "siteName", "publishedTime", "lang"}
	scores := make([]FieldScore, len(names))
	for i, n := range names {
		scores[i].Field = n
	}
	rep := &MetadataReport{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name(), "source.html"))
		if err != nil {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "expected-metadata.json"))
		if err != nil {
			continue
		}
		var want MetaFields
		if err := json.Unmarshal(raw, &want); err != nil {
			return nil, fmt.Errorf("decoding %s/expected-metadata.json: %w", e.Name(), err)
		}
		rep.Cases++
		got, err := extract(src, "http://fakehost/test/page.html")
		if err != nil {
			rep.Failures++
		}
		pairs := [][2]string{{got.Title, want.Title}, {got.Byline, want.Byline}, {got.Excerpt, want.Excerpt},
			{got.SiteName, want.SiteName}, {got.Published, want.Published}, {got.Lang, want.Lang}}
		for i, p := range pairs {
			if strings.TrimSpace(p[1]) == "" {
				continue
			}
			scores[i].Expected++
			if metaEqual(names[i], p[0], p[1]) {
				scores[i].Correct++
			} else {
				rep.Misses = append(rep.Misses, fmt.Sprintf("%s %s: got %q want %q", e.Name(), names[i], p[0], p[1]))
			}
		}
	}
	rep.Fields = scores
	return rep, nil
}

func metaEqual(field, got, want string) bool {
	switch field {
	case "publishedTime":
		return len(got) >= 10 && len(want) >= 10 && got[:10] == want[:10]
	case "lang":
		cut := func(s string) string {
			s = strings.ToLower(strings.TrimSpace(s))
			if i := strings.IndexAny(s, "-_"); i >= 0 {
				s = s[:i]
			}
			return s
		}
		return cut(got) == cut(want)
	}
	norm := func(s string) string {
		return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return unicode.IsSpace(r)
		}), " ")
	}
	return norm(got) == norm(want)
}
