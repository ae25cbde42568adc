package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/store"
)

var corpusSummaryRE = regexp.MustCompile(`(\d+) articles \((\d+) new, (\d+) updated, (\d+) unchanged(?:, (\d+) of them not analysed again)?\), (\d+) failed`)

// corpusSummary parses the last progress line of an ingest run: articles, new,
// updated, unchanged, not analysed again, failed.
func corpusSummary(t *testing.T, stderr string) [6]int {
	t.Helper()
	all := corpusSummaryRE.FindAllStringSubmatch(stderr, -1)
	if len(all) == 0 {
		t.Fatalf("no summary line in %q", stderr)
	}
	var n [6]int
	for i, s := range all[len(all)-1][1:] {
		n[i], _ = strconv.Atoi(s)
	}
	return n
}

// TestIngestSharedCorpusTwice is the acceptance test of issue 6 on a part
// of the shared corpus (the Guardian CSV, the PolNeAR dev texts and 30
// scrapinghub pages): the second ingest stores nothing new, reports every
// article unchanged without analysing it again, and leaves exactly one row
// per article.
func TestIngestSharedCorpusTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping in -short mode: ingests a few hundred articles twice")
	}
	shared := sharedDir(t)
	in := t.TempDir()
	link := func(src, name string) {
		if err := os.Symlink(src, filepath.Join(in, name)); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(shared, "eval", "corpus", "guardian-sdf-2017-2019.csv"), "guardian.csv")
	link(filepath.Join(shared, "eval", "quotes", "polnear", "dev", "text"), "polnear-dev")
	pages, _ := filepath.Glob(filepath.Join(shared, "eval", "extraction", "scrapinghub", "html", "*.html.gz"))
	if len(pages) < 30 {
		t.Skipf("skipping: %d scrapinghub pages", len(pages))
	}
	os.Mkdir(filepath.Join(in, "pages"), 0o755)
	for _, p := range pages[:30] {
		link(p, filepath.Join("pages", filepath.Base(p)))
	}
	// Folders given as symlinks are walked through the link.
	paths := []string{filepath.Join(in, "guardian.csv"), filepath.Join(in, "polnear-dev") + "/", filepath.Join(in, "pages")}
	db := filepath.Join(t.TempDir(), "sitrep.db")

	_, errs, _ := run(t, "", append([]string{"ingest", "--db", db}, paths...)...)
	first := corpusSummary(t, errs)
	t.Logf("first run: %v", first)
	if first[0] < 300 || first[1] == 0 || first[2] != 0 {
		t.Fatalf("first run: %v: %s", first, errs)
	}
	docs := storedInputs(t, db)
	// Two inputs with one text are one article (store.Put de-duplicates):
	// rows = new articles.
	if len(docs) != first[1] {
		t.Errorf("%d rows after the first run, want %d (one per new article)", len(docs), first[1])
	}

	_, errs, _ = run(t, "", append([]string{"ingest", "--db", db}, paths...)...)
	second := corpusSummary(t, errs)
	t.Logf("second run: %v", second)
	if second[0] != first[0] || second[1] != 0 || second[2] != 0 || second[3] != first[0] || second[5] != first[5] {
		t.Errorf("second run = %v, want all %d unchanged and the same %d failures", second, first[0], first[5])
	}
	if second[4] < first[1] {
		t.Errorf("second run analysed %d articles again, want none of the %d stored", first[0]-second[4], first[1])
	}
	if again := storedInputs(t, db); len(again) != len(docs) {
		t.Errorf("%d rows after the second run, want %d", len(again), len(docs))
	}
}

// storedInputs returns the input of each stored document, failing when an
// id or an input appears twice.
func storedInputs(t *testing.T, db string) map[string]string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ids := map[string]bool{}
	inputs := map[string]string{}
	for d, err := range st.All(ctx, store.Query{}) {
		if err != nil {
			t.Fatal(err)
		}
		if ids[d.ID] {
			t.Errorf("id %s stored twice", d.ID)
		}
		ids[d.ID] = true
		if prev, ok := inputs[d.Input]; ok {
			t.Errorf("input %s stored twice: %s and %s", d.Input, prev, d.ID)
		}
		inputs[d.Input] = d.ID
	}
	s, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents != len(ids) {
		t.Errorf("Stats.Documents = %d, All yields %d", s.Documents, len(ids))
	}
	return inputs
}
