package geo

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// haversine returns the distance in kilometres between two points.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// TestACLEDQuality resolves ACLED's coded locations (name plus country, as
// the stage sees them when the article names the country) and checks the
// share found and the share found within 25 km of ACLED's coordinates.
// ACLED codes villages and neighbourhoods the gazetteer does not hold, so
// coverage is well below 1; the floors only go up.
func TestACLEDQuality(t *testing.T) {
	path := filepath.Join(repoRoot(t), "..", "shared", "eval", "acled", "acled-2022h1-world.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("ACLED evaluation set not available (%v); skipping", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var total, found, near, countryOK int
	for _, r := range rows[1:] {
		total++
		var cc3 string
		if cs := Lookup(r[col["country"]]); len(cs) > 0 && cs[0].Kind == KindCountry {
			cc3 = cs[0].CC3
			countryOK++
		}
		cands := Lookup(r[col["location"]])
		if cc3 != "" {
			var in []Place
			for _, p := range cands {
				if p.CC3 == cc3 {
					in = append(in, p)
				}
			}
			cands = in
		}
		if len(cands) == 0 {
			continue
		}
		found++
		// The article names the country and the first-level region.
		ctx := placeContext{country: map[string]int{cc3: 1}, region: map[string]int{}}
		for _, r := range Lookup(r[col["admin1"]] + " region") {
			ctx.region[regionKey(r)]++
		}
		p := choose(cands, ctx)
		var lat, lon float64
		if _, err := fmtSscan(r[col["latitude"]], &lat); err != nil {
			continue
		}
		if _, err := fmtSscan(r[col["longitude"]], &lon); err != nil {
			continue
		}
		if haversine(lat, lon, p.Lat, p.Lon) <= 25 {
			near++
		}
	}
	cov := float64(found) / float64(total)
	acc := float64(near) / float64(max(found, 1))
	t.Logf("ACLED: %d events; country names known %.3f; locations found %.3f; of those within 25 km %.3f",
		total, float64(countryOK)/float64(total), cov, acc)
	const covFloor, accFloor, countryFloor = 0.55, 0.96, 0.999
	if cov < covFloor || acc < accFloor || float64(countryOK)/float64(total) < countryFloor {
		t.Errorf("below floors: coverage %.3f (floor %.2f), accuracy %.3f (floor %.2f), countries %.3f (floor %.2f)",
			cov, covFloor, acc, accFloor, float64(countryOK)/float64(total), countryFloor)
	}
}

func fmtSscan(s string, v *float64) (int, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, err
	}
	*v = x
	return 1, nil
}
