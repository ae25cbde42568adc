package segment

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

func words(text string) []string {
	var out []string
	for _, t := range Tokens(text, nil) {
		out = append(out, text[t.Start:t.End])
	}
	return out
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"The U.S. has roughly 2,500 troops.", "The|U.S.|has|roughly|2,500|troops|."},
		{"Gen. Smith met Dr. Jones at 3.5 km.", "Gen.|Smith|met|Dr.|Jones|at|3.5|km|."},
		{"Israel’s war, the IRI's statement", "Israel|’s|war|,|the|IRI|'s|statement"},
		{"“Suddenly, there is talk.”", "“|Suddenly|,|there|is|talk|.|”"},
		{"It wasn't over... (yes)", "It|was|n't|over|...|(|yes|)"},
		{"pro-Iranian groups on 7th October", "pro-Iranian|groups|on|7th|October"},
		{"officials' view", "officials|'|view"},
		{"J. R. Smith", "J.|R.|Smith"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := strings.Join(words(tt.in), "|"); got != tt.want {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func sentences(text string) []string {
	paras := Paragraphs(text)
	var out []string
	for _, s := range Sentences(text, paras, Tokens(text, nil)) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The U.S. Army left. It came back.", []string{"The U.S. Army left.", "It came back."}},
		{"He met Gen. Smith on Monday. They talked.", []string{"He met Gen. Smith on Monday.", "They talked."}},
		{"He said “Stop.” Then he left.", []string{"He said “Stop.”", "Then he left."}},
		{"They left the U.S. The next day it rained.", []string{"They left the U.S.", "The next day it rained."}},
		{"Troops number 2,500. About 900 are in Syria.", []string{"Troops number 2,500.", "About 900 are in Syria."}},
		{"First para without stop\n\nSecond para.", []string{"First para without stop", "Second para."}},
		{"Is it over? No! Not yet.", []string{"Is it over?", "No!", "Not yet."}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := sentences(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Sentences(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	text := "  One.\nStill one.\n\n \n\tTwo.\u00a0\n\nThree"
	var got []string
	for _, p := range Paragraphs(text) {
		got = append(got, text[p.Start:p.End])
	}
	want := []string{"One.\nStill one.", "Two.", "Three"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Paragraphs = %q, want %q", got, want)
	}
}

// checkSpans asserts the properties every segmentation must keep.
func checkSpans(t *testing.T, text string, spans []article.Span, what string) {
	t.Helper()
	prev := 0
	for _, s := range spans {
		if s.Start < prev || s.End < s.Start || s.End > len(text) {
			t.Fatalf("%s span %v out of order or outside text of %d bytes", what, s, len(text))
		}
		if utf8.ValidString(text) && (!utf8.ValidString(text[s.Start:s.End])) {
			t.Fatalf("%s span %v cuts a character", what, s)
		}
		prev = s.End
	}
}

func FuzzSegment(f *testing.F) {
	for _, s := range []string{"The U.S. has 2,500 troops.", "“a” ‘b’ \"c\"\n\nd.", "...!!??", "1,2,3.4.5", "Gen.", "\u00a0\n\u2028x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		paras := Paragraphs(text)
		toks := Tokens(text, nil)
		sents := Sentences(text, paras, toks)
		checkSpans(t, text, paras, "paragraph")
		checkSpans(t, text, sents, "sentence")
		ts := make([]article.Span, len(toks))
		for i, tk := range toks {
			ts[i] = tk.Span()
			if tk.Start == tk.End {
				t.Fatalf("empty token at %d", tk.Start)
			}
		}
		checkSpans(t, text, ts, "token")
		for _, s := range sents {
			inside := false
			for _, p := range paras {
				if p.Contains(s) {
					inside = true
				}
			}
			if !inside {
				t.Fatalf("sentence %v not inside a paragraph", s)
			}
		}
	})
}

func BenchmarkSegment(b *testing.B) {
	text := strings.Repeat("The IRI has carried out roughly 150 attacks against U.S. forces in Iraq and Syria since 7 October, according to Gen. Smith. “We will continue,” it said.\n\n", 50)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var toks []article.Token
	for b.Loop() {
		paras := Paragraphs(text)
		toks = Tokens(text, toks[:0])
		Sentences(text, paras, toks)
	}
}
