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
// and the 84 PolNeAR dev texts (plain text, long political articles), and
// on all of it (the Guardian CSV, the 924 PolNeAR texts and the pages:
// 1,354 articles, about 30 s a run on 2 cores). It
// reports articles/s (wall) and CPU milliseconds per article (user and
// system, all threads: the fairer figure on a loaded machine). One op is
// one whole run; use -benchtime 3x.
func BenchmarkIngest(b *testing.B) {
	shared := sharedDir(b)
	eval := filepath.Join(shared, "eval")
	pages := filepath.Join(eval, "extraction", "scrapinghub", "html")
	polnear := filepath.Join(eval, "quotes", "polnear")
	for _, c := range []struct {
		name string
		dirs []string
	}{
		{"scrapinghub", []string{pages}},
		{"polnear-dev", []string{filepath.Join(polnear, "dev", "text")}},
		{"corpus", []string{filepath.Join(eval, "corpus"), filepath.Join(polnear, "train", "text"), filepath.Join(polnear, "dev", "text"), pages}},
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
				code := Run(ctx, append([]string{"ingest", "--db", db}, c.dirs...), nil, io.Discard, &errb)
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
