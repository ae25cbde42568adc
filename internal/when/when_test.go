package when

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

var pub = time.Date(2024, 1, 25, 14, 30, 0, 0, time.UTC) // a Thursday

// want is the expected resolution of one expression: its text, and value,
// precision, since and until, or the unresolved reason.
type want struct {
	text, value, prec, since, until, unresolved string
}

func check(t *testing.T, in string, p *time.Time, ws ...want) {
	t.Helper()
	got := Parse(in, p)
	if len(got) != len(ws) {
		t.Fatalf("Parse(%q) = %d dates %+v, want %d", in, len(got), got, len(ws))
	}
	for i, w := range ws {
		g := got[i]
		if g.Text != w.text || g.Value != w.value || g.Precision != w.prec || g.Since != w.since || g.Until != w.until || g.Unresolved != w.unresolved {
			t.Errorf("Parse(%q)[%d] = %+v,\nwant %+v", in, i, g, w)
		}
		if in[g.Start:g.End] != g.Text {
			t.Errorf("span [%d,%d) is %q, text %q", g.Start, g.End, in[g.Start:g.End], g.Text)
		}
	}
}

func TestParseWithPublication(t *testing.T) {
	tests := []struct {
		in string
		w  []want
	}{
		{"attacks since 7 October", []want{{text: "since 7 October", value: "2023-10-07", prec: "day", since: "2023-10-07", until: "2024-01-25"}}},
		{"on 7 October", []want{{text: "7 October", value: "2023-10-07", prec: "day"}}},
		{"on 20 January", []want{{text: "20 January", value: "2024-01-20", prec: "day"}}},
		{"on 25 January", []want{{text: "25 January", value: "2024-01-25", prec: "day"}}},
		{"on the 7th of October 2022", []want{{text: "7th of October 2022", value: "2022-10-07", prec: "day"}}},
		{"October 7", []want{{text: "October 7", value: "2023-10-07", prec: "day"}}},
		{"Oct. 7, 2023", []want{{text: "Oct. 7, 2023", value: "2023-10-07", prec: "day"}}},
		{"Sept. 11, 2001, attacks", []want{{text: "Sept. 11, 2001", value: "2001-09-11", prec: "day"}}},
		{"defeated in 2019", []want{{text: "2019", value: "2019", prec: "year"}}},
		{"January 2024", []want{{text: "January 2024", value: "2024-01", prec: "month"}}},
		{"in March", []want{{text: "March", value: "2023-03", prec: "month"}}},
		{"in January", []want{{text: "January", value: "2024-01", prec: "month"}}},
		{"2023-10-07", []want{{text: "2023-10-07", value: "2023-10-07", prec: "day"}}},
		{"13/10/2023", []want{{text: "13/10/2023", value: "2023-10-13", prec: "day"}}},
		{"10/13/2023", []want{{text: "10/13/2023", value: "2023-10-13", prec: "day"}}},
		{"7/10/2023", []want{{text: "7/10/2023", unresolved: ReasonAmbiguous}}},
		{"Reuters reported Wednesday", []want{{text: "Wednesday", value: "2024-01-24", prec: "day"}}},
		{"on Thursday", []want{{text: "Thursday", value: "2024-01-25", prec: "day"}}},
		{"on Friday", []want{{text: "Friday", value: "2024-01-19", prec: "day"}}},
		{"last Thursday", []want{{text: "last Thursday", value: "2024-01-18", prec: "day"}}},
		{"next Monday", []want{{text: "next Monday", value: "2024-01-29", prec: "day"}}},
		{"yesterday", []want{{text: "yesterday", value: "2024-01-24", prec: "day"}}},
		{"Today", []want{{text: "Today", value: "2024-01-25", prec: "day"}}},
		{"last week", []want{{text: "last week", value: "2024-01-15", prec: "day", since: "2024-01-15", until: "2024-01-21"}}},
		{"last month", []want{{text: "last month", value: "2023-12", prec: "month"}}},
		{"this year", []want{{text: "this year", value: "2024", prec: "year"}}},
		{"last year", []want{{text: "last year", value: "2023", prec: "year"}}},
		{"last March", []want{{text: "last March", value: "2023-03", prec: "month"}}},
		{"two days ago", []want{{text: "two days ago", value: "2024-01-23", prec: "day"}}},
		{"3 months ago", []want{{text: "3 months ago", value: "2023-10", prec: "month"}}},
		{"earlier this month", []want{{text: "earlier this month", value: "2024-01", prec: "month", since: "2024-01-01", until: "2024-01-25"}}},
		{"later this year", []want{{text: "later this year", value: "2024", prec: "year", since: "2024-01-25", until: "2024-12-31"}}},
		{"between March and May", []want{{text: "between March and May", value: "2023-03", prec: "month", since: "2023-03", until: "2023-05"}}},
		{"from 2014 to 2017", []want{{text: "from 2014 to 2017", value: "2014", prec: "year", since: "2014", until: "2017"}}},
		{"from January to March 2023", []want{{text: "from January to March 2023", value: "2023-01", prec: "month", since: "2023-01", until: "2023-03"}}},
		{"between 5 March and 9 May 2022", []want{{text: "between 5 March and 9 May 2022", value: "2022-03-05", prec: "day", since: "2022-03-05", until: "2022-05-09"}}},
		{"between November and January", []want{{text: "between November and January", value: "2023-11", prec: "month", since: "2023-11", until: "2024-01"}}},
		{"between November and December", []want{{text: "between November and December", value: "2023-11", prec: "month", since: "2023-11", until: "2023-12"}}},
		{"between 2014 and 2017", []want{{text: "between 2014 and 2017", value: "2014", prec: "year", since: "2014", until: "2017"}}},
		{"the 2014-2017 war", []want{{text: "2014-2017", value: "2014", prec: "year", since: "2014", until: "2017"}}},
		{"in the past three months", []want{{text: "in the past three months", value: "2023-10-25", prec: "day", since: "2023-10-25", until: "2024-01-25"}}},
		{"over the last 10 days", []want{{text: "over the last 10 days", value: "2024-01-15", prec: "day", since: "2024-01-15", until: "2024-01-25"}}},
		{"since 2019", []want{{text: "since 2019", value: "2019", prec: "year", since: "2019", until: "2024-01-25"}}},
		{"since tomorrow", []want{{text: "since tomorrow", value: "2024-01-26", prec: "day", since: "2024-01-26"}}},
		{"until 2025", []want{{text: "until 2025", value: "2025", prec: "year", until: "2025"}}},
		{"mid-October", []want{{text: "mid-October", value: "2023-10", prec: "month"}}},
		{"early 2023", []want{{text: "early 2023", value: "2023", prec: "year"}}},
		{"by the end of 2024", []want{{text: "the end of 2024", value: "2024", prec: "year"}}},
		// Not dates.
		{"it may rain", nil},
		{"they march on", nil},
		{"some 2,500 troops", nil},
		{"$2019 and 2019% and 3000", nil},
		{"31 February", nil},
		{"in the 1990s", nil},
		{"a week of talks", nil},
		{"In March 2022, 150 attacks.", []want{{text: "March 2022", value: "2022-03", prec: "month"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { check(t, tt.in, &pub, tt.w...) })
	}
}

func TestParseWithoutPublication(t *testing.T) {
	tests := []struct {
		in string
		w  []want
	}{
		{"Wednesday", []want{{text: "Wednesday", unresolved: ReasonNoAnchor}}},
		{"since 7 October", []want{{text: "since 7 October", unresolved: ReasonNoAnchor}}},
		{"7 October", []want{{text: "7 October", unresolved: ReasonNoAnchor}}},
		{"last week", []want{{text: "last week", unresolved: ReasonNoAnchor}}},
		{"two days ago", []want{{text: "two days ago", unresolved: ReasonNoAnchor}}},
		{"in the past three months", []want{{text: "in the past three months", unresolved: ReasonNoAnchor}}},
		{"7 October 2023", []want{{text: "7 October 2023", value: "2023-10-07", prec: "day"}}},
		{"2019", []want{{text: "2019", value: "2019", prec: "year"}}},
		{"since 2019", []want{{text: "since 2019", value: "2019", prec: "year", since: "2019"}}},
		{"from 2014 to 2017", []want{{text: "from 2014 to 2017", value: "2014", prec: "year", since: "2014", until: "2017"}}},
		{"7/10/2023", []want{{text: "7/10/2023", unresolved: ReasonAmbiguous}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) { check(t, tt.in, nil, tt.w...) })
	}
}

func TestPublicationTimeZone(t *testing.T) {
	// The publication day is taken in the publication's own time zone.
	loc := time.FixedZone("UTC+3", 3*3600)
	p := time.Date(2024, 1, 25, 1, 0, 0, 0, loc) // still 24 January in UTC
	check(t, "yesterday", &p, want{text: "yesterday", value: "2024-01-24", prec: "day"})
}

func TestStage(t *testing.T) {
	doc := article.New()
	doc.Text = "Talks began Wednesday."
	doc.Published = &pub
	doc.Dates = []article.Date{{Text: "stale"}}
	s := NewStage()
	if s.Name() != "when" {
		t.Errorf("Name() = %q", s.Name())
	}
	for range 2 {
		if err := s.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Dates) != 1 || doc.Dates[0].Value != "2024-01-24" {
			t.Fatalf("Dates = %+v", doc.Dates)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Process(ctx, doc); err == nil {
		t.Error("Process with a cancelled context: want an error")
	}
}

// seedDir returns ../shared/seed beside the repository root.
func seedDir(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("go.mod not found")
		}
		dir = filepath.Dir(dir)
	}
	return filepath.Join(dir, "..", "shared", "seed")
}

func seedText(t testing.TB) string {
	b, err := os.ReadFile(filepath.Join(seedDir(t), "000_8a460393155f9b4e.txt"))
	if err != nil {
		t.Skipf("seed article not available (%v); skipping", err)
	}
	return string(b)
}

func TestSeed(t *testing.T) {
	text := seedText(t)
	got := Parse(text, &pub)
	find := func(s string) article.Date {
		for _, d := range got {
			if d.Text == s {
				return d
			}
		}
		t.Errorf("seed: %q not found in %+v", s, got)
		return article.Date{}
	}
	if d := find("since 7 October"); d.Value != "2023-10-07" || d.Precision != "day" || d.Since != "2023-10-07" || d.Until != "2024-01-25" {
		t.Errorf("since 7 October = %+v", d)
	}
	if d := find("Wednesday"); d.Value != "2024-01-24" || d.Precision != "day" {
		t.Errorf("Wednesday = %+v", d)
	}
	if d := find("2019"); d.Value != "2019" || d.Precision != "year" {
		t.Errorf("2019 = %+v", d)
	}
	// "7 October" alone resolves to the day, as the period's start shows.
	check(t, "7 October", &pub, want{text: "7 October", value: "2023-10-07", prec: "day"})
	if len(got) != 3 {
		t.Errorf("seed: %d dates, want 3: %+v", len(got), got)
	}
}

func validValue(v, prec string) bool {
	layout := map[string]string{"day": "2006-01-02", "month": "2006-01", "year": "2006"}[prec]
	if layout == "" {
		return false
	}
	_, err := time.Parse(layout, v)
	return err == nil
}

func validBound(v string) bool {
	return v == "" || validValue(v, "day") || validValue(v, "month") || validValue(v, "year")
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"since 7 October", "Oct. 7, 2023", "7/10/2023", "between March and May", "2014–17",
		"in the past three months", "the end of", "from 2014 to", "31 February 2023", "Sept.", "1st", "\xff7 October",
		"mid-", "9999-99-99", "2,500", "29 February",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, withPub bool) {
		var p *time.Time
		if withPub {
			p = &pub
		}
		ds := Parse(text, p)
		if ds == nil {
			t.Fatal("Parse returned nil")
		}
		prev := 0
		for _, d := range ds {
			if d.Start < prev || d.End <= d.Start || d.End > len(text) {
				t.Fatalf("bad span [%d,%d) after %d in %q", d.Start, d.End, prev, text)
			}
			prev = d.End
			if d.Text != text[d.Start:d.End] {
				t.Fatalf("Text %q != span %q", d.Text, text[d.Start:d.End])
			}
			if utf8.ValidString(text) && !utf8.ValidString(d.Text) {
				t.Fatalf("span splits a rune: %q", d.Text)
			}
			if (d.Value == "") != (d.Unresolved != "") {
				t.Fatalf("value %q and unresolved %q", d.Value, d.Unresolved)
			}
			if d.Value != "" && !validValue(d.Value, d.Precision) {
				t.Fatalf("bad value %q precision %q", d.Value, d.Precision)
			}
			if !validBound(d.Since) || !validBound(d.Until) {
				t.Fatalf("bad bounds %q %q", d.Since, d.Until)
			}
			if n := min(len(d.Since), len(d.Until)); n > 0 && d.Since[:n] > d.Until[:n] {
				t.Fatalf("period ends before it starts: %+v", d)
			}
			if p == nil && (strings.Contains(d.Until, "2024-01-25")) {
				t.Fatalf("resolved against a missing publication date: %+v", d)
			}
		}
	})
}

func BenchmarkParseSeed(b *testing.B) {
	text := seedText(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Parse(text, &pub)
	}
}

func BenchmarkStageSeed(b *testing.B) {
	text := seedText(b)
	s := NewStage()
	doc := &article.Document{Text: text, Published: &pub}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if err := s.Process(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseDense measures a text made only of date expressions, the
// worst case for the grammar.
func BenchmarkParseDense(b *testing.B) {
	text := strings.Repeat("since 7 October, between March and May, Oct. 7, 2023, in the past three months, 2014–17, last week. ", 100)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Parse(text, &pub)
	}
}
