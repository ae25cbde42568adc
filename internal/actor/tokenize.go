package actor

import (
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// tokenize is a small tokenizer used when a document arrives without
// tokens (and by tests): words, numbers ("2,500"), abbreviations with
// inner periods ("U.S."), hyphenated words ("al-Qaeda") and the possessive
// "'s" as its own token; every other punctuation mark is a token. The
// segmenter stage's tokens, when present, take its place.
func tokenize(text string) []article.Token {
	var toks []article.Token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := wordEnd(text, i)
			// Split a trailing possessive 's / ’s.
			w := text[i:j]
			if k := possessiveAt(w); k > 0 {
				toks = append(toks, article.Token{Start: i, End: i + k, Kind: kindOf(w[:k])})
				toks = append(toks, article.Token{Start: i + k, End: j, Kind: article.TokenWord})
			} else {
				toks = append(toks, article.Token{Start: i, End: j, Kind: kindOf(w)})
			}
			i = j
		default:
			k := article.TokenPunct
			if unicode.IsSymbol(r) {
				k = article.TokenSymbol
			}
			toks = append(toks, article.Token{Start: i, End: i + size, Kind: k})
			i += size
		}
	}
	return toks
}

// wordEnd returns the end of the word starting at i: letters, digits and
// marks, joined by inner '.', ',', '-', '\” or '’' when a letter or digit
// follows (a trailing period is kept only for single-letter abbreviations
// such as "U.S.").
func wordEnd(text string, i int) int {
	j := i
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			j += size
			continue
		}
		if r == '.' || r == ',' || r == '-' || r == '\'' || r == '’' || r == '&' {
			n, _ := utf8.DecodeRuneInString(text[j+size:])
			if j+size < len(text) && (unicode.IsLetter(n) || unicode.IsDigit(n)) {
				if r == ',' && !(isDigitBefore(text, j) && unicode.IsDigit(n)) {
					break
				}
				if r == '.' && !(unicode.IsDigit(n) || singleLetterBefore(text, i, j)) {
					break
				}
				j += size
				continue
			}
			if r == '.' && singleLetterBefore(text, i, j) && j+size-i >= 3 && hasInnerDot(text[i:j]) {
				// "U.S." keeps its final period.
				j += size
			}
		}
		break
	}
	return j
}

func isDigitBefore(text string, j int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:j])
	return unicode.IsDigit(r)
}

// singleLetterBefore reports whether the run of letters just before j is a
// single letter (as in "U.S").
func singleLetterBefore(text string, start, j int) bool {
	r, size := utf8.DecodeLastRuneInString(text[:j])
	if !unicode.IsLetter(r) {
		return false
	}
	if j-size == start {
		return true
	}
	p, _ := utf8.DecodeLastRuneInString(text[:j-size])
	return p == '.'
}

func hasInnerDot(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] == '.' {
			return true
		}
	}
	return false
}

// possessiveAt returns the offset of a trailing "'s" or "’s" in w, or 0.
func possessiveAt(w string) int {
	for _, p := range []string{"'s", "’s", "'S", "’S"} {
		if len(w) > len(p) && w[len(w)-len(p):] == p {
			return len(w) - len(p)
		}
	}
	return 0
}

func kindOf(w string) article.TokenKind {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsDigit(r) {
		return article.TokenNumber
	}
	return article.TokenWord
}
