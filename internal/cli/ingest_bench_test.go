package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkIngest is `sitrep ingest` into a new SQLite file: reading,
// extraction, analysis, storing and indexing, everything the command
// does, on two parts of the shared corpus: the 181 scrapinghub HTML pages
// and the 84 PolNeAR dev texts (plain text, long political articles). It
// reports articles/s (wall) and CPU milliseconds per article (user and
// system, all threads: the fairer figure on a loaded machine). One op is
// one whole run; use -benchtime 3x.
func BenchmarkIngest(b *testing.B) {
	shared := sharedDir(b)
	for _, c := range []struct{ name, dir string }{
		{"scrapinghub", filepath.Join(shared, "eval", "extraction", "scrapinghub", "html")},
		{"polnear-dev", filepath.Join(shared, "eval", "quotes", "polnear", "dev", "text")},
	} {
		b.Run(c.name, func(b *testing.B) {
			if _, err := newRunner(); err != nil { // load the models outside the timing
				b.Fatal(err)
			}
			ctx := context.Background()
			var articles int
			var wall, cpu time.Duration
			i := 0
			for b.Loop() {
				db := filepath.Join(b.TempDir(), fmt.Sprintf("ingest%d.db", i))
				i++
				var errb strings.Builder
				t0, c0 := time.Now(), cpuTime()
				code := Run(ctx, []string{"ingest", "--db", db, c.dir}, nil, io.Discard, &errb)
				wall += time.Since(t0)
				cpu += cpuTime() - c0
				if code != 0 {
					b.Fatalf("ingest: exit %d: %s", code, errb.String())
				}
				n, err := countDocs(ctx, db)
				if err != nil {
					b.Fatal(err)
				}
				articles += n
			}
			b.ReportMetric(float64(articles)/wall.Seconds(), "articles/s")
			b.ReportMetric(cpu.Seconds()*1000/float64(articles), "cpu-ms/article")
			b.ReportMetric(0, "ns/op")
		})
	}
}
