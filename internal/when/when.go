// Package when finds date and period expressions in English news text and
// resolves them against the publication date.
//
// It recognises absolute dates ("7 October", "October 7", "Oct. 7, 2023",
// "January 2024", "2019", "2023-10-07", "7/10/2023" when the order is
// unambiguous), relative dates ("Wednesday", "yesterday", "last week",
// "last month", "this year", "two days ago") and periods ("since 7
// October", "between March and May", "from 2014 to 2017", "2014-2017", "in
// the past three months", "earlier this month").
//
// Conventions, as in news writing:
//   - a bare weekday is the most recent such day on or before publication
//     ("Reuters reported Wednesday"); "last Monday" is strictly before it,
//     "next Monday" strictly after;
//   - a day and month without a year is the most recent such day not after
//     publication, and a bare month the most recent such month;
//   - "last week" is the previous Monday-to-Sunday week, given as a period;
//   - a period's Value is its start (at the start's precision), Since and
//     Until its bounds; an open period ("since 7 October") ends at the
//     publication date, or stays open without one.
//
// Without a publication date, expressions that need one are returned with
// Unresolved set to ErrNoAnchor's text; a numeric date whose day and month
// could be swapped is returned with Unresolved "ambiguous".
//
// The grammar is hand-written over a single tokenizing pass: no regular
// expressions and no backtracking beyond a few tokens, so the cost is linear
// in the text. A library such as go-dateparser parses one string at a time
// and would have to be run over every window of the text.
package when

import (
	"context"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Reasons given in article.Date.Unresolved.
const (
	ReasonNoAnchor  = "no publication date to anchor a relative date"
	ReasonAmbiguous = "ambiguous"
)

// Precisions.
const (
	Day   = "day"
	Month = "month"
	Year  = "year"
)

// Stage fills doc.Dates with the date expressions of doc.Text, resolved
// against doc.Published. It replaces any dates already there, so that
// running it twice gives the same record.
type Stage struct{}

var _ pipeline.Stage = (*Stage)(nil)

// NewStage returns the dates stage.
func NewStage() *Stage { return &Stage{} }

// Name returns "when".
func (*Stage) Name() string { return "when" }

// Process finds and resolves the dates of doc; see Stage.
func (*Stage) Process(ctx context.Context, doc *article.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc.Dates = Parse(doc.Text, doc.Published)
	return nil
}

// Parse returns the date expressions in text, in order, with spans that do
// not overlap. pub is the publication date, or nil. The result is never nil.
func Parse(text string, pub *time.Time) []article.Date {
	p := parser{text: text, toks: tokenize(text)}
	if pub != nil {
		y, m, d := pub.Date()
		p.pub = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		p.hasPub = true
	}
	out := []article.Date{}
	for i := 0; i < len(p.toks); {
		if r, ok := p.match(i); ok {
			r.Text = text[r.Start:r.End]
			out = append(out, r.Date)
			i = r.next
			continue
		}
		i++
	}
	return out
}
