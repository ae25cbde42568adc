package api

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/store"
)

// ParamError is a bad request parameter: which one, and what was wrong.
type ParamError struct {
	Param  string
	Reason string
}

func (e *ParamError) Error() string { return fmt.Sprintf("parameter %q: %s", e.Param, e.Reason) }

// maxParamLen bounds every query parameter, so that a request cannot make
// the store parse a megabyte of query text.
const maxParamLen = 500

// QueryParams lists the parameters ParseQuery reads, for documentation
// and for the search form.
var QueryParams = []string{"q", "actor", "type", "modality", "country", "near", "from", "to", "site", "lang", "limit", "offset"}

// ParseQuery reads a store.Query from URL parameters:
//
//	q         full-text query (words, "phrases", -not, OR, prefix*)
//	actor     actor name, alias, id or key
//	type      event type (PLOVER), such as ASSAULT
//	modality  event modality, such as asserted
//	country   ISO 3166-1 alpha-3 code of a place named
//	near      lat,lon,km: places within km of a point
//	from, to  publication dates, YYYY-MM-DD, both inclusive
//	site      outlet, as on Document.Site
//	lang      language code
//	limit     page size, 1 to 500 (default 20)
//	offset    results to skip
//
// It returns a *ParamError for a malformed or out-of-range value.
func ParseQuery(v url.Values) (store.Query, error) {
	var q store.Query
	for _, p := range QueryParams {
		if len(v.Get(p)) > maxParamLen {
			return q, &ParamError{p, fmt.Sprintf("longer than %d bytes", maxParamLen)}
		}
	}
	q.Text = strings.TrimSpace(v.Get("q"))
	q.Actor = strings.TrimSpace(v.Get("actor"))
	q.EventType = strings.ToUpper(strings.TrimSpace(v.Get("type")))
	q.Modality = strings.ToLower(strings.TrimSpace(v.Get("modality")))
	q.Site = strings.TrimSpace(v.Get("site"))
	q.Language = strings.ToLower(strings.TrimSpace(v.Get("lang")))
	if c := strings.TrimSpace(v.Get("country")); c != "" {
		if len(c) != 3 || !isLetters(c) {
			return q, &ParamError{"country", fmt.Sprintf("%q is not an ISO 3166-1 alpha-3 code such as IRQ", c)}
		}
		q.Country = strings.ToUpper(c)
	}
	if n := strings.TrimSpace(v.Get("near")); n != "" {
		c, err := parseCircle(n)
		if err != nil {
			return q, &ParamError{"near", err.Error()}
		}
		q.Near = c
	}
	var err error
	if q.From, err = parseDate(v.Get("from")); err != nil {
		return q, &ParamError{"from", err.Error()}
	}
	to, err := parseDate(v.Get("to"))
	if err != nil {
		return q, &ParamError{"to", err.Error()}
	}
	if !to.IsZero() {
		q.To = to.AddDate(0, 0, 1) // inclusive for people, exclusive for the store
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, &ParamError{"to", "is before from"}
	}
	if q.Limit, err = parseInt(v.Get("limit"), store.DefaultLimit, 1, store.MaxLimit); err != nil {
		return q, &ParamError{"limit", err.Error()}
	}
	if q.Offset, err = parseInt(v.Get("offset"), 0, 0, 1_000_000); err != nil {
		return q, &ParamError{"offset", err.Error()}
	}
	return q, nil
}

// ParseActorFilter reads a store.ActorFilter from URL parameters: name,
// type, kind, country, sector, limit and offset.
func ParseActorFilter(v url.Values) (store.ActorFilter, error) {
	var f store.ActorFilter
	for _, p := range []string{"name", "type", "kind", "country", "sector"} {
		if len(v.Get(p)) > maxParamLen {
			return f, &ParamError{p, fmt.Sprintf("longer than %d bytes", maxParamLen)}
		}
	}
	f.Name = strings.TrimSpace(v.Get("name"))
	f.Type = strings.ToUpper(strings.TrimSpace(v.Get("type")))
	f.Kind = strings.TrimSpace(v.Get("kind"))
	f.Sector = strings.ToUpper(strings.TrimSpace(v.Get("sector")))
	if c := strings.TrimSpace(v.Get("country")); c != "" {
		if len(c) != 3 || !isLetters(c) {
			return f, &ParamError{"country", fmt.Sprintf("%q is not an ISO 3166-1 alpha-3 code such as IRQ", c)}
		}
		f.Country = strings.ToUpper(c)
	}
	var err error
	if f.Limit, err = parseInt(v.Get("limit"), store.DefaultLimit, 1, store.MaxLimit); err != nil {
		return f, &ParamError{"limit", err.Error()}
	}
	if f.Offset, err = parseInt(v.Get("offset"), 0, 0, 1_000_000); err != nil {
		return f, &ParamError{"offset", err.Error()}
	}
	return f, nil
}

func isLetters(s string) bool {
	for _, c := range []byte(s) {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date in the form 2024-01-31", s)
	}
	return t, nil
}

func parseInt(s string, def, lo, hi int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%d is out of range %d to %d", n, lo, hi)
	}
	return n, nil
}

func parseCircle(s string) (*store.Circle, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%q is not lat,lon,km", s)
	}
	var f [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		// ParseFloat accepts "NaN" and "Inf", which every range check
		// below would let through (comparisons with NaN are false).
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%q is not lat,lon,km", s)
		}
		f[i] = x
	}
	switch {
	case f[0] < -90 || f[0] > 90:
		return nil, fmt.Errorf("latitude %g is out of range -90 to 90", f[0])
	case f[1] < -180 || f[1] > 180:
		return nil, fmt.Errorf("longitude %g is out of range -180 to 180", f[1])
	case f[2] <= 0 || f[2] > 5000:
		return nil, fmt.Errorf("radius %g km is out of range (0, 5000]", f[2])
	}
	return &store.Circle{Lat: f[0], Lon: f[1], RadiusKm: f[2]}, nil
}
