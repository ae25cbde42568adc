package store

import (
	"fmt"
	"strings"
	"unicode"
)

// parsedQuery is a full-text query in web-search syntax, parsed once and
// written out for each dialect: groups of alternatives (OR), all groups
// required, and excluded terms.
type parsedQuery struct {
	groups [][]term
	not    []term
}

type term struct {
	text   string // words; a phrase when it holds several
	prefix bool
}

func (p *parsedQuery) empty() bool { return p == nil || len(p.groups) == 0 }

// parseQuery parses s: words, "quoted phrases", -excluded, OR between
// alternatives, word* for a prefix. Punctuation inside words splits them as
// the index tokenizer would. It returns nil for a query with no words, and
// an ErrInvalid error for one with only excluded words.
func parseQuery(s string) (*parsedQuery, error) {
	p := &parsedQuery{}
	orNext := false
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			i++
			continue
		}
		neg := false
		if c == '-' {
			neg = true
			i++
			if i >= len(s) {
				break
			}
			c = s[i]
		}
		var raw string
		quoted := false
		if c == '"' {
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				raw, i = s[i+1:], len(s)
			} else {
				raw, i = s[i+1:i+1+j], i+2+j
			}
			quoted = true
		} else {
			j := strings.IndexAny(s[i:], " \t\r\n\"")
			if j < 0 {
				raw, i = s[i:], len(s)
			} else {
				raw, i = s[i:i+j], i+j
			}
		}
		if !quoted && !neg && raw == "OR" {
			orNext = len(p.groups) > 0
			continue
		}
		t := term{prefix: !quoted && strings.HasSuffix(raw, "*")}
		t.text = strings.Join(strings.FieldsFunc(raw, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
		}), " ")
		t.text = strings.Trim(t.text, "'")
		if t.text == "" {
			orNext = false
			continue
		}
		switch {
		case neg:
			p.not = append(p.not, t)
		case orNext:
			g := len(p.groups) - 1
			p.groups[g] = append(p.groups[g], t)
		default:
			p.groups = append(p.groups, []term{t})
		}
		orNext = false
	}
	if len(p.groups) == 0 {
		if len(p.not) > 0 {
			return nil, fmt.Errorf("searching %q: a query needs at least one word that is not excluded: %w", s, ErrInvalid)
		}
		return nil, nil
	}
	return p, nil
}

// fts5 writes p in SQLite FTS5 query syntax, every term a quoted string.
func (p *parsedQuery) fts5() string {
	var b strings.Builder
	q := func(t term) { b.WriteString(t.fts5()) }
	b.WriteByte('(')
	for i, g := range p.groups {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('(')
		for j, t := range g {
			if j > 0 {
				b.WriteString(" OR ")
			}
			q(t)
		}
		b.WriteByte(')')
	}
	b.WriteByte(')')
	for _, t := range p.not {
		b.WriteString(" NOT ")
		q(t)
	}
	return b.String()
}

// fts5 writes t as an FTS5 string, with * after a prefix.
func (t term) fts5() string {
	s := `"` + strings.ReplaceAll(t.text, `"`, `""`) + `"`
	if t.prefix {
		s += "*"
	}
	return s
}

// websearch writes p back in websearch_to_tsquery syntax, cleaned.
func (p *parsedQuery) websearch() string {
	var parts []string
	for _, g := range p.groups {
		var alts []string
		for _, t := range g {
			alts = append(alts, `"`+t.text+`"`)
		}
		parts = append(parts, strings.Join(alts, " or "))
	}
	for _, t := range p.not {
		parts = append(parts, `-"`+t.text+`"`)
	}
	return strings.Join(parts, " ")
}

// Markers around matched words in snippets, before they are turned into
// Hit.Highlights.
const (
	markStart = "\x02"
	markEnd   = "\x03"
)

// unmark removes the match markers from s, returning the plain text and
// the byte ranges that were marked.
func unmark(s string) (string, []spanList) {
	var b strings.Builder
	var spans []spanList
	start := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case markStart[0]:
			start = b.Len()
		case markEnd[0]:
			if start >= 0 && b.Len() > start {
				spans = append(spans, spanList{start, b.Len()})
			}
			start = -1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), spans
}

type spanList struct{ start, end int }

// leadingWords returns about n bytes from the start of text, cut at a word
// boundary, with an ellipsis when text was cut.
func leadingWords(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !runeStart(text[cut]) {
			cut--
		}
	}
	return text[:cut] + " …"
}

func runeStart(b byte) bool { return b&0xC0 != 0x80 }
