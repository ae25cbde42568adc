// Package quantity finds numbers and what they count: "roughly 2,500
// troops", "five US officials", "at least several months", "between 10 and
// 20 rockets", "dozens killed", with the hedge that makes them approximate
// and the bounds it implies, the actor that owns them, the place, and the
// period ("since 7 October").
//
// Years, dates, times, ordinals and numbers inside names ("Resolution
// 2334", "F-16") are not quantities. Vague words take the conservative
// values used by ACLED's coders, with the raw text kept: a couple and a few
// 2, several 3, tens 10, a dozen and dozens 12, scores 20, hundreds 100,
// thousands 1000, tens of thousands 10000, hundreds of thousands 100000,
// millions 1000000. Numbers too large to be finite (a 500-digit run) are
// skipped: values in the record are always finite.
package quantity

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Stage fills doc.Quantities. It reads doc.Sentences, doc.Entities and
// doc.Dates when present.
type Stage struct{}

var _ pipeline.Stage = Stage{}

// Name implements pipeline.Stage.
func (Stage) Name() string { return "quantity" }

// Process implements pipeline.Stage.
func (Stage) Process(ctx context.Context, doc *article.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc.Quantities = Find(doc)
	return nil
}

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
)

type tok struct {
	start, end int
	kind       tokKind
	lw         string // lower-cased word, or the punctuation
	glued      bool   // no space before
}

// tokenize splits s into words, numbers ("2,500", "1.5") and punctuation.
func tokenize(text string, lo, hi int, dst []tok) []tok {
	i := lo
	glued := false
	for i < hi {
		r, size := utf8.DecodeRuneInString(text[i:hi])
		switch {
		case unicode.IsSpace(r):
			i += size
			glued = false
			continue
		case r >= '0' && r <= '9':
			j := i + 1
			for j < hi {
				c := text[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == ',' || c == '.') && j+1 < hi && text[j+1] >= '0' && text[j+1] <= '9' {
					j++
					continue
				}
				break
			}
			dst = append(dst, tok{start: i, end: j, kind: tNum, lw: text[i:j], glued: glued})
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < hi {
				r2, s2 := utf8.DecodeRuneInString(text[j:hi])
				if unicode.IsLetter(r2) || unicode.IsMark(r2) {
					j += s2
					continue
				}
				if (r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '.' && j-i == 1) && j+s2 < hi {
					r3, _ := utf8.DecodeRuneInString(text[j+s2 : hi])
					if unicode.IsLetter(r3) {
						j += s2
						continue
					}
				}
				break
			}
			dst = append(dst, tok{start: i, end: j, kind: tWord, lw: lowerASCII(text[i:j]), glued: glued})
			i = j
		default:
			dst = append(dst, tok{start: i, end: i + size, kind: tPunct, lw: text[i : i+size], glued: glued})
			i += size
		}
		glued = true
	}
	return dst
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

var units = map[string]bool{}
var deathWords = map[string]bool{
	"killed": true, "dead": true, "died": true, "deaths": true, "death": true,
	"fatalities": true, "fatality": true, "bodies": true, "body": true,
	"lives": true, "dies": true, "slain": true, "executed": true, "lynched": true,
	"beheaded": true, "kills": true, "killing": true, "kill": true,
}

// IsDeathUnit reports whether a quantity's unit counts deaths ("killed",
// "people killed", "fatalities", "bodies").
func IsDeathUnit(unit string) bool {
	if i := strings.LastIndexByte(unit, ' '); i >= 0 {
		unit = unit[i+1:]
	}
	return deathWords[unit]
}

var casualtyAfter = map[string]string{
	"killed": "killed", "dead": "dead", "died": "died", "wounded": "wounded",
	"injured": "injured", "hurt": "injured", "slain": "killed", "executed": "killed",
	"missing": "missing", "abducted": "abducted", "kidnapped": "abducted",
	"arrested": "arrested", "detained": "arrested", "displaced": "displaced",
	"lynched": "killed", "beheaded": "killed", "drowned": "died", "perished": "died",
	"murdered": "killed",
}

var casualtyBefore = map[string]string{
	"killed": "killed", "killing": "killed", "kills": "killed", "kill": "killed",
	"wounded": "wounded", "wounding": "wounded", "injured": "injured",
	"injuring": "injured", "wounds": "wounded", "injures": "injured",
	"murdered": "killed", "executed": "killed", "killed,": "killed",
	"abducted": "abducted", "kidnapped": "abducted", "arrested": "arrested",
	"detained": "arrested", "lynched": "killed", "beheaded": "killed",
}

func init() {
	for _, u := range strings.Fields(`troops soldiers attacks people civilians fighters
	militants rockets missiles drones officials dollars usd percent per km kilometers kilometres
	miles metres meters months days weeks years hours minutes killed dead wounded injured
	deaths fatalities fatality bodies casualties children women men persons protesters
	demonstrators members police policemen officers villagers houses homes vehicles
	refugees migrants prisoners hostages students workers residents individuals militiamen
	insurgents rebels combatants strikes airstrikes shells bombs incidents countries
	euros pounds tonnes tons barrels families supporters delegates voters jobs cases
	mortars rounds tanks aircraft planes helicopters boats ships villages towns cities
	guards gunmen attackers assailants suspects farmers herders traders teachers pupils
	journalists doctors patients victims mines explosions explosives grenades bullets
	percentage points seats votes kilograms kg tons displaced detainees arrests
	personnel recruits troop forces sites bases positions camps schools hospitals
	buildings shops cars trucks buses person man woman child soldier officer fighter
	civilian member militant rebel policeman boy boys girl girls baby babies infants
	bodies corpses times units million billion thousand`) {
		units[u] = true
	}
}

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var multipliers = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
	"trillion": 1e12, "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3, "mln": 1e6, "bln": 1e9,
}

// vague words and their conservative values.
var vague = map[string]float64{
	"several": 3, "dozens": 12, "hundreds": 100, "thousands": 1000,
	"millions": 1e6, "scores": 20, "tens": 10, "dozen": 12,
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true,
}

type hedgeKind uint8

const (
	hApprox hedgeKind = iota + 1
	hLow
	hHigh
)

var hedges = []struct {
	words []string
	kind  hedgeKind
}{
	{[]string{"at", "least"}, hLow}, {[]string{"more", "than"}, hLow},
	{[]string{"no", "fewer", "than"}, hLow}, {[]string{"upwards", "of"}, hLow},
	{[]string{"over"}, hLow}, {[]string{"up", "to"}, hHigh}, {[]string{"nearly"}, hHigh},
	{[]string{"almost"}, hHigh}, {[]string{"fewer", "than"}, hHigh},
	{[]string{"less", "than"}, hHigh}, {[]string{"at", "most"}, hHigh},
	{[]string{"as", "many", "as"}, hHigh}, {[]string{"roughly"}, hApprox},
	{[]string{"about"}, hApprox}, {[]string{"around"}, hApprox},
	{[]string{"approximately"}, hApprox}, {[]string{"some"}, hApprox},
	{[]string{"an", "estimated"}, hApprox}, {[]string{"estimated"}, hApprox},
	{[]string{"close", "to"}, hApprox}, {[]string{"approx"}, hApprox},
	{[]string{"circa"}, hApprox}, {[]string{"nearly"}, hHigh}, {[]string{"just", "over"}, hLow},
	{[]string{"just", "under"}, hHigh}, {[]string{"under"}, hHigh},
}

// Find returns the quantities of doc in text order.
func Find(doc *article.Document) []article.Quantity {
	sents := doc.Sentences
	if len(sents) == 0 {
		sents = doc.Paragraphs
	}
	if len(sents) == 0 && doc.Text != "" {
		sents = []article.Span{{Start: 0, End: len(doc.Text)}}
	}
	f := finder{doc: doc}
	f.indexMentions()
	out := []article.Quantity{}
	for _, s := range sents {
		if s.Start < 0 || s.End > len(doc.Text) || s.Start >= s.End {
			continue
		}
		out = f.sentence(s, out)
	}
	return out
}

type finder struct {
	doc  *article.Document
	toks []tok
	// ments holds every entity mention sorted by start (then entity
	// index), so that per-sentence look-ups do not scan the whole
	// document: long articles stay linear.
	ments  []ment
	maxLen int
}

type ment struct{ start, end, e int }

func (f *finder) indexMentions() {
	for e := range f.doc.Entities {
		for _, m := range f.doc.Entities[e].Mentions {
			f.ments = append(f.ments, ment{m.Start, m.End, e})
			f.maxLen = max(f.maxLen, m.End-m.Start)
		}
	}
	slices.SortStableFunc(f.ments, func(a, b ment) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.e - b.e
	})
}

// within returns the mentions starting in [lo, hi), in start order.
func (f *finder) within(lo, hi int) []ment {
	i, _ := slices.BinarySearchFunc(f.ments, lo, func(m ment, t int) int { return m.start - t })
	j, _ := slices.BinarySearchFunc(f.ments, hi, func(m ment, t int) int { return m.start - t })
	if j < i {
		return nil
	}
	return f.ments[i:j]
}

func (f *finder) word(i int) string {
	if i < 0 || i >= len(f.toks) {
		return ""
	}
	return f.toks[i].lw
}

// value reads a number at toks[i]: it returns its value, the index after
// it, and whether the number is vague.
func (f *finder) value(i int) (v float64, next int, isVague bool, ok bool) {
	toks := f.toks
	t := toks[i]
	switch t.kind {
	case tNum:
		s := strings.ReplaceAll(t.lw, ",", "")
		if strings.Count(s, ".") > 1 {
			return 0, 0, false, false
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || x > 1e15 {
			return 0, 0, false, false
		}
		next = i + 1
		if next < len(toks) && toks[next].kind == tWord {
			if m, ok := multipliers[toks[next].lw]; ok {
				x *= m
				next++
			}
		}
		return x, next, false, true
	case tWord:
		w := t.lw
		switch {
		case w == "a" || w == "an":
			n := f.word(i + 1)
			if n == "dozen" || n == "hundred" || n == "thousand" || n == "million" || n == "billion" {
				v, _ := multipliers[n]
				if n == "dozen" {
					v = 12
				}
				return v, i + 2, false, true
			}
			if n == "few" {
				return 2, i + 2, true, true
			}
			if n == "couple" {
				nx := i + 2
				if f.word(nx) == "of" {
					nx++
				}
				return 2, nx, true, true
			}
			return 0, 0, false, false
		case w == "tens" || w == "hundreds" || w == "dozens" || w == "thousands" || w == "millions" || w == "scores":
			v := vague[w]
			next = i + 1
			if f.word(next) == "of" {
				if m, ok := vague[f.word(next+1)]; ok && m > v && f.word(next+1) != "dozens" && f.word(next+1) != "scores" {
					return v * m, next + 2, true, true
				}
				if w == "tens" {
					return 0, 0, false, false
				}
			}
			return v, next, true, true
		case w == "several":
			return 3, i + 1, true, true
		}
		x, ok := numberWord(w)
		if !ok {
			return 0, 0, false, false
		}
		next = i + 1
		if m, ok := multipliers[f.word(next)]; ok && len(f.word(next)) > 2 {
			x *= m
			next++
			if m == 100 {
				if m2, ok := multipliers[f.word(next)]; ok && len(f.word(next)) > 2 {
					x *= m2
					next++
				}
			}
		}
		return x, next, false, true
	}
	return 0, 0, false, false
}

func numberWord(w string) (float64, bool) {
	if v, ok := numberWords[w]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		x, ok1 := numberWords[a]
		y, ok2 := numberWords[b]
		if ok1 && ok2 && x >= 20 && y < 10 {
			return x + y, true
		}
	}
	return 0, false
}

func (f *finder) sentence(s article.Span, out []article.Quantity) []article.Quantity {
	text := f.doc.Text
	f.toks = tokenize(text, s.Start, s.End, f.toks[:0])
	toks := f.toks
	first := len(out)
	var since, sinceText string
	for i := range toks {
		if toks[i].lw == "since" {
			since, sinceText = f.since(i)
			break
		}
	}
	for i := 0; i < len(toks); i++ {
		if toks[i].kind == tPunct {
			continue
		}
		v, next, isVague, ok := f.value(i)
		if !ok || f.excluded(i, next, v, isVague) {
			continue
		}
		q := article.Quantity{Value: v}
		start := i
		// Hedge before the number.
		if hs, kind := f.hedge(i); hs >= 0 {
			q.Approximate = true
			q.Hedge = strings.ToLower(text[toks[hs].start:toks[i-1].end])
			vv := v
			switch kind {
			case hLow:
				q.Low = &vv
			case hHigh:
				q.High = &vv
			}
			start = hs
		}
		if isVague {
			q.Approximate = true
			if q.Hedge == "" {
				q.Hedge = text[toks[i].start:toks[next-1].end]
			}
			if q.Low == nil {
				lo := v
				q.Low = &lo
			}
		}
		// Range: "25 to 34", "10-15", "between 10 and 20".
		between := i > 0 && toks[i-1].lw == "between"
		if next+1 < len(toks) {
			sep := toks[next].lw
			if sep == "-" || sep == "–" || sep == "to" || between && sep == "and" {
				if v2, n2, _, ok2 := f.value(next + 1); ok2 && v2 > v && (toks[next+1].kind == toks[i].kind) {
					lo, hi := v, v2
					q.Low, q.High = &lo, &hi
					q.Approximate = true
					next = n2
					if between {
						start = i - 1
						q.Hedge = "between"
					}
				}
			}
		}
		end := next
		// "3,000-strong"
		if end+1 < len(toks) && toks[end].lw == "-" && toks[end].glued && toks[end+1].lw == "strong" {
			end += 2
		}
		unit, uEnd := f.unit(start, end)
		q.Unit = unit
		if unit == "" && len(out) > first {
			// Ellipsis: "2,500 troops in Iraq and 900 in Syria".
			prev := &out[len(out)-1]
			if p := f.tokenAt(prev.End); p >= 0 && i-p <= 8 && (f.word(i-1) == "and" || f.word(i-1) == "," || f.word(i-1) == "or") {
				q.Unit = prev.Unit
				if prev.Approximate && !q.Approximate {
					q.Approximate = true
					q.Hedge = prev.Hedge
				}
				q.Subject = prev.Subject
			}
		}
		if uEnd > end {
			end = uEnd
		}
		q.Start, q.End = toks[start].start, toks[end-1].end
		q.Text = text[q.Start:q.End]
		if q.Subject == nil {
			q.Subject = f.named(q.Start, q.End)
		}
		if q.Subject == nil {
			q.Subject = f.subject(toks[start].start, s)
		}
		q.Place = f.place(toks[start].start, f.clauseEnd(end, s))
		if since != "" || sinceText != "" {
			q.Since = since
			if q.Since == "" {
				q.Since = sinceText
			}
			if f.doc.Published != nil {
				q.Until = f.doc.Published.Format("2006-01-02")
			}
		}
		out = append(out, q)
		i = max(i, end-1, next-1)
	}
	return out
}

// named returns the actor a counted phrase names ("five US officials").
func (f *finder) named(start, end int) *string {
	best := -1
	for _, m := range f.within(start-f.maxLen, end) {
		ent := &f.doc.Entities[m.e]
		if ent.Type == "LOC" || ent.Type == "GPE" && ent.Sector == "" {
			continue
		}
		if m.start < end && start < m.end && (best < 0 || m.e < best) {
			best = m.e
		}
	}
	if best < 0 {
		return nil
	}
	id := f.doc.Entities[best].ID
	return &id
}

// clauseEnd returns the span from the sentence start to the first comma,
// semicolon or dash after toks[end].
func (f *finder) clauseEnd(end int, s article.Span) article.Span {
	for j := end; j < len(f.toks); j++ {
		switch f.toks[j].lw {
		case ",", ";", "—", ":":
			return article.Span{Start: s.Start, End: f.toks[j].start}
		}
	}
	return s
}

func (f *finder) tokenAt(off int) int {
	for i, t := range f.toks {
		if t.end == off {
			return i
		}
	}
	return -1
}

// excluded reports whether the number at toks[i:next] is a year, date,
// time, ordinal or part of a name.
func (f *finder) excluded(i, next int, v float64, isVague bool) bool {
	toks := f.toks
	t := toks[i]
	if isVague || t.kind == tWord {
		// "one of the", "one" as a pronoun: keep only with a unit after.
		if t.lw == "one" {
			u, _ := f.unit(i, next)
			return u == ""
		}
		return false
	}
	nw := f.word(next)
	pw := f.word(i - 1)
	// Ordinals and glued units: "7th", "2nd".
	if next < len(toks) && toks[next].glued && toks[next].kind == tWord {
		switch nw {
		case "st", "nd", "rd", "th":
			return true
		}
	}
	// Times: "10:30", "8 pm".
	if next+1 < len(toks) && toks[next].lw == ":" && toks[next].glued && toks[next+1].kind == tNum && toks[next+1].glued {
		return true
	}
	if i > 1 && toks[i-1].lw == ":" && t.glued && toks[i-1].glued && toks[i-2].kind == tNum {
		return true
	}
	if strings.Contains(t.lw, ":") || nw == "am" || nw == "pm" || nw == "a.m" || nw == "p.m" || nw == "gmt" || nw == "utc" || nw == "hrs" || nw == "o'clock" {
		return true
	}
	// Dates.
	if months[nw] || months[pw] {
		return true
	}
	// Years: four digits 1800-2100 with no comma, unless a counted noun follows.
	if len(t.lw) == 4 && v >= 1800 && v <= 2100 {
		if u, _ := f.unit(i, next); u == "" || units[nw] == false {
			return true
		}
	}
	// Names: "Resolution 2334", "F-16", "LIB-422", "COVID-19".
	if i > 0 {
		p := toks[i-1]
		if p.lw == "-" && p.glued && i > 1 && toks[i-2].kind == tWord {
			return true
		}
		if p.kind == tWord && isCapital(f.doc.Text[p.start:p.end]) && !hedgeWord(p.lw) && !sentenceStart(toks, i-1) {
			return true
		}
		if p.lw == "#" || p.lw == "no." || p.lw == "number" {
			return true
		}
	}
	if next < len(toks) && toks[next].glued && (toks[next].lw == "/" || toks[next].lw == "-" && next+1 < len(toks) && toks[next+1].kind == tWord && toks[next+1].lw != "strong" && toks[next+1].glued && !units[toks[next+1].lw]) {
		return true
	}
	return false
}

func hedgeWord(w string) bool {
	switch w {
	case "about", "around", "some", "over", "nearly", "almost", "roughly", "approximately", "at", "least", "than", "to", "up", "estimated", "killed", "and", "the", "of", "in", "all", "only", "just":
		return true
	}
	return false
}

func sentenceStart(toks []tok, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if toks[j].kind != tPunct {
			return false
		}
		switch toks[j].lw {
		case ":", "(", "“", "\"", "‘":
		default:
			return false
		}
	}
	return true
}

func isCapital(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// hedge returns the index where a hedge phrase ending right before toks[i]
// starts, and its kind, or -1.
func (f *finder) hedge(i int) (int, hedgeKind) {
	best, kind := -1, hedgeKind(0)
	for _, h := range hedges {
		n := len(h.words)
		if i-n < 0 {
			continue
		}
		ok := true
		for j, w := range h.words {
			if f.toks[i-n+j].lw != w {
				ok = false
				break
			}
		}
		if ok && (best < 0 || i-n < best) {
			best, kind = i-n, h.kind
		}
	}
	return best, kind
}

// unit returns the counted noun of the number at toks[start:end], with a
// casualty word when one qualifies it ("people killed"), and the token
// index after the noun.
func (f *finder) unit(start, end int) (string, int) {
	toks := f.toks
	noun, nEnd := "", end
	j := end
	if j < len(toks) && (toks[j].lw == "%" || toks[j].lw == "$") {
		return "percent", j + 1
	}
	if start > 0 && (toks[start-1].lw == "$" || toks[start-1].lw == "us$") {
		noun = "dollars"
	}
	if start > 0 && (toks[start-1].lw == "€") {
		noun = "euros"
	}
	if start > 0 && (toks[start-1].lw == "£") {
		noun = "pounds"
	}
	if j < len(toks) && toks[j].lw == "-" && j+1 < len(toks) && toks[j+1].lw == "strong" {
		j += 2
	}
	if noun == "" {
		for k := j; k < len(toks) && k < j+4; k++ {
			t := toks[k]
			if t.kind != tWord {
				if t.lw == "-" && t.glued {
					continue
				}
				break
			}
			if units[t.lw] {
				noun, nEnd = t.lw, k+1
				break
			}
			if stopUnit[t.lw] {
				break
			}
			if k == j && !isCapital(f.doc.Text[t.start:t.end]) && len(t.lw) > 2 && !strings.HasSuffix(t.lw, "ly") && nounLike(t.lw) {
				noun, nEnd = t.lw, k+1
			}
		}
	}
	if noun == "of" {
		noun = ""
	}
	// Casualty: "killed 5 people", "5 people were killed", "5 dead".
	cas := ""
	for k := start - 1; k >= 0 && k >= start-3; k-- {
		if c, ok := casualtyBefore[toks[k].lw]; ok {
			cas = c
			break
		}
		if toks[k].kind == tPunct || toks[k].lw == "including" || toks[k].lw == "and" {
			break
		}
	}
	if cas == "" {
		k := nEnd
		if noun == "" {
			k = end
		}
		for x := k; x < len(toks) && x < k+4; x++ {
			if c, ok := casualtyAfter[toks[x].lw]; ok {
				cas = c
				if noun == "" {
					nEnd = x + 1
				}
				break
			}
			if toks[x].kind == tPunct || !auxCas[toks[x].lw] {
				break
			}
		}
		if cas == "" && (noun == "killed" || noun == "dead" || noun == "wounded" || noun == "injured") {
			cas, noun = noun, ""
		}
	}
	switch {
	case noun == "" && cas == "":
		return "", end
	case noun == "":
		return cas, nEnd
	case cas == "" || noun == cas:
		return noun, nEnd
	case deathWords[noun] || noun == "casualties":
		return noun, nEnd
	}
	return noun + " " + cas, nEnd
}

var auxCas = map[string]bool{
	"were": true, "was": true, "have": true, "had": true, "been": true,
	"are": true, "is": true, "reportedly": true, "also": true, "shot": true,
	"later": true, "all": true, "allegedly": true, "being": true, "be": true,
	"killed": true, "dead": true, "wounded": true, "injured": true, "found": true,
	"confirmed": true, "who": true,
}

var stopUnit = map[string]bool{
	"in": true, "of": true, "and": true, "to": true, "were": true, "was": true,
	"have": true, "had": true, "has": true, "are": true, "is": true, "from": true,
	"on": true, "at": true, "for": true, "by": true, "with": true, "the": true,
	"a": true, "or": true, "who": true, "which": true, "that": true, "as": true,
	"than": true, "per": false, "more": true, "less": true, "times": false,
}

func nounLike(w string) bool {
	switch w {
	case "said", "says", "reported", "died", "will", "would", "could", "also", "more", "other", "years", "percent":
		return w == "years" || w == "percent"
	}
	return !strings.HasSuffix(w, "ed")
}

// since reads "since 7 October" at toks[i] ("since"): the resolved date
// from doc.Dates when a stage filled it, else "" and the raw text.
func (f *finder) since(i int) (string, string) {
	toks := f.toks
	if i+1 >= len(toks) {
		return "", ""
	}
	start := toks[i+1].start
	for _, d := range f.doc.Dates {
		if d.Start <= start && start < d.End {
			if d.Since != "" {
				return d.Since, ""
			}
			if d.Value != "" {
				return d.Value, ""
			}
		}
	}
	// Raw: a date-like run of up to four tokens.
	j := i + 1
	hasDate := false
	for ; j < len(toks) && j <= i+4; j++ {
		t := toks[j]
		if t.kind == tNum || months[t.lw] {
			hasDate = true
			continue
		}
		if t.lw == "," && j+1 < len(toks) && toks[j+1].kind == tNum {
			continue
		}
		break
	}
	if !hasDate {
		return "", ""
	}
	return "", f.doc.Text[start:toks[j-1].end]
}

// subject returns the entity that owns the quantity: the first non-place
// actor named before it in the sentence that does not follow a preposition.
func (f *finder) subject(off int, s article.Span) *string {
	for _, m := range f.within(s.Start, off) {
		ent := &f.doc.Entities[m.e]
		if m.end > off {
			continue
		}
		if ent.Type == "LOC" || ent.Kind == "city" || ent.Kind == "region" || ent.Kind == "news_org" || ent.Sector == "MED" {
			continue
		}
		if afterPreposition(f.doc.Text, s.Start, m.start) {
			continue
		}
		id := ent.ID
		return &id
	}
	return nil
}

// place returns the first place named after a locative preposition in the
// sentence after off, or before it when none follows.
func (f *finder) place(off int, s article.Span) *string {
	for _, m := range f.within(off, s.End) {
		ent := &f.doc.Entities[m.e]
		if ent.Type != "GPE" && ent.Type != "LOC" || m.end > s.End {
			continue
		}
		if !afterLocative(f.doc.Text, s.Start, m.start) {
			continue
		}
		id := ent.ID
		return &id
	}
	return nil
}

func prevWord(text string, lo, off int) string {
	j := off
	for j > lo && text[j-1] == ' ' {
		j--
	}
	k := j
	for k > lo {
		r, size := utf8.DecodeLastRuneInString(text[lo:k])
		if !unicode.IsLetter(r) {
			break
		}
		k -= size
	}
	return strings.ToLower(text[k:j])
}

func afterPreposition(text string, lo, off int) bool {
	switch prevWord(text, lo, off) {
	case "in", "at", "near", "from", "to", "across", "against", "of", "on", "into", "by", "with", "for", "over", "inside", "outside":
		return true
	}
	return false
}

func afterLocative(text string, lo, off int) bool {
	switch prevWord(text, lo, off) {
	case "in", "at", "near", "across", "inside", "outside", "into", "throughout", "around", "from":
		return true
	}
	return false
}
