package evaluate

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NERErrors sorts the mistakes of an entity tagger into the kinds that
// call for different remedies: a right span with the wrong type, a gold
// entity outside the scored types (MISC) given one of them, a span cut
// too short or too long, a prediction with nothing in gold at all, and a
// gold entity the tagger did not touch. Each kind is further counted by
// what its words look like (first word of the sentence, all capitals,
// lower-case words inside, a title before it, a digit in it, one word or
// several).
type NERErrors struct {
	Types []string
	// Kinds counts each kind of error; Looks counts the same errors by
	// kind and look ("wrong type: first word").
	Kinds map[string]int
	Looks map[string]int
	// Confusions counts wrong types as "gold -> predicted".
	Confusions map[string]int
	// Examples keeps a few of each kind, as "words [gold -> predicted]".
	Examples map[string][]string
}

// Kinds of NER errors.
const (
	ErrWrongType  = "wrong type (span right)"
	ErrGoldMisc   = "gold MISC given a scored type"
	ErrBoundary   = "span wrong (overlaps gold)"
	ErrSpurious   = "predicted, nothing in gold"
	ErrMissed     = "gold missed, nothing predicted"
	ErrOtherOnly  = "gold tagged MISC/NORP only"
	maxErrExample = 12
)

// ScoreNERErrors tags the sentences as ScoreNERDocs does and sorts its
// errors over types (nil means DefaultNERTypes). Gold types outside types
// (MISC) are read too, to tell a MISC entity given a scored type from a
// prediction with nothing in gold.
func ScoreNERErrors(sents []Sentence, types []string, newDoc func() func(words []string) []string) (*NERErrors, error) {
	if types == nil {
		types = DefaultNERTypes
	}
	all := append(slices.Clone(types), "MISC", "NORP")
	e := &NERErrors{Types: types, Kinds: map[string]int{}, Looks: map[string]int{}, Confusions: map[string]int{}, Examples: map[string][]string{}}
	err := tagDocs(sents, newDoc, func(s Sentence, pred []string) {
		gold := chunks(s.Labels, all)
		got := chunks(pred, all)
		for c := range got {
			if !slices.Contains(types, c.typ) || gold[c] {
				continue
			}
			g := sameSpan(c, gold)
			kind := ErrSpurious
			switch {
			case g == "MISC" || g == "NORP":
				kind = ErrGoldMisc
			case g != "":
				kind = ErrWrongType
				e.Confusions[g+" -> "+c.typ]++
			case overlaps(c, gold):
				kind = ErrBoundary
			}
			if g == "" {
				g = "O"
			}
			e.add(kind, s.Words, c, g+" -> "+c.typ)
		}
		for c := range gold {
			if !slices.Contains(types, c.typ) || got[c] {
				continue
			}
			p := sameSpan(c, got)
			switch {
			case p != "" && slices.Contains(types, p):
				continue // counted as a wrong type above
			case p != "":
				e.add(ErrOtherOnly, s.Words, c, c.typ+" -> "+p)
			case overlaps(c, got):
				e.add(ErrBoundary+", gold side", s.Words, c, c.typ+" -> other span")
			default:
				e.add(ErrMissed, s.Words, c, c.typ+" -> O")
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// sameSpan returns the type of the chunk in set with c's span, or "".
func sameSpan(c chunk, set map[chunk]bool) string {
	for d := range set {
		if d.start == c.start && d.end == c.end {
			return d.typ
		}
	}
	return ""
}

// overlaps reports whether a chunk in set overlaps c.
func overlaps(c chunk, set map[chunk]bool) bool {
	for d := range set {
		if d.start < c.end && c.start < d.end {
			return true
		}
	}
	return false
}

func (e *NERErrors) add(kind string, words []string, c chunk, what string) {
	e.Kinds[kind]++
	for _, l := range looks(words, c) {
		e.Looks[kind+": "+l]++
	}
	if len(e.Examples[kind]) < maxErrExample {
		e.Examples[kind] = append(e.Examples[kind], strings.Join(words[c.start:c.end], " ")+" ["+what+"]")
	}
}

// titleWords are the words before a name that say what its bearer is.
var titleWords = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "president": true, "king": true, "queen": true, "prince": true, "general": true, "captain": true, "sir": true, "saint": true, "st": true, "lord": true, "senator": true, "governor": true, "minister": true, "bishop": true, "pope": true}

// looks describes what an entity's words look like.
func looks(words []string, c chunk) []string {
	var out []string
	if c.start == 0 {
		out = append(out, "first word of the sentence")
	}
	if c.end-c.start == 1 {
		out = append(out, "one word")
	} else {
		out = append(out, "several words")
	}
	caps, lower, digit := true, false, false
	for _, w := range words[c.start:c.end] {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			lower = true
		}
		if strings.ToUpper(w) != w || len(w) < 2 {
			caps = false
		}
		if strings.ContainsAny(w, "0123456789") {
			digit = true
		}
	}
	if caps {
		out = append(out, "all capitals")
	}
	if lower {
		out = append(out, "a lower-case word inside")
	}
	if digit {
		out = append(out, "a digit inside")
	}
	if c.start > 0 && titleWords[strings.TrimSuffix(strings.ToLower(words[c.start-1]), ".")] {
		out = append(out, "after a title")
	}
	return out
}

// String formats the counts, largest first, with examples.
func (e *NERErrors) String() string {
	var b strings.Builder
	sorted := func(m map[string]int) []string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if m[a] != m[b] {
				return m[b] - m[a]
			}
			return strings.Compare(a, b)
		})
		return keys
	}
	b.WriteString("errors by kind:\n")
	for _, k := range sorted(e.Kinds) {
		fmt.Fprintf(&b, "  %5d  %s\n", e.Kinds[k], k)
	}
	b.WriteString("wrong types (gold -> predicted):\n")
	for _, k := range sorted(e.Confusions) {
		fmt.Fprintf(&b, "  %5d  %s\n", e.Confusions[k], k)
	}
	b.WriteString("by kind and look:\n")
	for _, k := range sorted(e.Looks) {
		fmt.Fprintf(&b, "  %5d  %s\n", e.Looks[k], k)
	}
	b.WriteString("examples:\n")
	for _, k := range sorted(e.Kinds) {
		fmt.Fprintf(&b, "  %s:\n", k)
		for _, x := range e.Examples[k] {
			fmt.Fprintf(&b, "    %s\n", x)
		}
	}
	return b.String()
}
