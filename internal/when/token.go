package when

import (
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
)

// token is a word, number or punctuation mark with its byte range. For a
// number, val holds its value (up to 9 digits), digits the count of digits,
// and ord is true for an ordinal ("7th"). For a word, w is its lower-case
// form when it is one of the words the grammar knows, else "".
type token struct {
	start, end int
	kind       tokKind
	val        int
	digits     int
	ord        bool
	upper      bool // word starts with a capital letter
	w          string
	info       wordInfo
	c          byte // punctuation: the byte, or 0 for a non-ASCII mark
}

// wordInfo is what the grammar knows about a word: its lower-case form and,
// when it names one, a month (1-12), a weekday (1-7, Sunday is 1) or a
// number (1-12).
type wordInfo struct {
	w       string
	month   int8
	weekday int8
	num     int8
}

// tokenize splits text into tokens in one pass, without regular
// expressions. Thousands separators stay inside a number ("2,500" is one
// token), so that its parts are not read as days or years.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5)
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case '0' <= c && c <= '9':
			j := i
			v, d := 0, 0
			sep := false
			for j < len(text) {
				b := text[j]
				if '0' <= b && b <= '9' {
					if d < 9 {
						v = v*10 + int(b-'0')
					}
					d++
					j++
					continue
				}
				if (b == ',' || b == '.') && j+1 < len(text) && '0' <= text[j+1] && text[j+1] <= '9' {
					sep = true
					j++
					continue
				}
				break
			}
			t := token{start: i, end: j, kind: tNum, val: v, digits: d}
			if sep {
				t.digits = 0 // not a day, month or year
			}
			// Ordinal suffix: 1st, 2nd, 3rd, 7th.
			if j+2 <= len(text) {
				s := lowerASCII2(text[j], text[j+1])
				if (s == "st" || s == "nd" || s == "rd" || s == "th") && (j+2 == len(text) || !isWordByte(text[j+2])) {
					t.ord = true
					t.end = j + 2
					j += 2
				}
			}
			toks = append(toks, t)
			i = j
		case c < utf8.RuneSelf && (('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')):
			j := i
			for j < len(text) {
				b := text[j]
				if b < utf8.RuneSelf {
					if !(('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')) {
						break
					}
					j++
					continue
				}
				r, n := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsLetter(r) {
					break
				}
				j += n
			}
			t := token{start: i, end: j, kind: tWord, upper: 'A' <= c && c <= 'Z'}
			t.info = known(text[i:j])
			t.w = t.info.w
			toks = append(toks, t)
			i = j
		case c < utf8.RuneSelf:
			toks = append(toks, token{start: i, end: i + 1, kind: tPunct, c: c})
			i++
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				i += n
				continue
			}
			if unicode.IsLetter(r) {
				// A word starting with a non-ASCII letter: never a date word.
				j := i + n
				for j < len(text) {
					r, m := utf8.DecodeRuneInString(text[j:])
					if !unicode.IsLetter(r) {
						break
					}
					j += m
				}
				toks = append(toks, token{start: i, end: j, kind: tWord})
				i = j
				continue
			}
			t := token{start: i, end: i + n, kind: tPunct}
			if r == '–' || r == '—' {
				t.c = '-'
			}
			toks = append(toks, t)
			i += n
		}
	}
	return toks
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b >= utf8.RuneSelf
}

func lowerASCII2(a, b byte) string {
	var buf [2]byte
	buf[0], buf[1] = a|0x20, b|0x20
	switch string(buf[:]) {
	case "st":
		return "st"
	case "nd":
		return "nd"
	case "rd":
		return "rd"
	case "th":
		return "th"
	}
	return ""
}

// known returns what the grammar knows of word w, or the zero wordInfo.
// It does not allocate.
func known(w string) wordInfo {
	if len(w) > 12 || len(w) == 0 {
		return wordInfo{}
	}
	var buf [12]byte
	for i := 0; i < len(w); i++ {
		b := w[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		buf[i] = b
	}
	return words[string(buf[:len(w)])]
}

var words = map[string]wordInfo{}

func init() {
	for _, w := range []string{
		"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"yesterday", "today", "tomorrow", "tonight",
		"day", "days", "week", "weeks", "month", "months", "year", "years",
		"ago", "last", "past", "next", "this", "earlier", "later", "coming",
		"since", "from", "to", "until", "till", "through", "between", "and", "in", "on", "of", "the",
		"over", "during", "by", "before", "after", "early", "mid", "late", "end", "beginning", "start",
		"middle", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "several", "few", "couple",
	} {
		words[w] = wordInfo{w: w, month: int8(months[w]), num: int8(numbers[w])}
	}
	for w, d := range weekdays {
		words[w] = wordInfo{w: w, weekday: int8(d) + 1}
	}
}
