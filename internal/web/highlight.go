package web

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Mark is one highlighted range of a text: a fact or a search match.
type Mark struct {
	Start, End int
	// Class is a CSS class name, such as "ent" or "quote".
	Class string
	// Label describes the fact, shown as the segment's title.
	Label string
	// Href, when set, links the highlighted words (the innermost mark with
	// a link wins; of equal ones, the first given).
	Href string
	// ID, when set, is an anchor placed where the mark starts.
	ID string
}

// Segment is a run of text covered by the same set of marks. Text is plain
// (unescaped); templates escape it.
type Segment struct {
	Text    string
	Class   string // space-separated classes of every covering mark
	Title   string // labels of every covering mark, outermost first
	Href    string
	Anchors []string // ids of the marks starting here
}

// Marked reports whether any mark covers the segment.
func (s Segment) Marked() bool { return s.Class != "" }

// Paragraph is a run of segments shown as one paragraph.
type Paragraph struct {
	Segments []Segment
}

// Highlight splits text into paragraphs (at paras, or at blank lines when
// paras is empty) and each paragraph into segments at every mark boundary,
// so that nested and overlapping marks both show: a segment carries the
// classes of all marks covering it. Marks that are empty, out of range or
// not on UTF-8 character boundaries are dropped, never trusted.
func Highlight(text string, paras []article.Span, marks []Mark) []Paragraph {
	valid := make([]Mark, 0, len(marks))
	for _, m := range marks {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || !boundary(text, m.Start) || !boundary(text, m.End) {
			continue
		}
		valid = append(valid, m)
	}
	// Outer marks first: by start, then longer first.
	sort.SliceStable(valid, func(i, j int) bool {
		if valid[i].Start != valid[j].Start {
			return valid[i].Start < valid[j].Start
		}
		return valid[i].End > valid[j].End
	})
	var out []Paragraph
	for _, p := range paragraphSpans(text, paras) {
		out = append(out, highlightRange(text, p, valid))
	}
	return out
}

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// paragraphSpans returns valid, sorted, non-overlapping paragraph spans, or
// the text split at blank lines when paras gives none.
func paragraphSpans(text string, paras []article.Span) []article.Span {
	var out []article.Span
	last := 0
	for _, p := range paras {
		if p.Start < last || p.End > len(text) || p.Start >= p.End || !boundary(text, p.Start) || !boundary(text, p.End) {
			continue
		}
		out = append(out, p)
		last = p.End
	}
	if len(out) > 0 {
		return out
	}
	start := 0
	for start < len(text) {
		end := strings.Index(text[start:], "\n\n")
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if strings.TrimSpace(text[start:end]) != "" {
			out = append(out, article.Span{Start: start, End: end})
		}
		start = end + 2
	}
	return out
}

func highlightRange(text string, p article.Span, marks []Mark) Paragraph {
	cuts := []int{p.Start, p.End}
	var in []Mark
	for _, m := range marks {
		if m.End <= p.Start || m.Start >= p.End {
			continue
		}
		in = append(in, m)
		cuts = append(cuts, max(m.Start, p.Start), min(m.End, p.End))
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var para Paragraph
	var classes, titles []string
	for i := 0; i+1 < len(cuts); i++ {
		x, y := cuts[i], cuts[i+1]
		seg := Segment{Text: text[x:y]}
		classes, titles = classes[:0], titles[:0]
		inner := -1
		for j, m := range in {
			if m.Start <= x && m.End >= y {
				if m.Class != "" && !slices.Contains(classes, m.Class) {
					classes = append(classes, m.Class)
				}
				if m.Label != "" && !slices.Contains(titles, m.Label) {
					titles = append(titles, m.Label)
				}
				if m.Href != "" && (inner < 0 || m.End-m.Start < in[inner].End-in[inner].Start) {
					inner = j
				}
				if m.ID != "" && m.Start == x {
					seg.Anchors = append(seg.Anchors, m.ID)
				}
			}
		}
		if inner >= 0 {
			seg.Href = in[inner].Href
		}
		seg.Class = strings.Join(classes, " ")
		seg.Title = strings.Join(titles, "\n")
		para.Segments = append(para.Segments, seg)
	}
	return para
}

// slice returns the text a span of doc covers, or "" when the span is out
// of range or cuts a character: a record is not trusted to be consistent.
func slice(doc *article.Document, s article.Span) string {
	t := doc.Slice(s)
	if t == "" || !boundary(doc.Text, s.Start) || !boundary(doc.Text, s.End) {
		return ""
	}
	return t
}
