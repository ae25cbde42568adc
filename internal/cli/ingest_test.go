package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/store"
)

func TestIngestTwiceNeverDuplicates(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	for i, body := range []string{
		"Rebels take the town\n\nRebels seized the town of Kidal on Monday, residents said.\n",
		"Army retakes the town\n\nThe army said on Tuesday it had retaken Kidal after heavy fighting.\n",
		"", // empty: reported and skipped
		"Talks open in Geneva\n\nDelegations met in Geneva on Wednesday for talks on a ceasefire.\n",
	} {
		os.WriteFile(filepath.Join(in, string(rune('a'+i))+".txt"), []byte(body), 0o644)
	}
	db := filepath.Join(dir, "sitrep.db")
	_, errs, code := run(t, "", "ingest", "--db", db, in)
	if code == 0 || !strings.Contains(errs, "1 inputs failed") || !strings.Contains(errs, "c.txt: empty input") {
		t.Fatalf("first run: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(errs, "3 articles (3 new") {
		t.Errorf("first run progress: %q", errs)
	}
	_, errs, _ = run(t, "", "ingest", "--db", db, in)
	if !strings.Contains(errs, "3 articles (0 new, 0 updated, 3 unchanged, 3 of them not analysed again)") {
		t.Errorf("second run: %q", errs)
	}
	// --force analyses them again; Put finds the same records.
	_, errs, _ = run(t, "", "ingest", "--force", "--db", db, in)
	if !strings.Contains(errs, "3 articles (0 new, 0 updated, 3 unchanged), 1 failed") {
		t.Errorf("run with --force: %q", errs)
	}
	// An article at an address, edited: analysed again, updated in place.
	csvFile := filepath.Join(dir, "news.csv")
	os.WriteFile(csvFile, []byte("url,title,text\nhttps://example.com/a,Talks open,Delegations met in Geneva on Wednesday.\n"), 0o644)
	if _, errs, code := run(t, "", "ingest", "--db", db, csvFile); code != 0 || !strings.Contains(errs, "1 articles (1 new") {
		t.Errorf("csv run: exit %d, %q", code, errs)
	}
	os.WriteFile(csvFile, []byte("url,title,text\nhttps://example.com/a,Talks open in Geneva,Delegations met in Geneva on Wednesday.\n"), 0o644)
	if _, errs, code := run(t, "", "ingest", "--db", db, csvFile); code != 0 || !strings.Contains(errs, "1 articles (0 new, 1 updated, 0 unchanged)") {
		t.Errorf("csv run after an edit: exit %d, %q", code, errs)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != 4 {
		t.Errorf("stored %d articles, want 4 (3 texts, 1 CSV row)", stats.Documents)
	}
	fails, err := st.ListFailures(context.Background())
	if err != nil || len(fails) != 1 {
		t.Errorf("failures = %+v, %v", fails, err)
	}
}

func TestSearchAndExport(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.txt")
	os.WriteFile(in, []byte("Rebels attack army base\n\nRebels attacked an army base in Kidal, Mali, on Monday, killing five soldiers, the army said.\n"), 0o644)
	db := filepath.Join(dir, "s.db")
	if _, errs, code := run(t, "", "ingest", "--db", db, in); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	out, errs, code := run(t, "", "search", "--db", db, "--country", "MLI", "army")
	if code != 0 || !strings.Contains(out, "1 articles") || !strings.Contains(out, "Rebels attack army base") {
		t.Errorf("search: exit %d, %q %q", code, out, errs)
	}
	out, _, _ = run(t, "", "search", "--db", db, "--lang", "fr", "army")
	if !strings.Contains(out, "0 articles") {
		t.Errorf("language filter ignored: %q", out)
	}
	for _, format := range []string{"jsonl", "csv", "geojson", "acled", "plover"} {
		out, errs, code := run(t, "", "export", "--db", db, "--format", format)
		if code != 0 || out == "" {
			t.Errorf("export %s: exit %d, stderr %q", format, code, errs)
		}
	}
	if _, _, code := run(t, "", "export", "--db", db, "--format", "xml"); code != 2 {
		t.Errorf("unknown format: exit %d, want 2", code)
	}
	if _, _, code := run(t, "", "search", "--db", db, "--near", "91,0,10"); code != 2 {
		t.Errorf("bad --near: exit %d, want 2", code)
	}
}

// countDocs opens the SQLite store at db and counts its documents.
func countDocs(ctx context.Context, db string) (int, error) {
	st, err := store.Open(ctx, db)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return 0, err
	}
	return s.Documents, nil
}
