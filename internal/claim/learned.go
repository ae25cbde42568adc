package claim

import (
	"slices"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/cue"
)

// learned adds the attribution that the model of package cue finds in
// sentence s, when the rules found no claim there and quotations cover
// less than half of it: a sentence with a cue and content ("Republicans
// criticized the deal", "she wants to run"). Sentences without a cue word
// (cue.IsCueWord) are not tagged, which keeps the cost low. claims
// from index n on are the rules' claims for s. The content runs from the
// first to the last content word; the holder is the source phrase nearest
// the cue, else the subject before it.
func (f *finder) learned(s article.Span, claims []article.Claim, n int) []article.Claim {
	doc := f.doc
	first, end := cue.SentenceTokens(doc.Tokens, s, f.next)
	f.next = end
	if end-first < 3 || len(claims) > n || f.covered(s, claims[n:]) {
		return claims
	}
	toks := doc.Tokens[first:end]
	if !f.hasCueWord(toks) {
		return claims
	}
	f.words = f.words[:0]
	f.ltoks = f.ltoks[:0]
	for _, t := range toks {
		f.words = append(f.words, doc.Text[t.Start:t.End])
		f.ltoks = append(f.ltoks, cue.Tok{Start: t.Start, End: t.End, Punct: t.Kind == article.TokenPunct})
	}
	labels := f.model.Tag(f.words)
	lo, hi := span(labels, cue.LabelContent, 0, len(labels))
	if lo < 0 {
		return claims
	}
	cueAt, cueEnd := nearestRun(labels, cue.LabelCue, lo, hi)
	if cueAt < 0 || !f.cueWord(first+cueAt, first+cueEnd) {
		return claims
	}
	if lo < cueAt && cueEnd < hi && cueAt > 0 && f.conjunction(cueAt-1) {
		// Content on both sides of a cue that opens a second predicate:
		// the part after it is what the cue introduces ("the group was
		// defeated and enjoyed support from ...").
		lo, hi = span(labels, cue.LabelContent, cueEnd, hi)
	}
	// Trim punctuation at the edges of the content.
	for lo < hi && f.ltoks[lo].Punct && !isOpenQuote(doc.Text, f.ltoks[lo]) {
		lo++
	}
	for hi > lo && f.ltoks[hi-1].Punct && !isCloseQuote(doc.Text, f.ltoks[hi-1]) {
		hi--
	}
	if hi <= lo {
		return claims
	}
	c := trimMarks(doc.Text, article.Span{Start: f.ltoks[lo].Start, End: f.ltoks[hi-1].End})
	if c.Len() == 0 || f.repeats(c, claims[n:]) {
		return claims
	}
	cueText, _ := cue.CueText(doc.Text, f.ltoks, cueAt, cueEnd-cueAt)
	from, to, ok := f.source(labels, cueAt, cueEnd)
	cl := article.Claim{Text: doc.Text[c.Start:c.End], Start: c.Start, End: c.End, Via: []string{}, Cue: cueText}
	holder := -1
	if ok {
		sp := f.r.Resolve(f.ltoks, from, to)
		hs := sp.Span
		cl.Holder, cl.HolderText, cl.HolderSpan = f.r.ID(sp.Entity), sp.Text, &hs
		holder = sp.Entity
	}
	cl.Via = f.r.Via(s, c, holder)
	cl.Hedge = f.hedgeInToks(c)
	return append(claims, cl)
}

// hasCueWord reports whether one of toks is a word the model may take
// for a cue (cue.IsCueWord); tagging a sentence without one is wasted.
func (f *finder) hasCueWord(toks []article.Token) bool {
	var buf [48]byte
	for _, t := range toks {
		w := f.doc.Text[t.Start:t.End]
		if len(w) > len(buf) {
			continue
		}
		if cue.IsCueWord(string(cue.Lower(buf[:0], w))) {
			return true
		}
	}
	return false
}

// cueWord reports whether doc.Tokens[from:to], a cue found by the model,
// holds a word other than a pronoun, determiner, conjunction or number, or
// is a colon ("X:"), by the part-of-speech tags of the tagger; a cue of a
// possessive alone ("its attacks") is a mistake. Without tags every cue
// passes.
func (f *finder) cueWord(from, to int) bool {
	pos := f.doc.POS
	if len(pos) != len(f.doc.Tokens) {
		return true
	}
	for i := from; i < to; i++ {
		t := f.doc.Tokens[i]
		if t.Kind == article.TokenPunct {
			if f.doc.Text[t.Start:t.End] == ":" {
				return true
			}
			continue
		}
		switch pos[i] {
		case "PRP", "PRP$", "DT", "PDT", "CC", "POS", "WDT", "WP", "WP$", "EX", "CD":
		default:
			return true
		}
	}
	return false
}

// covered reports whether the quotes, or the rules' claims for the
// sentence, already cover most of sentence s.
func (f *finder) covered(s article.Span, claims []article.Claim) bool {
	n := f.quotes.overlap(s, func(o int) bool { return false })
	for _, c := range claims {
		n += overlapLen(s, article.Span{Start: c.Start, End: c.End})
	}
	return n*2 > s.Len()
}

// repeats reports whether a quote or claim already holds most of c.
func (f *finder) repeats(c article.Span, claims []article.Claim) bool {
	half := func(o int) bool { return o*2 > c.Len() }
	if half(f.quotes.overlap(c, half)) {
		return true
	}
	for _, o := range claims {
		if half(overlapLen(c, article.Span{Start: o.Start, End: o.End})) {
			return true
		}
	}
	return false
}

// spanIndex answers which of a set of spans overlap a span, without
// scanning them all: a scan for every sentence was quadratic on long
// articles.
type spanIndex struct {
	spans  []article.Span // sorted by start
	maxEnd []int          // maxEnd[i] is the largest end among spans[:i+1]
}

func newSpanIndex(quotes []article.Quote) spanIndex {
	x := spanIndex{spans: make([]article.Span, len(quotes))}
	for i, q := range quotes {
		x.spans[i] = article.Span{Start: q.Start, End: q.End}
	}
	slices.SortFunc(x.spans, func(a, b article.Span) int { return a.Start - b.Start })
	x.maxEnd = make([]int, len(x.spans))
	end := 0
	for i, sp := range x.spans {
		end = max(end, sp.End)
		x.maxEnd[i] = end
	}
	return x
}

// overlap returns the sum of the overlaps of s with the indexed spans,
// or the first single overlap for which stop returns true.
func (x spanIndex) overlap(s article.Span, stop func(int) bool) int {
	i := sort.Search(len(x.maxEnd), func(i int) bool { return x.maxEnd[i] > s.Start })
	n := 0
	for ; i < len(x.spans) && x.spans[i].Start < s.End; i++ {
		o := overlapLen(s, x.spans[i])
		if stop(o) {
			return o
		}
		n += o
	}
	return n
}

func overlapLen(a, b article.Span) int {
	if !a.Overlaps(b) {
		return 0
	}
	return min(a.End, b.End) - max(a.Start, b.Start)
}

// nearestRun returns the run of labels equal to l nearest to [lo, hi):
// the last one ending at or before lo, else the first one starting at or
// after hi, else the first one inside. It returns -1, -1 when there is
// none.
func nearestRun(labels []string, l string, lo, hi int) (int, int) {
	for i := lo - 1; i >= 0; i-- {
		if labels[i] == l {
			end := i + 1
			for i > 0 && labels[i-1] == l {
				i--
			}
			return i, end
		}
	}
	if i, j := run(labels, l, hi, len(labels)); i >= 0 {
		return i, j
	}
	return run(labels, l, lo, hi)
}

// run returns the first run of labels equal to l within [lo, hi), or -1, -1.
func run(labels []string, l string, lo, hi int) (int, int) {
	for i := lo; i < hi; i++ {
		if labels[i] == l {
			j := i + 1
			for j < hi && labels[j] == l {
				j++
			}
			return i, j
		}
	}
	return -1, -1
}

// span returns the range from the first to the last label equal to l
// within [lo, hi), or -1, -1.
func span(labels []string, l string, lo, hi int) (int, int) {
	from, to := -1, -1
	for i := lo; i < hi; i++ {
		if labels[i] == l {
			if from < 0 {
				from = i
			}
			to = i + 1
		}
	}
	return from, to
}

// source returns the holder phrase of the cue at [cueAt, cueEnd): the
// source run closest before the cue, else one right after it ("said X"),
// else the subject before the cue by the rules of package cue. A run of
// punctuation or a lone determiner is no source.
func (f *finder) source(labels []string, cueAt, cueEnd int) (int, int, bool) {
	for i := cueAt - 1; i >= 0; i-- {
		if labels[i] != cue.LabelSource {
			continue
		}
		j := i
		for j > 0 && labels[j-1] == cue.LabelSource {
			j--
		}
		if from, to, ok := f.phrase(j, min(i+1, cueAt)); ok {
			return from, to, true
		}
		if !f.ltoks[i].Punct && j == i {
			// A lone determiner: take the noun phrase it opens.
			to := i + 1
			for to < cueAt && to-i < 5 && !f.ltoks[to].Punct && labels[to] != cue.LabelCue {
				to++
			}
			if to > i+1 {
				return i, to, true
			}
		}
		if from, to, ok := cue.SubjectBefore(f.doc.Text, f.ltoks, cueAt, 0); ok {
			return from, to, true
		}
		break
	}
	for i := cueEnd; i < len(labels); i++ {
		if labels[i] != cue.LabelSource {
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == cue.LabelSource {
			j++
		}
		if f.relative(i) && (j < len(labels) && labels[j] == cue.LabelCue || j+1 < len(labels) && labels[j+1] == cue.LabelCue) {
			break // the source of a cue in a relative clause ("..., which many view as")
		}
		if from, to, ok := f.phrase(i, j); ok {
			return from, to, true
		}
		break
	}
	return cue.SubjectBefore(f.doc.Text, f.ltoks, cueAt, 0)
}

// conjunction reports whether f.ltoks[i] is "and", "but" or "or".
func (f *finder) conjunction(i int) bool {
	if f.ltoks[i].Punct {
		return false
	}
	switch f.word2(i) {
	case "and", "but", "or":
		return true
	}
	return false
}

// relative reports whether f.ltoks[i] or the word before it is a
// relative pronoun.
func (f *finder) relative(i int) bool {
	for _, k := range []int{i, i - 1} {
		if k >= 0 && !f.ltoks[k].Punct {
			switch f.word2(k) {
			case "which", "who", "whom", "whose":
				return true
			}
		}
	}
	return false
}

// phrase trims punctuation from the ends of f.ltoks[from:to] and reports
// whether a phrase other than a lone determiner is left.
func (f *finder) phrase(from, to int) (int, int, bool) {
	for from < to && f.ltoks[from].Punct {
		from++
	}
	for to > from && f.ltoks[to-1].Punct && f.doc.Text[f.ltoks[to-1].Start] != ')' {
		to--
	}
	if to <= from {
		return 0, 0, false
	}
	if to-from == 1 {
		switch f.word2(from) {
		case "the", "a", "an", "this", "that", "its", "their", "his", "her":
			return 0, 0, false
		}
	}
	return from, to, true
}

func (f *finder) word2(k int) string {
	var buf [48]byte
	t := f.ltoks[k]
	return string(cue.Lower(buf[:0], f.doc.Text[t.Start:t.End]))
}

// hedgeInToks returns the first hedge word inside c, over the model's
// tokens.
func (f *finder) hedgeInToks(c article.Span) string {
	for k, t := range f.ltoks {
		if t.Start < c.Start || t.Punct {
			continue
		}
		if t.End > c.End {
			break
		}
		if n, _ := f.r.Lex.Match(f.doc.Text, f.ltoks, k, cue.Hedge); n > 0 && !cue.NounUse(f.doc.Text, f.ltoks, k) {
			h, _ := cue.CueText(f.doc.Text, f.ltoks, k, n)
			return h
		}
	}
	return ""
}

func isEnglish(lang string) bool {
	lang = strings.ToLower(lang)
	return lang == "" || lang == "en" || strings.HasPrefix(lang, "en-") || strings.HasPrefix(lang, "en_")
}
