package quantity

import (
	"context"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// FuzzStage feeds text from outside to the quantity stage and checks the
// properties every quantity must keep: its span inside the text, sorted,
// its text the text it spans, valid UTF-8. (On this branch the stage finds
// nothing yet; the target is here so that the parser is fuzzed from the
// day it lands.)
func FuzzStage(f *testing.F) {
	for _, s := range []string{
		"1,250 people were displaced", "about $3.5bn", "between 10 and 20 km", "12%",
		"9999999999999999999999999999999999999999999999999999 troops", "\xff12 tonnes", "-0.5°C", "1e308 dollars",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		doc := article.New()
		doc.Text = text
		doc.Paragraphs = []article.Span{{Start: 0, End: len(text)}}
		doc.Sentences = []article.Span{{Start: 0, End: len(text)}}
		if err := (Stage{}).Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		prev := 0
		for _, q := range doc.Quantities {
			if q.Start < prev || q.End < q.Start || q.End > len(text) {
				t.Fatalf("bad span [%d,%d) after %d in %q", q.Start, q.End, prev, text)
			}
			prev = q.Start
			if q.Text != text[q.Start:q.End] || !utf8.ValidString(q.Unit) {
				t.Fatalf("quantity %+v does not match its span in %q", q, text)
			}
		}
	})
}
