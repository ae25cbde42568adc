package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

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
	for b.Loop() {
		if _, err := Analyze(ctx, runner, src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ntok)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkAnalyzeScrapinghub is HTML page -> full record over the 181
// scrapinghub pages; ns/op is per page.
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
	for b.Loop() {
		src := &article.Source{Input: "page", Format: "html", Body: pages[i%len(pages)]}
		Analyze(ctx, runner, src) // pages without an article are part of the work
		i++
	}
}
