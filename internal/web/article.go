package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/story"
)

// actorKey is the key under which the store aggregates an entity across
// articles (store.Actor.Key): "kb:" and the knowledge-base id, else "name:"
// and the normalised name.
func actorKey(e *article.Entity) string {
	if e.KBID != "" {
		return "kb:" + e.KBID
	}
	n := strings.ToLower(strings.Join(strings.Fields(e.Name), " "))
	return "name:" + strings.TrimPrefix(n, "the ")
}

// Fact is one annotation listed beside the text, with its provenance.
type Fact struct {
	ID     string // anchor in the side panel
	TextID string // anchor in the text
	Kind   string
	Class  string
	Head   string // what the fact says, in a few words
	Quote  string // the words of the text it rests on
	Detail []string
	Span   article.Span
	Href   string
}

type articleView struct {
	Doc        *article.Document
	Paragraphs []Paragraph
	Actors     []Fact
	Quotes     []Fact
	Claims     []Fact
	Numbers    []Fact
	Events     []Fact
	Story      []store.Hit
	StoryNote  string
}

func (h *Handler) article(w http.ResponseWriter, r *http.Request) {
	doc, err := h.st.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	v := buildArticle(doc)
	v.Story, err = h.sameStory(r.Context(), doc)
	if err != nil {
		// The story is a courtesy; the article still shows.
		h.log.Warn("web: finding the story", "id", doc.ID, "err", err)
		v.StoryNote = "The other versions of this story could not be looked up."
	}
	title := doc.Title
	if title == "" {
		title = "Article " + doc.ID
	}
	h.render(w, r, "article", &page{Title: title, Data: v})
}

// buildArticle marks every fact of doc in its text and lists the facts.
func buildArticle(doc *article.Document) *articleView {
	v := &articleView{Doc: doc}
	ents := map[string]*article.Entity{}
	for i := range doc.Entities {
		ents[doc.Entities[i].ID] = &doc.Entities[i]
	}
	name := func(id *string, fallback string) string {
		if id != nil {
			if e := ents[*id]; e != nil {
				return e.Name
			}
		}
		return fallback
	}
	var marks []Mark
	span := func(s, e int) article.Span { return article.Span{Start: s, End: e} }

	for i := range doc.Entities {
		e := &doc.Entities[i]
		cls := "ent ent-" + strings.ToLower(e.Type)
		desc := entityDesc(e)
		href := "/actors/" + pathEscape(actorKey(e))
		f := Fact{ID: "f-ent-" + safeID(e.ID, i), TextID: "t-ent-" + safeID(e.ID, i), Kind: "actor", Class: cls,
			Head: e.Name, Href: href, Detail: []string{desc}}
		var seen []string
		for j, m := range e.Mentions {
			id := ""
			if j == 0 {
				id = f.TextID
				f.Span = span(m.Start, m.End)
			}
			marks = append(marks, Mark{Start: m.Start, End: m.End, Class: cls, Label: e.Name + " — " + desc, Href: href, ID: id})
			t := slice(doc, span(m.Start, m.End))
			if t != "" && !contains(seen, t) {
				seen = append(seen, t)
			}
		}
		f.Quote = strings.Join(seen, " · ")
		f.Detail = append(f.Detail, fmt.Sprintf("%d mention(s)", len(e.Mentions)))
		if len(e.Aliases) > 0 {
			f.Detail = append(f.Detail, "also: "+strings.Join(e.Aliases, ", "))
		}
		v.Actors = append(v.Actors, f)
	}
	for i, q := range doc.Quotes {
		who := name(q.Speaker, q.SpeakerText)
		if who == "" {
			who = "unattributed"
		}
		f := Fact{ID: "f-q-" + safeID(q.ID, i), TextID: "t-q-" + safeID(q.ID, i), Kind: "quote", Class: "quote",
			Head: who, Quote: slice(doc, span(q.Start, q.End)), Span: span(q.Start, q.End)}
		if q.Direct {
			f.Detail = append(f.Detail, "direct quote")
		} else {
			f.Detail = append(f.Detail, "reported speech")
		}
		if q.Cue != "" {
			f.Detail = append(f.Detail, "cue: "+q.Cue)
		}
		if len(q.Via) > 0 {
			f.Detail = append(f.Detail, "via "+strings.Join(names(q.Via, ents), ", "))
		}
		marks = append(marks, Mark{Start: q.Start, End: q.End, Class: "quote", Label: "quote by " + who, Href: "#" + f.ID, ID: f.TextID})
		if q.SpeakerSpan != nil {
			marks = append(marks, Mark{Start: q.SpeakerSpan.Start, End: q.SpeakerSpan.End, Class: "speaker", Label: "speaker of a quote", Href: "#" + f.ID})
		}
		if q.CueSpan != nil {
			marks = append(marks, Mark{Start: q.CueSpan.Start, End: q.CueSpan.End, Class: "cue", Label: "speech verb"})
		}
		v.Quotes = append(v.Quotes, f)
	}
	for i, c := range doc.Claims {
		who := name(c.Holder, c.HolderText)
		if who == "" {
			who = "unattributed"
		}
		f := Fact{ID: "f-c-" + safeID(c.ID, i), TextID: "t-c-" + safeID(c.ID, i), Kind: "claim", Class: "claim",
			Head: who, Quote: slice(doc, span(c.Start, c.End)), Span: span(c.Start, c.End)}
		if c.Cue != "" {
			f.Detail = append(f.Detail, "cue: "+c.Cue)
		}
		if c.Hedge != "" {
			f.Detail = append(f.Detail, "hedge: "+c.Hedge)
		}
		if len(c.Via) > 0 {
			f.Detail = append(f.Detail, "via "+strings.Join(names(c.Via, ents), ", "))
		}
		marks = append(marks, Mark{Start: c.Start, End: c.End, Class: "claim", Label: "claim held by " + who, Href: "#" + f.ID, ID: f.TextID})
		if c.HolderSpan != nil {
			marks = append(marks, Mark{Start: c.HolderSpan.Start, End: c.HolderSpan.End, Class: "holder", Label: "holder of a claim", Href: "#" + f.ID})
		}
		v.Claims = append(v.Claims, f)
	}
	for i, q := range doc.Quantities {
		f := Fact{ID: fmt.Sprintf("f-n-%d", i), TextID: fmt.Sprintf("t-n-%d", i), Kind: "number", Class: "num",
			Head: quantityDesc(&q), Quote: slice(doc, span(q.Start, q.End)), Span: span(q.Start, q.End)}
		if q.Subject != nil {
			f.Detail = append(f.Detail, "of "+name(q.Subject, *q.Subject))
		}
		if q.Place != nil {
			f.Detail = append(f.Detail, "in "+name(q.Place, *q.Place))
		}
		if q.Since != "" || q.Until != "" {
			f.Detail = append(f.Detail, strings.TrimSpace("period "+q.Since+" – "+q.Until))
		}
		if q.Hedge != "" {
			f.Detail = append(f.Detail, "hedge: "+q.Hedge)
		}
		if h := holderOf(doc, q.Start, q.End, ents); h != "" {
			f.Detail = append(f.Detail, "claimed by "+h)
		}
		marks = append(marks, Mark{Start: q.Start, End: q.End, Class: "num", Label: "number: " + f.Head, Href: "#" + f.ID, ID: f.TextID})
		v.Numbers = append(v.Numbers, f)
	}
	for i, e := range doc.Events {
		desc := eventDesc(&e, ents)
		f := Fact{ID: "f-e-" + safeID(e.ID, i), TextID: "t-e-" + safeID(e.ID, i), Kind: "event", Class: "ev",
			Head: desc, Quote: slice(doc, e.Sentence), Span: span(e.Trigger.Start, e.Trigger.End)}
		f.Detail = append(f.Detail, "trigger: "+e.Trigger.Text)
		if e.Modality != "" {
			f.Detail = append(f.Detail, "modality: "+e.Modality)
		}
		if e.Negated {
			f.Detail = append(f.Detail, "negated")
		}
		if e.Historical {
			f.Detail = append(f.Detail, "historical")
		}
		if e.Place != nil {
			f.Detail = append(f.Detail, "place: "+name(e.Place, *e.Place))
		}
		if e.Date != nil {
			f.Detail = append(f.Detail, "date: "+strings.TrimSpace(e.Date.Value+" "+e.Date.Since+" "+e.Date.Until))
		}
		if e.Attribution != nil {
			f.Detail = append(f.Detail, "according to "+attribution(doc, *e.Attribution, ents))
		}
		if e.Count != nil {
			f.Detail = append(f.Detail, fmt.Sprintf("count: %g", *e.Count))
		}
		f.Detail = append(f.Detail, fmt.Sprintf("confidence %.2f", e.Confidence))
		marks = append(marks, Mark{Start: e.Trigger.Start, End: e.Trigger.End, Class: "ev", Label: "event: " + desc, Href: "#" + f.ID, ID: f.TextID})
		v.Events = append(v.Events, f)
	}
	for _, d := range doc.Dates {
		label := "date"
		if d.Value != "" {
			label = "date: " + d.Value
		}
		marks = append(marks, Mark{Start: d.Start, End: d.End, Class: "date", Label: label})
	}
	v.Paragraphs = Highlight(doc.Text, doc.Paragraphs, marks)
	return v
}

// attribution names who an event is attributed to: the speaker of the
// quote or holder of the claim with that id.
func attribution(doc *article.Document, id string, ents map[string]*article.Entity) string {
	for _, q := range doc.Quotes {
		if q.ID == id {
			if q.Speaker != nil {
				return names([]string{*q.Speaker}, ents)[0]
			}
			return q.SpeakerText
		}
	}
	for _, c := range doc.Claims {
		if c.ID == id {
			if c.Holder != nil {
				return names([]string{*c.Holder}, ents)[0]
			}
			return c.HolderText
		}
	}
	return id
}

func entityDesc(e *article.Entity) string {
	var parts []string
	for _, s := range []string{e.Kind, e.Type, e.Country, e.Sector} {
		if s != "" && !contains(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

func quantityDesc(q *article.Quantity) string {
	var b strings.Builder
	if q.Approximate {
		b.WriteString("about ")
	}
	switch {
	case q.Low != nil && q.High != nil:
		fmt.Fprintf(&b, "%g–%g", *q.Low, *q.High)
	default:
		fmt.Fprintf(&b, "%g", q.Value)
	}
	if q.Unit != "" {
		b.WriteString(" " + q.Unit)
	}
	return b.String()
}

func eventDesc(e *article.Event, ents map[string]*article.Entity) string {
	var b strings.Builder
	if e.Negated {
		b.WriteString("not ")
	}
	b.WriteString(e.Type)
	if e.Mode != "" {
		b.WriteString("/" + e.Mode)
	}
	if a := names(e.Actors, ents); len(a) > 0 {
		b.WriteString(": " + strings.Join(a, ", "))
	}
	if rc := names(e.Recipients, ents); len(rc) > 0 {
		b.WriteString(" → " + strings.Join(rc, ", "))
	}
	return b.String()
}

func names(ids []string, ents map[string]*article.Entity) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if e := ents[id]; e != nil {
			out = append(out, e.Name)
		} else {
			out = append(out, id)
		}
	}
	return out
}

// holderOf names who a number at [start, end) is attributed to: the
// speaker of a quote or the holder of a claim containing it.
func holderOf(doc *article.Document, start, end int, ents map[string]*article.Entity) string {
	for _, q := range doc.Quotes {
		if q.Start <= start && end <= q.End && q.Speaker != nil {
			return names([]string{*q.Speaker}, ents)[0]
		}
	}
	for _, c := range doc.Claims {
		if c.Start <= start && end <= c.End && c.Holder != nil {
			return names([]string{*c.Holder}, ents)[0]
		}
	}
	return ""
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// safeID makes an anchor from a record id (or the index when there is
// none); html/template escapes it anyway, this keeps it readable.
func safeID(id string, i int) string {
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || b.Len() > 40 {
		return fmt.Sprint(i)
	}
	return b.String()
}

// storyWindow is how far either side of an article's date the same story
// is looked for.
const storyWindow = 10 * 24 * time.Hour

// sameStory finds other reports of doc's story. Candidates are the
// articles naming its two most-mentioned actors within storyWindow of its
// date (one page each, found through the actor index rather than a
// full-text query, which is slow on a large store); they are kept when the
// story package's similarity of title and opening says they tell the same
// story. Other outlets come first.
func (h *Handler) sameStory(ctx context.Context, doc *article.Document) ([]store.Hit, error) {
	var cands []store.Hit
	seen := map[string]bool{doc.ID: true}
	for _, key := range mainActors(doc, 2) {
		q := store.Query{Actor: key, Limit: 30}
		if doc.Published != nil {
			q.From, q.To = doc.Published.Add(-storyWindow), doc.Published.Add(storyWindow)
		}
		res, err := h.st.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, x := range res.Hits {
			if !seen[x.ID] {
				seen[x.ID] = true
				cands = append(cands, x)
			}
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	items := []story.Item{{ID: doc.ID, Title: doc.Title, Text: lead(doc.Text, 600)}}
	for _, x := range cands {
		items = append(items, story.Item{ID: x.ID, Title: x.Title, Text: x.Snippet})
	}
	vecs := story.Vectors(items)
	var out []store.Hit
	for i, x := range cands {
		if story.Cosine(vecs[0], vecs[i+1]) >= story.DefaultOptions.Threshold {
			out = append(out, x)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return (out[i].Site != doc.Site) && (out[j].Site == doc.Site)
	})
	if len(out) > 12 {
		out = out[:12]
	}
	return out, nil
}

// mainActors returns the actor keys of the n entities (not places) doc
// mentions most.
func mainActors(doc *article.Document, n int) []string {
	var es []*article.Entity
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if e.Lat == nil && e.Type != "GPE" && e.Type != "LOC" && len(e.Mentions) > 0 {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return len(es[i].Mentions) > len(es[j].Mentions) })
	var keys []string
	for _, e := range es {
		if k := actorKey(e); !contains(keys, k) {
			keys = append(keys, k)
		}
		if len(keys) == n {
			break
		}
	}
	return keys
}

func lead(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !boundary(s, n) {
		n--
	}
	return s[:n]
}
