// Package claim finds who claims what: reported speech without quotation
// marks ("Reuters reported that ..."), attributions by "according to",
// assertions of belief ("US officials claim ...", "which many view as
// ..."), and unattributed content ("rumors that ..."), each with its holder,
// cue, the news organisations it came through, and a hedge when the text
// marks the content as uncertain ("expected", "claim", "rumors").
//
// Holders are resolved to entities as quote speakers are (internal/cue);
// with no entities the holder phrase is kept and the holder id is null.
package claim

import (
	"context"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/cue"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/tagger"
)

// Stage fills doc.Claims. It reads doc.Sentences, doc.Tokens, doc.Entities
// and doc.Quotes.
type Stage struct{}

var _ pipeline.Stage = Stage{}

// Name implements pipeline.Stage.
func (Stage) Name() string { return "claim" }

// Process implements pipeline.Stage.
func (Stage) Process(ctx context.Context, doc *article.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc.Claims = Find(doc)
	return nil
}

// Find returns the claims of doc in text order.
func Find(doc *article.Document) []article.Claim {
	sents := doc.Sentences
	if len(sents) == 0 {
		sents = doc.Paragraphs
	}
	if len(sents) == 0 && doc.Text != "" {
		sents = []article.Span{{Start: 0, End: len(doc.Text)}}
	}
	f := &finder{doc: doc, r: cue.NewResolver(doc)}
	if len(doc.Tokens) > 0 && len(doc.Sentences) > 0 && isEnglish(doc.Language) {
		m, err := cue.AttributionModel()
		if err != nil {
			panic("claim: " + err.Error()) // the embedded model is part of the build
		}
		f.model = m
		f.quotes = newSpanIndex(doc.Quotes)
	}
	claims := []article.Claim{}
	for _, s := range sents {
		if s.Start < 0 || s.End > len(doc.Text) || s.Start >= s.End {
			continue
		}
		n := len(claims)
		claims = f.sentence(s, claims)
		if f.model != nil {
			claims = f.learned(s, claims, n)
		}
	}
	for i := range claims {
		claims[i].ID = "c" + strconv.Itoa(i+1)
	}
	return claims
}

type finder struct {
	doc  *article.Document
	r    *cue.Resolver
	toks []cue.Tok
	// The attribution model, for English documents with tokens; nil
	// otherwise. next is the first token of doc.Tokens not yet passed.
	model  *tagger.Model
	quotes spanIndex
	next   int
	words  []string
	ltoks  []cue.Tok
}

func (f *finder) word(k int) string {
	t := f.toks[k]
	if t.Punct {
		return f.doc.Text[t.Start:t.End]
	}
	var buf [48]byte
	return string(cue.Lower(buf[:0], f.doc.Text[t.Start:t.End]))
}

func (f *finder) sentence(s article.Span, claims []article.Claim) []article.Claim {
	text := f.doc.Text
	f.toks = cue.Scan(text, s.Start, s.End, f.toks[:0])
	toks := f.toks
	lex := f.r.Lex
	according := -1 // token index of "according to"
	for k := 0; k < len(toks); k++ {
		if n, kind := lex.Match(text, toks, k, cue.Prep); n > 0 && kind&cue.Prep != 0 && f.word(k) != "citing" {
			according = k
			break
		}
	}
	// The subject of a reporting verb before "according to" is a secondary
	// source ("the report stressed that ..., according to five officials").
	secondary := -1
	thatDone := false
	for k := 0; k < len(toks); k++ {
		if toks[k].Punct {
			continue
		}
		n, kind := lex.Match(text, toks, k, cue.Verb|cue.Claim|cue.Rumor)
		if n == 0 {
			continue
		}
		w := f.word(k)
		switch {
		case kind&cue.Rumor != 0 && k+n < len(toks) && f.word(k+n) == "that" && !(kind&(cue.Verb|cue.Claim) != 0 && k > 0 && !toks[k-1].Punct && isSubjectish(f.word(k-1))):
			// "rumors that ..." with no holder.
			c := f.contentFrom(k+n+1, len(toks))
			if c.Len() == 0 {
				continue
			}
			cueText, _ := cue.CueText(text, toks, k, n)
			claims = append(claims, article.Claim{Text: text[c.Start:c.End], Start: c.Start, End: c.End,
				HolderText: "", Via: f.r.Via(s, c, -1), Cue: cueText, Hedge: cueText})
			k += n
		case kind&cue.Claim != 0 && !cue.NounUse(text, toks, k) && (w == "view" || w == "views" || w == "viewed" || w == "see" || w == "sees" || w == "regard" || w == "regards" || w == "consider" || w == "considers"):
			as := -1
			for j := k + n; j < len(toks) && j <= k+n+3; j++ {
				if !toks[j].Punct && f.word(j) == "as" {
					as = j
					break
				}
			}
			if as < 0 {
				continue
			}
			from, to, ok := cue.SubjectBefore(text, toks, k, 0)
			if !ok {
				continue
			}
			c := f.contentFrom(as+1, len(toks))
			if i := strings.IndexAny(text[c.Start:c.End], ",;"); i > 0 {
				c.End = c.Start + i // a relative clause ends at its comma
			}
			if c.Len() == 0 {
				continue
			}
			sp := f.r.Resolve(toks, from, to)
			cueText, _ := cue.CueText(text, toks, k, n)
			claims = append(claims, f.claim(s, c, sp, cueText, strings.ToLower(sp.Text)+" "+cueText, -1))
		case kind&(cue.Verb|cue.Claim) != 0 && !thatDone && !cue.NounUse(text, toks, k):
			from, to, ok := cue.SubjectBefore(text, toks, k, 0)
			if !ok {
				continue
			}
			j := f.skipLead(k+n, w)
			that := j > k+n && f.word(j-1) == "that"
			if !that && (kind&cue.Claim == 0 || j >= len(toks) || !f.clauseStart(j)) {
				continue
			}
			sp := f.r.Resolve(toks, from, to)
			if according > k {
				secondary = sp.Entity
				thatDone = true
				continue
			}
			end := len(toks)
			c := f.contentFrom(j, end)
			if c.Len() == 0 {
				continue
			}
			cueText, _ := cue.CueText(text, toks, k, n)
			hedge := ""
			if kind&cue.Claim != 0 && lex.Is(w, cue.Hedge) {
				hedge = cueText
			} else {
				hedge = f.hedgeIn(c)
			}
			claims = append(claims, f.claimHedged(s, c, sp, cueText, hedge, -1))
			thatDone = true
		}
	}
	if according >= 0 {
		claims = f.according(s, according, secondary, claims)
	}
	return claims
}

// according handles "CONTENT, according to X" and "According to X, CONTENT".
func (f *finder) according(s article.Span, k, secondary int, claims []article.Claim) []article.Claim {
	text := f.doc.Text
	toks := f.toks
	n, _ := f.r.Lex.Match(text, toks, k, cue.Prep)
	from, to, ok := cue.PhraseAfter(text, toks, k+n, len(toks))
	if !ok {
		return claims
	}
	sp := f.r.Resolve(toks, from, to)
	cueText, _ := cue.CueText(text, toks, k, n)
	var c article.Span
	if k == 0 || k <= 2 && toks[k-1].Punct {
		// "According to X, CONTENT."
		j := to
		for j < len(toks) && toks[j].Punct {
			j++
		}
		c = f.contentFrom(j, len(toks))
	} else {
		// "CONTENT, according to X": from the clause start to the cue.
		lo := 0
		for lo < k && (toks[lo].Punct || lo == 0 && isConnective(f.word(lo))) {
			lo++
		}
		hi := k
		for hi > lo && toks[hi-1].Punct {
			hi--
		}
		// Start after the last "that" of a reporting verb, if any.
		for j := hi - 1; j > lo; j-- {
			if !toks[j].Punct && f.word(j) == "that" && j > 0 && !toks[j-1].Punct && f.r.Lex.Is(f.word(j-1), cue.Verb|cue.Claim) {
				lo = j + 1
				break
			}
		}
		if hi <= lo {
			return claims
		}
		c = article.Span{Start: toks[lo].Start, End: toks[hi-1].End}
		c = trimMarks(text, c)
	}
	if c.Len() == 0 {
		return claims
	}
	return append(claims, f.claimHedged(s, c, sp, cueText, f.hedgeIn(c), secondary))
}

func (f *finder) claim(s, c article.Span, sp cue.Speaker, cueText, hedge string, secondary int) article.Claim {
	return f.claimHedged(s, c, sp, cueText, hedge, secondary)
}

func (f *finder) claimHedged(s, c article.Span, sp cue.Speaker, cueText, hedge string, secondary int) article.Claim {
	hs := sp.Span
	return article.Claim{
		Text: f.doc.Text[c.Start:c.End], Start: c.Start, End: c.End,
		Holder: f.r.ID(sp.Entity), HolderText: sp.Text, HolderSpan: &hs,
		Via: f.r.Via(s, c, sp.Entity, secondary), Cue: cueText, Hedge: hedge,
	}
}

// hedgeIn returns the first hedge word inside c.
func (f *finder) hedgeIn(c article.Span) string {
	for k, t := range f.toks {
		if t.Start < c.Start || t.Punct {
			continue
		}
		if t.End > c.End {
			break
		}
		if n, _ := f.r.Lex.Match(f.doc.Text, f.toks, k, cue.Hedge); n > 0 && !cue.NounUse(f.doc.Text, f.toks, k) {
			h, _ := cue.CueText(f.doc.Text, f.toks, k, n)
			return h
		}
	}
	return ""
}

// contentFrom returns the span from toks[j] to the end of the clause (the
// sentence end, or a ", according to" / ", but" that starts another one).
func (f *finder) contentFrom(j, end int) article.Span {
	toks := f.toks
	for j < end && toks[j].Punct && !isOpenQuote(f.doc.Text, toks[j]) {
		j++
	}
	if j >= end {
		return article.Span{}
	}
	hi := end
	for x := j + 1; x < end; x++ {
		if toks[x].Punct && f.doc.Text[toks[x].Start] == ',' && x+1 < end {
			nw := f.word(x + 1)
			if nw == "according" || nw == "but" || nw == "which" || nw == "while" || nw == "whereas" {
				hi = x
				break
			}
		}
	}
	for hi > j && toks[hi-1].Punct && !isCloseQuote(f.doc.Text, toks[hi-1]) {
		hi--
	}
	if hi <= j {
		return article.Span{}
	}
	return trimMarks(f.doc.Text, article.Span{Start: toks[j].Start, End: toks[hi-1].End})
}

func (f *finder) skipLead(j int, verb string) int {
	toks := f.toks
	if verb == "told" || verb == "tells" || verb == "tell" || verb == "warned" || verb == "assured" || verb == "informed" {
		for x := j; x < len(toks) && x < j+5; x++ {
			if !toks[x].Punct && f.word(x) == "that" {
				return x + 1
			}
		}
	}
	for j < len(toks) {
		if toks[j].Punct {
			if c := f.doc.Text[toks[j].Start]; c == ',' {
				j++
				continue
			}
			return j
		}
		w := f.word(j)
		if w == "that" {
			return j + 1
		}
		if timeWord[w] {
			j++
			continue
		}
		return j
	}
	return j
}

func (f *finder) clauseStart(j int) bool {
	if f.toks[j].Punct {
		return false
	}
	w := f.word(j)
	if clauseStarters[w] {
		return true
	}
	r, _ := utf8.DecodeRuneInString(f.doc.Text[f.toks[j].Start:])
	return unicode.IsUpper(r)
}

var timeWord = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "yesterday": true,
	"today": true, "on": true, "last": true, "week": true, "earlier": true,
	"also": true, "again": true, "repeatedly": true, "publicly": true,
	"morning": true, "night": true, "evening": true, "afternoon": true,
}

var clauseStarters = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "we": true, "i": true,
	"there": true, "the": true, "this": true, "these": true, "those": true,
	"its": true, "his": true, "her": true, "their": true, "our": true,
	"some": true, "many": true, "most": true, "all": true, "no": true, "a": true,
}

func isConnective(w string) bool {
	switch w {
	case "but", "and", "however", "yet", "so", "meanwhile", "still":
		return true
	}
	return false
}

func isSubjectish(w string) bool {
	switch w {
	case "the", "a", "an", "this", "that", "these", "those", "of", "new", "sparked", "fuelled", "fueled", "amid", "despite":
		return false
	}
	return true
}

func isOpenQuote(text string, t cue.Tok) bool {
	r, _ := utf8.DecodeRuneInString(text[t.Start:])
	return r == '“' || r == '"' || r == '«' || r == '„'
}

func isCloseQuote(text string, t cue.Tok) bool {
	r, _ := utf8.DecodeRuneInString(text[t.Start:])
	return r == '”' || r == '"' || r == '»'
}

// trimMarks drops quotation marks and commas that wrap a span.
func trimMarks(text string, c article.Span) article.Span {
	for c.Start < c.End {
		r, size := utf8.DecodeRuneInString(text[c.Start:c.End])
		if r != '“' && r != '"' && r != '«' && r != '„' && !unicode.IsSpace(r) {
			break
		}
		c.Start += size
	}
	for c.End > c.Start {
		r, size := utf8.DecodeLastRuneInString(text[c.Start:c.End])
		if r != '”' && r != '"' && r != '»' && r != ',' && r != '.' && !unicode.IsSpace(r) {
			break
		}
		c.End -= size
	}
	return c
}
