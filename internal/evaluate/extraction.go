package evaluate

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Score is precision, recall and F1 of one extractor over a set of pages.
type Score struct {
	Name      string
	Precision float64
	Recall    float64
	F1        float64
	Pages     int
}

// PageScore is the score of one page.
type PageScore struct {
	ID        string
	URL       string
	Precision float64
	Recall    float64
	Err       error
	Elapsed   time.Duration
}

// ExtractionReport is the result of running an extractor over the
// scrapinghub article-extraction benchmark.
type ExtractionReport struct {
	Dir      string
	Ours     Score
	Pages    int
	Failures int // pages where extract returned an error (scored as empty)
	Total    time.Duration
	Median   time.Duration // median time per page
	PerPage  []PageScore   // sorted by id
	Peers    []Score       // the peers/ files, best F1 first
}

// Rows returns our score and the peers' together, best F1 first.
func (r *ExtractionReport) Rows() []Score {
	rows := append([]Score{r.Ours}, r.Peers...)
	slices.SortStableFunc(rows, func(a, b Score) int { return cmp.Compare(b.F1, a.F1) })
	return rows
}

// WriteTo prints the report as a table.
func (r *ExtractionReport) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d pages, %d failures, total %v, median %.3f ms/page\n",
		r.Pages, r.Failures, r.Total.Round(time.Millisecond), float64(r.Median.Microseconds())/1000)
	fmt.Fprintf(&b, "%-20s %9s %9s %9s\n", "extractor", "precision", "recall", "F1")
	for _, s := range r.Rows() {
		fmt.Fprintf(&b, "%-20s %9.3f %9.3f %9.3f\n", s.Name, s.Precision, s.Recall, s.F1)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// Words splits text into words the way Python's re.findall(r'\w+') does on
// a str: runs of letters, numbers and underscores.
func Words(text string) []string {
	var words []string
	start := -1
	for i, r := range text {
		if isWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, text[start:])
	}
	return words
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Shingles returns the multiset of runs of n consecutive words of text. A
// text with fewer than n words (but at least one) has a single shingle of
// all its words, as in the benchmark.
func Shingles(text string, n int) map[string]int {
	w := Words(text)
	out := make(map[string]int, len(w))
	if len(w) == 0 {
		return out
	}
	for i := 0; i < max(1, len(w)-n+1); i++ {
		out[strings.Join(w[i:min(i+n, len(w))], "\x00")]++
	}
	return out
}

// Counts returns the benchmark's per-page true positive, false positive and
// false negative shares (normalised so that they sum to 1, or all 0 when
// both texts have no words), over 4-word shingles.
func Counts(pred, gold string) (tp, fp, fn float64) {
	ps, gs := Shingles(pred, 4), Shingles(gold, 4)
	var t, f, n int
	for k, g := range gs {
		p := ps[k]
		t += min(p, g)
		n += max(0, g-p)
	}
	for k, p := range ps {
		f += max(0, p-gs[k])
	}
	s := float64(t + f + n)
	if s == 0 {
		return 0, 0, 0
	}
	return float64(t) / s, float64(f) / s, float64(n) / s
}

// ScoreBody returns the benchmark's precision and recall of one predicted
// article body against the gold one. A page with nothing predicted and
// nothing expected scores 1.
func ScoreBody(pred, gold string) (p, r float64) {
	tp, fp, fn := Counts(pred, gold)
	if fp == 0 && fn == 0 {
		return 1, 1
	}
	if tp+fp > 0 {
		p = tp / (tp + fp)
	}
	if tp+fn > 0 {
		r = tp / (tp + fn)
	}
	return p, r
}

// F1 is the harmonic mean of p and r, 0 when both are 0.
func F1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// ScoreBodies scores predicted bodies against gold ones (both keyed by page
// id) the benchmark's way: mean precision and mean recall over the gold
// pages, then F1 of the two means. A page missing from pred counts as empty.
func ScoreBodies(name string, pred, gold map[string]string) Score {
	var sp, sr float64
	for id, g := range gold {
		p, r := ScoreBody(pred[id], g)
		sp += p
		sr += r
	}
	s := Score{Name: name, Pages: len(gold)}
	if len(gold) > 0 {
		s.Precision = sp / float64(len(gold))
		s.Recall = sr / float64(len(gold))
		s.F1 = F1(s.Precision, s.Recall)
	}
	return s
}

type bodyRecord struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// readBodies reads a {id: {articleBody, url}} file, also accepting the
// peers' {"output": {...}} wrapping.
func readBodies(path string) (map[string]bodyRecord, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Output map[string]bodyRecord `json:"output"`
	}
	if err := json.Unmarshal(data, &wrapped); err == nil && wrapped.Output != nil {
		return wrapped.Output, nil
	}
	var plain map[string]bodyRecord
	if err := json.Unmarshal(data, &plain); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	return plain, nil
}

// ReadGold reads ground-truth.json from the benchmark folder dir.
func ReadGold(dir string) (bodies, urls map[string]string, err error) {
	recs, err := readBodies(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("reading ground truth: %w", err)
	}
	bodies = make(map[string]string, len(recs))
	urls = make(map[string]string, len(recs))
	for id, r := range recs {
		bodies[id] = r.ArticleBody
		urls[id] = r.URL
	}
	return bodies, urls, nil
}

// ReadPage returns the decompressed HTML of page id in dir.
func ReadPage(dir, id string) ([]byte, error) {
	f, err := os.Open(filepath.Join(dir, "html", id+".html.gz"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading page %s: %w", id, err)
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, z); err != nil {
		return nil, fmt.Errorf("reading page %s: %w", id, err)
	}
	return b.Bytes(), nil
}

// Extraction runs extract on every page of the scrapinghub benchmark in dir
// (html/<id>.html.gz, ground-truth.json, peers/*.json) and scores the
// bodies. Pages where extract fails are scored as empty and counted in
// Failures. The peers' outputs are scored with the same rule.
func Extraction(ctx context.Context, dir string, extract func(page []byte, url string) (string, error)) (*ExtractionReport, error) {
	gold, urls, err := ReadGold(dir)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(gold))
	for id := range gold {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	pages := make([][]byte, len(ids))
	for i, id := range ids {
		if pages[i], err = ReadPage(dir, id); err != nil {
			return nil, err
		}
	}

	rep := &ExtractionReport{Dir: dir, Pages: len(ids)}
	pred := make(map[string]string, len(ids))
	times := make([]time.Duration, 0, len(ids))
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		start := time.Now()
		body, err := extract(pages[i], urls[id])
		el := time.Since(start)
		rep.Total += el
		times = append(times, el)
		ps := PageScore{ID: id, URL: urls[id], Err: err, Elapsed: el}
		if err != nil {
			rep.Failures++
			body = ""
		}
		pred[id] = body
		ps.Precision, ps.Recall = ScoreBody(body, gold[id])
		rep.PerPage = append(rep.PerPage, ps)
	}
	rep.Ours = ScoreBodies("sitrep", pred, gold)
	slices.Sort(times)
	if len(times) > 0 {
		rep.Median = times[len(times)/2]
	}

	peerFiles, err := filepath.Glob(filepath.Join(dir, "peers", "*.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range peerFiles {
		recs, err := readBodies(f)
		if err != nil {
			return nil, fmt.Errorf("reading peer %s: %w", f, err)
		}
		bodies := make(map[string]string, len(recs))
		for id, r := range recs {
			bodies[id] = r.ArticleBody
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		rep.Peers = append(rep.Peers, ScoreBodies(name, bodies, gold))
	}
	slices.SortStableFunc(rep.Peers, func(a, b Score) int { return cmp.Compare(b.F1, a.F1) })
	return rep, nil
}
