package store

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

func (s *sqlStore) Incidents(ctx context.Context, q Query) (*IncidentResults, error) {
	limit, offset, err := pageOf(q.Limit, q.Offset)
	if err != nil {
		return nil, err
	}
	evq := q
	evq.Limit, evq.Offset = IncidentWindow, 0
	evs, err := s.events(ctx, evq, IncidentWindow, 0)
	if err != nil {
		return nil, err
	}
	all := groupIncidents(evs.Events)
	res := &IncidentResults{Total: len(all), Events: len(evs.Events), Capped: evs.Total > len(evs.Events) || evs.Capped,
		Incidents: []Incident{}}
	if offset < len(all) {
		res.Incidents = all[offset:min(len(all), offset+limit)]
	}
	return res, nil
}

// happened reports whether an event is said to have taken place.
func happened(e *article.Event) bool {
	if e.Negated {
		return false
	}
	switch e.Modality {
	case "negated", "future", "hypothetical", "expected", "denied":
		return false
	}
	return true
}

// report is an event being grouped, with what grouping compares.
type report struct {
	hit    *EventHit
	day    int64 // days since the epoch; -1 when undated
	place  string
	lat    *float64
	lon    *float64
	actors map[string]bool // keys of actors and recipients
}

func dayOf(h *EventHit) int64 {
	if d := h.Event.Date; d != nil {
		for _, v := range []string{d.Value, d.Since} {
			if len(v) >= 10 {
				if t, err := time.Parse(time.DateOnly, v[:10]); err == nil {
					return t.Unix() / 86400
				}
			}
		}
	}
	if h.Published != nil {
		return h.Published.Unix() / 86400
	}
	return -1
}

// incident is an Incident being built.
type incident struct {
	Incident
	reports []*report
	first   int64 // days since the epoch, as report.day
	last    int64
	actors  map[string]bool
	docs    map[string]bool
}

func (in *incident) samePlace(r *report) bool {
	p := in.reports[0]
	if p.place == "" || r.place == "" {
		return p.place == r.place
	}
	if p.place == r.place {
		return true
	}
	if p.lat == nil || r.lat == nil || p.lon == nil || r.lon == nil {
		return false
	}
	k := math.Cos(*p.lat * math.Pi / 180)
	dx := (*p.lon - *r.lon) * k
	dy := *p.lat - *r.lat
	return math.Sqrt(dx*dx+dy*dy)*kmPerDegree <= IncidentKm
}

func (in *incident) overlaps(r *report) bool {
	if len(in.actors) == 0 && len(r.actors) == 0 {
		return true
	}
	for k := range r.actors {
		if in.actors[k] {
			return true
		}
	}
	return false
}

func (in *incident) sameTime(r *report) bool {
	if in.first < 0 || r.day < 0 {
		return in.first < 0 && r.day < 0
	}
	return r.day >= in.first-IncidentDays && r.day <= in.last+IncidentDays
}

// groupIncidents groups events (newest article first) into incidents,
// most reported first.
func groupIncidents(evs []EventHit) []Incident {
	var reps []*report
	for i := range evs {
		h := &evs[i]
		if !happened(&h.Event) {
			continue
		}
		r := &report{hit: h, day: dayOf(h), actors: map[string]bool{}}
		if h.Place != nil {
			r.place = actorKey(h.Place)
			r.lat, r.lon = h.Place.Lat, h.Place.Lon
		}
		for _, es := range [][]article.Entity{h.Actors, h.Recipients} {
			for j := range es {
				r.actors[actorKey(&es[j])] = true
			}
		}
		reps = append(reps, r)
	}
	// Oldest first, so that an incident grows forward in time; the
	// stable sort keeps the reports of one day in article order.
	sorted := slices.Clone(reps)
	slices.SortStableFunc(sorted, func(a, b *report) int {
		switch {
		case a.day < b.day:
			return -1
		case a.day > b.day:
			return 1
		}
		return 0
	})
	byType := map[string][]*incident{}
	var all []*incident
	for _, r := range sorted {
		var in *incident
		for _, c := range byType[r.hit.Event.Type] {
			if c.sameTime(r) && c.samePlace(r) && c.overlaps(r) {
				in = c
				break
			}
		}
		if in == nil {
			in = &incident{first: r.day, last: r.day, actors: map[string]bool{}, docs: map[string]bool{}}
			in.Type = r.hit.Event.Type
			byType[in.Type] = append(byType[in.Type], in)
			all = append(all, in)
		}
		in.reports = append(in.reports, r)
		in.first, in.last = min(in.first, r.day), max(in.last, r.day)
		for k := range r.actors {
			in.actors[k] = true
		}
	}
	out := make([]Incident, 0, len(all))
	for _, in := range all {
		out = append(out, in.finish())
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.Articles != b.Articles {
			return a.Articles > b.Articles
		}
		if len(a.Sources) != len(b.Sources) {
			return len(a.Sources) > len(b.Sources)
		}
		if a.To != b.To {
			return a.To > b.To
		}
		return a.Type < b.Type
	})
	return out
}

// finish fills in the Incident from its reports.
func (in *incident) finish() Incident {
	// Reports back in the order they came: newest article first.
	slices.SortStableFunc(in.reports, newestFirst)
	inc := in.Incident
	inc.Mentions = make([]EventHit, 0, len(in.reports))
	inc.Sources = []string{}
	inc.Figures = []Figure{}
	actorNames := map[string]map[string]int{}
	recipNames := map[string]map[string]int{}
	tally := func(m map[string]map[string]int, es []article.Entity) {
		for i := range es {
			k := actorKey(&es[i])
			if m[k] == nil {
				m[k] = map[string]int{}
			}
			m[k][es[i].Name]++
		}
	}
	for _, r := range in.reports {
		h := r.hit
		inc.Mentions = append(inc.Mentions, *h)
		if inc.Place == nil && h.Place != nil {
			p := *h.Place
			inc.Place = &p
		}
		if !in.docs[h.DocID] {
			in.docs[h.DocID] = true
			inc.Articles++
		}
		if h.Site != "" && !slices.Contains(inc.Sources, h.Site) {
			inc.Sources = append(inc.Sources, h.Site)
		}
		if h.Event.Count != nil {
			f := Figure{Value: *h.Event.Count, DocID: h.DocID, EventID: h.Event.ID, Site: h.Site}
			if len(inc.Figures) > 0 && inc.Figures[0].Value != f.Value {
				inc.Conflicting = true
			}
			inc.Figures = append(inc.Figures, f)
		}
		tally(actorNames, h.Actors)
		tally(recipNames, h.Recipients)
	}
	sort.Strings(inc.Sources)
	inc.Actors, inc.Recipients = topNames(actorNames), topNames(recipNames)
	if in.first >= 0 {
		inc.From = time.Unix(in.first*86400, 0).UTC().Format(time.DateOnly)
		inc.To = time.Unix(in.last*86400, 0).UTC().Format(time.DateOnly)
	}
	return inc
}

// newestFirst orders reports newest article first (undated last), then
// by article id; ties keep their order.
func newestFirst(a, b *report) int {
	pa, pb := a.hit.Published, b.hit.Published
	switch {
	case pa != nil && pb == nil:
		return -1
	case pa == nil && pb != nil:
		return 1
	case pa != nil && !pa.Equal(*pb):
		return pb.Compare(*pa)
	}
	return strings.Compare(a.hit.DocID, b.hit.DocID)
}

// topNames returns, for each actor key, the name most reports use,
// sorted.
func topNames(m map[string]map[string]int) []string {
	out := []string{}
	for _, names := range m {
		best, bn := "", 0
		for n, c := range names {
			if c > bn || c == bn && n < best {
				best, bn = n, c
			}
		}
		out = append(out, best)
	}
	sort.Strings(out)
	return out
}
