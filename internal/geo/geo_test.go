package geo

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/geo/fold"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		cc3  string
		disp string // expected Place.Name, "" to skip
	}{
		{"Iraq", KindCountry, "IRQ", "Iraq"},
		{"Syria", KindCountry, "SYR", "Syria"},
		{"Israel", KindCountry, "ISR", "Israel"},
		{"the United States", KindCountry, "USA", "United States"},
		{"U.S.", KindCountry, "USA", ""},
		{"Britain", KindCountry, "GBR", ""},
		{"Georgia", KindCountry, "GEO", ""},
		{"Gaza", KindRegion, "PSE", "Gaza Strip"},
		{"Gaza Strip", KindRegion, "PSE", "Gaza Strip"},
		{"Gaza City", KindCity, "PSE", "Gaza"},
		{"West Bank", KindRegion, "PSE", ""},
		{"Aleppo", KindCity, "SYR", "Aleppo"},
		{"Kyiv", KindCity, "UKR", "Kyiv"},
		{"Kiev", KindCity, "UKR", "Kyiv"},
		{"Tripoli", KindCity, "LBY", "Tripoli"},
		{"Donetsk", KindCity, "UKR", ""},
		{"Donetsk region", KindRegion, "UKR", ""},
		{"Idlib province", KindRegion, "SYR", ""},
		{"Khan Younis", KindCity, "PSE", ""},
		{"Deir al-Balah", KindCity, "PSE", ""},
		{"Hodeidah", KindCity, "YEM", ""},
		{"Golan Heights", KindPlace, "SYR", ""},
		{"Donbas", KindPlace, "UKR", ""},
		{"Crimea", KindRegion, "UKR", ""},
		{"Middle East", KindPlace, "", ""},
		{"the Red Sea", KindPlace, "", ""},
		{"Kurdistan region", KindPlace, "IRQ", ""},
		{"Israel's", KindCountry, "ISR", ""},
		{"Berea", KindCity, "USA", ""}, // not Aleppo, whose old name it is
		{"Paris", KindCity, "FRA", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Lookup(tt.name)
			if len(ps) == 0 {
				t.Fatalf("Lookup(%q) found nothing", tt.name)
			}
			p := ps[0]
			if p.Kind != tt.kind || p.CC3 != tt.cc3 || tt.disp != "" && p.Name != tt.disp {
				t.Errorf("Lookup(%q)[0] = %+v, want %s %s %q", tt.name, p, tt.kind, tt.cc3, tt.disp)
			}
			if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
				t.Errorf("Lookup(%q)[0] has bad coordinates %v,%v", tt.name, p.Lat, p.Lon)
			}
		})
	}
	for _, name := range []string{"", "Xyzzyville", "Hamas", "the", "   "} {
		if ps := Lookup(name); len(ps) != 0 {
			t.Errorf("Lookup(%q) = %v, want nothing", name, ps)
		}
	}
}

func TestCitiesAbove15000(t *testing.T) {
	g, err := load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range g.lines {
		p, ok := g.place(i)
		if !ok {
			t.Fatalf("place record %d does not parse: %q", i, g.lines[i])
		}
		if p.Kind == KindCity && p.Population >= 15000 {
			n++
		}
	}
	// GeoNames has about 24,000 places of 15,000 people or more.
	if n < 23000 {
		t.Errorf("%d cities of 15,000 or more, want at least 23,000", n)
	}
	if _, ok := Country("PSE"); !ok {
		t.Error("Country(PSE) missing")
	}
	if !strings.Contains(Attribution(), "GeoNames") {
		t.Errorf("Attribution() = %q, want GeoNames credited", Attribution())
	}
}

func TestCountryPaths(t *testing.T) {
	ps := CountryPaths(1000, 500)
	if len(ps) < 170 {
		t.Fatalf("%d country paths, want 170 or more", len(ps))
	}
	for _, cc := range []string{"ISR", "SYR", "IRQ", "UKR", "RUS", "USA"} {
		d := ps[cc]
		if !strings.HasPrefix(d, "M") || !strings.HasSuffix(d, "Z") {
			t.Errorf("path for %s = %.40q, want M...Z", cc, d)
		}
	}
	// No edge runs across the map (rings crossing the antimeridian are
	// unwrapped).
	for cc, d := range ps {
		for _, sub := range strings.Split(d, "M")[1:] {
			prev := math.NaN()
			for _, seg := range strings.FieldsFunc(sub, func(r rune) bool { return r == 'L' || r == 'Z' }) {
				var x, y float64
				if _, err := fmt.Sscan(seg, &x, &y); err != nil {
					t.Fatalf("%s: bad segment %q", cc, seg)
				}
				if math.Abs(x-prev) > 500 {
					t.Errorf("%s: edge from x=%.1f to x=%.1f crosses the map", cc, prev, x)
					break
				}
				prev = x
			}
		}
	}
	if got := CountryPaths(0, 10); len(got) != 0 {
		t.Errorf("CountryPaths(0, 10) has %d paths", len(got))
	}
}

// place returns a place entity with one mention per occurrence of name in
// text (at least one).
func place(text, name, typ string) article.Entity {
	e := article.Entity{ID: name, Name: name, Type: typ}
	for off := 0; ; {
		i := strings.Index(text[off:], name)
		if i < 0 {
			break
		}
		e.Mentions = append(e.Mentions, article.Mention{Start: off + i, End: off + i + len(name), Text: name, Reason: "name"})
		off += i + len(name)
	}
	if len(e.Mentions) == 0 {
		e.Mentions = []article.Mention{{Text: name}}
	}
	return e
}

func runStage(t *testing.T, text string, ents ...article.Entity) []article.Entity {
	t.Helper()
	doc := article.New()
	doc.Text = text
	doc.Entities = ents
	if err := NewStage().Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	return doc.Entities
}

func TestStageDisambiguation(t *testing.T) {
	tests := []struct {
		text     string
		places   []string
		target   string
		wantCC3  string
		wantPrec string
	}{
		{"Clashes in Tripoli and Beirut, Lebanon.", []string{"Tripoli", "Beirut", "Lebanon"}, "Tripoli", "LBN", "city"},
		{"Clashes in Tripoli and Benghazi.", []string{"Tripoli", "Benghazi"}, "Tripoli", "LBY", "city"},
		{"Clashes in Tripoli.", []string{"Tripoli"}, "Tripoli", "LBY", "city"},
		{"Talks in Georgia and Atlanta.", []string{"Georgia", "Atlanta"}, "Georgia", "USA", "region"},
		{"Georgia and Russia.", []string{"Georgia", "Russia"}, "Georgia", "GEO", "country"},
		{"Strikes on Gaza.", []string{"Gaza"}, "Gaza", "PSE", "region"},
		{"Shelling of Donetsk.", []string{"Donetsk"}, "Donetsk", "UKR", "city"},
		{"Shelling of Odesa.", []string{"Odesa"}, "Odesa", "UKR", "city"},
		{"Strikes in the Chernihiv region.", []string{"Chernihiv region"}, "Chernihiv region", "UKR", "region"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var ents []article.Entity
			for _, p := range tt.places {
				ents = append(ents, place(tt.text, p, "GPE"))
			}
			for _, e := range runStage(t, tt.text, ents...) {
				if e.Name != tt.target {
					continue
				}
				if e.Lat == nil || e.Country != tt.wantCC3 || e.Precision != tt.wantPrec {
					t.Errorf("%s: country %q precision %q, want %s %s", e.Name, e.Country, e.Precision, tt.wantCC3, tt.wantPrec)
				}
			}
		})
	}
}

func TestStageLeavesUnknownAndNonPlaces(t *testing.T) {
	text := "Hamas said Xyzzyville was hit."
	ents := runStage(t, text, place(text, "Hamas", "ORG"), place(text, "Xyzzyville", "GPE"))
	for _, e := range ents {
		if e.Lat != nil || e.Lon != nil || e.Precision != "" {
			t.Errorf("%s: got coordinates %v,%v %q, want none", e.Name, e.Lat, e.Lon, e.Precision)
		}
	}
	// An entity's own Country narrows the choice.
	text = "Tripoli was calm."
	e := place(text, "Tripoli", "GPE")
	e.Country = "LBN"
	ents = runStage(t, text, e)
	if ents[0].Lat == nil || math.Abs(*ents[0].Lat-34.43) > 0.1 {
		t.Errorf("Tripoli with Country LBN: lat %v, want about 34.43", ents[0].Lat)
	}
}

// repoRoot walks up from the package directory to the directory with go.mod.
func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func seedText(t testing.TB) string {
	p := filepath.Join(repoRoot(t), "..", "shared", "seed", "000_8a460393155f9b4e.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("seed article not available (%v); skipping", err)
	}
	return string(b)
}

func TestSeed(t *testing.T) {
	text := seedText(t)
	want := map[string]string{"Iraq": "country", "Syria": "country", "Israel": "country", "Gaza": "region", "Washington": "city", "Middle East": "place"}
	var ents []article.Entity
	for n := range want {
		ents = append(ents, place(text, n, "GPE"))
	}
	for _, e := range runStage(t, text, ents...) {
		if e.Lat == nil || e.Lon == nil {
			t.Errorf("%s: no coordinates", e.Name)
			continue
		}
		if e.Precision != want[e.Name] {
			t.Errorf("%s: precision %q, want %q", e.Name, e.Precision, want[e.Name])
		}
		t.Logf("%s -> %s %s %.2f,%.2f", e.Name, e.Country, e.Precision, *e.Lat, *e.Lon)
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"Gaza", "Tripoli", "Kiev", "Donetsk region", "Israel's", "the", "’s", "\xff", "Ṣan‘ā’ city"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for _, p := range Lookup(name) {
			if p.Name == "" || !utf8.ValidString(p.Name) {
				t.Fatalf("Lookup(%q): bad name %q", name, p.Name)
			}
			if p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180 {
				t.Fatalf("Lookup(%q): bad coordinates %v", name, p)
			}
			switch p.Kind {
			case KindCountry, KindRegion, KindCity, KindPlace:
			default:
				t.Fatalf("Lookup(%q): bad kind %q", name, p.Kind)
			}
		}
		if k := fold.Key(name); !utf8.ValidString(k) || strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") {
			t.Fatalf("Key(%q) = %q", name, k)
		}
	})
}

func TestLoadTimeAndMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	g, err := parseGazetteer(gazetteerGz)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("gazetteer: %d places, %d names; parsed in %v from %d bytes embedded; %.1f MiB retained",
		len(g.lines), len(g.keys), took, len(gazetteerGz), float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
	runtime.KeepAlive(g)
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(gazetteerGz)))
	for b.Loop() {
		if _, err := parseGazetteer(gazetteerGz); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	if err := Load(); err != nil {
		b.Fatal(err)
	}
	names := []string{"Gaza", "Tripoli", "Kiev", "Donetsk region", "Washington", "Xyzzyville"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		Lookup(names[i%len(names)])
		i++
	}
}

func BenchmarkStageSeed(b *testing.B) {
	text := seedText(b)
	var ents []article.Entity
	for _, n := range []string{"Iraq", "Syria", "Israel", "Gaza", "Washington", "Middle East"} {
		ents = append(ents, place(text, n, "GPE"))
	}
	s := NewStage()
	_ = Load()
	b.ReportAllocs()
	for b.Loop() {
		doc := &article.Document{Text: text, Entities: append([]article.Entity(nil), ents...)}
		for i := range doc.Entities {
			doc.Entities[i].Lat, doc.Entities[i].Lon = nil, nil
		}
		if err := s.Process(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestStageRegionContext(t *testing.T) {
	// Ukraine has dozens of villages called Oleksandrivka; the one in the
	// region the article names wins.
	all := Lookup("Oleksandrivka")
	regions := map[string]bool{}
	for _, p := range all {
		regions[p.Admin1] = true
	}
	if len(regions) < 3 {
		t.Skipf("Oleksandrivka in only %d regions", len(regions))
	}
	for _, region := range []string{"Mykolaiv", "Donetsk"} {
		text := "Shelling hit Oleksandrivka in the " + region + " region."
		ents := runStage(t, text, place(text, "Oleksandrivka", "GPE"), place(text, region+" region", "GPE"))
		var want Place
		for _, p := range all {
			if p.Admin1 == region {
				want = p
				break
			}
		}
		if ents[0].Lat == nil || *ents[0].Lat != want.Lat || *ents[0].Lon != want.Lon {
			t.Errorf("%s: got %v,%v, want the one in %s (%v,%v)", text, ents[0].Lat, ents[0].Lon, region, want.Lat, want.Lon)
		}
	}
}
