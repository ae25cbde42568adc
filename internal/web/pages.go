package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/api"
	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
)

var pathEscape = url.PathEscape

// Pager links to the previous and next pages.
type Pager struct {
	From, To, Total int
	// More says that Total is a lower bound (Results.Capped).
	More       bool
	Prev, Next string
}

func pager(v url.Values, offset, limit, shown, total int) Pager {
	p := Pager{From: offset + 1, To: offset + shown, Total: total}
	if shown == 0 {
		p.From = 0
	}
	if offset > 0 {
		p.Prev = withParams(v, "offset", strconv.Itoa(max(0, offset-limit)))
	}
	if offset+shown < total {
		p.Next = withParams(v, "offset", strconv.Itoa(offset+limit))
	}
	return p
}

type hitView struct {
	store.Hit
	Snippet Paragraph
}

type searchView struct {
	Query  store.Query
	Total  int
	Capped bool
	Hits   []hitView
	Types  []store.Count
	Weeks  *Bars
	Pager  Pager
	Params url.Values
}

// parseQuery reads the query of a page. An actor given by name or alias
// is resolved to the actor the most articles name, so that "IRI" finds the
// articles naming the Islamic Resistance in Iraq however they spell it.
func (h *Handler) parseQuery(r *http.Request) (url.Values, store.Query, error) {
	v := r.URL.Query()
	q, err := api.ParseQuery(v)
	if err != nil {
		return v, q, err
	}
	if q.Actor != "" && !strings.HasPrefix(q.Actor, "kb:") && !strings.HasPrefix(q.Actor, "name:") {
		if a, err := h.st.Actor(r.Context(), q.Actor); err == nil {
			q.Actor = a.Key
		}
	}
	// A place by name: within placeRadiusKm of it when it is located,
	// else its country.
	if p := strings.TrimSpace(v.Get("place")); p != "" && q.Near == nil {
		a, err := h.st.Actor(r.Context(), p)
		switch {
		case err == nil && a.Lat != nil && a.Lon != nil:
			q.Near = &store.Circle{Lat: *a.Lat, Lon: *a.Lon, RadiusKm: placeRadiusKm}
		case err == nil && a.Country != "" && q.Country == "":
			q.Country = a.Country
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return v, q, err
		default:
			return v, q, &api.ParamError{Param: "place", Reason: fmt.Sprintf("no stored place is called %q", p)}
		}
	}
	return v, q, nil
}

// placeRadiusKm is how far from a named place the place filter reaches.
const placeRadiusKm = 50

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	v, q, err := h.parseQuery(r)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	res, err := h.st.Search(r.Context(), q)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	sv := &searchView{Query: q, Total: res.Total, Capped: res.Capped, Types: res.EventTypes, Params: v}
	for _, x := range res.Hits {
		var marks []Mark
		for _, s := range x.Highlights {
			marks = append(marks, Mark{Start: s.Start, End: s.End, Class: "match"})
		}
		hv := hitView{Hit: x}
		if ps := Highlight(x.Snippet, []article.Span{{Start: 0, End: len(x.Snippet)}}, marks); len(ps) > 0 {
			hv.Snippet = ps[0]
		}
		sv.Hits = append(sv.Hits, hv)
	}
	sv.Weeks = weekBars(res.Weeks, func(from, to time.Time) string {
		return "/" + withParams(v, "from", from.Format(time.DateOnly), "to", to.Format(time.DateOnly))
	})
	sv.Pager = pager(v, q.Offset, q.Limit, len(res.Hits), res.Total)
	sv.Pager.More = res.Capped
	title := "Search"
	if q.Text != "" {
		title = q.Text + " — Search"
	}
	h.render(w, r, "search", &page{Title: title, Nav: "search", Form: v, Data: sv})
}

type actorsView struct {
	Filter store.ActorFilter
	Actors []store.Actor
	Pager  Pager
}

func (h *Handler) actors(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	f, err := api.ParseActorFilter(v)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	limit := f.Limit
	f.Limit++ // one more, to know whether there is a next page
	as, err := h.st.Actors(r.Context(), f)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	total := f.Offset + len(as)
	if len(as) > limit {
		as = as[:limit]
	}
	f.Limit = limit
	h.render(w, r, "actors", &page{Title: "Actors", Nav: "actors", Form: v,
		Data: &actorsView{Filter: f, Actors: as, Pager: pager(v, f.Offset, limit, len(as), total)}})
}

// eventRow is an event in a list.
type eventRow struct {
	store.EventHit
	Role  string // for an actor page: "acts" or "acted upon"
	When  time.Time
	Desc  string
	Place string
}

type quoteRow struct {
	Doc   store.Hit
	Text  string
	Kind  string // quote or claim
	Cue   string
	Href  string
	Extra string
}

type numberRow struct {
	Doc  store.Hit
	Text string
	Desc string
	Href string
}

type actorView struct {
	Actor    *store.Actor
	Events   []eventRow
	EventsN  int
	Timeline *Timeline
	Map      *Map
	Quotes   []quoteRow
	Numbers  []numberRow
	DocsRead int
	DocsN    int
}

// actorDocs bounds the articles an actor page reads.
const actorDocs = 30

// actorEvent is an event of an actor page, found in an article.
type actorEvent struct {
	store.EventHit
	role string // "acts" or "acted upon"
	href string // the event in its article
}

// actorEventsOf returns the events of doc where a acts or is acted upon,
// with their entities resolved as Store.Events would.
func actorEventsOf(a *store.Actor, hit store.Hit, doc *article.Document) []actorEvent {
	ents := map[string]*article.Entity{}
	mine := map[string]bool{}
	for i := range doc.Entities {
		e := &doc.Entities[i]
		ents[e.ID] = e
		if matchesActor(e, a) {
			mine[e.ID] = true
		}
	}
	resolve := func(ids []string) (out []article.Entity, hasMine bool) {
		for _, id := range ids {
			if e := ents[id]; e != nil {
				out = append(out, *e)
			}
			hasMine = hasMine || mine[id]
		}
		return out, hasMine
	}
	var out []actorEvent
	for i, ev := range doc.Events {
		actors, acts := resolve(ev.Actors)
		recips, target := resolve(ev.Recipients)
		if !acts && !target {
			continue
		}
		e := actorEvent{EventHit: store.EventHit{Event: ev, DocID: doc.ID, URL: doc.URL, Site: doc.Site, Title: doc.Title,
			Published: doc.Published, Actors: actors, Recipients: recips},
			role: "acted upon", href: "/articles/" + pathEscape(doc.ID) + "#t-e-" + safeID(ev.ID, i)}
		if acts {
			e.role = "acts"
		}
		if ev.Place != nil {
			if p := ents[*ev.Place]; p != nil {
				e.Place = p
			}
		}
		out = append(out, e)
	}
	return out
}

func (h *Handler) actor(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a, err := h.st.Actor(ctx, r.PathValue("key"))
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	av := &actorView{Actor: a}
	// Everything on the page comes from the latest articles naming the
	// actor: one indexed search and a Get for each, whose records hold
	// the quotes and claims as well as the events.
	docs, err := h.st.Search(ctx, store.Query{Actor: a.Key, Limit: actorDocs})
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	av.DocsN = docs.Total
	var items []timelineItem
	var evs []store.EventHit
	for _, hit := range docs.Hits {
		doc, err := h.st.Get(ctx, hit.ID)
		if err != nil {
			continue // deleted since the search
		}
		av.DocsRead++
		collectAttributed(av, a, hit, doc)
		for _, e := range actorEventsOf(a, hit, doc) {
			row := eventRowOf(e.EventHit)
			row.Role = e.role
			av.Events = append(av.Events, row)
			evs = append(evs, e.EventHit)
			cls := "dot-acts"
			if row.Role != "acts" {
				cls = "dot-target"
			}
			items = append(items, timelineItem{When: row.When, Type: e.Event.Type, Class: cls,
				Label: row.When.Format("2 Jan 2006") + ": " + row.Desc, Href: e.href})
		}
	}
	av.EventsN = len(av.Events)
	av.Timeline = layoutTimeline(items)
	av.Map = layoutMap(eventPoints(evs))
	h.render(w, r, "actor", &page{Title: a.Name, Nav: "actors", Data: av})
}

// matchesActor reports whether an article's entity is the aggregated actor.
func matchesActor(e *article.Entity, a *store.Actor) bool {
	if a.KBID != "" && e.KBID == a.KBID {
		return true
	}
	return actorKey(e) == a.Key
}

// collectAttributed adds the quotes and claims doc attributes to a, and
// the numbers inside them.
func collectAttributed(av *actorView, a *store.Actor, hit store.Hit, doc *article.Document) {
	mine := map[string]bool{}
	for i := range doc.Entities {
		if matchesActor(&doc.Entities[i], a) {
			mine[doc.Entities[i].ID] = true
		}
	}
	if len(mine) == 0 {
		return
	}
	base := "/articles/" + pathEscape(doc.ID)
	var held []article.Span
	for i, q := range doc.Quotes {
		if q.Speaker == nil || !mine[*q.Speaker] {
			continue
		}
		kind := "said"
		if q.Direct {
			kind = "quote"
		}
		av.Quotes = append(av.Quotes, quoteRow{Doc: hit, Text: slice(doc, article.Span{Start: q.Start, End: q.End}), Kind: kind,
			Cue: q.Cue, Href: base + "#t-q-" + safeID(q.ID, i)})
		held = append(held, article.Span{Start: q.Start, End: q.End})
	}
	for i, c := range doc.Claims {
		if c.Holder == nil || !mine[*c.Holder] {
			continue
		}
		av.Quotes = append(av.Quotes, quoteRow{Doc: hit, Text: slice(doc, article.Span{Start: c.Start, End: c.End}), Kind: "claim",
			Cue: c.Cue, Extra: c.Hedge, Href: base + "#t-c-" + safeID(c.ID, i)})
		held = append(held, article.Span{Start: c.Start, End: c.End})
	}
	for i, q := range doc.Quantities {
		s := article.Span{Start: q.Start, End: q.End}
		for _, hs := range held {
			if hs.Contains(s) {
				av.Numbers = append(av.Numbers, numberRow{Doc: hit, Text: slice(doc, s), Desc: quantityDesc(&q),
					Href: base + fmt.Sprintf("#t-n-%d", i)})
				break
			}
		}
	}
}

func eventRowOf(e store.EventHit) eventRow {
	row := eventRow{EventHit: e, When: eventTime(dateValue(e.Event.Date), dateSince(e.Event.Date), e.Published)}
	ents := map[string]*article.Entity{}
	for i := range e.Actors {
		ents[e.Actors[i].ID] = &e.Actors[i]
	}
	for i := range e.Recipients {
		ents[e.Recipients[i].ID] = &e.Recipients[i]
	}
	row.Desc = eventDesc(&e.Event, ents)
	if e.Place != nil {
		row.Place = e.Place.Name
	}
	return row
}

func dateValue(d *article.EventDate) string {
	if d == nil {
		return ""
	}
	return d.Value
}

func dateSince(d *article.EventDate) string {
	if d == nil {
		return ""
	}
	return d.Since
}

// eventPoints groups events by the coordinates of their place.
func eventPoints(evs []store.EventHit) []mapPoint {
	type key struct{ lat, lon float64 }
	idx := map[key]int{}
	var pts []mapPoint
	types := map[key]map[string]int{}
	for _, e := range evs {
		if e.Place == nil || e.Place.Lat == nil || e.Place.Lon == nil {
			continue
		}
		lat, lon := *e.Place.Lat, *e.Place.Lon
		if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			continue
		}
		k := key{math.Round(lat*100) / 100, math.Round(lon*100) / 100}
		i, ok := idx[k]
		if !ok {
			i = len(pts)
			idx[k] = i
			types[k] = map[string]int{}
			pts = append(pts, mapPoint{Lat: lat, Lon: lon, Country: e.Place.Country,
				Label: e.Place.Name, Href: "/map" + withParams(nil, "near", fmt.Sprintf("%.2f,%.2f,50", lat, lon))})
		}
		pts[i].Count++
		types[k][e.Event.Type]++
	}
	for k, i := range idx {
		var parts []string
		for t, n := range types[k] {
			parts = append(parts, fmt.Sprintf("%s %d", t, n))
		}
		sort.Strings(parts)
		pts[i].Label = fmt.Sprintf("%s: %d event(s) — %s", pts[i].Label, pts[i].Count, strings.Join(parts, ", "))
	}
	return pts
}

type mapView struct {
	Query    store.Query
	Total    int
	Capped   bool
	Shown    int
	Map      *Map
	Timeline *Timeline
	Events   []eventRow
	Pager    Pager
}

// mapEvents is how many events the map page reads.
const mapEvents = 500

// pageOfEvents reads the events the map page shows: the
// search filters from the request, mapEvents of them unless a limit is
// given. On failure it has answered the request and returns false.
func (h *Handler) pageOfEvents(w http.ResponseWriter, r *http.Request) (url.Values, store.Query, *store.EventResults, bool) {
	v, q, err := h.parseQuery(r)
	if err != nil {
		h.storeFail(w, r, err)
		return nil, q, nil, false
	}
	if v.Get("limit") == "" {
		q.Limit = mapEvents
	}
	evs, err := h.st.Events(r.Context(), q)
	if err != nil {
		h.storeFail(w, r, err)
		return nil, q, nil, false
	}
	return v, q, evs, true
}

func (h *Handler) eventMap(w http.ResponseWriter, r *http.Request) {
	v, q, evs, ok := h.pageOfEvents(w, r)
	if !ok {
		return
	}
	mv := &mapView{Query: q, Total: evs.Total, Capped: evs.Capped, Shown: len(evs.Events), Map: layoutMap(eventPoints(evs.Events))}
	var items []timelineItem
	for i, e := range evs.Events {
		row := eventRowOf(e)
		if i < 50 {
			mv.Events = append(mv.Events, row)
		}
		items = append(items, timelineItem{When: row.When, Type: e.Event.Type, Class: "dot-acts",
			Label: row.When.Format("2 Jan 2006") + ": " + row.Desc, Href: "/articles/" + pathEscape(e.DocID) + "#t-e-" + safeID(e.Event.ID, 0)})
	}
	mv.Timeline = layoutTimeline(items)
	mv.Pager = pager(v, q.Offset, q.Limit, len(evs.Events), evs.Total)
	mv.Pager.More = evs.Capped
	h.render(w, r, "map", &page{Title: "Map and timeline", Nav: "map", Form: v, Data: mv})
}

// Incident is one happening reported by one or more sources, as
// Store.Incidents groups them, ready for the page.
type Incident struct {
	Type       string
	Actors     string
	Recipients string
	Place      string
	Day        string // the day, or "first – last" when reports differ
	Reports    []eventRow
	Sites      []string
	Articles   int
	// Figures are the different counts sources give, side by side.
	Figures   []Figure
	Conflicts bool
}

// Figure is one source's count for an incident.
type Figure struct {
	Value float64
	Site  string
	Href  string
}

type incidentsView struct {
	Query     store.Query
	Total     int
	Read      int
	Capped    bool
	Incidents []*Incident
	Pager     Pager
}

// incidentsPage is how many incidents the incidents page shows.
const incidentsPage = 100

func (h *Handler) incidents(w http.ResponseWriter, r *http.Request) {
	v, q, err := h.parseQuery(r)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	if v.Get("limit") == "" {
		q.Limit = incidentsPage
	}
	res, err := h.st.Incidents(r.Context(), q)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	iv := &incidentsView{Query: q, Total: res.Total, Read: res.Events, Capped: res.Capped,
		Pager: pager(v, q.Offset, q.Limit, len(res.Incidents), res.Total)}
	for i := range res.Incidents {
		iv.Incidents = append(iv.Incidents, incidentOf(&res.Incidents[i]))
	}
	h.render(w, r, "incidents", &page{Title: "Incidents", Nav: "incidents", Form: v, Data: iv})
}

func incidentOf(in *store.Incident) *Incident {
	out := &Incident{Type: in.Type, Actors: strings.Join(in.Actors, ", "), Recipients: strings.Join(in.Recipients, ", "),
		Day: in.From, Sites: in.Sources, Articles: in.Articles, Conflicts: in.Conflicting}
	if in.To != in.From {
		out.Day = in.From + " – " + in.To
	}
	if in.Place != nil {
		out.Place = in.Place.Name
	}
	for _, m := range in.Mentions {
		out.Reports = append(out.Reports, eventRowOf(m))
	}
	for _, f := range in.Figures {
		out.Figures = append(out.Figures, Figure{Value: f.Value, Site: f.Site, Href: "/articles/" + pathEscape(f.DocID)})
	}
	return out
}
