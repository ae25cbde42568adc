// Package cue holds what the quote and claim stages share: the lexicons of
// attribution cues for each language (data files embedded from lexicon/),
// a light word scanner over byte spans, and the rules that find and resolve
// the speaker of a cue ("X said", "said X", "according to X", "he" -> the
// last actor).
//
// It is a library, not a stage: internal/quote and internal/claim import it
// and never each other. Lexicons are keyed by the document language
// (doc.Language, "en", "fr", "ar"); unknown languages fall back to English.
package cue

import (
	"bufio"
	"embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed lexicon/*.txt
var lexiconFiles embed.FS

// Kind classifies a cue phrase.
type Kind uint8

// Cue kinds, as written in the lexicon files.
const (
	Verb    Kind = 1 << iota // reporting verb: "said", "told"
	Part                     // participle: "saying", "adding"
	Prep                     // speaker follows: "according to"
	Claim                    // belief or assertion: "claim", "view"
	Hedge                    // uncertainty marker: "expected", "reportedly"
	Rumor                    // unattributed content noun: "rumors"
	Generic                  // noun referring back to a speaker: "statement"
)

var kindNames = map[string]Kind{
	"verb": Verb, "part": Part, "prep": Prep, "claim": Claim,
	"hedge": Hedge, "rumor": Rumor, "generic": Generic,
}

type entry struct {
	rest []string // words after the first
	kind Kind
}

// Lexicon is the cue lexicon of one language.
type Lexicon struct {
	Language string
	first    map[string][]entry
}

var (
	lexOnce  sync.Once
	lexicons map[string]*Lexicon
)

func loadAll() {
	lexicons = map[string]*Lexicon{}
	ents, err := lexiconFiles.ReadDir("lexicon")
	if err != nil {
		panic("cue: reading embedded lexicons: " + err.Error())
	}
	for _, e := range ents {
		lang := strings.TrimSuffix(e.Name(), ".txt")
		b, err := lexiconFiles.ReadFile("lexicon/" + e.Name())
		if err != nil {
			panic("cue: reading embedded lexicon: " + err.Error())
		}
		lex, err := Parse(lang, string(b))
		if err != nil {
			panic("cue: " + err.Error())
		}
		lexicons[lang] = lex
	}
}

// ParseError reports a bad line in a lexicon file.
type ParseError struct {
	Language string
	Line     int
	Text     string
}

func (e *ParseError) Error() string {
	return "lexicon " + e.Language + ": line " + itoa(e.Line) + ": bad cue line " + e.Text
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// Parse reads a lexicon in the format of the files in lexicon/: one cue a
// line, "KIND PHRASE", '#' starting a comment.
func Parse(lang, src string) (*Lexicon, error) {
	lex := &Lexicon{Language: lang, first: map[string][]entry{}}
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		k, ok := kindNames[f[0]]
		if !ok || len(f) < 2 {
			return nil, &ParseError{Language: lang, Line: n, Text: line}
		}
		words := make([]string, len(f)-1)
		for i, w := range f[1:] {
			words[i] = strings.ToLower(w)
		}
		lex.add(words, k)
	}
	return lex, sc.Err()
}

func (l *Lexicon) add(words []string, k Kind) {
	es := l.first[words[0]]
	for i := range es {
		if equalWords(es[i].rest, words[1:]) {
			es[i].kind |= k
			return
		}
	}
	l.first[words[0]] = append(es, entry{rest: words[1:], kind: k})
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// For returns the lexicon of a language ("en", "fr", "ar", or a tag such
// as "en-GB"), falling back to English.
func For(lang string) *Lexicon {
	lexOnce.Do(loadAll)
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	if l, ok := lexicons[lang]; ok {
		return l
	}
	return lexicons["en"]
}

// Tok is a word or a punctuation mark inside a text, by byte offsets.
type Tok struct {
	Start, End int
	Punct      bool
}

// Scan appends the words and punctuation marks of text[start:end] to dst.
// Words are runs of letters, digits and marks with inner hyphens and
// apostrophes; every other non-space rune is a one-rune punctuation token.
func Scan(text string, start, end int, dst []Tok) []Tok {
	if start < 0 {
		start = 0
	}
	if end > len(text) {
		end = len(text)
	}
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch {
		case r < 0x80 && (r == ' ' || r == '\n' || r == '\t' || r == '\r'):
			i += size
		case isWordRune(r):
			j := i + size
			for j < end {
				r2, s2 := utf8.DecodeRuneInString(text[j:end])
				if isWordRune(r2) {
					j += s2
					continue
				}
				if r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' && j > i && isUpperWord(text[i:j]) {
					if j+s2 < end {
						r3, _ := utf8.DecodeRuneInString(text[j+s2 : end])
						if isWordRune(r3) {
							j += s2
							continue
						}
					}
				}
				break
			}
			dst = append(dst, Tok{Start: i, End: j})
			i = j
		case unicode.IsSpace(r):
			i += size
		default:
			dst = append(dst, Tok{Start: i, End: i + size, Punct: true})
			i += size
		}
	}
	return dst
}

func isUpperWord(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return unicode.IsUpper(r) && utf8.RuneCountInString(w) <= 2
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// Lower returns the lower-cased word, using buf as scratch space for ASCII.
func Lower(buf []byte, w string) []byte {
	buf = buf[:0]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 {
			return append(buf[:0], strings.ToLower(w)...)
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}

// Match reports how many tokens, starting at toks[i], form a cue of one of
// the kinds in mask (0 when none). The longest match wins.
func (l *Lexicon) Match(text string, toks []Tok, i int, mask Kind) (n int, kind Kind) {
	if i < 0 || i >= len(toks) || toks[i].Punct {
		return 0, 0
	}
	var buf [48]byte
	w := Lower(buf[:0], text[toks[i].Start:toks[i].End])
	es := l.first[string(w)]
	for _, e := range es {
		if e.kind&mask == 0 || 1+len(e.rest) <= n {
			continue
		}
		if i+len(e.rest) >= len(toks) {
			continue
		}
		ok := true
		for j, r := range e.rest {
			t := toks[i+1+j]
			if !strings.EqualFold(text[t.Start:t.End], r) {
				ok = false
				break
			}
		}
		if ok {
			n, kind = 1+len(e.rest), e.kind&mask
		}
	}
	return n, kind
}

// NounUse reports whether the word at toks[k] is used as a noun: right
// after a determiner or possessive ("the report", "its claims").
func NounUse(text string, toks []Tok, k int) bool {
	if k == 0 || toks[k-1].Punct {
		return false
	}
	var buf [16]byte
	w := text[toks[k-1].Start:toks[k-1].End]
	if len(w) > 8 {
		return false
	}
	switch string(Lower(buf[:0], w)) {
	case "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "new", "such", "le", "la", "les", "un", "une":
		return true
	}
	return false
}

// Is reports whether the single word w is a cue of a kind in mask.
func (l *Lexicon) Is(w string, mask Kind) bool {
	var buf [48]byte
	for _, e := range l.first[string(Lower(buf[:0], w))] {
		if len(e.rest) == 0 && e.kind&mask != 0 {
			return true
		}
	}
	return false
}
