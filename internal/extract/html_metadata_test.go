package extract

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/evaluate"
)

var misses = flag.Bool("misses", false, "log the metadata misses on the readability cases")

// TestReadabilityMetadata reports per-field metadata accuracy on the
// Readability test pages. It logs the table; the floors guard against
// regressions.
func TestReadabilityMetadata(t *testing.T) {
	shared := evaluate.SharedDir()
	if shared == "" {
		t.Skip("../shared not found beside the module root: skipping the readability metadata evaluation")
	}
	dir := filepath.Join(shared, "eval", "extraction", "readability")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("readability cases not found in %s: skipping", dir)
	}
	rep, err := evaluate.Metadata(context.Background(), dir, func(page []byte, url string) (evaluate.MetaFields, error) {
		res, err := HTML(page, "", url)
		if res == nil {
			return evaluate.MetaFields{}, err
		}
		f := evaluate.MetaFields{Title: res.Title, Byline: res.Byline, Excerpt: res.Dek, SiteName: res.Site, Lang: res.Language}
		if res.Published != nil {
			f.Published = res.Published.Format(time.RFC3339)
		}
		return f, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTo(&b)
	t.Log("\n" + b.String())
	if *misses {
		for _, m := range rep.Misses {
			t.Log(m)
		}
	}
	floors := map[string]float64{"title": 0.79, "byline": 0.59, "excerpt": 0.53, "siteName": 0.87, "publishedTime": 0.78, "lang": 1}
	for _, f := range rep.Fields {
		if f.Accuracy() < floors[f.Field] {
			t.Errorf("%s accuracy %.3f below floor %.2f", f.Field, f.Accuracy(), floors[f.Field])
		}
	}
}
