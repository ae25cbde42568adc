package store_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// corpusPath is the Guardian corpus beside the project (../shared/eval
// from the project root); benchmarks fall back to synthetic text without it.
var corpusPath = filepath.Join("..", "..", "..", "shared", "eval", "corpus", "guardian-sdf-2017-2019.csv")

func loadTexts(tb testing.TB) []string {
	f, err := os.Open(corpusPath)
	if err != nil {
		tb.Logf("no corpus at %s (%v); using synthetic text", corpusPath, err)
		var out []string
		words := strings.Fields("the coalition forces attacked positions near Raqqa while officials said talks on a ceasefire would resume as civilians fled fighting in Deir ez-Zor and Idlib province under shelling and airstrikes")
		r := rand.New(rand.NewPCG(1, 2))
		for range 200 {
			var b strings.Builder
			for j := range 600 {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[r.IntN(len(words))])
			}
			out = append(out, b.String())
		}
		return out
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatalf("reading %s: %v", corpusPath, err)
	}
	var out []string
	for _, r := range recs[1:] {
		if len(r) >= 3 && len(r[2]) > 200 {
			out = append(out, r[2])
		}
	}
	return out
}

var (
	benchActors = []struct{ name, kb, country, sector string }{
		{"Islamic State", "Q2429253", "", "REB"}, {"Syrian Democratic Forces", "Q-sdf", "SYR", "REB"},
		{"US-led coalition", "Q-coalition", "USA", "MIL"}, {"Turkish army", "Q-tsk", "TUR", "MIL"},
		{"Bashar al-Assad", "Q44329", "SYR", "GOV"}, {"Syrian Observatory for Human Rights", "Q-sohr", "GBR", "MED"},
		{"Kurdish YPG", "Q-ypg", "SYR", "REB"}, {"Russian air force", "Q-vks", "RUS", "MIL"},
		{"United Nations", "Q1065", "", "IGO"}, {"Iraqi government", "Q-iraq-gov", "IRQ", "GOV"},
	}
	benchPlaces = []struct {
		name, country string
		lat, lon      float64
	}{
		{"Raqqa", "SYR", 35.95, 39.01}, {"Manbij", "SYR", 36.53, 37.95}, {"Deir ez-Zor", "SYR", 35.33, 40.14},
		{"Idlib", "SYR", 35.93, 36.63}, {"Afrin", "SYR", 36.51, 36.87}, {"Mosul", "IRQ", 36.34, 43.13},
		{"Baghuz", "SYR", 34.46, 40.94}, {"Kobani", "SYR", 36.89, 38.35}, {"Ankara", "TUR", 39.93, 32.86},
		{"Geneva", "CHE", 46.20, 6.14},
	}
	benchTypes = []string{"ASSAULT", "ASSAULT", "ASSAULT", "COERCE", "PROTEST", "AGREE", "ACCUSE", "MOBILIZE", "CONSULT", "THREATEN"}
	benchModes = []string{"asserted", "asserted", "asserted", "hypothetical", "denied", "expected"}
)

// synthDocs builds n distinct documents from texts, with entities,
// events, quotes and quantities in about the numbers the pipeline finds.
func synthDocs(texts []string, n, seed int) []*article.Document {
	return synthRange(texts, 0, n, seed)
}

// synthRange builds documents from..to-1 of the sequence synthDocs makes;
// each depends only on seed and its number.
func synthRange(texts []string, from, to, seed int) []*article.Document {
	start := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*article.Document, 0, to-from)
	for i := from; i < to; i++ {
		r := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
		base := texts[i%len(texts)]
		// Rotate the text so that copies of one article differ, and end
		// with a unique word.
		cut := strings.IndexByte(base[len(base)/3:], ' ') + len(base)/3
		text := base[cut+1:] + "\n\n" + base[:cut] + fmt.Sprintf(" Ref %d-%d.", seed, i)
		pub := start.Add(time.Duration(r.IntN(3*365*24)) * time.Hour)
		d := article.New()
		d.ID = fmt.Sprintf("%016x", uint64(seed)<<40|uint64(i))
		d.URL = fmt.Sprintf("https://www.example.com/world/%d/%d", seed, i)
		d.Site = []string{"The Guardian", "Reuters", "Al Jazeera", "BBC"}[r.IntN(4)]
		d.Title = strings.Join(strings.Fields(text)[:8], " ")
		d.Published = &pub
		d.Language = "en"
		d.Text = text
		d.Paragraphs = []article.Span{{Start: 0, End: len(text)}}
		for j, a := range r.Perm(len(benchActors))[:5] {
			ba := benchActors[a]
			e := article.Entity{ID: "e" + strconv.Itoa(j), Name: ba.name, Type: "ORG", Kind: "armed_group", Country: ba.country,
				Sector: ba.sector, KBID: ba.kb, Aliases: []string{}, Mentions: []article.Mention{}}
			for k := range 3 {
				e.Mentions = append(e.Mentions, article.Mention{Start: k * 10, End: k*10 + 5, Text: ba.name, Reason: "name"})
			}
			d.Entities = append(d.Entities, e)
		}
		for j, p := range r.Perm(len(benchPlaces))[:3] {
			bp := benchPlaces[p]
			d.Entities = append(d.Entities, article.Entity{ID: "p" + strconv.Itoa(j), Name: bp.name, Type: "GPE", Kind: "city",
				Country: bp.country, Aliases: []string{}, Mentions: []article.Mention{{Start: 0, End: 5, Text: bp.name}},
				Lat: &bp.lat, Lon: &bp.lon, Precision: "city"})
		}
		for j := range 3 {
			place := "p" + strconv.Itoa(j)
			d.Events = append(d.Events, article.Event{ID: "ev" + strconv.Itoa(j), Type: benchTypes[r.IntN(len(benchTypes))],
				Mode: "firearms", Actors: []string{"e" + strconv.Itoa(j)}, Recipients: []string{"e" + strconv.Itoa(j+1)},
				Place: &place, Modality: benchModes[r.IntN(len(benchModes))], Trigger: article.Mention{Start: 0, End: 4, Text: "said"},
				Confidence: 0.7})
		}
		speaker := "e0"
		c1, c2 := runeCut(text, 40), runeCut(text, 80)
		d.Quotes = []article.Quote{{ID: "q1", Text: text[:c1], Start: 0, End: c1, Direct: true, Speaker: &speaker, Via: []string{}},
			{ID: "q2", Text: text[c1:c2], Start: c1, End: c2, Speaker: &speaker, Via: []string{}}}
		d.Quantities = []article.Quantity{{Text: "12 people", Value: 12, Unit: "people"}, {Text: "2,500 troops", Value: 2500, Unit: "troops"}}
		out = append(out, d)
	}
	return out
}

func openBench(b *testing.B) store.Store {
	s, err := store.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkPutSQLite measures ingest into a SQLite file: one document per
// transaction, and batches of 100.
func BenchmarkPutSQLite(b *testing.B) {
	texts := loadTexts(b)
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			s := openBench(b)
			docs := synthDocs(texts, b.N, batch)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < len(docs); i += batch {
				if _, err := s.PutBatch(context.Background(), docs[i:min(len(docs), i+batch)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// benchStore opens the search benchmark's store of n synthesised
// documents. It is kept in out/ at the project root (git-ignored) as
// bench-search-N.db and reused by later runs, since filling 100k documents
// takes minutes; SITREP_BENCH_DB names another file.
func benchStore(b *testing.B, n int) store.Store {
	path := os.Getenv("SITREP_BENCH_DB")
	if path == "" {
		dir := filepath.Join("..", "..", "out")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		path = filepath.Join(dir, fmt.Sprintf("bench-search-%d.db", n))
	}
	return fillBenchStore(b, path, n)
}

// fillBenchStore opens the store at dsn and fills it up to n synthesised
// documents.
func fillBenchStore(b *testing.B, path string, n int) store.Store {
	ctx := context.Background()
	t0 := time.Now()
	s, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if d := time.Since(t0); d > time.Second {
		b.Logf("opened (and migrated) %s in %v", path, d.Round(time.Millisecond))
	}
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if st.Documents >= n {
		return s
	}
	texts := loadTexts(b)
	t0 = time.Now()
	const chunk = 500
	for i := st.Documents / chunk * chunk; i < n; i += chunk {
		docs := synthRange(texts, i, min(n, i+chunk), 3)
		if _, err := s.PutBatch(ctx, docs); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("stored %d documents in %s in %v", n, path, time.Since(t0).Round(time.Millisecond))
	return s
}

// BenchmarkSearchSQLite measures search latency over SITREP_BENCH_DOCS
// stored documents (default 100000, built once and cached, see benchStore)
// for kinds of typical queries, and reports the 50th and 95th percentiles
// of each kind; "all" cycles through every query.
//
//	go test -run '^$' -bench SearchSQLite -benchtime 200x ./internal/store/
func BenchmarkSearchSQLite(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	benchSearch(b, benchStore(b, n))
}

// BenchmarkSearchPostgres is BenchmarkSearchSQLite on the server named by
// SITREP_TEST_DATABASE_URL, in a schema bench_search_N kept for later
// runs (default 20000 documents: filling is slower than on SQLite).
func BenchmarkSearchPostgres(b *testing.B) {
	base := os.Getenv("SITREP_TEST_DATABASE_URL")
	if base == "" {
		b.Skip("SITREP_TEST_DATABASE_URL is not set; run eval \"$(.ci/postgres.sh)\" to start a server")
	}
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("SITREP_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	schema := fmt.Sprintf("bench_search_%d", n)
	c, err := pgx.Connect(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		b.Fatal(err)
	}
	c.Close(ctx)
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	benchSearch(b, fillBenchStore(b, u.String(), n))
}

func benchSearch(b *testing.B, s store.Store) {
	from := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)
	kinds := []struct {
		name    string
		queries []store.Query
	}{
		{"text", []store.Query{
			{Text: "Raqqa"},
			{Text: "Kurdish forces"},
			{Text: `"Islamic State"`},
			{Text: "ceasefire OR truce"},
			{Text: "Turkey -Russia"},
			{Text: "Syria"}, // matches nearly everything
			{Text: "Idlib", Limit: 20, Offset: 40},
		}},
		{"actor", []store.Query{
			{Actor: "Islamic State"},
			{Actor: "Q-sdf", EventType: "ASSAULT", Modality: "asserted"},
			{Actor: "kb:Q1065", Country: "IRQ"},
		}},
		{"text+filters", []store.Query{
			{Text: "Manbij", EventType: "ASSAULT"},
			{Text: "fighters", Country: "SYR", From: from},
			{Text: "ceasefire", Actor: "Turkish army", Site: "Reuters"},
			{Text: "Raqqa", Near: &store.Circle{Lat: 36.0, Lon: 39.0, RadiusKm: 100}},
		}},
		{"filters", []store.Query{
			{EventType: "PROTEST", Site: "Reuters"},
			{Near: &store.Circle{Lat: 36.0, Lon: 39.0, RadiusKm: 100}},
			{Language: "en", Modality: "denied"},
			{},
		}},
		{"date", []store.Query{
			{Country: "IRQ", From: from, To: from.AddDate(0, 6, 0)},
			{From: from, To: from.AddDate(0, 1, 0)},
			{From: from.AddDate(1, 0, 0)},
		}},
	}
	var all []store.Query
	for _, k := range kinds {
		all = append(all, k.queries...)
	}
	kinds = append(kinds, struct {
		name    string
		queries []store.Query
	}{"all", all})
	if os.Getenv("SITREP_BENCH_VERBOSE") != "" {
		for _, q := range all {
			var times []time.Duration
			var r *store.Results
			cpu0 := cpuTime()
			for range 5 {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				t := time.Now()
				var err error
				r, err = s.Search(ctx, q)
				cancel()
				if err != nil {
					b.Fatalf("%+v: %v", q, err)
				}
				times = append(times, time.Since(t))
			}
			cpu := float64((cpuTime() - cpu0).Microseconds()) / 1000 / 5
			slices.Sort(times)
			b.Logf("median %8.2f ms  cpu %6.2f ms  %6d hits  %s", float64(times[2].Microseconds())/1000, cpu, r.Total, describe(q))
		}
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			cpu0 := cpuTime()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := k.queries[i%len(k.queries)]
				t := time.Now()
				if _, err := s.Search(context.Background(), q); err != nil {
					b.Fatalf("Search(%+v): %v", q, err)
				}
				lat = append(lat, time.Since(t))
			}
			b.StopTimer()
			slices.Sort(lat)
			pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
			b.ReportMetric(pct(0.5), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			// CPU time is steadier than latency on a shared machine.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}

}

// describe writes the fields of q that are set.
func describe(q store.Query) string {
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+strconv.Quote(v))
		}
	}
	add("text", q.Text)
	add("actor", q.Actor)
	add("type", q.EventType)
	add("modality", q.Modality)
	add("country", q.Country)
	add("site", q.Site)
	add("language", q.Language)
	if q.Near != nil {
		parts = append(parts, fmt.Sprintf("near=%g,%g,%gkm", q.Near.Lat, q.Near.Lon, q.Near.RadiusKm))
	}
	if !q.From.IsZero() {
		add("from", q.From.Format(time.DateOnly))
	}
	if !q.To.IsZero() {
		add("to", q.To.Format(time.DateOnly))
	}
	if q.Limit != 0 || q.Offset != 0 {
		parts = append(parts, fmt.Sprintf("limit=%d offset=%d", q.Limit, q.Offset))
	}
	if len(parts) == 0 {
		return "(everything)"
	}
	return strings.Join(parts, " ")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runeCut returns n, or the start of the character n falls inside.
func runeCut(s string, n int) int {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}
