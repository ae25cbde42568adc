package quote

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// TestInsideQuoteMatchesScan checks the binary search of insideQuote (the
// fix for a scan over every quotation for every token, quadratic on long
// articles) against the scan it replaced, on random quote-heavy text.
func TestInsideQuoteMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"\"", "“", "”", "‘", "’", "'", " said ", "a", "b ", ".", "\n\n", "« ", " »"}
	for range 300 {
		var b strings.Builder
		for range r.IntN(200) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		paras := paragraphs(text)
		doc := &article.Document{Text: text, Paragraphs: paras}
		f := newFinder(doc, marks(text, paras), paras)
		for i := 1; i < len(f.ms); i++ {
			if f.ms[i].open < f.ms[i-1].open {
				t.Fatalf("marks not sorted by open in %q: %+v", text, f.ms)
			}
		}
		for off := 0; off <= len(text); off++ {
			want := false
			for _, m := range f.ms {
				if m.open > off {
					break
				}
				if off < m.close {
					want = true
					break
				}
			}
			if got := f.insideQuote(off); got != want {
				t.Fatalf("insideQuote(%d) = %v, want %v in %q (marks %+v)", off, got, want, text, f.ms)
			}
		}
	}
}

func paragraphs(text string) []article.Span {
	var ps []article.Span
	start := 0
	for {
		i := strings.Index(text[start:], "\n\n")
		if i < 0 {
			break
		}
		ps = append(ps, article.Span{Start: start, End: start + i})
		start += i + 2
	}
	return append(ps, article.Span{Start: start, End: len(text)})
}
