// Package trafilatura compares Sitrep's whole analysis of an HTML page with
// go-trafilatura's extraction alone, page by page in the same process, on
// the scrapinghub article-extraction pages. It lives in its own module so
// that go-trafilatura never becomes a dependency of the sitrep binary.
//
//	cd bench/trafilatura && go test -run '^$' -bench Compare -benchtime 1x -count 5
//
// The data folder is ../shared beside the checkout (SITREP_SHARED
// overrides it).
package trafilatura

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/cli"
)

func pages(tb testing.TB) [][]byte {
	shared := os.Getenv("SITREP_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	files, _ := filepath.Glob(filepath.Join(shared, "eval", "extraction", "scrapinghub", "html", "*.html.gz"))
	if len(files) == 0 {
		tb.Skipf("skipping: no scrapinghub pages under %s", shared)
	}
	var out [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out = append(out, page)
	}
	return out
}

// cpu is the CPU time the process has used so far (user and system, every
// thread): unlike the wall clock it does not count the time other programs
// on a shared machine hold the core.
func cpu() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkCompare runs both over every page once per iteration, each page
// timed on its own, and reports the two medians and their ratio (the
// budget of issue "Hold up" is a ratio <= 0.5 and a Sitrep median <= 6.5
// ms per page on one core: run with -cpu 1). On a shared machine the CPU
// medians are the fairer figures.
func BenchmarkCompare(b *testing.B) {
	ps := pages(b)
	runner, err := cli.NewRunner()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	opts := trafilatura.Options{}
	var sit, traf, sitCPU, trafCPU []time.Duration
	failed := 0
	for b.Loop() {
		// One after the other, with a collection between, so that neither
		// pays for the other's garbage.
		runtime.GC()
		for _, p := range ps {
			t0, c0 := time.Now(), cpu()
			// Pages without an article are part of the work for both.
			cli.Analyze(ctx, runner, &article.Source{Input: "page", Format: "html", Body: p})
			sit = append(sit, time.Since(t0))
			sitCPU = append(sitCPU, cpu()-c0)
		}
		runtime.GC()
		for _, p := range ps {
			t0, c0 := time.Now(), cpu()
			if _, err := trafilatura.Extract(bytes.NewReader(p), opts); err != nil {
				failed++
			}
			traf = append(traf, time.Since(t0))
			trafCPU = append(trafCPU, cpu()-c0)
		}
	}
	ms, mt := median(sit), median(traf)
	cs, ct := median(sitCPU), median(trafCPU)
	b.ReportMetric(float64(ms.Microseconds())/1000, "sitrep-median-ms")
	b.ReportMetric(float64(mt.Microseconds())/1000, "trafilatura-median-ms")
	b.ReportMetric(float64(ms)/float64(mt), "ratio")
	b.ReportMetric(float64(cs.Microseconds())/1000, "sitrep-median-cpu-ms")
	b.ReportMetric(float64(ct.Microseconds())/1000, "trafilatura-median-cpu-ms")
	b.ReportMetric(float64(cs)/float64(ct), "cpu-ratio")
	b.ReportMetric(float64(failed)/float64(b.N), "trafilatura-failures")
}
