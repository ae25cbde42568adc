package cue

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Reference versions of the Index look-ups as they were before maxEnd:
// a scan over every mention. The indexed ones must agree with them.
func refBest(x *Index, s article.Span) int {
	best, bestPlace := -1, -1
	var bEnd, pEnd, bLen int
	for _, m := range x.ments {
		if m.start >= s.End {
			break
		}
		if m.end <= s.Start {
			continue
		}
		e := &x.doc.Entities[m.ent]
		ov := min(m.end, s.End) - max(m.start, s.Start)
		if isPlace(e) {
			if bestPlace < 0 || m.end > pEnd {
				bestPlace, pEnd = m.ent, m.end
			}
			continue
		}
		if best < 0 || m.end > bEnd || m.end == bEnd && ov > bLen {
			best, bEnd, bLen = m.ent, m.end, ov
		}
	}
	if best < 0 {
		return bestPlace
	}
	return best
}

func refBefore(x *Index, off int, keep func(*article.Entity) bool) int {
	best, bestEnd := -1, -1
	for _, m := range x.ments {
		if m.start >= off {
			break
		}
		if m.end <= off && m.end > bestEnd && keep(&x.doc.Entities[m.ent]) {
			best, bestEnd = m.ent, m.end
		}
	}
	return best
}

func refNewsOrgs(x *Index, s, skip article.Span) []int {
	var dst []int
	for _, m := range x.ments {
		if m.start >= s.End {
			break
		}
		if m.start < s.Start || (m.start < skip.End && skip.Start < m.end) {
			continue
		}
		if IsNewsOrg(&x.doc.Entities[m.ent]) && !containsInt(dst, m.ent) {
			dst = append(dst, m.ent)
		}
	}
	return dst
}

func randomDoc(r *rand.Rand, n, size int) *article.Document {
	doc := article.New()
	types := []article.Entity{{Type: "PER"}, {Type: "ORG"}, {Type: "ORG", Kind: "news_org"}, {Type: "LOC", Kind: "city"}, {Type: "GPE"}}
	for range n {
		e := types[r.IntN(len(types))]
		for range 1 + r.IntN(3) {
			st := r.IntN(size)
			e.Mentions = append(e.Mentions, article.Mention{Start: st, End: st + 1 + r.IntN(40)})
		}
		doc.Entities = append(doc.Entities, e)
	}
	return doc
}

func TestIndexMatchesScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keeps := []func(*article.Entity) bool{
		IsNewsOrg,
		func(e *article.Entity) bool { return e.Type == "PER" },
		func(*article.Entity) bool { return true },
	}
	for range 200 {
		size := 50 + r.IntN(2000)
		x := NewIndex(randomDoc(r, r.IntN(30), size))
		for range 50 {
			a, b := r.IntN(size+50), r.IntN(size+50)
			s := article.Span{Start: min(a, b), End: max(a, b)}
			if got, want := x.Best(s), refBest(x, s); got != want {
				t.Fatalf("Best(%v) = %d, want %d", s, got, want)
			}
			for k, keep := range keeps {
				if got, want := x.Before(a, keep), refBefore(x, a, keep); got != want {
					t.Fatalf("Before(%d, keep %d) = %d, want %d", a, k, got, want)
				}
			}
			skip := article.Span{Start: s.Start + r.IntN(s.Len()+1), End: s.End}
			if got, want := x.NewsOrgs(s, skip, nil), refNewsOrgs(x, s, skip); !slices.Equal(got, want) {
				t.Fatalf("NewsOrgs(%v, %v) = %v, want %v", s, skip, got, want)
			}
		}
	}
}

// TestIndexLongDocument is the regression test for the quadratic scans
// found by the hostile corpus: a 10 MB article has some 400k mentions, and
// every pronoun and quote looked through all of them (86 s). Looking up
// every mention's neighbourhood must now take well under the bound.
func TestIndexLongDocument(t *testing.T) {
	doc := article.New()
	const n = 200000
	for i := range n {
		doc.Entities = append(doc.Entities, article.Entity{Type: "PER", Mentions: []article.Mention{{Start: i * 50, End: i*50 + 10}}})
	}
	x := NewIndex(doc)
	start := time.Now()
	for i := range n {
		off := i*50 + 20
		x.Before(off, IsNewsOrg) // never matches: the worst case
		x.Best(article.Span{Start: off - 15, End: off})
		x.NewsOrgs(article.Span{Start: off - 100, End: off}, article.Span{}, nil)
	}
	// Measured 2.6 s on a loaded 2-core machine (Before walks its 64 KB
	// window each time); the full scans took minutes.
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("%d look-ups took %v", 3*n, took)
	}
}
