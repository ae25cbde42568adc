package api_test

import (
	"math"
	"net/url"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/api"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// FuzzParseQuery feeds arbitrary query strings, as they arrive in a
// request URL, to the parameter parsers. Each must either refuse the input
// with a *ParamError or return a query the store can trust: page sizes in
// range, a three-letter upper-case country, a finite circle on the globe,
// from before to.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"q=rockets&type=assault&country=irq&from=2024-01-01&to=2024-01-31",
		"near=33.3,44.4,50", "near=NaN,0,10", "near=0,Inf,10", "near=0,0,-1", "near=1e309,0,1",
		"limit=0", "limit=501", "offset=-1", "limit=99999999999999999999", "from=2024-02-30",
		"to=2024-01-01&from=2024-01-02", "country=ir%C3%A4", "q=%00", "lang=EN&site=Reuters",
		"name=Biden&type=per&sector=gov&country=usa&limit=5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return // net/http would have refused the URL before us
		}
		q, err := api.ParseQuery(v)
		if err != nil {
			if _, ok := err.(*api.ParamError); !ok {
				t.Fatalf("ParseQuery(%q): error %T %v, want *ParamError", raw, err, err)
			}
		} else {
			if q.Limit < 1 || q.Limit > store.MaxLimit || q.Offset < 0 {
				t.Fatalf("ParseQuery(%q): limit %d offset %d out of range", raw, q.Limit, q.Offset)
			}
			checkCountry(t, raw, q.Country)
			if c := q.Near; c != nil {
				for _, x := range []float64{c.Lat, c.Lon, c.RadiusKm} {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						t.Fatalf("ParseQuery(%q): circle %+v is not finite", raw, *c)
					}
				}
				if c.Lat < -90 || c.Lat > 90 || c.Lon < -180 || c.Lon > 180 || c.RadiusKm <= 0 {
					t.Fatalf("ParseQuery(%q): circle %+v off the globe", raw, *c)
				}
			}
			if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
				t.Fatalf("ParseQuery(%q): from %v not before to %v", raw, q.From, q.To)
			}
		}
		af, err := api.ParseActorFilter(v)
		if err != nil {
			if _, ok := err.(*api.ParamError); !ok {
				t.Fatalf("ParseActorFilter(%q): error %T %v, want *ParamError", raw, err, err)
			}
			return
		}
		if af.Limit < 1 || af.Limit > store.MaxLimit || af.Offset < 0 {
			t.Fatalf("ParseActorFilter(%q): limit %d offset %d out of range", raw, af.Limit, af.Offset)
		}
		checkCountry(t, raw, af.Country)
	})
}

func checkCountry(t *testing.T, raw, c string) {
	t.Helper()
	if c == "" {
		return
	}
	if len(c) != 3 {
		t.Fatalf("%q: country %q is not three letters", raw, c)
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			t.Fatalf("%q: country %q is not upper-case letters", raw, c)
		}
	}
}
