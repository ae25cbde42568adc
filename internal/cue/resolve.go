package cue

import (
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Resolver ties speaker phrases to entities for one document. It remembers
// the last resolved speaker, so that "he" or "the statement" can refer
// back. It is not safe for concurrent use; make one per document.
type Resolver struct {
	Doc  *article.Document
	Lex  *Lexicon
	Idx  *Index
	Last int // entity index of the last resolved speaker, or -1
}

// NewResolver returns a resolver over doc, with the lexicon of its language.
func NewResolver(doc *article.Document) *Resolver {
	return &Resolver{Doc: doc, Lex: For(doc.Language), Idx: NewIndex(doc), Last: -1}
}

// Speaker is a resolved speaker or holder phrase.
type Speaker struct {
	Text   string
	Span   article.Span
	Entity int // index into Doc.Entities, or -1
}

// ID returns the entity id, or nil when the speaker is unresolved.
func (r *Resolver) ID(e int) *string {
	if e < 0 || e >= len(r.Doc.Entities) {
		return nil
	}
	id := r.Doc.Entities[e].ID
	return &id
}

// Resolve resolves the phrase toks[from:to]. A pronoun or generic noun
// ("the report") refers back to the last speaker or the nearest fitting
// actor before it.
func (r *Resolver) Resolve(toks []Tok, from, to int) Speaker {
	text := r.Doc.Text
	sp := article.Span{Start: toks[from].Start, End: toks[to-1].End}
	s := Speaker{Text: text[sp.Start:sp.End], Span: sp, Entity: -1}
	if r.Idx.Empty() {
		return s
	}
	if head := r.Lex.GenericHead(text, toks[from:to]); head != "" {
		// A mention inside the phrase ("The IRI statement") wins.
		if e := r.Idx.Best(sp); e >= 0 {
			s.Entity = e
		} else {
			s.Entity = r.Idx.Antecedent(head, sp.Start, r.Last)
		}
	} else {
		s.Entity = r.Idx.Best(sp)
	}
	if s.Entity >= 0 {
		r.Last = s.Entity
	}
	return s
}

// Via returns the ids of the news organisations through which an
// attribution reached the article: news organisations named in region
// outside content, and the given secondary speakers that are news
// organisations, except the speaker itself. It never returns nil.
func (r *Resolver) Via(region, content article.Span, speaker int, secondary ...int) []string {
	via := []string{}
	if r.Idx.Empty() {
		return via
	}
	var buf [4]int
	ents := buf[:0]
	for _, e := range secondary {
		if e >= 0 && IsNewsOrg(&r.Doc.Entities[e]) && !containsInt(ents, e) {
			ents = append(ents, e)
		}
	}
	ents = r.Idx.NewsOrgs(region, content, ents)
	for _, e := range ents {
		if e != speaker {
			via = append(via, r.Doc.Entities[e].ID)
		}
	}
	return via
}

// CueText returns the lower-cased text of a cue spanning toks[i:i+n].
func CueText(text string, toks []Tok, i, n int) (string, article.Span) {
	sp := article.Span{Start: toks[i].Start, End: toks[i+n-1].End}
	return strings.ToLower(text[sp.Start:sp.End]), sp
}
