package cli

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/cdp"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/store"
)

var screenshots = flag.Bool("screenshots", false, "rewrite docs/screenshots from the browser test")

const seedTitle = "Iraqi resistance dismisses US withdrawal talks, vows more attacks"

// TestBrowser serves the seed article, the shared Guardian corpus and a
// hostile article, and drives Chromium through the pages as a reader
// would: search box, result, article, actor, map, incidents. It skips
// when Chromium or ../shared is absent (.ci/browser.sh installs Chromium).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	chromium, err := cdp.Find()
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	shared := sharedDir(t)
	seedPath := filepath.Join(shared, "seed", "000_8a460393155f9b4e.txt")
	if _, err := os.Stat(seedPath); err != nil {
		t.Skipf("skipping: the seed article %s is absent", seedPath)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "browser.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runner, err := newRunner()
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	src, err := ingest.Classify(seedPath, body, "")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := Analyze(ctx, runner, src)
	if err != nil {
		t.Fatal(err)
	}
	docs := []*article.Document{seed, hostileDoc()}
	docs = append(docs, corpus(t, ctx, filepath.Join(shared, "eval", "corpus", "guardian-sdf-2017-2019.csv"), 300)...)
	if _, err := st.PutBatch(ctx, docs); err != nil {
		t.Fatal(err)
	}
	t.Logf("stored the seed, a hostile article and %d corpus articles", len(docs)-2)

	h, err := newServeHandler(st, runner, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	b, err := cdp.Launch(ctx, chromium, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	eval := func(expr string, out any) {
		t.Helper()
		if err := b.Eval(ctx, expr, out); err != nil {
			t.Fatal(err)
		}
	}
	do := func(what, expr string) {
		t.Helper()
		if err := b.Do(ctx, func() error { return b.Eval(ctx, expr, nil) }); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		if !*screenshots {
			return
		}
		png, err := b.Screenshot(ctx, 1200, 900, 0.6)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join("..", "..", "docs", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The probe for script is live: a page without our CSP runs it.
	if err := b.Navigate(ctx, "data:text/html,<title>x</title><script>window.pwned=1;document.title='pwned'</script>"); err != nil {
		t.Fatal(err)
	}
	var ran bool
	eval(`window.pwned === 1 && document.title === 'pwned'`, &ran)
	if !ran {
		t.Fatal("control page: script did not run, so the hostile check below would prove nothing")
	}

	// Search page: the style sheet applies under the CSP, and the box works.
	if err := b.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	var styled bool
	eval(`getComputedStyle(document.querySelector('header.top')).display === 'flex'`, &styled)
	if !styled {
		t.Error("search page: the style sheet did not apply")
	}
	do("searching", `(() => { const q = document.querySelector('form.filters input[name=q]'); q.value = 'IRI withdrawal'; q.form.requestSubmit(); })()`)
	var hits []string
	eval(`[...document.querySelectorAll('.hit a.title')].map(a => a.textContent)`, &hits)
	if len(hits) == 0 || !contains(hits, seedTitle) {
		t.Fatalf("search for 'IRI withdrawal': results %q lack the seed", hits)
	}
	var marked []string
	eval(`[...document.querySelectorAll('.hit .snippet mark.match')].map(m => m.textContent)`, &marked)
	if len(marked) == 0 {
		t.Error("search results: no highlighted matches")
	}
	shot("search")

	// The seed article: IRI highlighted as the Islamic Resistance in Iraq.
	do("opening the seed", `[...document.querySelectorAll('.hit a.title')].find(a => a.textContent.includes('Iraqi resistance dismisses')).click()`)
	var title string
	eval(`document.querySelector('h1').textContent`, &title)
	if title != seedTitle {
		t.Fatalf("article page: h1 %q", title)
	}
	var iri []string
	eval(`[...document.querySelectorAll('#text a.ent')].filter(a => a.textContent === 'IRI').map(a => a.title + ' ' + a.getAttribute('href'))`, &iri)
	if len(iri) == 0 {
		t.Fatal(`article page: "IRI" is not highlighted as an actor`)
	}
	for _, s := range iri {
		if !strings.Contains(s, "Islamic Resistance in Iraq — ") || !strings.Contains(s, "/actors/") {
			t.Errorf("article page: IRI highlighted as %q, want the Islamic Resistance in Iraq", s)
		}
	}
	var counts map[string]int
	eval(`Object.fromEntries([...document.querySelectorAll('#facts .factgroup')].map(g => [g.querySelector('h2').firstChild.textContent.trim(), g.querySelectorAll('.fact').length]))`, &counts)
	for _, k := range []string{"Actors", "Quotes", "Events"} {
		if counts[k] == 0 {
			t.Errorf("article side panel: no %s (panel: %v)", k, counts)
		}
	}
	var bg string
	eval(`getComputedStyle([...document.querySelectorAll('#text a.ent')].find(a => a.textContent === 'IRI')).backgroundColor`, &bg)
	if bg == "" || bg == "rgba(0, 0, 0, 0)" {
		t.Errorf("article page: the IRI highlight has no background (%q)", bg)
	}
	shot("article")

	// Its actor page: THREATEN and ASSAULT on the timeline and the map.
	do("opening the actor", `[...document.querySelectorAll('#text a.ent')].find(a => a.textContent === 'IRI').click()`)
	eval(`document.querySelector('h1').textContent`, &title)
	if title != "Islamic Resistance in Iraq" {
		t.Fatalf("actor page: h1 %q", title)
	}
	var rows []string
	eval(`[...document.querySelectorAll('#timeline .rowlabel')].map(e => e.textContent)`, &rows)
	for _, want := range []string{"THREATEN", "ASSAULT"} {
		if !contains(rows, want) {
			t.Errorf("actor timeline: rows %q lack %s", rows, want)
		}
	}
	var places []string
	eval(`[...document.querySelectorAll('#events-map circle.place title')].map(e => e.textContent)`, &places)
	if len(places) == 0 || !strings.Contains(strings.Join(places, " "), "ASSAULT") || !strings.Contains(strings.Join(places, " "), "THREATEN") {
		t.Errorf("actor map: points %q should show its ASSAULT and THREATEN events", places)
	}
	var land int
	eval(`document.querySelectorAll('#events-map path.land').length`, &land)
	if land < 100 {
		t.Errorf("actor map: %d countries drawn", land)
	}
	shot("actor")

	// The map and incident pages render their SVG.
	if err := b.Navigate(ctx, srv.URL+"/map"); err != nil {
		t.Fatal(err)
	}
	var dots int
	eval(`document.querySelectorAll('svg.map circle.place').length + document.querySelectorAll('svg.timeline circle').length`, &dots)
	if dots == 0 {
		t.Error("map page: no events drawn")
	}
	shot("map")
	if err := b.Navigate(ctx, srv.URL+"/incidents"); err != nil {
		t.Fatal(err)
	}
	var incidents int
	eval(`document.querySelectorAll('.incident').length`, &incidents)
	if incidents == 0 {
		t.Error("incidents page: none")
	}
	shot("incidents")

	// The hostile article runs no script and shows its payload as text.
	if err := b.Navigate(ctx, srv.URL+"/articles/hhhh000000000666"); err != nil {
		t.Fatal(err)
	}
	var probe struct {
		Title   string `json:"title"`
		Pwned   bool   `json:"pwned"`
		Scripts int    `json:"scripts"`
		Images  int    `json:"images"`
		Text    string `json:"text"`
	}
	eval(`({title: document.title, pwned: window.pwned !== undefined, scripts: document.querySelectorAll('script').length,
		images: document.querySelectorAll('img').length, text: document.querySelector('#text').textContent})`, &probe)
	if probe.Pwned || probe.Title == "pwned" || !strings.HasPrefix(probe.Title, "Breaking <script>") || probe.Scripts != 0 || probe.Images != 0 {
		t.Errorf("hostile article ran or injected markup: %+v", probe)
	}
	if !strings.Contains(probe.Text, "<script>document.title='pwned'") || !strings.Contains(probe.Text, `<img src=x onerror=`) {
		t.Errorf("hostile article: payload not shown as text: %q", probe.Text)
	}
	if d := b.Dialogs(); len(d) > 0 {
		t.Errorf("hostile article opened dialogs: %q", d)
	}
	shot("hostile")
}

// corpus analyses up to n rows of a CSV of articles (date, text, source).
func corpus(t *testing.T, ctx context.Context, path string, n int) []*article.Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Logf("no corpus (%v): the seed alone", err)
		return nil
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	runner, err := newRunner()
	if err != nil {
		t.Fatal(err)
	}
	var docs []*article.Document
	for line := 2; len(docs) < n; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		src := &article.Source{Input: fmt.Sprintf("%s:%d", filepath.Base(path), line), Format: "text", Body: []byte(rec[col["text"]])}
		if p, err := time.Parse(time.DateOnly, rec[col["date"]]); err == nil {
			src.Published = &p
		}
		doc, err := Analyze(ctx, runner, src)
		if err != nil {
			continue
		}
		if doc.Site == "" {
			doc.Site = strings.ToLower(rec[col["source"]])
		}
		docs = append(docs, doc)
	}
	return docs
}

// hostileDoc is an article whose text, title and annotations try to run
// script.
func hostileDoc() *article.Document {
	payload := `<script>document.title='pwned';window.pwned=1;alert(1)</script>`
	img := `<img src=x onerror="document.title='pwned';window.pwned=1;alert(1)">`
	d := article.New()
	d.ID, d.Site, d.Language, d.Input = "hhhh000000000666", "evil.test", "en", "hostile"
	d.Title = "Breaking " + payload + img
	d.Dek = img
	d.URL = "javascript:alert(1)"
	p1 := "Officials said " + payload + " was found."
	p2 := "Then " + img + " appeared."
	d.Text = p1 + "\n\n" + p2
	d.Paragraphs = []article.Span{{Start: 0, End: len(p1)}, {Start: len(p1) + 2, End: len(d.Text)}}
	ps := strings.Index(d.Text, payload)
	is := strings.LastIndex(d.Text, img)
	d.Entities = []article.Entity{{ID: "x1", Name: "Evil " + payload + " Group", Type: "ORG", Kind: "armed_group", Aliases: []string{},
		Mentions: []article.Mention{{Start: ps, End: ps + len(payload), Text: payload}}}}
	speaker := "x1"
	d.Quotes = []article.Quote{{ID: "q1", Text: img, Start: is, End: is + len(img), Direct: true, Speaker: &speaker, Via: []string{}}}
	return d
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
