package geo

import (
	"context"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Stage places the document's place entities on the map. It runs after
// entity resolution and reads doc.Entities.
//
// For each entity of Type GPE or LOC that has no coordinates yet, it looks
// up the entity's name, then its aliases, then its mention texts, and takes
// the first that the gazetteer knows. Among the candidates it chooses by
// this rule:
//
//  1. If the entity already has a Country, only candidates in that country
//     (or that country itself) are kept, when there are any.
//  2. The article's context is a weight per country and per first-level
//     region: every entity's Country, and the country of every place
//     entity whose candidates all lie in one country ("Iraq", "Baghdad",
//     "Lebanon"), count once per mention; so does the region of every place
//     entity whose candidates all lie in one region ("Donetsk region",
//     "Kramatorsk").
//  3. The candidate in the region with the greatest weight wins; failing
//     that, the candidate in the country with the greatest weight; ties,
//     and candidates outside the context, keep the gazetteer's order (see
//     Lookup: curated preference, countries, then population). So
//     "Tripoli" is the Lebanese city in an article that names Lebanon or
//     Beirut, and the Libyan capital otherwise; one of Ukraine's many
//     villages called Oleksandrivka is the one in the region the article
//     names.
//
// The chosen place sets Lat, Lon, Precision (its Kind: "country",
// "region", "city" or "place"), Country when empty, and Kind when empty.
// A name the gazetteer does not know is left without coordinates: the
// stage never guesses.
type Stage struct{}

var _ pipeline.Stage = (*Stage)(nil)

// NewStage returns the geo stage. The gazetteer is loaded on first use.
func NewStage() *Stage { return &Stage{} }

// Name returns "geo".
func (*Stage) Name() string { return "geo" }

// Process resolves doc's place entities; see Stage.
func (*Stage) Process(ctx context.Context, doc *article.Document) error {
	if err := Load(); err != nil {
		return err
	}
	cands := make([][]Place, len(doc.Entities))
	ctxw := placeContext{country: map[string]int{}, region: map[string]int{}}
	weight := ctxw.country
	for i := range doc.Entities {
		e := &doc.Entities[i]
		n := max(len(e.Mentions), 1)
		if e.Country != "" {
			weight[e.Country] += n
		}
		if !isPlace(e) || e.Lat != nil || e.Lon != nil {
			continue
		}
		cs := candidates(e)
		cands[i] = cs
		if e.Country == "" {
			if cc, ok := oneCountry(cs); ok {
				weight[cc] += n
			}
		}
		if r, ok := oneRegion(cs); ok {
			ctxw.region[r] += n
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, cs := range cands {
		if len(cs) == 0 {
			continue
		}
		e := &doc.Entities[i]
		p := choose(cs, ctxw)
		lat, lon := p.Lat, p.Lon
		e.Lat, e.Lon = &lat, &lon
		e.Precision = string(p.Kind)
		if e.Country == "" {
			e.Country = p.CC3
		}
		if e.Kind == "" {
			e.Kind = string(p.Kind)
		}
	}
	return nil
}

func isPlace(e *article.Entity) bool { return e.Type == "GPE" || e.Type == "LOC" }

// candidates returns the gazetteer's readings of the entity, narrowed to
// its Country when it has one.
func candidates(e *article.Entity) []Place {
	cs := Lookup(e.Name)
	for _, a := range e.Aliases {
		if cs != nil {
			break
		}
		cs = Lookup(a)
	}
	for _, m := range e.Mentions {
		if cs != nil {
			break
		}
		cs = Lookup(m.Text)
	}
	if e.Country != "" {
		var in []Place
		for _, p := range cs {
			if p.CC3 == e.Country {
				in = append(in, p)
			}
		}
		if in != nil {
			cs = in
		}
	}
	return cs
}

// oneCountry reports the country all candidates lie in, if there is one.
func oneCountry(cs []Place) (string, bool) {
	if len(cs) == 0 || cs[0].CC3 == "" {
		return "", false
	}
	for _, p := range cs[1:] {
		if p.CC3 != cs[0].CC3 {
			return "", false
		}
	}
	return cs[0].CC3, true
}

// placeContext holds the article's context weights: by ISO3 country code, and
// by region (regionKey).
type placeContext struct {
	country map[string]int
	region  map[string]int
}

// regionKey names the first-level region a place lies in (a region's own
// name for a region), or "" for countries and places outside any region.
func regionKey(p Place) string {
	switch {
	case p.Kind == KindRegion:
		return p.CC3 + "|" + p.Name
	case p.Admin1 != "":
		return p.CC3 + "|" + p.Admin1
	}
	return ""
}

// oneRegion reports the region all candidates lie in, if there is one.
func oneRegion(cs []Place) (string, bool) {
	if len(cs) == 0 {
		return "", false
	}
	r := regionKey(cs[0])
	if r == "" {
		return "", false
	}
	for _, p := range cs[1:] {
		if regionKey(p) != r {
			return "", false
		}
	}
	return r, true
}

// choose applies the rule documented on Stage.
func choose(cs []Place, ctx placeContext) Place {
	best, bestR, bestC := 0, 0, 0
	for i, p := range cs {
		var rw, cw int
		if r := regionKey(p); r != "" {
			rw = ctx.region[r]
		}
		if p.CC3 != "" {
			cw = ctx.country[p.CC3]
		}
		if rw > bestR || rw == bestR && cw > bestC {
			best, bestR, bestC = i, rw, cw
		}
	}
	return cs[best]
}
