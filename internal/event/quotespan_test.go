package event

import (
	"math/rand/v2"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// TestQuoteSpanMatchesScan checks the indexed quoteSpan (the fix for a scan
// over every quotation for every trigger, quadratic on long articles)
// against the scan it replaced, with nested and overlapping quotes. Only
// direct quotations bound a clause; reported speech is left out.
func TestQuoteSpanMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		size := 20 + r.IntN(500)
		doc := article.New()
		for range r.IntN(12) {
			st := r.IntN(size)
			doc.Quotes = append(doc.Quotes, article.Quote{Start: st, End: min(size, st+r.IntN(120)), Direct: r.IntN(3) > 0})
		}
		for st := 0; st < size; st += 1 + r.IntN(6) {
			doc.Tokens = append(doc.Tokens, article.Token{Start: st, End: st + 1 + r.IntN(5)})
		}
		c := &coder{doc: doc}
		for i, tk := range doc.Tokens {
			var want article.Span
			ok := false
			for _, q := range doc.Quotes {
				if !q.Direct {
					continue
				}
				qs := article.Span{Start: q.Start, End: q.End}
				if qs.Contains(tk.Span()) && (!ok || qs.Len() < want.Len()) {
					want, ok = qs, true
				}
			}
			got, gotOK := c.quoteSpan(i)
			if gotOK != ok || got.Len() != want.Len() || ok && !got.Contains(tk.Span()) {
				t.Fatalf("quoteSpan(%v) = %v %v, want %v %v (quotes %+v)", tk.Span(), got, gotOK, want, ok, doc.Quotes)
			}
		}
	}
}
