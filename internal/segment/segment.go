// Package segment splits a document's text into paragraphs, sentences and
// tokens, each with byte offsets into the text.
//
// It is written for English news first and is rule-based: tokens are
// Penn-Treebank-like (punctuation split off, possessive "'s" split, "U.S."
// and "2,500" kept whole), sentences end at terminal punctuation unless the
// word before is a known abbreviation, and a blank line always ends a
// paragraph and a sentence. No library handled abbreviations, curly quotes
// and numbers together with byte offsets, which is why it is our own.
package segment

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Stage fills Paragraphs, Sentences and Tokens of a document.
type Stage struct{}

var _ pipeline.Stage = Stage{}

// Name implements pipeline.Stage.
func (Stage) Name() string { return "segment" }

// Process implements pipeline.Stage.
func (Stage) Process(_ context.Context, doc *article.Document) error {
	doc.Paragraphs = Paragraphs(doc.Text)
	doc.Tokens = Tokens(doc.Text, doc.Tokens[:0])
	doc.Sentences = Sentences(doc.Text, doc.Paragraphs, doc.Tokens)
	return nil
}

// Paragraphs returns the spans of the blocks of text separated by one or
// more blank lines, trimmed of surrounding white space.
func Paragraphs(text string) []article.Span {
	paras := []article.Span{}
	start := -1 // start of current paragraph, -1 when between paragraphs
	lastNonSpace := 0
	lineBlank := true
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			if lineBlank && start >= 0 {
				paras = append(paras, article.Span{Start: start, End: lastNonSpace})
				start = -1
			}
			lineBlank = true
			continue
		}
		c := text[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			continue
		}
		// Multi-byte white space (no-break space and friends).
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				i += size - 1
				continue
			}
			if start < 0 {
				start = i
			}
			lineBlank = false
			i += size - 1
			lastNonSpace = i + 1
			continue
		}
		if start < 0 {
			start = i
		}
		lineBlank = false
		lastNonSpace = i + 1
	}
	if start >= 0 {
		paras = append(paras, article.Span{Start: start, End: lastNonSpace})
	}
	return paras
}

// titleAbbrev are abbreviations that are never the last word of a sentence
// (they always precede a name or number).
var titleAbbrev = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"lt": true, "col": true, "maj": true, "capt": true, "cpt": true, "sgt": true,
	"cpl": true, "pvt": true, "adm": true, "cmdr": true, "gov": true, "sen": true,
	"rep": true, "rev": true, "st": true, "mt": true, "ft": true, "hon": true,
	"pres": true, "supt": true, "insp": true, "det": true, "brig": true,
	"no": true, "nos": true, "vol": true, "art": true, "fig": true, "sec": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"vs": true, "etc": false, "approx": true, "est": true, "dept": true,
	"mln": true, "bln": true, "jr": false, "sr": false, "inc": false, "ltd": false,
	"co": false, "corp": false,
}

// otherAbbrev end with a period that may or may not end the sentence.
var otherAbbrev = map[string]bool{
	"etc": true, "jr": true, "sr": true, "inc": true, "ltd": true, "co": true,
	"corp": true, "a.m": true, "p.m": true, "u.s": true, "u.k": true, "u.n": true,
	"e.u": true, "u.s.a": true, "i.e": true, "e.g": true,
}

// Tokens appends the tokens of text to dst and returns it.
func Tokens(text string, dst []article.Token) []article.Token {
	i := 0
	n := len(text)
	for i < n {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case isDigit(r):
			end := scanNumber(text, i)
			dst = append(dst, article.Token{Start: i, End: end, Kind: article.TokenNumber})
			i = end
		case unicode.IsLetter(r) || unicode.IsMark(r):
			end := scanWord(text, i)
			// Split a trailing possessive or contraction.
			if w := text[i:end]; len(w) > 2 {
				if cut := possessiveCut(w); cut > 0 {
					dst = append(dst, article.Token{Start: i, End: i + cut, Kind: article.TokenWord})
					dst = append(dst, article.Token{Start: i + cut, End: end, Kind: article.TokenWord})
					i = end
					continue
				}
			}
			dst = append(dst, article.Token{Start: i, End: end, Kind: article.TokenWord})
			i = end
		default:
			end := i + size
			// Runs of the same punctuation ("...", "--", "!!") are one token.
			if r == '.' || r == '-' || r == '!' || r == '?' {
				for end < n && rune(text[end]) == r {
					end++
				}
			}
			kind := article.TokenPunct
			if unicode.IsSymbol(r) {
				kind = article.TokenSymbol
			}
			dst = append(dst, article.Token{Start: i, End: end, Kind: kind})
			i = end
		}
	}
	return dst
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || (r > 0x7f && unicode.IsDigit(r)) }

// scanNumber scans digits with inner separators ("2,500", "3.5", "1/2").
func scanNumber(text string, i int) int {
	n := len(text)
	for i < n {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isDigit(r) {
			i += size
			continue
		}
		if (r == ',' || r == '.' || r == '/' || r == ':') && i+1 < n {
			r2, _ := utf8.DecodeRuneInString(text[i+1:])
			if isDigit(r2) {
				i++
				continue
			}
		}
		// Ordinals and units glued to numbers: "7th", "10km", "2nd".
		if unicode.IsLetter(r) {
			j := i
			for j < n {
				r3, s3 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r3) {
					break
				}
				j += s3
			}
			switch strings.ToLower(text[i:j]) {
			case "st", "nd", "rd", "th", "km", "m", "kg", "bn", "mn", "k", "s":
				return j
			}
		}
		break
	}
	return i
}

// scanWord scans a word: letters, digits and marks, with inner hyphens and
// apostrophes, and dotted abbreviations such as "U.S." or "a.m.".
func scanWord(text string, i int) int {
	start := i
	n := len(text)
	for i < n {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsMark(r) || isDigit(r) {
			i += size
			continue
		}
		if (r == '-' || r == '\'' || r == '’' || r == '&') && i+size < n {
			r2, _ := utf8.DecodeRuneInString(text[i+size:])
			if unicode.IsLetter(r2) || isDigit(r2) {
				i += size
				continue
			}
		}
		if r == '.' {
			// Dotted abbreviation: single letters separated by periods.
			if isDottedAbbrev(text[start:i]) && i+1 < n {
				r2, _ := utf8.DecodeRuneInString(text[i+1:])
				if unicode.IsLetter(r2) {
					i++
					continue
				}
			}
			w := text[start:i]
			if isDottedAbbrev(w) && strings.Contains(w, ".") {
				return i + 1 // "U.S." keeps its final period
			}
			if titleAbbrev[strings.ToLower(w)] || otherAbbrev[strings.ToLower(w)] {
				return i + 1
			}
			// A single capital letter with a period is an initial ("J.").
			if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r0(w)) {
				return i + 1
			}
		}
		break
	}
	return i
}

func r0(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// isDottedAbbrev reports whether w is letters separated by single periods,
// each part one letter long ("U", "U.S", "a.m").
func isDottedAbbrev(w string) bool {
	// Longer runs ("a.b.c.d.e.f.g") are not abbreviations; the bound also
	// keeps scanning linear on hostile input.
	if w == "" || len(w) > 16 {
		return false
	}
	parts := strings.Split(w, ".")
	for _, p := range parts {
		if utf8.RuneCountInString(p) != 1 || !unicode.IsLetter(r0(p)) {
			return false
		}
	}
	return true
}

// possessiveCut returns where a trailing "'s", "’s", "n't" or "'ll"-style
// clitic starts in w, or 0.
func possessiveCut(w string) int {
	lw := strings.ToLower(w)
	for _, suf := range []string{"'s", "’s", "n't", "n’t", "'re", "’re", "'ll", "’ll", "'ve", "’ve", "'d", "’d", "'m", "’m"} {
		if strings.HasSuffix(lw, suf) && len(lw) > len(suf) {
			return len(w) - len(suf)
		}
	}
	if strings.HasSuffix(w, "s'") || strings.HasSuffix(w, "s’") {
		// plural possessive: "officials'" -> officials '
		if strings.HasSuffix(w, "'") {
			return len(w) - 1
		}
		return len(w) - len("’")
	}
	return 0
}

// Sentences returns sentence spans inside the paragraphs, using the tokens.
func Sentences(text string, paras []article.Span, toks []article.Token) []article.Span {
	sents := []article.Span{}
	t := 0
	for _, p := range paras {
		for t < len(toks) && toks[t].Start < p.Start {
			t++
		}
		start := -1
		for ; t < len(toks) && toks[t].End <= p.End; t++ {
			tok := toks[t]
			if start < 0 {
				start = tok.Start
			}
			if !endsSentence(text, toks, t, p.End) {
				continue
			}
			end := tok.End
			// Closing quotes and brackets belong to the sentence.
			for t+1 < len(toks) && toks[t+1].End <= p.End && isCloser(text[toks[t+1].Start:toks[t+1].End]) && toks[t+1].Start == end {
				t++
				end = toks[t].End
			}
			sents = append(sents, article.Span{Start: start, End: end})
			start = -1
		}
		if start >= 0 {
			sents = append(sents, article.Span{Start: start, End: p.End})
		}
	}
	return sents
}

func isCloser(s string) bool {
	switch s {
	case "\"", "”", "’", "'", ")", "]", "»", "}":
		return true
	}
	return false
}

// endsSentence reports whether token t ends a sentence.
func endsSentence(text string, toks []article.Token, t int, paraEnd int) bool {
	tok := toks[t]
	w := text[tok.Start:tok.End]
	last := w[len(w)-1]
	if last != '.' && last != '!' && last != '?' && w != "…" {
		return false
	}
	// Find the next token that is not a closer.
	nx := t + 1
	for nx < len(toks) && toks[nx].End <= paraEnd && isCloser(text[toks[nx].Start:toks[nx].End]) {
		nx++
	}
	if nx >= len(toks) || toks[nx].Start >= paraEnd {
		return true
	}
	next := text[toks[nx].Start:toks[nx].End]
	nr := r0(next)
	if len(w) > 1 && last == '.' && tok.Kind == article.TokenWord {
		base := strings.ToLower(strings.TrimSuffix(w, "."))
		if titleAbbrev[base] {
			return false
		}
		if otherAbbrev[base] || isDottedAbbrev(base) || utf8.RuneCountInString(base) == 1 {
			// "U.S." ends a sentence only before a clear sentence opener.
			return unicode.IsUpper(nr) && sentenceOpener[strings.ToLower(next)]
		}
	}
	if w == "..." || w == "…" {
		return unicode.IsUpper(nr)
	}
	// A sentence starts with a capital, digit, quote or bracket.
	return unicode.IsUpper(nr) || isDigit(nr) || strings.ContainsRune("\"“‘'([«", nr) || !unicode.IsLower(nr) && !unicode.IsPunct(nr)
}

var sentenceOpener = map[string]bool{
	"the": true, "a": true, "an": true, "he": true, "she": true, "it": true,
	"they": true, "we": true, "i": true, "this": true, "that": true, "these": true,
	"those": true, "but": true, "and": true, "in": true, "on": true, "at": true,
	"however": true, "meanwhile": true, "there": true, "his": true, "her": true,
	"their": true, "its": true, "our": true, "if": true, "when": true, "while": true,
	"as": true, "after": true, "before": true, "since": true, "according": true,
	"officials": true, "some": true, "many": true, "one": true, "two": true,
}
