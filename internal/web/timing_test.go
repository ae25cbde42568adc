package web_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/web"
)

// TestPageTiming times every page kind against a large store. It is
// opt-in, as filling the store takes minutes:
//
//	SITREP_WEB_TIMING_DOCS=100000 [SITREP_WEB_TIMING_DB=/tmp/big.db] go test ./internal/web -run TestPageTiming -v
//
// With SITREP_WEB_TIMING_DB the store is kept and reused by later runs. It
// fails when a page's median render time exceeds SITREP_WEB_TIMING_MS
// (default 50).
func TestPageTiming(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SITREP_WEB_TIMING_DOCS"))
	if n <= 0 {
		t.Skip("skipping: set SITREP_WEB_TIMING_DOCS (e.g. 100000) to time pages on a large store")
	}
	limit := 50 * time.Millisecond
	if ms, err := strconv.Atoi(os.Getenv("SITREP_WEB_TIMING_MS")); err == nil {
		limit = time.Duration(ms) * time.Millisecond
	}
	ctx := context.Background()
	path := os.Getenv("SITREP_WEB_TIMING_DB")
	if path == "" {
		path = t.TempDir() + "/timing.db"
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents < n {
		start := time.Now()
		fill(t, st, stats.Documents, n)
		t.Logf("stored %d synthetic articles in %v", n-stats.Documents, time.Since(start).Round(time.Second))
	}
	h, err := web.New(st, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := srv.Client()
	client.Timeout = 15 * time.Second
	first := synthID(0)
	for _, path := range []string{
		"/",
		"/?q=ceasefire",
		"/?q=ceasefire+talks&country=IRQ",
		"/?actor=kb:actor7&type=ASSAULT",
		"/?from=2024-03-01&to=2024-03-31",
		"/?offset=5000",
		"/articles/" + first,
		"/actors",
		"/actors?name=group",
		"/actors/kb:actor7",
		"/map",
		"/map?type=ASSAULT&country=SYR",
		"/incidents",
		"/incidents?actor=kb:actor3",
	} {
		var times []time.Duration
		began := time.Now()
		for i := range 7 {
			if i > 1 && time.Since(began) > 5*time.Second {
				break // slow enough to know
			}
			start := time.Now()
			res, err := client.Get(srv.URL + path)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				times = append(times, client.Timeout)
				break
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, res.StatusCode)
			}
			if i > 0 { // the first warms the cache
				times = append(times, time.Since(start))
			}
		}
		if len(times) == 0 {
			continue
		}
		slices.Sort(times)
		med, worst := times[len(times)/2], times[len(times)-1]
		t.Logf("%-40s median %6.1f ms  max %6.1f ms", path, ms(med), ms(worst))
		if med > limit {
			t.Errorf("%s: median %v over %v", path, med, limit)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func synthID(i int) string { return fmt.Sprintf("syn%013d", i) }

var (
	synthPlaces = []struct {
		name, iso string
		lat, lon  float64
	}{{"Baghdad", "IRQ", 33.3, 44.4}, {"Erbil", "IRQ", 36.2, 44.0}, {"Damascus", "SYR", 33.5, 36.3}, {"Raqqa", "SYR", 35.95, 39.0},
		{"Beirut", "LBN", 33.9, 35.5}, {"Gaza", "PSE", 31.5, 34.45}, {"Sanaa", "YEM", 15.35, 44.2}, {"Kyiv", "UKR", 50.45, 30.5}}
	synthWords = strings.Fields("ceasefire talks attack base forces strike drone rocket convoy militia officials said statement withdrawal " +
		"border troops killed wounded civilians shelling negotiations coalition government ministry spokesman reported claimed sources")
	synthSites = []string{"reuters.test", "apnews.test", "aljazeera.test", "guardian.test", "bbc.test", "kurdistan24.test", "sana.test", "almayadeen.test"}
	synthTypes = []string{"ASSAULT", "THREATEN", "CONSULT", "ACCUSE", "COERCE", "AID", "PROTEST", "RETREAT"}
)

// fill stores synthetic articles from..to: a few paragraphs of words
// with six entities, three events, a quote, a claim and a number each,
// over 400 actors, 8 places, 8 outlets and two years.
func fill(t *testing.T, st store.Store, from, to int) {
	ctx := context.Background()
	var batch []*article.Document
	base := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := from; i < to; i++ {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		var b strings.Builder
		var paras []article.Span
		d := article.New()
		d.ID = synthID(i)
		d.Site = synthSites[r.IntN(len(synthSites))]
		d.URL = "https://" + d.Site + "/" + d.ID
		d.Input = d.ID
		d.Language = "en"
		pub := base.Add(time.Duration(r.IntN(730*24)) * time.Hour)
		d.Published = &pub
		actors := []int{r.IntN(400), r.IntN(400), r.IntN(400)}
		place := synthPlaces[r.IntN(len(synthPlaces))]
		mention := func(s string) article.Span {
			start := b.Len()
			b.WriteString(s)
			return article.Span{Start: start, End: b.Len()}
		}
		words := func(k int) {
			for range k {
				b.WriteString(" " + synthWords[r.IntN(len(synthWords))])
			}
			b.WriteString(". ")
		}
		var spans [4]article.Span
		for p := range 4 {
			start := b.Len()
			if p > 0 {
				b.WriteString("\n\n")
				start += 2
			}
			spans[p] = mention(fmt.Sprintf("Actor Group %d", actors[p%3]))
			words(25 + r.IntN(30))
			b.WriteString("In ")
			ps := mention(place.name)
			if p == 0 {
				lat, lon := place.lat, place.lon
				d.Entities = append(d.Entities, article.Entity{ID: "pl", Name: place.name, Type: "GPE", Kind: "city", Country: place.iso,
					KBID: "place:" + place.name, Lat: &lat, Lon: &lon, Aliases: []string{}, Mentions: []article.Mention{{Start: ps.Start, End: ps.End, Text: place.name}}})
			}
			words(20 + r.IntN(20))
			paras = append(paras, article.Span{Start: start, End: b.Len()})
		}
		b.WriteString("\n\n“We will not stop,” a spokesman said, claiming 12 fighters were killed.")
		d.Text = b.String()
		d.Title = fmt.Sprintf("Actor Group %d and Actor Group %d: %s %s in %s", actors[0], actors[1],
			synthWords[r.IntN(len(synthWords))], synthWords[r.IntN(len(synthWords))], place.name)
		d.Paragraphs = append(paras, article.Span{Start: paras[3].End + 2, End: len(d.Text)})
		for k := range 3 {
			s := spans[k]
			d.Entities = append(d.Entities, article.Entity{ID: fmt.Sprintf("a%d", k), Name: fmt.Sprintf("Actor Group %d", actors[k]),
				Type: "ORG", Kind: "armed_group", Country: place.iso, Sector: "REB", KBID: fmt.Sprintf("actor%d", actors[k]), Aliases: []string{},
				Mentions: []article.Mention{{Start: s.Start, End: s.End, Text: d.Text[s.Start:s.End]}}})
			pl := "pl"
			count := float64(r.IntN(20))
			d.Events = append(d.Events, article.Event{ID: fmt.Sprintf("e%d", k), Type: synthTypes[r.IntN(len(synthTypes))], Modality: "asserted",
				Actors: []string{fmt.Sprintf("a%d", k)}, Recipients: []string{fmt.Sprintf("a%d", (k+1)%3)}, Place: &pl, Count: &count,
				Date:    &article.EventDate{Value: pub.Format(time.DateOnly), Precision: "day"},
				Trigger: article.Mention{Start: s.Start, End: s.End, Text: d.Text[s.Start:s.End]}, Sentence: paras[k], Confidence: 0.8})
		}
		qs := strings.Index(d.Text, "“We")
		sp := "a0"
		d.Quotes = append(d.Quotes, article.Quote{ID: "q0", Start: qs, End: qs + len("“We will not stop,”"), Direct: true, Speaker: &sp, Via: []string{}})
		cs := strings.Index(d.Text, "12 fighters")
		d.Claims = append(d.Claims, article.Claim{ID: "c0", Start: cs, End: cs + len("12 fighters were killed"), Holder: &sp, Via: []string{}})
		d.Quantities = append(d.Quantities, article.Quantity{Start: cs, End: cs + 11, Text: "12 fighters", Value: 12, Unit: "fighters"})
		batch = append(batch, d)
		if len(batch) == 500 || i == to-1 {
			if _, err := st.PutBatch(ctx, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}
