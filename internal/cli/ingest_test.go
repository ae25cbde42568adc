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
	if !strings.Contains(errs, "3 articles (0 new, 0 updated, 3 unchanged)") {
		t.Errorf("second run: %q", errs)
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
	if stats.Documents != 3 {
		t.Errorf("stored %d articles, want 3", stats.Documents)
	}
	fails, err := st.ListFailures(context.Background())
	if err != nil || len(fails) != 1 {
		t.Errorf("failures = %+v, %v", fails, err)
	}
}
