package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

// BenchmarkAnalyzeSeed is plain text -> full record on the seed article.
// It reports tokens per second on one core.
func BenchmarkAnalyzeSeed(b *testing.B) {
	seed, err := os.ReadFile(filepath.Join(sharedDir(b), "seed", "000_8a460393155f9b4e.txt"))
	if err != nil {
		b.Fatal(err)
	}
	runner, err := newRunner()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	src := &article.Source{Input: "seed", Format: "text", Body: seed}
	ntok := len(segment.Tokens(string(seed), nil))
	b.ReportAllocs()
	b.SetBytes(int64(len(seed)))
	c0 := cpuTime()
	for b.Loop() {
		if _, err := Analyze(ctx, runner, src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
	// CPU time is the fairer figure on a shared machine (run with -cpu 1:
	// with more it also counts the garbage collector's other threads).
	b.ReportMetric(float64(ntok)*float64(b.N)/(cpuTime()-c0).Seconds(), "tokens/cpu-s")
}

// BenchmarkAnalyzeScrapinghub is HTML page -> full record over the 181
// scrapinghub pages; ns/op is per page. Run it with -cpu 1 and -benchtime
// a multiple of 181 (362x) so that every page counts the same.
func BenchmarkAnalyzeScrapinghub(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "eval", "extraction", "scrapinghub", "html")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("skipping: no pages in %s", dir)
	}
	var pages [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page)
	}
	runner, err := newRunner()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	times := make([]time.Duration, 0, 1024)
	cpus := make([]time.Duration, 0, 1024)
	for b.Loop() {
		src := &article.Source{Input: "page", Format: "html", Body: pages[i%len(pages)]}
		t0, c0 := time.Now(), cpuTime()
		Analyze(ctx, runner, src) // pages without an article are part of the work
		times = append(times, time.Since(t0))
		cpus = append(cpus, cpuTime()-c0)
		i++
	}
	// The budget is on the median page; ns/op is the mean, which a few
	// long pages pull up.
	slices.Sort(times)
	slices.Sort(cpus)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms/page")
	b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "median-cpu-ms/page")
}
