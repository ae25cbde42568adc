// Package quote finds who said what: direct quotations in quotation marks
// (straight, curly, « », „ “), quotations that run over several sentences
// or paragraphs, and indirect speech ("X said that ..."), each with its
// speaker, reporting cue and the news organisations it came through.
//
// Speakers are found by the position of a reporting cue from the language's
// lexicon (internal/cue): before the quote ("X said, “...”"), after it
// ("“...,” X said" or "said X"), or by "according to X". Pronouns and
// generic nouns ("he", "the statement", "the report") refer back to the
// last speaker or the nearest fitting actor. When doc.Entities is empty the
// speaker phrase is kept and the speaker id is null.
//
// The rules are our own: the quote attributors we know of either need a
// full parser (CoreNLP) or do not report byte offsets.
package quote

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/cue"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Stage fills doc.Quotes. It reads doc.Paragraphs, doc.Sentences and
// doc.Entities when present.
type Stage struct{}

var _ pipeline.Stage = Stage{}

// Name implements pipeline.Stage.
func (Stage) Name() string { return "quote" }

// Process implements pipeline.Stage.
func (Stage) Process(ctx context.Context, doc *article.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc.Quotes = Find(doc)
	return nil
}

// mark is one quotation found by its marks.
type mark struct {
	open  int // offset of the opening mark
	in    article.Span
	close int // offset just after the closing mark (or the capped end)
}

// Marks returns the inner spans of the quotations in text, given its
// paragraphs. A quotation left open at the end of a paragraph continues
// into the next paragraph when that one opens with a quotation mark (the
// news convention for quotes of several paragraphs); otherwise it ends
// with its paragraph.
func Marks(text string, paras []article.Span) []article.Span {
	ms := marks(text, paras)
	out := make([]article.Span, len(ms))
	for i, m := range ms {
		out[i] = m.in
	}
	return out
}

func marks(text string, paras []article.Span) []mark {
	var out []mark
	open := -1
	var want rune // closing mark expected
	var inStart int
	for pi := 0; pi < len(paras); pi++ {
		p := paras[pi]
		if p.Start < 0 || p.End > len(text) || p.Start > p.End {
			continue
		}
		i := p.Start
		if open >= 0 {
			// Continuation: skip this paragraph's opening mark.
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		for i < p.End {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r < 0x80 && r != '"' {
				i += size
				continue
			}
			switch r {
			case '"':
				if open < 0 {
					if i > p.Start && isWordEnd(text, i) && !isWordStartAfter(text, i+1) {
						break // stray closing mark
					}
					open, want, inStart = i, '"', i+1
				} else if want == '"' || want == '”' {
					out = append(out, mark{open: open, in: article.Span{Start: inStart, End: i}, close: i + 1})
					open = -1
				}
			case '“':
				if open < 0 {
					open, want, inStart = i, '”', i+size
				} else if want == '“' {
					out = append(out, mark{open: open, in: article.Span{Start: inStart, End: i}, close: i + size})
					open = -1
				}
			case '”':
				if open >= 0 && (want == '”' || want == '“' || want == '"') {
					out = append(out, mark{open: open, in: article.Span{Start: inStart, End: i}, close: i + size})
					open = -1
				}
			case '«':
				if open < 0 {
					open, want, inStart = i, '»', i+size
				}
			case '»':
				if open >= 0 && want == '»' {
					out = append(out, mark{open: open, in: article.Span{Start: inStart, End: i}, close: i + size})
					open = -1
				}
			case '„':
				if open < 0 {
					open, want, inStart = i, '“', i+size
				}
			}
			i += size
		}
		if open >= 0 {
			if pi+1 < len(paras) && opensWithQuote(text, paras[pi+1]) {
				continue
			}
			out = append(out, mark{open: open, in: article.Span{Start: inStart, End: p.End}, close: p.End})
			open = -1
		}
	}
	// Trim white space inside the marks; drop empty quotations.
	kept := out[:0]
	for _, m := range out {
		for m.in.Start < m.in.End {
			r, size := utf8.DecodeRuneInString(text[m.in.Start:])
			if !unicode.IsSpace(r) {
				break
			}
			m.in.Start += size
		}
		for m.in.End > m.in.Start {
			r, size := utf8.DecodeLastRuneInString(text[:m.in.End])
			if !unicode.IsSpace(r) {
				break
			}
			m.in.End -= size
		}
		if m.in.End > m.in.Start {
			kept = append(kept, m)
		}
	}
	return kept
}

func opensWithQuote(text string, p article.Span) bool {
	if p.Start >= p.End || p.End > len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[p.Start:])
	return r == '"' || r == '“' || r == '«' || r == '„'
}

func isWordEnd(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == ',' || r == '?' || r == '!'
}

func isWordStartAfter(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Find returns the quotations of doc, direct and indirect, in text order.
func Find(doc *article.Document) []article.Quote {
	text := doc.Text
	paras := doc.Paragraphs
	if len(paras) == 0 && len(text) > 0 {
		paras = []article.Span{{Start: 0, End: len(text)}}
	}
	sents := doc.Sentences
	if len(sents) == 0 {
		sents = paras
	}
	ms := marks(text, paras)
	f := newFinder(doc, ms, sents)
	quotes := []article.Quote{}
	mi := 0
	for si, s := range sents {
		for mi < len(ms) && ms[mi].open < s.End {
			if q, ok := f.direct(mi, si); ok {
				quotes = append(quotes, q)
			}
			mi++
		}
		quotes = f.indirect(s, quotes)
	}
	for mi < len(ms) { // quotes outside every sentence (should not happen)
		mi++
	}
	for i := range quotes {
		quotes[i].ID = "q" + strconv.Itoa(i+1)
	}
	return quotes
}

type finder struct {
	doc *article.Document
	r   *cue.Resolver
	ms  []mark
	// msClose[i] is the largest close among ms[:i+1], so insideQuote can
	// binary-search instead of scanning every mark for every token.
	msClose []int
	sents   []article.Span
	toks    []cue.Tok
	last    *article.Quote // last attributed direct quote
	lastP   int            // its paragraph end
}

func newFinder(doc *article.Document, ms []mark, sents []article.Span) *finder {
	f := &finder{doc: doc, r: cue.NewResolver(doc), ms: ms, sents: sents}
	f.msClose = make([]int, len(ms))
	for i, m := range ms {
		f.msClose[i] = m.close
		if i > 0 {
			f.msClose[i] = max(m.close, f.msClose[i-1])
		}
	}
	return f
}

// sentenceOf returns the span of the sentence holding off, or a span from
// the nearest paragraph start.
func (f *finder) sentenceOf(off int) article.Span {
	lo, hi := 0, len(f.sents)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case f.sents[m].End <= off:
			lo = m + 1
		case f.sents[m].Start > off:
			hi = m
		default:
			return f.sents[m]
		}
	}
	return article.Span{Start: off, End: off}
}

// sentenceBefore returns the last sentence that ends at or before off, or
// an empty span.
func (f *finder) sentenceBefore(off int) article.Span {
	k := sort.Search(len(f.sents), func(i int) bool { return f.sents[i].End > off }) - 1
	if k < 0 {
		return article.Span{Start: off, End: off}
	}
	return f.sents[k]
}

type attribution struct {
	sp        cue.Speaker
	ok        bool
	cue       string
	cueSpan   article.Span
	secondary int
	dist      int // words between cue and quote
}

func (f *finder) direct(mi, si int) (article.Quote, bool) {
	text := f.doc.Text
	m := f.ms[mi]
	s0 := f.sentenceOf(m.open)
	s1 := f.sentenceOf(max(m.close-1, m.open))
	// Pre: from the sentence start (or the previous quote's end) to the mark.
	preLo := s0.Start
	if mi > 0 && f.ms[mi-1].close > preLo && f.ms[mi-1].close <= m.open {
		preLo = f.ms[mi-1].close
	}
	postHi := max(s1.End, m.close)
	if mi+1 < len(f.ms) && f.ms[mi+1].open < postHi && f.ms[mi+1].open >= m.close {
		postHi = f.ms[mi+1].open
	}
	words := countWords(text[m.in.Start:m.in.End])
	short := words <= 4 && !endsTerminal(text[m.in.Start:m.in.End])

	pre := f.before(preLo, m.open)
	post := f.after(m.close, postHi)
	if !pre.ok && !post.ok && preLo == s0.Start && !hasLetters(text[preLo:m.open]) {
		// A quote that opens its sentence after "X said:" in the sentence before.
		// The sentence before may end its paragraph ("Cruz continued:" and
		// the quotation as the next paragraph).
		if ps := f.sentenceBefore(s0.Start); ps.End > ps.Start && ps.End <= s0.Start && endsWithColon(text[ps.Start:ps.End]) && !hasLetters(text[ps.End:s0.Start]) {
			pre = f.before(ps.Start, ps.End)
		}
	}
	if short {
		if !(pre.ok && pre.dist <= 6 || post.ok && post.dist <= 2) {
			return article.Quote{}, false
		}
	}
	q := article.Quote{Text: text[m.in.Start:m.in.End], Start: m.in.Start, End: m.in.End, Direct: true, Via: []string{}}
	var a attribution
	secondary := -1
	switch {
	case post.ok && (post.cue == "according to" || !pre.ok || pre.dist > 0 && post.dist == 0):
		a = post
		if pre.ok {
			secondary = pre.sp.Entity
		}
	case pre.ok:
		a = pre
	case f.last != nil && (f.lastP >= m.open-4 || f.paraStartBefore(m.open, f.lastP)) && !hasLetters(text[preLo:m.open]):
		// A quote standing alone continues the last speaker's words.
		q.Speaker, q.SpeakerText, q.SpeakerSpan, q.Cue, q.CueSpan = f.last.Speaker, f.last.SpeakerText, f.last.SpeakerSpan, f.last.Cue, f.last.CueSpan
		q.Via = append([]string{}, f.last.Via...)
		f.last = &q
		return q, true
	default:
		if short {
			return article.Quote{}, false
		}
		la, ok := f.learned(m, s0)
		if !ok {
			return q, true
		}
		a = la
	}
	f.fill(&q, a, article.Span{Start: s0.Start, End: postHi}, m.in, secondary)
	f.last = &q
	f.lastP = f.paraEnd(m.close)
	return q, true
}

// learned asks the attribution model of package cue for the speaker of a
// quotation that no rule attributes ("Article 33 affirms: “...”"): the
// source words nearest the quotation in its sentence, when the sentence
// also holds a cue outside the quotation.
func (f *finder) learned(m mark, s article.Span) (attribution, bool) {
	doc := f.doc
	if len(doc.Tokens) == 0 || !english(doc.Language) {
		return attribution{}, false
	}
	first, end := cue.TokenRange(doc.Tokens, s)
	labels := cue.Labels(doc, first, end)
	if labels == nil {
		return attribution{}, false
	}
	quoted := article.Span{Start: m.open, End: m.close}
	toks := make([]cue.Tok, end-first)
	for i, t := range doc.Tokens[first:end] {
		toks[i] = cue.Tok{Start: t.Start, End: t.End, Punct: t.Kind == article.TokenPunct}
		if quoted.Overlaps(t.Span()) {
			labels[i] = cue.LabelNone
		}
	}
	// The cue and the source runs nearest the quotation.
	cueAt, cueEnd, cueDist := -1, -1, 0
	srcAt, srcEnd, srcDist := -1, -1, 0
	for i := 0; i < len(labels); i++ {
		l := labels[i]
		if l != cue.LabelCue && l != cue.LabelSource {
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == l {
			j++
		}
		d := m.open - toks[j-1].End
		if toks[i].Start >= m.close {
			d = toks[i].Start - m.close
		}
		switch {
		case l == cue.LabelCue && (cueAt < 0 || d < cueDist):
			cueAt, cueEnd, cueDist = i, j, d
		case l == cue.LabelSource && (srcAt < 0 || d < srcDist):
			srcAt, srcEnd, srcDist = i, j, d
		}
		i = j - 1
	}
	for srcAt >= 0 && srcAt < srcEnd && toks[srcAt].Punct {
		srcAt++
	}
	for srcEnd > srcAt && toks[srcEnd-1].Punct && doc.Text[toks[srcEnd-1].Start] != ')' {
		srcEnd--
	}
	if cueAt < 0 || srcAt < 0 || srcEnd <= srcAt {
		return attribution{}, false
	}
	a := attribution{ok: true, sp: f.r.Resolve(toks, srcAt, srcEnd)}
	a.cue, a.cueSpan = cue.CueText(doc.Text, toks, cueAt, cueEnd-cueAt)
	return a, true
}

func english(lang string) bool {
	lang = strings.ToLower(lang)
	return lang == "" || lang == "en" || strings.HasPrefix(lang, "en-") || strings.HasPrefix(lang, "en_")
}

// paraStartBefore reports whether off is in the paragraph right after the
// one ending at end.
func (f *finder) paraStartBefore(off, end int) bool {
	for i, p := range f.doc.Paragraphs {
		if p.End == end {
			return i+1 < len(f.doc.Paragraphs) && f.doc.Paragraphs[i+1].Start <= off && off < f.doc.Paragraphs[i+1].End
		}
	}
	return false
}

func (f *finder) paraEnd(off int) int {
	for _, p := range f.doc.Paragraphs {
		if p.Start <= off && off <= p.End {
			return p.End
		}
	}
	return off
}

func (f *finder) fill(q *article.Quote, a attribution, region, content article.Span, secondary int) {
	q.SpeakerText = a.sp.Text
	sp := a.sp.Span
	q.SpeakerSpan = &sp
	q.Speaker = f.r.ID(a.sp.Entity)
	q.Cue = a.cue
	cs := a.cueSpan
	q.CueSpan = &cs
	q.Via = f.r.Via(region, content, a.sp.Entity, secondary)
}

// after looks for "X said", "said X" or "according to X" right after a
// quotation.
func (f *finder) after(lo, hi int) attribution {
	text := f.doc.Text
	f.toks = cue.Scan(text, lo, hi, f.toks[:0])
	toks := f.toks
	words := 0
	for k := 0; k < len(toks) && words <= 8; k++ {
		if toks[k].Punct {
			c := text[toks[k].Start]
			if c == '.' || c == ';' || c == '?' || c == '!' {
				if words > 0 {
					break
				}
			}
			continue
		}
		n, kind := f.r.Lex.Match(text, toks, k, cue.Verb|cue.Prep)
		if n == 0 || cue.NounUse(text, toks, k) {
			words++
			continue
		}
		a := attribution{dist: words}
		a.cue, a.cueSpan = cue.CueText(text, toks, k, n)
		var from, to int
		var ok bool
		if kind&cue.Prep != 0 || words == 0 {
			from, to, ok = cue.PhraseAfter(text, toks, k+n, len(toks))
		} else {
			from, to, ok = cue.SubjectBefore(text, toks, k, 0)
		}
		if !ok {
			return attribution{}
		}
		a.sp = f.r.Resolve(toks, from, to)
		a.ok = true
		return a
	}
	return attribution{}
}

// before looks for the last cue before a quotation in its sentence.
func (f *finder) before(lo, hi int) attribution {
	text := f.doc.Text
	f.toks = cue.Scan(text, lo, hi, f.toks[:0])
	toks := f.toks
	for k := len(toks) - 1; k >= 0; k-- {
		if toks[k].Punct {
			continue
		}
		n, kind := f.r.Lex.Match(text, toks, k, cue.Verb|cue.Part|cue.Prep)
		if n == 0 || cue.NounUse(text, toks, k) {
			continue
		}
		a := attribution{dist: countWordToks(toks[k+n:])}
		a.cue, a.cueSpan = cue.CueText(text, toks, k, n)
		var from, to int
		var ok bool
		switch {
		case kind&cue.Prep != 0:
			from, to, ok = cue.PhraseAfter(text, toks, k+n, len(toks))
		case kind&cue.Verb != 0:
			from, to, ok = subjectOf(text, toks, k) // "X said", "X, a spokesman, said"
			if !ok {
				from, to, ok = cue.PhraseAfter(text, toks, k+n, len(toks))
			}
		default:
			from, to, ok = f.clauseSubject(toks, k)
		}
		if !ok {
			continue
		}
		a.sp = f.r.Resolve(toks, from, to)
		a.ok = true
		return a
	}
	return attribution{}
}

// clauseSubject finds the subject of the clause holding a participle cue:
// the first actor named before it, else the clause's opening phrase.
func (f *finder) clauseSubject(toks []cue.Tok, k int) (int, int, bool) {
	text := f.doc.Text
	if !f.r.Idx.Empty() {
		for j := 0; j < k; j++ {
			if toks[j].Punct {
				continue
			}
			if e := f.r.Idx.Best(article.Span{Start: toks[j].Start, End: toks[j].End}); e >= 0 {
				ent := f.r.Idx.Entity(e)
				if ent.Type == "LOC" || ent.Type == "GPE" && ent.Sector == "" {
					continue
				}
				// Extend over the whole mention.
				to := j + 1
				for to < k && f.r.Idx.Best(article.Span{Start: toks[to].Start, End: toks[to].End}) == e {
					to++
				}
				return j, to, true
			}
		}
	}
	return cue.ClauseSubject(text, toks, 0, k)
}

// indirect adds indirect speech in sentence s: "X said (that) ...",
// "X told reporters ...", and "..., X said."
func (f *finder) indirect(s article.Span, quotes []article.Quote) []article.Quote {
	text := f.doc.Text
	f.toks = cue.Scan(text, s.Start, s.End, f.toks[:0])
	toks := f.toks
	for k := 0; k < len(toks); k++ {
		if toks[k].Punct || f.insideQuote(toks[k].Start) {
			continue
		}
		n, kind := f.r.Lex.Match(text, toks, k, cue.Verb)
		if n == 0 || kind&cue.Verb == 0 || cue.NounUse(text, toks, k) {
			continue
		}
		lw := lower(text[toks[k].Start:toks[k].End])
		if noClause[lw] {
			continue
		}
		// Post-position: "..., X said." at the end of the sentence.
		if c, from, to, ok := f.trailing(toks, k, n); ok {
			sp := f.r.Resolve(toks, from, to)
			content := article.Span{Start: toks[0].Start, End: c}
			if countWords(text[content.Start:content.End]) >= 3 && !f.overlapsDirect(content) {
				q := article.Quote{Text: text[content.Start:content.End], Start: content.Start, End: content.End, Via: []string{}}
				cueText, cueSpan := cue.CueText(text, toks, k, n)
				f.fill(&q, attribution{sp: sp, ok: true, cue: cueText, cueSpan: cueSpan}, s, content, -1)
				quotes = append(quotes, q)
			}
			return quotes
		}
		from, to, ok := subjectOf(text, toks, k)
		if !ok {
			continue
		}
		// Complement: skip "that", objects of "told", time words.
		j := k + n
		j = skipComplementLead(text, toks, j, lw)
		if j >= len(toks) || toks[j].Punct {
			continue
		}
		if !isClauseStart(text, toks, j) {
			continue
		}
		end := toks[len(toks)-1].End
		for e := len(toks) - 1; e > j && toks[e].Punct && !isQuoteMark(text, toks[e]); e-- {
			end = toks[e-1].End
		}
		content := article.Span{Start: toks[j].Start, End: end}
		if countWords(text[content.Start:content.End]) < 3 {
			continue
		}
		if f.startsDirect(content.Start) {
			continue
		}
		sp := f.r.Resolve(toks, from, to)
		q := article.Quote{Text: text[content.Start:content.End], Start: content.Start, End: content.End, Via: []string{}}
		cueText, cueSpan := cue.CueText(text, toks, k, n)
		f.fill(&q, attribution{sp: sp, ok: true, cue: cueText, cueSpan: cueSpan}, s, content, -1)
		quotes = append(quotes, q)
		return quotes // one indirect quote a sentence
	}
	return quotes
}

// trailing recognises "CONTENT, X said." and "CONTENT, said X." with the cue
// at toks[k]; it returns the end of the content and the speaker range.
func (f *finder) trailing(toks []cue.Tok, k, n int) (contentEnd, from, to int, ok bool) {
	text := f.doc.Text
	// Find the comma before the cue, at most 8 words back.
	c := -1
	for j := k - 1; j >= 0 && k-j <= 9; j-- {
		if toks[j].Punct && text[toks[j].Start] == ',' {
			c = j
			break
		}
		if toks[j].Punct && text[toks[j].Start] != '.' && text[toks[j].Start] != '(' && text[toks[j].Start] != ')' {
			return 0, 0, 0, false
		}
	}
	if c <= 2 {
		return 0, 0, 0, false
	}
	// The cue phrase must end the sentence (bar a short adjunct).
	rest := 0
	for j := k + n; j < len(toks); j++ {
		if toks[j].Punct {
			ch := text[toks[j].Start]
			if ch == '.' || ch == '!' || ch == '?' {
				break
			}
			if ch == ',' {
				return 0, 0, 0, false
			}
			continue
		}
		rest++
	}
	if rest > 8 {
		return 0, 0, 0, false
	}
	if c+1 == k {
		from, to, ok = cue.PhraseAfter(text, toks, k+n, len(toks))
	} else {
		from, to, ok = cue.SubjectBefore(text, toks, k, c+1)
	}
	if !ok {
		return 0, 0, 0, false
	}
	return toks[c].Start, from, to, true
}

// insideQuote reports whether off lies between a quotation's opening mark
// and its close. The marks are sorted by their opening offset.
func (f *finder) insideQuote(off int) bool {
	k := sort.Search(len(f.ms), func(i int) bool { return f.ms[i].open > off }) - 1
	return k >= 0 && f.msClose[k] > off
}

func (f *finder) overlapsDirect(s article.Span) bool {
	for _, m := range f.ms {
		if m.in.Start < s.End && s.Start < m.in.End && m.in.Len()*2 > s.Len() {
			return true
		}
	}
	return false
}

func (f *finder) startsDirect(off int) bool {
	for _, m := range f.ms {
		if m.open >= off && m.open-off <= 1 {
			return true
		}
	}
	return false
}

// Verbs that take an object rather than a clause unless "that" follows.
var noClause = map[string]bool{
	"called": true, "calls": true, "described": true, "describes": true,
	"criticized": true, "criticised": true, "dismissed": true, "accused": true,
	"asked": true, "asks": true, "cited": true, "echoed": true, "blasted": true,
	"charged": true, "informed": true, "mentioned": true, "posted": true,
	"continued": true, "promised": true, "promises": true, "urged": true,
	"urges": true, "pledged": true, "vowed": true, "vows": true, "repeated": true,
	"reiterated": true, "agreed": true, "agrees": true, "replied": true,
	"responded": true, "announced": true, "announces": true,
}

var timeWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "yesterday": true,
	"today": true, "tonight": true, "on": true, "last": true, "this": true,
	"week": true, "month": true, "morning": true, "afternoon": true,
	"evening": true, "night": true, "earlier": true, "later": true,
	"previously": true, "also": true, "again": true, "recently": true,
	"publicly": true, "privately": true, "repeatedly": true,
}

var subjectStarters = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true,
	"you": true, "there": true, "the": true, "a": true, "an": true,
	"this": true, "these": true, "those": true, "its": true, "his": true,
	"her": true, "their": true, "our": true, "my": true, "no": true,
	"some": true, "many": true, "most": true, "all": true, "both": true,
	"any": true, "every": true, "each": true, "one": true, "if": true,
	"what": true, "when": true, "how": true, "why": true, "whether": true,
	"nobody": true, "none": true, "everyone": true, "more": true, "only": true,
	"that": true, "such": true, "several": true, "two": true, "three": true,
}

func skipComplementLead(text string, toks []cue.Tok, j int, verb string) int {
	// "told reporters (on Tuesday) that", "told Reuters", "told the BBC".
	if verb == "told" || verb == "tells" || verb == "tell" || verb == "informed" || verb == "assured" || verb == "warned" {
		for x := j; x < len(toks) && x < j+5; x++ {
			if !toks[x].Punct && lower(text[toks[x].Start:toks[x].End]) == "that" {
				return x + 1
			}
		}
		if j < len(toks) && !toks[j].Punct {
			w := lower(text[toks[j].Start:toks[j].End])
			if w == "the" && j+1 < len(toks) {
				j += 2
			} else if w == "reporters" || w == "journalists" || w == "him" || w == "her" || w == "them" || w == "us" || w == "me" || isCapitalised(text[toks[j].Start:toks[j].End]) {
				j++
			}
		}
	}
	// "says in a statement that", "said during an interview on Fox that"
	if j < len(toks) && !toks[j].Punct {
		switch lower(text[toks[j].Start:toks[j].End]) {
		case "in", "on", "at", "during", "after", "before", "to", "via", "earlier", "late", "last", "while":
			for x := j + 1; x < len(toks) && x <= j+8; x++ {
				if toks[x].Punct && text[toks[x].Start] != ',' && text[toks[x].Start] != '\'' {
					break
				}
				if !toks[x].Punct && lower(text[toks[x].Start:toks[x].End]) == "that" {
					return x + 1
				}
			}
		}
	}
	for j < len(toks) {
		if toks[j].Punct {
			c := text[toks[j].Start]
			if c == ',' || c == ':' {
				j++
				continue
			}
			return j
		}
		w := lower(text[toks[j].Start:toks[j].End])
		if w == "that" || timeWords[w] {
			j++
			continue
		}
		return j
	}
	return j
}

// notClause are words that, right after a reporting verb, show that an
// object or adjunct follows rather than a clause ("said to", "told him").
var notClause = map[string]bool{
	"to": true, "for": true, "about": true, "of": true, "with": true, "by": true,
	"from": true, "him": true, "them": true, "me": true, "us": true, "so": true,
	"yes": true, "no": true, "nothing": true, "something": true, "anything": true,
	"goodbye": true, "hello": true, "as": true, "in": true, "at": true, "into": true,
	"up": true, "out": true, "off": true, "over": true, "little": true, "otherwise": true,
	"and": true, "or": true, "but": true, "which": true, "who": true, "what": false,
	"the": false, "if": false, "was": true, "is": true, "had": true, "has": true,
	"would": true, "will": true, "could": true, "on": true, "before": true, "after": true,
	"while": true, "when": true, "because": true, "through": true, "during": true,
}

func isClauseStart(text string, toks []cue.Tok, j int) bool {
	if j > 0 && !toks[j-1].Punct && lower(text[toks[j-1].Start:toks[j-1].End]) == "that" {
		return true // after "that" anything goes
	}
	w := lower(text[toks[j].Start:toks[j].End])
	if subjectStarters[w] {
		return true
	}
	if notClause[w] || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ing") {
		return false
	}
	return true
}

// subjectOf finds the subject of an indirect-speech cue at toks[k]:
// "X said", "X, who ..., said", "X, a spokesman, said", "X ... and said".
func subjectOf(text string, toks []cue.Tok, k int) (int, int, bool) {
	if from, to, ok := cue.SubjectBefore(text, toks, k, 0); ok {
		if from > 0 && !toks[from-1].Punct {
			w := lower(text[toks[from-1].Start:toks[from-1].End])
			if w == "who" {
				// "Barkley, who said ..." -> Barkley
				j := from - 1
				if j > 0 && toks[j-1].Punct && text[toks[j-1].Start] == ',' {
					j--
				}
				if f2, t2, ok2 := cue.SubjectBefore(text, toks, j, 0); ok2 {
					return f2, t2, true
				}
			}
		}
		return from, to, true
	}
	j := k - 1
	for j >= 0 && !toks[j].Punct && auxWords[lower(text[toks[j].Start:toks[j].End])] {
		j--
	}
	if j < 0 {
		return 0, 0, false
	}
	if toks[j].Punct && text[toks[j].Start] == ',' {
		// A name set off by commas ("..., Gov. John Kasich (R-OH), said")
		// is the subject itself.
		if from, to, ok := cue.SubjectBefore(text, toks, j, 0); ok && isCapitalised(text[toks[from].Start:toks[from].End]) && !appositiveStart[lower(text[toks[from].Start:toks[from].End])] {
			return from, to, true
		}
		// Appositive or relative clause between subject and verb: find the
		// comma that opens it and take the phrase before it.
		for x := j - 1; x > 0 && j-x <= 12; x-- {
			if toks[x].Punct && text[toks[x].Start] == ',' {
				return cue.SubjectBefore(text, toks, x, 0)
			}
			if toks[x].Punct && text[toks[x].Start] != '.' && text[toks[x].Start] != '(' && text[toks[x].Start] != ')' && text[toks[x].Start] != '-' {
				break
			}
		}
		return 0, 0, false
	}
	if w := lower(text[toks[j].Start:toks[j].End]); w == "and" || w == "but" || w == "who" {
		if w == "who" {
			x := j
			if x > 0 && toks[x-1].Punct && text[toks[x-1].Start] == ',' {
				x--
			}
			return cue.SubjectBefore(text, toks, x, 0)
		}
		return cue.ClauseSubject(text, toks, 0, j)
	}
	return 0, 0, false
}

// appositiveStart are words that open an appositive rather than a name
// ("X, a spokesman, said").
var appositiveStart = map[string]bool{"a": true, "an": true, "the": true, "who": true, "which": true, "its": true, "his": true, "her": true, "their": true, "also": true, "now": true}

var auxWords = map[string]bool{
	"has": true, "have": true, "had": true, "also": true, "later": true,
	"previously": true, "again": true, "then": true, "has-": false,
}

func isCapitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isQuoteMark(text string, t cue.Tok) bool {
	r, _ := utf8.DecodeRuneInString(text[t.Start:])
	return r == '"' || r == '”' || r == '»' || r == '“'
}

func lower(w string) string {
	var buf [48]byte
	return string(cue.Lower(buf[:0], w))
}

func countWords(s string) int {
	n := 0
	in := false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w || in && (r == '\'' || r == '’' || r == '-')
	}
	return n
}

func countWordToks(toks []cue.Tok) int {
	n := 0
	for _, t := range toks {
		if !t.Punct {
			n++
		}
	}
	return n
}

func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

func endsTerminal(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == ',' || r == '…'
}

func endsWithColon(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == ':'
}
