package quantity

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

func find(text string) []article.Quantity {
	doc := article.New()
	doc.Text = text
	segment.Stage{}.Process(context.Background(), doc)
	Stage{}.Process(context.Background(), doc)
	return doc.Quantities
}

func fp(v float64) *float64 { return &v }

func TestQuantities(t *testing.T) {
	tests := []struct {
		text, qtext string
		value       float64
		low, high   *float64
		approx      bool
		hedge, unit string
	}{
		{"The US has roughly 2,500 troops in Iraq.", "roughly 2,500 troops", 2500, nil, nil, true, "roughly", "troops"},
		{"It raised 1.5 million dollars.", "1.5 million dollars", 1.5e6, nil, nil, false, "", "dollars"},
		{"A 3,000-strong force arrived.", "3,000-strong force", 3000, nil, nil, false, "", "force"},
		{"Twenty-three people were killed.", "Twenty-three people", 23, nil, nil, false, "", "people killed"},
		{"A dozen rockets hit the base.", "A dozen rockets", 12, nil, nil, false, "", "rockets"},
		{"Dozens were wounded.", "Dozens were wounded", 12, fp(12), nil, true, "Dozens", "wounded"},
		{"Tens of thousands of people fled.", "Tens of thousands", 10000, fp(10000), nil, true, "Tens of thousands", ""},
		{"Hundreds of civilians protested.", "Hundreds", 100, fp(100), nil, true, "Hundreds", ""},
		{"Between 25 and 34 fighters died.", "Between 25 and 34 fighters", 25, fp(25), fp(34), true, "between", "fighters died"},
		{"They fired 10-15 rockets.", "10-15 rockets", 10, fp(10), fp(15), true, "", "rockets"},
		{"He said 25 to 34 soldiers were wounded.", "25 to 34 soldiers", 25, fp(25), fp(34), true, "", "soldiers wounded"},
		{"At least 150 attacks took place.", "At least 150 attacks", 150, fp(150), nil, true, "at least", "attacks"},
		{"Up to 40 drones were launched.", "Up to 40 drones", 40, nil, fp(40), true, "up to", "drones"},
		{"Gunmen killed 5 people in the village.", "5 people", 5, nil, nil, false, "", "people killed"},
		{"Prices rose 12 percent.", "12 percent", 12, nil, nil, false, "", "percent"},
		{"The talks take at least several months.", "at least several months", 3, fp(3), nil, true, "at least", "months"},
		{"They met five US officials.", "five US officials", 5, nil, nil, false, "", "officials"},
		{"Five military troops died.", "Five military troops", 5, nil, nil, false, "", "troops died"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			qs := find(tt.text)
			if len(qs) == 0 {
				t.Fatalf("no quantity")
			}
			q := qs[0]
			if q.Text != tt.qtext || q.Value != tt.value || q.Approximate != tt.approx || !strings.EqualFold(q.Hedge, tt.hedge) || q.Unit != tt.unit {
				t.Errorf("got %q %v approx %v hedge %q unit %q; want %q %v %v %q %q", q.Text, q.Value, q.Approximate, q.Hedge, q.Unit, tt.qtext, tt.value, tt.approx, tt.hedge, tt.unit)
			}
			if !eqp(q.Low, tt.low) || !eqp(q.High, tt.high) {
				t.Errorf("low/high %v/%v, want %v/%v", deref(q.Low), deref(q.High), deref(tt.low), deref(tt.high))
			}
		})
	}
}

func eqp(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
func deref(a *float64) any {
	if a == nil {
		return nil
	}
	return *a
}

func TestNotQuantities(t *testing.T) {
	for _, text := range []string{
		"The group was defeated in 2019.",
		"Attacks have continued since 7 October.",
		"It happened on October 7, at 8 pm.",
		"UN Resolution 2334 was adopted.",
		"The F-16 crashed near LIB-422 positions.",
		"It was the 7th attack.",
		"The meeting starts at 10:30.",
	} {
		if qs := find(text); len(qs) != 0 {
			t.Errorf("%q: got %q, want none", text, qs[0].Text)
		}
	}
}

func TestEllipsisAndEntities(t *testing.T) {
	text := "The US has roughly 2,500 troops in Iraq and 900 in Syria. The IRI has carried out roughly 150 attacks against US forces in Iraq and Syria since 7 October."
	doc := article.New()
	doc.Text = text
	segment.Stage{}.Process(context.Background(), doc)
	mention := func(id, typ, kind, sector string, names ...string) {
		e := article.Entity{ID: id, Type: typ, Kind: kind, Sector: sector}
		for _, n := range names {
			for off := 0; ; {
				i := strings.Index(text[off:], n)
				if i < 0 {
					break
				}
				e.Mentions = append(e.Mentions, article.Mention{Start: off + i, End: off + i + len(n), Text: n})
				off += i + len(n)
			}
		}
		doc.Entities = append(doc.Entities, e)
	}
	mention("usa", "GPE", "country", "", "The US")
	mention("irq", "GPE", "country", "", "Iraq")
	mention("syr", "GPE", "country", "", "Syria")
	mention("iri", "ORG", "armed_group", "REB", "IRI")
	doc.Dates = []article.Date{{Text: "since 7 October", Start: strings.Index(text, "since"), End: len(text) - 1, Since: "2023-10-07"}}
	Stage{}.Process(context.Background(), doc)
	if len(doc.Quantities) != 3 {
		t.Fatalf("got %d quantities: %+v", len(doc.Quantities), doc.Quantities)
	}
	q1, q2, q3 := doc.Quantities[0], doc.Quantities[1], doc.Quantities[2]
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	if q2.Text != "900" || q2.Unit != "troops" || !q2.Approximate || s(q2.Subject) != "usa" || s(q2.Place) != "syr" {
		t.Errorf("ellipsis: %+v", q2)
	}
	if s(q1.Subject) != "usa" || s(q1.Place) != "irq" {
		t.Errorf("first: subject %q place %q", s(q1.Subject), s(q1.Place))
	}
	if s(q3.Subject) != "iri" || s(q3.Place) != "irq" || q3.Since != "2023-10-07" {
		t.Errorf("attacks: subject %q place %q since %q", s(q3.Subject), s(q3.Place), q3.Since)
	}
}

func FuzzQuantities(f *testing.F) {
	for _, s := range []string{
		"roughly 2,500 troops in Iraq and 900 in Syria", strings.Repeat("9", 500) + " troops",
		"between 10 and", "tens of", "a", "1,2,3,4.5.6 killed", "twenty-three-four", "٣ قتلى and 5 قتلى",
		"$" + strings.Repeat("1,000", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for _, q := range find(text) {
			if q.Start < 0 || q.End > len(text) || q.Start >= q.End || text[q.Start:q.End] != q.Text {
				t.Fatalf("bad span %d-%d %q", q.Start, q.End, q.Text)
			}
			for _, v := range []*float64{&q.Value, q.Low, q.High} {
				if v != nil && (math.IsInf(*v, 0) || math.IsNaN(*v)) {
					t.Fatalf("value not finite in %q", q.Text)
				}
			}
		}
	})
}

func BenchmarkQuantitySeed(b *testing.B) {
	p := filepath.Join("..", "..", "..", "shared", "seed", "000_8a460393155f9b4e.txt")
	raw, err := os.ReadFile(p)
	if err != nil {
		b.Skipf("seed article absent (../shared/seed from the repository root): %v", err)
	}
	doc := article.New()
	doc.Text = string(raw)
	segment.Stage{}.Process(context.Background(), doc)
	b.ReportAllocs()
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		doc.Quantities = Find(doc)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(doc.Sentences)), "ns/sentence")
}
