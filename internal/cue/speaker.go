package cue

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Words that end a subject phrase when walking back from a cue.
var boundaryBefore = map[string]bool{
	"that": true, "and": true, "but": true, "while": true, "which": true,
	"who": true, "whom": true, "as": true, "when": true, "after": true,
	"before": true, "because": true, "since": true, "if": true, "though": true,
	"although": true, "where": true, "so": true, "then": true, "however": true,
	"than": true, "whether": true, "or": true, "nor": true, "yet": true,
	"what": true, "how": true, "why": true, "until": true, "unless": true,
	"once": true, "meanwhile": true, "instead": true, "moreover": true,
	"et": true, "mais": true, "que": true, "qui": true,
}

// Auxiliaries and adverbs between a subject and its cue verb ("has also
// said"), skipped before the subject is collected.
var auxBefore = map[string]bool{
	"has": true, "have": true, "had": true, "will": true, "would": true,
	"also": true, "later": true, "previously": true, "reportedly": true,
	"again": true, "publicly": true, "privately": true, "repeatedly": true,
	"recently": true, "is": true, "was": true, "were": true, "are": true,
	"did": true, "does": true, "do": true, "not": true, "never": true,
	"could": true, "may": true, "might": true, "should": true, "must": true,
	"can": true, "firmly": true, "strongly": true, "further": true,
	"earlier": true, "first": true, "ultimately": true, "simply": true,
	"flatly": true, "frequently": true, "often": true, "already": true,
	"just": true, "then": true, "had-": true, "quickly": true, "angrily": true,
	"bluntly": true, "told": false,
}

// Words that end a speaker phrase after a cue ("said X on Tuesday").
var boundaryAfter = map[string]bool{
	"that": true, "who": true, "which": true, "when": true, "while": true,
	"after": true, "before": true, "in": true, "on": true, "at": true,
	"during": true, "to": true, "last": true, "this": true, "yesterday": true,
	"today": true, "tonight": true, "monday": true, "tuesday": true,
	"wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "because": true, "as": true, "but": true, "speaking": true,
	"familiar": true, "close": true, "with": true, "briefed": true,
	"citing": true, "adding": true, "saying": true, "told": true, "said": true,
	"earlier": true, "late": true, "early": true, "is": true, "was": true,
	"were": true, "are": true, "has": true, "have": true, "had": true,
	"will": true, "would": true, "could": true, "can": true, "may": true,
	"might": true, "should": true, "if": true, "for": true, "from": true,
	"about": true, "via": true, "since": true, "over": true, "under": true,
	"amid": true, "despite": true, "there": true, "here": true,
	"not": true, "also": true, "and": false,
}

// Pronouns that stand for a speaker named earlier.
var pronouns = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true,
	"il": true, "elle": true, "ils": true, "elles": true,
}

var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true,
	"these": true, "those": true, "its": true, "his": true, "her": true,
	"their": true, "le": true, "la": true, "les": true, "l": true, "un": true, "une": true,
}

func lowerWord(text string, t Tok) string {
	var buf [48]byte
	b := Lower(buf[:0], text[t.Start:t.End])
	return string(b)
}

func isAbbrevDot(text string, toks []Tok, j int) bool {
	// "U.S." scans as the word "U.S" and a dot: the dot belongs to it.
	if j == 0 || toks[j-1].Punct || toks[j-1].End != toks[j].Start {
		return false
	}
	w := text[toks[j-1].Start:toks[j-1].End]
	return len(w) >= 3 && w[len(w)-2] == '.' || titleAbbrev[w]
}

// Abbreviated titles whose dot belongs to the name ("Gov. John Kasich").
var titleAbbrev = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Gov": true, "Sen": true,
	"Rep": true, "Gen": true, "Lt": true, "Col": true, "Sgt": true, "Capt": true,
	"Adm": true, "Maj": true, "Prof": true, "Rev": true, "Pres": true, "Sens": true, "Reps": true,
}

// SubjectBefore returns the token range [from, to) of the subject phrase of
// the cue at toks[i], walking back no further than lo. ok is false when
// there is no subject (the cue starts the clause).
func SubjectBefore(text string, toks []Tok, i, lo int) (from, to int, ok bool) {
	j := i - 1
	for j >= lo && !toks[j].Punct && auxBefore[lowerWord(text, toks[j])] {
		j--
	}
	to = j + 1
	words := 0
	for ; j >= lo; j-- {
		t := toks[j]
		if t.Punct {
			c := text[t.Start]
			if c == '(' || c == ')' || c == '-' && words > 0 {
				continue
			}
			if c == '.' && isAbbrevDot(text, toks, j) {
				continue
			}
			break
		}
		if boundaryBefore[lowerWord(text, t)] {
			break
		}
		words++
		if words > 10 {
			return 0, 0, false
		}
	}
	from = j + 1
	for from < to && toks[from].Punct {
		from++
	}
	if words == 0 || from >= to {
		return 0, 0, false
	}
	return from, to, true
}

// PhraseAfter returns the token range [from, to) of the speaker phrase that
// follows a cue ending before toks[i] ("said X", "according to X"),
// stopping before hi.
func PhraseAfter(text string, toks []Tok, i, hi int) (from, to int, ok bool) {
	j := i
	words := 0
	for ; j < hi; j++ {
		t := toks[j]
		if t.Punct {
			c := text[t.Start]
			if c == '(' || c == ')' || c == '\'' || c == '-' && words > 0 {
				continue
			}
			if c == '.' && isAbbrevDot(text, toks, j) {
				continue
			}
			break
		}
		lw := lowerWord(text, t)
		if words > 0 && boundaryAfter[lw] {
			break
		}
		words++
		if words > 12 {
			break
		}
	}
	to = j
	for to > i && toks[to-1].Punct && text[toks[to-1].Start] != ')' {
		to--
	}
	if words == 0 || to <= i {
		return 0, 0, false
	}
	return i, to, true
}

// ClauseSubject returns the phrase that opens the clause starting at
// toks[lo]: leading connectives are skipped, then capitalised words and
// the function words between them are taken ("The Islamic Resistance in
// Iraq (IRI)").
func ClauseSubject(text string, toks []Tok, lo, hi int) (from, to int, ok bool) {
	j := lo
	for j < hi && (toks[j].Punct || boundaryBefore[lowerWord(text, toks[j])]) {
		j++
	}
	from = j
	for ; j < hi; j++ {
		t := toks[j]
		if t.Punct {
			c := text[t.Start]
			if c == '(' || c == ')' || c == '.' && isAbbrevDot(text, toks, j) {
				continue
			}
			break
		}
		w := text[t.Start:t.End]
		r, _ := utf8.DecodeRuneInString(w)
		lw := lowerWord(text, t)
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			continue
		}
		if determiners[lw] || lw == "of" || lw == "in" || lw == "for" || lw == "and" || lw == "de" || lw == "du" || lw == "des" {
			continue
		}
		break
	}
	to = j
	for to > from && (toks[to-1].Punct && text[toks[to-1].Start] != ')' || !toks[to-1].Punct && isFunction(lowerWord(text, toks[to-1]))) {
		to--
	}
	if to <= from {
		return 0, 0, false
	}
	return from, to, true
}

func isFunction(w string) bool {
	return determiners[w] || w == "of" || w == "in" || w == "for" || w == "and" || w == "de" || w == "du" || w == "des"
}

// IsPronoun reports whether the phrase is a lone personal pronoun.
func IsPronoun(phrase string) bool {
	var buf [16]byte
	return len(phrase) < 8 && pronouns[string(Lower(buf[:0], phrase))]
}

// Index answers which entity a span of text names.
type Index struct {
	doc   *article.Document
	ments []ment // sorted by start
	// maxEnd[i] is the largest end among ments[:i+1]. With it Best,
	// Before and NewsOrgs look only near their span instead of scanning
	// every mention, which was quadratic on long articles.
	maxEnd []int
}

type ment struct {
	start, end int
	ent        int
}

// NewIndex indexes the mentions of doc.Entities.
func NewIndex(doc *article.Document) *Index {
	x := &Index{doc: doc}
	for e := range doc.Entities {
		for _, m := range doc.Entities[e].Mentions {
			x.ments = append(x.ments, ment{m.Start, m.End, e})
		}
	}
	// insertion sort is fine for the few hundred mentions of an article,
	// but use a simple shell of sort to stay O(n log n) for long ones.
	sortMents(x.ments)
	x.maxEnd = make([]int, len(x.ments))
	end := 0
	for i, m := range x.ments {
		end = max(end, m.end)
		x.maxEnd[i] = end
	}
	return x
}

// MaxLookback bounds how far back, in bytes, Before looks for an
// antecedent: far more than any news article, far less than a hostile one.
const MaxLookback = 64 << 10

// endsAfter returns the index of the first mention from which on some
// mention ends after off; every mention before it ends at or before off.
func (x *Index) endsAfter(off int) int {
	return sort.Search(len(x.maxEnd), func(i int) bool { return x.maxEnd[i] > off })
}

// startsAt returns the index of the first mention starting at or after off.
func (x *Index) startsAt(off int) int {
	return sort.Search(len(x.ments), func(i int) bool { return x.ments[i].start >= off })
}

func sortMents(m []ment) {
	for gap := len(m) / 2; gap > 0; gap /= 2 {
		for i := gap; i < len(m); i++ {
			for j := i; j >= gap && m[j-gap].start > m[j].start; j -= gap {
				m[j], m[j-gap] = m[j-gap], m[j]
			}
		}
	}
}

// Empty reports whether the document has no entities.
func (x *Index) Empty() bool { return len(x.ments) == 0 }

// Entity returns the entity at index e.
func (x *Index) Entity(e int) *article.Entity { return &x.doc.Entities[e] }

func isPlace(e *article.Entity) bool {
	return e.Type == "LOC" || e.Kind == "city" || e.Kind == "region" || e.Kind == "place"
}

// Best returns the entity that a phrase names: of the mentions overlapping
// s, the one that ends last (English heads come last), places only when
// nothing else is named. It returns -1 when none overlaps.
func (x *Index) Best(s article.Span) int {
	best, bestPlace := -1, -1
	var bEnd, pEnd, bLen int
	for _, m := range x.ments[x.endsAfter(s.Start):] {
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

// Before returns the entity of the last mention ending at or before off
// that satisfies keep, or -1. It looks back at most MaxLookback bytes.
func (x *Index) Before(off int, keep func(*article.Entity) bool) int {
	best, bestEnd := -1, -1
	// Walk back from the last mention starting before off, and stop once
	// no earlier mention can end as late as the best so far. On equal
	// ends the earliest mention wins, as in a forward scan. Mentions more
	// than MaxLookback bytes back are not considered, so a kind that never
	// occurs costs a bounded walk, not one over the whole document.
	for j := x.startsAt(off) - 1; j >= 0 && x.maxEnd[j] >= bestEnd; j-- {
		m := x.ments[j]
		if m.start < off-MaxLookback {
			break
		}
		if m.end <= off && m.end >= bestEnd && keep(&x.doc.Entities[m.ent]) {
			best, bestEnd = m.ent, m.end
		}
	}
	return best
}

// NewsOrgs returns the news organisations mentioned inside s but outside
// skip, in order of mention, without repeats.
func (x *Index) NewsOrgs(s, skip article.Span, dst []int) []int {
	for _, m := range x.ments[x.startsAt(s.Start):] {
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

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// IsNewsOrg reports whether e is a news organisation.
func IsNewsOrg(e *article.Entity) bool { return e.Kind == "news_org" || e.Sector == "MED" }

// Antecedent finds the actor that a pronoun or a generic noun phrase
// ("the statement", "the report", "he") stands for: the last speaker when
// it fits, else the nearest preceding entity of a fitting type. phrase is
// the lower-cased head word. It returns -1 when nothing fits.
func (x *Index) Antecedent(head string, off int, lastSpeaker int) int {
	keep := func(e *article.Entity) bool { return !isPlace(e) && e.Type != "GPE" || e.Sector != "" }
	switch head {
	case "he", "she", "il", "elle", "spokesman", "spokeswoman", "president", "minister", "commander", "leader":
		keep = func(e *article.Entity) bool { return e.Type == "PER" }
	case "it", "statement", "ministry", "group", "agency", "army", "military", "movement", "coalition", "organization", "organisation", "communiqué", "ministère":
		keep = func(e *article.Entity) bool {
			return e.Type != "PER" && !isPlace(e) && (e.Type != "GPE" || e.Sector != "")
		}
	case "report", "newspaper", "site", "outlet", "channel", "network", "paper", "rapport":
		if e := x.Before(off, IsNewsOrg); e >= 0 {
			return e
		}
		keep = func(e *article.Entity) bool { return e.Type != "PER" && !isPlace(e) }
	}
	if lastSpeaker >= 0 && keep(&x.doc.Entities[lastSpeaker]) {
		return lastSpeaker
	}
	return x.Before(off, keep)
}

// GenericHead returns the head word when the phrase is a pronoun or a
// determiner plus a generic noun of the lexicon ("the statement",
// "the group's spokesman"), else "".
func (l *Lexicon) GenericHead(text string, toks []Tok) string {
	if len(toks) == 0 || len(toks) > 3 {
		return ""
	}
	last := lowerWord(text, toks[len(toks)-1])
	if len(toks) == 1 && pronouns[last] {
		return last
	}
	if !determiners[lowerWord(text, toks[0])] {
		return ""
	}
	if l.Is(last, Generic) {
		return last
	}
	return ""
}
