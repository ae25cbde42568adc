// Package storetest is the contract test suite every store.Store
// implementation must pass. Each implementation's tests call Run with a
// function that names a fresh, empty database.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// NewDSN returns the DSN of a fresh, empty database for one test, to be
// passed to store.Open, and arranges its removal with t.Cleanup. Opening
// the same DSN twice must reach the same data (the suite tests reopening).
type NewDSN func(t *testing.T) string

// Run runs the contract suite, each case on its own database.
func Run(t *testing.T, newDSN NewDSN) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store, dsn string)
	}{
		{"RoundTrip", testRoundTrip},
		{"Idempotent", testIdempotent},
		{"UpdateInPlace", testUpdateInPlace},
		{"DedupeByURL", testDedupeByURL},
		{"DedupeByText", testDedupeByText},
		{"Delete", testDelete},
		{"Invalid", testInvalid},
		{"PutBatch", testPutBatch},
		{"Lookup", testLookup},
		{"TokensNotStored", testTokensNotStored},
		{"Search", testSearch},
		{"Ranking", testRanking},
		{"Snippets", testSnippets},
		{"Facets", testFacets},
		{"Events", testEvents},
		{"Actors", testActors},
		{"ActorTallies", testActorTallies},
		{"Incidents", testIncidents},
		{"All", testAll},
		{"Capped", testCapped},
		{"Stats", testStats},
		{"Failures", testFailures},
		{"ConcurrentPuts", testConcurrentPuts},
		{"Reopen", testReopen},
		{"ManyActors", testManyActors},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dsn := newDSN(t)
			s := open(t, dsn)
			c.fn(t, s, dsn)
		})
	}
}

func open(t *testing.T, dsn string) store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func put(t *testing.T, s store.Store, d *article.Document, want store.PutResult) {
	t.Helper()
	got, err := s.Put(t.Context(), d)
	if err != nil {
		t.Fatalf("Put(%s): %v", d.ID, err)
	}
	if got != want {
		t.Errorf("Put(%s) = %v, want %v", d.ID, got, want)
	}
}

func putAll(t *testing.T, s store.Store, docs []*article.Document) {
	t.Helper()
	for _, d := range docs {
		put(t, s, d, store.Inserted)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func documents(t *testing.T, s store.Store) int {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st.Documents
}

func byID(docs []*article.Document, id string) *article.Document {
	for _, d := range docs {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func clone(t *testing.T, d *article.Document) *article.Document {
	t.Helper()
	c := article.New()
	if err := json.Unmarshal([]byte(mustJSON(t, d)), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func testRoundTrip(t *testing.T, s store.Store, _ string) {
	for _, d := range Corpus() {
		put(t, s, d, store.Inserted)
		got, err := s.Get(t.Context(), d.ID)
		if err != nil {
			t.Fatalf("Get(%s): %v", d.ID, err)
		}
		if g, w := mustJSON(t, got), mustJSON(t, d); g != w {
			t.Errorf("Get(%s) differs from what was put:\ngot  %s\nwant %s", d.ID, g, w)
		}
	}
	if _, err := s.Get(t.Context(), "ffffffffffffffff"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(missing) error = %v, want ErrNotFound", err)
	}
}

func testIdempotent(t *testing.T, s store.Store, _ string) {
	d := Corpus()[0]
	put(t, s, d, store.Inserted)
	put(t, s, d, store.Unchanged)
	again := clone(t, d)
	again.Input = "elsewhere/copy.html" // where a copy came from is not content
	put(t, s, again, store.Unchanged)
	if n := documents(t, s); n != 1 {
		t.Errorf("after three Puts of one document, Documents = %d, want 1", n)
	}
}

func testUpdateInPlace(t *testing.T, s store.Store, _ string) {
	d := Corpus()[3]
	put(t, s, d, store.Inserted)
	changed := clone(t, d)
	changed.Text = strings.Replace(d.Text, "Shelling", "Mortar fire", 1)
	changed.Title = "Mortar fire in Manbij"
	changed.Events[0].Type = "COERCE"
	put(t, s, changed, store.Updated)
	got, err := s.Get(t.Context(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != changed.Title || got.Text != changed.Text {
		t.Errorf("after update Get = %q, %q; want the new title and text", got.Title, got.Text)
	}
	if n := documents(t, s); n != 1 {
		t.Errorf("Documents = %d, want 1", n)
	}
	ids := searchIDs(t, s, store.Query{Text: "mortar"})
	if !slices.Equal(ids, []string{d.ID}) {
		t.Errorf("search for the new word = %v, want [%s]", ids, d.ID)
	}
	if ids := searchIDs(t, s, store.Query{Text: "shelling"}); len(ids) != 0 {
		t.Errorf("search for the replaced word = %v, want none", ids)
	}
	if ids := searchIDs(t, s, store.Query{EventType: "ASSAULT"}); len(ids) != 0 {
		t.Errorf("old event rows remain: EventType ASSAULT = %v", ids)
	}
	if ids := searchIDs(t, s, store.Query{EventType: "COERCE"}); len(ids) != 1 {
		t.Errorf("new event rows missing: EventType COERCE = %v", ids)
	}
}

func testDedupeByURL(t *testing.T, s store.Store, _ string) {
	d := Corpus()[0]
	put(t, s, d, store.Inserted)
	// The same article under another id.
	dup := clone(t, d)
	dup.ID = "a0000000000000ff"
	put(t, s, dup, store.Unchanged)
	// Under a third id, its URL spelled differently: the record takes the
	// new spelling.
	respelled := clone(t, d)
	respelled.ID = "a0000000000000fd"
	respelled.URL = "https://news.example.com/syria/raqqa-strike/"
	put(t, s, respelled, store.Updated)
	// A new version of it: changed text, same URL.
	v2 := clone(t, respelled)
	v2.ID = "a0000000000000fe"
	v2.Text += "\n\nUpdated at 14:00."
	put(t, s, v2, store.Updated)
	if n := documents(t, s); n != 1 {
		t.Errorf("Documents = %d, want 1", n)
	}
	for _, id := range []string{d.ID, dup.ID, respelled.ID, v2.ID} {
		got, err := s.Get(t.Context(), id)
		if err != nil {
			t.Fatalf("Get(%s): %v", id, err)
		}
		if got.ID != d.ID || got.Text != v2.Text {
			t.Errorf("Get(%s) = id %s text %q; want the stored id %s and the newest text", id, got.ID, got.Text, d.ID)
		}
	}
}

func testDedupeByText(t *testing.T, s store.Store, _ string) {
	c := Corpus()[2] // no URL
	put(t, s, c, store.Inserted)
	dup := clone(t, c)
	dup.ID = "c0000000000000ff"
	put(t, s, dup, store.Unchanged)
	// Found later at a URL: same text, now with an address.
	withURL := clone(t, c)
	withURL.ID = "c0000000000000fe"
	withURL.URL = "https://wire.example.net/geneva-talks"
	put(t, s, withURL, store.Updated)
	// Syndicated: same text at another address; the first copy is kept.
	syndicated := clone(t, withURL)
	syndicated.ID = "c0000000000000fd"
	syndicated.URL = "https://other.example.net/geneva"
	put(t, s, syndicated, store.Unchanged)
	if n := documents(t, s); n != 1 {
		t.Errorf("Documents = %d, want 1", n)
	}
	got, err := s.Get(t.Context(), syndicated.ID)
	if err != nil {
		t.Fatalf("Get(syndicated id): %v", err)
	}
	if got.ID != c.ID || got.URL != withURL.URL {
		t.Errorf("Get(syndicated id) = %s at %s, want %s at %s", got.ID, got.URL, c.ID, withURL.URL)
	}
}

func testDelete(t *testing.T, s store.Store, _ string) {
	docs := Corpus()
	putAll(t, s, docs)
	dup := clone(t, docs[0])
	dup.ID = "a0000000000000ff"
	put(t, s, dup, store.Unchanged)
	if err := s.Delete(t.Context(), dup.ID); err != nil { // by alias
		t.Fatalf("Delete: %v", err)
	}
	for _, id := range []string{docs[0].ID, dup.ID} {
		if _, err := s.Get(t.Context(), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(%s) after Delete: error = %v, want ErrNotFound", id, err)
		}
	}
	if err := s.Delete(t.Context(), docs[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second Delete error = %v, want ErrNotFound", err)
	}
	if ids := searchIDs(t, s, store.Query{Text: "airstrikes"}); len(ids) != 0 {
		t.Errorf("deleted document still found: %v", ids)
	}
	if ids := searchIDs(t, s, store.Query{Actor: "US-led coalition"}); len(ids) != 0 {
		t.Errorf("deleted document's entities still found: %v", ids)
	}
	if n := documents(t, s); n != 3 {
		t.Errorf("Documents = %d, want 3", n)
	}
	// The id is free again.
	put(t, s, docs[0], store.Inserted)
}

func testInvalid(t *testing.T, s store.Store, _ string) {
	ctx := t.Context()
	if _, err := s.Put(ctx, nil); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Put(nil) error = %v, want ErrInvalid", err)
	}
	d := Corpus()[0]
	d.ID = ""
	if _, err := s.Put(ctx, d); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Put(no id) error = %v, want ErrInvalid", err)
	}
	if _, err := s.Search(ctx, store.Query{Text: "-isis"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Search(only excluded) error = %v, want ErrInvalid", err)
	}
	if _, err := s.Search(ctx, store.Query{Limit: -1}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Search(Limit -1) error = %v, want ErrInvalid", err)
	}
	// Hostile query text is searched for, not parsed as syntax.
	for _, q := range []string{`"`, `NEAR(a b)`, `a AND OR NOT`, `*`, `'); DROP TABLE docs; --`, `title:x`, `^a`} {
		if _, err := s.Search(ctx, store.Query{Text: q}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	if n := documents(t, s); n != 0 {
		t.Errorf("Documents = %d after invalid calls, want 0", n)
	}
}

func testPutBatch(t *testing.T, s store.Store, _ string) {
	docs := Corpus()
	dup := clone(t, docs[0])
	dup.ID = "a0000000000000ff"
	batch := append(slices.Clone(docs), dup, docs[1])
	res, err := s.PutBatch(t.Context(), batch)
	if err != nil {
		t.Fatalf("PutBatch: %v", err)
	}
	want := []store.PutResult{store.Inserted, store.Inserted, store.Inserted, store.Inserted, store.Unchanged, store.Unchanged}
	if !slices.Equal(res, want) {
		t.Errorf("PutBatch = %v, want %v", res, want)
	}
	// A batch with a bad document stores nothing.
	bad := Synthetic("bad", 2)
	bad[1].ID = ""
	if _, err := s.PutBatch(t.Context(), bad); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("PutBatch(bad) error = %v, want ErrInvalid", err)
	}
	if n := documents(t, s); n != 4 {
		t.Errorf("Documents = %d, want 4", n)
	}
	if res, err := s.PutBatch(t.Context(), nil); err != nil || len(res) != 0 {
		t.Errorf("PutBatch(nil) = %v, %v; want empty, nil", res, err)
	}
}

func searchIDs(t *testing.T, s store.Store, q store.Query) []string {
	t.Helper()
	r, err := s.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	ids := []string{}
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

const (
	idA = "a000000000000001"
	idB = "b000000000000002"
	idC = "c000000000000003"
	idD = "d000000000000004"
)

func testSearch(t *testing.T, s store.Store, _ string) {
	putAll(t, s, Corpus())
	raqqa := &store.Circle{Lat: 35.95, Lon: 39.01}
	near := func(km float64) *store.Circle { c := *raqqa; c.RadiusKm = km; return &c }
	tests := []struct {
		name    string
		q       store.Query
		want    []string // in order when ordered, else sorted
		ordered bool
		total   int // when different from len(want)
	}{
		{"all newest first", store.Query{}, []string{idB, idC, idA, idD}, true, 0},
		{"page", store.Query{Limit: 2, Offset: 1}, []string{idC, idA}, true, 4},
		{"past the end", store.Query{Offset: 10}, []string{}, true, 4},
		{"word", store.Query{Text: "airstrikes"}, []string{idA}, false, 0},
		{"stemmed", store.Query{Text: "protest"}, []string{idB}, false, 0},
		{"title", store.Query{Text: "ceasefire"}, []string{idC}, false, 0},
		{"two words", store.Query{Text: "Raqqa Islamic"}, []string{idA, idD}, false, 0},
		{"phrase", store.Query{Text: `"Islamic State denied"`}, []string{idD}, false, 0},
		{"excluded", store.Query{Text: "Raqqa -Manbij"}, []string{idA}, false, 0},
		{"or", store.Query{Text: "Istanbul OR Geneva"}, []string{idB, idC}, false, 0},
		{"no match", store.Query{Text: "Mosul"}, []string{}, false, 0},
		{"actor name", store.Query{Actor: "islamic state"}, []string{idA, idB, idD}, false, 0},
		{"actor alias", store.Query{Actor: "Isis"}, []string{idA, idB, idD}, false, 0},
		{"actor kb id", store.Query{Actor: "Q2429253"}, []string{idA, idB, idD}, false, 0},
		{"actor key", store.Query{Actor: "kb:Q-sdf"}, []string{idC}, false, 0},
		{"actor entity id", store.Query{Actor: "ent-coalition"}, []string{idA}, false, 0},
		{"event type", store.Query{EventType: "assault"}, []string{idA, idD}, false, 0},
		{"modality", store.Query{Modality: "expected"}, []string{idC}, false, 0},
		{"country", store.Query{Country: "SYR"}, []string{idA, idD}, false, 0},
		{"country of a place only", store.Query{Country: "GBR"}, []string{}, false, 0},
		{"near 50 km", store.Query{Near: near(50)}, []string{idA, idD}, false, 0}, // D names Raqqa too
		{"near Manbij 50 km", store.Query{Near: &store.Circle{Lat: 36.53, Lon: 37.95, RadiusKm: 50}}, []string{idD}, false, 0},
		{"near Geneva", store.Query{Near: &store.Circle{Lat: 46.0, Lon: 6.0, RadiusKm: 40}}, []string{idC}, false, 0},
		{"from to", store.Query{From: time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC), To: time.Date(2019, 3, 14, 0, 0, 0, 0, time.UTC)}, []string{idB, idC}, true, 0},
		{"from", store.Query{From: time.Date(2019, 3, 10, 0, 0, 0, 0, time.UTC)}, []string{idB}, true, 0},
		{"to", store.Query{To: time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC)}, []string{idA}, true, 0},
		{"site", store.Query{Site: "daily example"}, []string{idB}, false, 0},
		{"language", store.Query{Language: "FR"}, []string{idC}, false, 0},
		{"combined", store.Query{Text: "Raqqa", EventType: "ASSAULT", Country: "SYR", Site: "Example News"}, []string{idA, idD}, false, 0},
		{"combined none", store.Query{Text: "Raqqa", Language: "fr"}, []string{}, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.Search(t.Context(), tc.q)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			got := []string{}
			for _, h := range r.Hits {
				got = append(got, h.ID)
			}
			want := tc.want
			if !tc.ordered {
				slices.Sort(got)
				want = slices.Sorted(slices.Values(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("ids = %v, want %v", got, want)
			}
			total := tc.total
			if total == 0 {
				total = len(tc.want)
			}
			if r.Total != total {
				t.Errorf("Total = %d, want %d", r.Total, total)
			}
		})
	}
	// A hit carries the document's metadata.
	r, err := s.Search(t.Context(), store.Query{Text: "protesters"})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("Search = %+v, %v", r, err)
	}
	h := r.Hits[0]
	if h.URL != "https://daily.example.org/turkey-protest" || h.Site != "Daily Example" || h.Title != "Protesters march in Istanbul" ||
		h.Language != "en" || h.Published == nil || !h.Published.Equal(*date("2019-03-13T08:30:00+03:00")) || h.Score <= 0 {
		t.Errorf("hit = %+v", h)
	}
	// Relevance: a document where the word is in the title ranks first.
	r, err = s.Search(t.Context(), store.Query{Text: "Raqqa"})
	if err != nil || len(r.Hits) != 2 {
		t.Fatalf("Search(Raqqa) = %+v, %v", r, err)
	}
	if r.Hits[0].ID != idA || r.Hits[0].Score < r.Hits[1].Score {
		t.Errorf("Search(Raqqa) ranks %s (%.3f) over %s (%.3f), want %s first", r.Hits[0].ID, r.Hits[0].Score, r.Hits[1].ID, r.Hits[1].Score, idA)
	}
}

// testRanking checks that a document matching strongly (every query word
// in its title and its text) ranks first, with a higher score than one
// naming a word in its title and one naming the words only in passing,
// whatever the order they were stored in. (How those two compare is each
// dialect's choice: PostgreSQL's ts_rank_cd favours the adjacent words.)
func testRanking(t *testing.T, s store.Store, _ string) {
	day := date("2019-05-01T12:00:00Z")
	filler := strings.Repeat("Officials met on Tuesday and discussed the situation at length. ", 5)
	strong := newDoc("rank-strong", "https://example.com/strong", "Example News", "Ceasefire talks resume in Geneva", "en", day,
		"Ceasefire talks between the parties resumed. "+filler+"The ceasefire talks are expected to last a week.")
	medium := newDoc("rank-medium", "https://example.com/medium", "Example News", "Ceasefire holds as envoys gather", "en", day,
		"The ceasefire is fragile. "+filler+"Diplomats said talks would go on.")
	weak := newDoc("rank-weak", "https://example.com/weak", "Example News", "Weather turns cold in the mountains", "en", day,
		filler+"In other news, ceasefire talks were mentioned once.")
	for _, order := range [][]*article.Document{{strong, medium, weak}, {weak, medium, strong}} {
		for _, d := range order {
			put(t, s, d, store.Inserted)
		}
		r, err := s.Search(t.Context(), store.Query{Text: "ceasefire talks"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, h.ID)
		}
		if len(r.Hits) != 3 || got[0] != "rank-strong" || !(r.Hits[0].Score > r.Hits[1].Score && r.Hits[0].Score > r.Hits[2].Score) {
			t.Errorf("stored %s first: ranked %v, want rank-strong first with a higher score (hits %+v)", order[0].ID, got, r.Hits)
		}
		for _, d := range order {
			if err := s.Delete(t.Context(), d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func testSnippets(t *testing.T, s store.Store, _ string) {
	putAll(t, s, Corpus())
	r, err := s.Search(t.Context(), store.Query{Text: "airstrike coalition"})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("Search = %+v, %v", r, err)
	}
	h := r.Hits[0]
	if len(h.Highlights) == 0 {
		t.Fatalf("no highlights in snippet %q", h.Snippet)
	}
	for _, sp := range h.Highlights {
		if sp.Start < 0 || sp.End > len(h.Snippet) || sp.Start >= sp.End {
			t.Fatalf("highlight %v outside snippet %q", sp, h.Snippet)
		}
		w := strings.ToLower(h.Snippet[sp.Start:sp.End])
		if !strings.HasPrefix(w, "airstrike") && !strings.HasPrefix(w, "coalition") {
			t.Errorf("highlighted %q, want a form of a query word", w)
		}
	}
	if strings.ContainsAny(h.Snippet, "\x02\x03") {
		t.Errorf("snippet keeps markers: %q", h.Snippet)
	}
	if !strings.Contains(h.Snippet, "Raqqa") {
		t.Errorf("snippet %q does not show the matching passage", h.Snippet)
	}
	// Without a text query the snippet is the opening.
	r, err = s.Search(t.Context(), store.Query{Language: "fr"})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("Search = %+v, %v", r, err)
	}
	if !strings.HasPrefix(r.Hits[0].Snippet, "Envoys of the Syrian") || len(r.Hits[0].Highlights) != 0 {
		t.Errorf("opening snippet = %q %v", r.Hits[0].Snippet, r.Hits[0].Highlights)
	}
}

func testFacets(t *testing.T, s store.Store, _ string) {
	putAll(t, s, Corpus())
	tests := []struct {
		q            store.Query
		types, weeks []store.Count
	}{
		{store.Query{Limit: 1},
			[]store.Count{{Value: "ASSAULT", Count: 2}, {Value: "AGREE", Count: 1}, {Value: "PROTEST", Count: 1}},
			[]store.Count{{Value: "2019-03-04", Count: 2}, {Value: "2019-03-11", Count: 1}}},
		{store.Query{Text: "Raqqa"},
			[]store.Count{{Value: "ASSAULT", Count: 2}},
			[]store.Count{{Value: "2019-03-04", Count: 1}}},
		{store.Query{Text: "Mosul"}, []store.Count{}, []store.Count{}},
	}
	for _, tc := range tests {
		r, err := s.Search(t.Context(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(r.EventTypes) != fmt.Sprint(tc.types) || r.EventTypes == nil {
			t.Errorf("Search(%+v).EventTypes = %v, want %v", tc.q, r.EventTypes, tc.types)
		}
		if fmt.Sprint(r.Weeks) != fmt.Sprint(tc.weeks) || r.Weeks == nil {
			t.Errorf("Search(%+v).Weeks = %v, want %v", tc.q, r.Weeks, tc.weeks)
		}
	}
}

func testEvents(t *testing.T, s store.Store, _ string) {
	docs := Corpus()
	putAll(t, s, docs)
	tests := []struct {
		name string
		q    store.Query
		want []string // doc ids, newest first
	}{
		{"all", store.Query{}, []string{idB, idC, idA, idD}},
		{"type", store.Query{EventType: "ASSAULT"}, []string{idA, idD}},
		{"actor recipient alias", store.Query{Actor: "isis"}, []string{idA}},
		{"actor", store.Query{Actor: "SDF"}, []string{idC}},
		{"place country", store.Query{Country: "TUR"}, []string{idB}},
		{"near", store.Query{Near: &store.Circle{Lat: 35.95, Lon: 39.01, RadiusKm: 50}}, []string{idA}},
		{"near wide", store.Query{Near: &store.Circle{Lat: 35.95, Lon: 39.01, RadiusKm: 150}}, []string{idA, idD}},
		{"modality", store.Query{Modality: "expected"}, []string{idC}},
		{"text", store.Query{Text: "Istanbul"}, []string{idB}},
		{"site and date", store.Query{Site: "example news", To: time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)}, []string{idA}},
		{"page", store.Query{Limit: 1, Offset: 1}, []string{idC}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.Events(t.Context(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, e := range r.Events {
				got = append(got, e.DocID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("events from %v, want %v", got, tc.want)
			}
		})
	}
	r, err := s.Events(t.Context(), store.Query{Actor: "US-led coalition"})
	if err != nil || len(r.Events) != 1 {
		t.Fatalf("Events = %+v, %v", r, err)
	}
	e := r.Events[0]
	if g, w := mustJSON(t, e.Event), mustJSON(t, docs[0].Events[0]); g != w {
		t.Errorf("event = %s, want %s", g, w)
	}
	if e.Place == nil || e.Place.Name != "Raqqa" || e.Place.Lat == nil || *e.Place.Lat != 35.95 || e.Place.Country != "SYR" {
		t.Errorf("place = %+v, want Raqqa at 35.95", e.Place)
	}
	if len(e.Actors) != 1 || e.Actors[0].Name != "US-led coalition" || len(e.Recipients) != 1 || e.Recipients[0].KBID != "Q2429253" {
		t.Errorf("actors %+v recipients %+v", e.Actors, e.Recipients)
	}
	if e.Title != docs[0].Title || e.URL == "" || e.Published == nil {
		t.Errorf("event article = %q %q %v", e.Title, e.URL, e.Published)
	}
	if r.Total != 1 {
		t.Errorf("Total = %d, want 1", r.Total)
	}
}

func testActors(t *testing.T, s store.Store, _ string) {
	putAll(t, s, Corpus())
	ctx := t.Context()
	for _, key := range []string{"Isis", "islamic state", "Q2429253", "kb:Q2429253", "ent-isis-b", "IS"} {
		a, err := s.Actor(ctx, key)
		if err != nil {
			t.Fatalf("Actor(%q): %v", key, err)
		}
		want := store.Actor{Key: "kb:Q2429253", KBID: "Q2429253", Name: "Islamic State", Type: "ORG", Kind: "armed_group",
			Sector: "REB", Aliases: []string{"IS", "Isis"}, Articles: 3, Mentions: 3 + 1 + 1}
		if g, w := mustJSON(t, a), mustJSON(t, want); g != w {
			t.Errorf("Actor(%q) = %s, want %s", key, g, w)
		}
	}
	if _, err := s.Actor(ctx, "Hezbollah"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Actor(missing) error = %v, want ErrNotFound", err)
	}
	raqqa, err := s.Actor(ctx, "raqqa")
	if err != nil {
		t.Fatal(err)
	}
	if raqqa.Key != "name:raqqa" || raqqa.Articles != 2 || raqqa.Lat == nil || *raqqa.Lat != 35.95 || raqqa.Country != "SYR" {
		t.Errorf("Actor(raqqa) = %+v", raqqa)
	}

	keys := func(f store.ActorFilter) []string {
		as, err := s.Actors(ctx, f)
		if err != nil {
			t.Fatalf("Actors(%+v): %v", f, err)
		}
		out := []string{}
		for _, a := range as {
			out = append(out, a.Key)
		}
		return out
	}
	tests := []struct {
		f    store.ActorFilter
		want []string
	}{
		{store.ActorFilter{Limit: 2}, []string{"kb:Q2429253", "name:raqqa"}},
		{store.ActorFilter{Country: "SYR"}, []string{"name:raqqa", "kb:Q-sdf", "name:manbij"}},
		{store.ActorFilter{Name: "islam"}, []string{"kb:Q2429253"}},
		{store.ActorFilter{Name: "sdf"}, []string{"kb:Q-sdf"}},
		{store.ActorFilter{Sector: "MIL"}, []string{"kb:Q-coalition"}},
		{store.ActorFilter{Type: "NORP"}, []string{"name:kurdish protesters"}},
		{store.ActorFilter{Kind: "nothing"}, []string{}},
		{store.ActorFilter{Limit: 1, Offset: 1}, []string{"name:raqqa"}},
	}
	for _, tc := range tests {
		got := keys(tc.f)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Actors(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
}

func testStats(t *testing.T, s store.Store, _ string) {
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 0 || st.Oldest != nil || st.Schema < 1 {
		t.Errorf("empty Stats = %+v", st)
	}
	putAll(t, s, Corpus())
	if err := s.RecordFailure(t.Context(), "bad.html", "no content", true); err != nil {
		t.Fatal(err)
	}
	st, err = s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{Documents: 4, Entities: 13, Actors: 10, Events: 4, Quotes: 1, Claims: 1, Quantities: 1, Failures: 1,
		Oldest: date("2019-03-04T10:00:00Z"), Newest: date("2019-03-13T05:30:00Z"), Schema: st.Schema}
	if g, w := mustJSON(t, st), mustJSON(t, want); g != w {
		t.Errorf("Stats = %s, want %s", g, w)
	}
}

func testFailures(t *testing.T, s store.Store, _ string) {
	ctx := t.Context()
	if fs, err := s.ListFailures(ctx); err != nil || fs == nil || len(fs) != 0 {
		t.Fatalf("ListFailures on empty store = %v, %v; want empty, nil", fs, err)
	}
	if err := s.RecordFailure(ctx, "feeds/a.xml", "timeout", false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := s.RecordFailure(ctx, "fixture/d000000000000004.txt", "no content", true); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := s.RecordFailure(ctx, "feeds/a.xml", "HTTP 503", false); err != nil {
		t.Fatal(err)
	}
	fs, err := s.ListFailures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Input != "feeds/a.xml" || fs[0].Reason != "HTTP 503" || fs[0].Attempts != 2 || fs[0].Permanent ||
		!fs[0].LastSeen.After(fs[0].FirstSeen) || fs[1].Input != "fixture/d000000000000004.txt" || !fs[1].Permanent || fs[1].Attempts != 1 {
		t.Errorf("ListFailures = %+v", fs)
	}
	if err := s.ClearFailure(ctx, "feeds/a.xml"); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearFailure(ctx, "feeds/a.xml"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second ClearFailure error = %v, want ErrNotFound", err)
	}
	// Storing the document from an input clears its failure.
	put(t, s, Corpus()[3], store.Inserted)
	if fs, err := s.ListFailures(ctx); err != nil || len(fs) != 0 {
		t.Errorf("after a successful Put, ListFailures = %+v, %v; want none", fs, err)
	}
	if err := s.RecordFailure(ctx, "", "x", true); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("RecordFailure(empty input) error = %v, want ErrInvalid", err)
	}
}

func testConcurrentPuts(t *testing.T, s store.Store, _ string) {
	docs := Synthetic("cnc", 30)
	const workers = 4
	var mu sync.Mutex
	count := map[store.PutResult]int{}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			// Every worker puts every document, in its own order, half
			// singly and half in batches.
			order := slices.Clone(docs)
			for i := range order {
				j := (i*7 + w*11) % len(order)
				order[i], order[j] = order[j], order[i]
			}
			for i := 0; i < len(order); {
				var res []store.PutResult
				var err error
				if w%2 == 0 {
					var r store.PutResult
					r, err = s.Put(context.Background(), order[i])
					res = []store.PutResult{r}
					i++
				} else {
					end := min(len(order), i+5)
					res, err = s.PutBatch(context.Background(), order[i:end])
					i = end
				}
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				for _, r := range res {
					count[r]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent Put: %v", err)
	}
	if count[store.Inserted] != len(docs) || count[store.Unchanged] != (workers-1)*len(docs) || count[store.Updated] != 0 {
		t.Errorf("results = %v, want %d inserted and %d unchanged", count, len(docs), (workers-1)*len(docs))
	}
	if n := documents(t, s); n != len(docs) {
		t.Errorf("Documents = %d, want %d", n, len(docs))
	}
}

func testReopen(t *testing.T, s store.Store, dsn string) {
	docs := Corpus()
	putAll(t, s, docs)
	if err := s.RecordFailure(t.Context(), "x.html", "broken", true); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := s.Get(t.Context(), idA); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Get after Close error = %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	s2 := open(t, dsn)
	for _, d := range docs {
		got, err := s2.Get(t.Context(), d.ID)
		if err != nil {
			t.Fatalf("after reopen Get(%s): %v", d.ID, err)
		}
		if g, w := mustJSON(t, got), mustJSON(t, d); g != w {
			t.Errorf("after reopen Get(%s) differs", d.ID)
		}
		put(t, s2, d, store.Unchanged)
	}
	if ids := searchIDs(t, s2, store.Query{Text: "airstrikes", Country: "SYR"}); !slices.Equal(ids, []string{idA}) {
		t.Errorf("after reopen search = %v", ids)
	}
	if fs, err := s2.ListFailures(t.Context()); err != nil || len(fs) != 1 {
		t.Errorf("after reopen ListFailures = %v, %v", fs, err)
	}
}

// testActorTallies checks that actor counts follow updates and deletes.
func testActorTallies(t *testing.T, s store.Store, _ string) {
	docs := Corpus()
	putAll(t, s, docs)
	ctx := t.Context()
	articles := func(key string) int {
		t.Helper()
		a, err := s.Actor(ctx, key)
		if errors.Is(err, store.ErrNotFound) {
			return 0
		}
		if err != nil {
			t.Fatalf("Actor(%q): %v", key, err)
		}
		return a.Articles
	}
	if n := articles("kb:Q2429253"); n != 3 {
		t.Fatalf("Islamic State in %d articles, want 3", n)
	}
	// D no longer names Islamic State: an update.
	d := clone(t, docs[3])
	d.Entities = d.Entities[:2]
	put(t, s, d, store.Updated)
	if n := articles("kb:Q2429253"); n != 2 {
		t.Errorf("after update: Islamic State in %d articles, want 2", n)
	}
	if n := articles("raqqa"); n != 2 {
		t.Errorf("after update: Raqqa in %d articles, want 2", n)
	}
	if err := s.Delete(ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	if n := articles("kb:Q2429253"); n != 1 {
		t.Errorf("after delete: Islamic State in %d articles, want 1", n)
	}
	if n := articles("US-led coalition"); n != 0 {
		t.Errorf("after delete: coalition in %d articles, want none", n)
	}
	as, err := s.Actors(ctx, store.ActorFilter{Name: "coalition"})
	if err != nil || len(as) != 0 {
		t.Errorf("Actors(coalition) after delete = %+v, %v; want none", as, err)
	}
	// Names of the remaining article are still there, and only they.
	a, err := s.Actor(ctx, "Isis")
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Isis" || !slices.Equal(a.Aliases, []string{"Islamic State"}) || a.Mentions != 1 {
		t.Errorf("Actor(Isis) after delete = %+v", a)
	}
}

// incidentCorpus is six reports around Raqqa in 2019: two of one
// airstrike that disagree on the toll, the same strike weeks later, a
// protest, a strike at Manbij, and a denied strike.
func incidentCorpus() []*article.Document {
	mk := func(id, site, published, day, typ, placeName string, lat, lon float64, count float64, negated bool) *article.Document {
		text := "US-led coalition aircraft struck Islamic State positions in " + placeName + ", report " + id + " says."
		d := newDoc(id, "https://"+strings.ToLower(strings.ReplaceAll(site, " ", ""))+".example/"+id, site,
			"Strike in "+placeName, "en", date(published), text)
		d.Entities = []article.Entity{
			entity(text, "e1", "US-led coalition", "ORG", "military", "USA", "MIL", "Q-coalition"),
			entity(text, "e2", "Islamic State", "ORG", "armed_group", "", "REB", "Q2429253"),
			place(text, "p1", placeName, "city", "SYR", lat, lon),
		}
		ev := event(text, "ev1", typ, "aerial", "asserted", "struck", []string{"e1"}, []string{"e2"}, "p1")
		ev.Date = &article.EventDate{Value: day, Precision: "day"}
		if count >= 0 {
			ev.Count = ptr(count)
		}
		ev.Negated = negated
		d.Events = []article.Event{ev}
		return d
	}
	return []*article.Document{
		mk("inc0000000000001", "Wire One", "2019-05-01T09:00:00Z", "2019-04-30", "ASSAULT", "Raqqa", 35.95, 39.01, 25, false),
		mk("inc0000000000002", "Paper Two", "2019-05-02T09:00:00Z", "2019-05-01", "ASSAULT", "Raqqa", 35.951, 39.012, 34, false),
		mk("inc0000000000003", "Wire One", "2019-05-21T09:00:00Z", "2019-05-20", "ASSAULT", "Raqqa", 35.95, 39.01, -1, false),
		mk("inc0000000000004", "Paper Two", "2019-04-30T09:00:00Z", "2019-04-29", "PROTEST", "Raqqa", 35.95, 39.01, -1, false),
		mk("inc0000000000005", "Wire One", "2019-04-29T09:00:00Z", "2019-04-28", "ASSAULT", "Manbij", 36.53, 37.95, 3, false),
		mk("inc0000000000006", "Paper Two", "2019-05-01T10:00:00Z", "2019-04-30", "ASSAULT", "Raqqa", 35.95, 39.01, 50, true),
	}
}

func testIncidents(t *testing.T, s store.Store, _ string) {
	putAll(t, s, incidentCorpus())
	ctx := t.Context()
	r, err := s.Incidents(ctx, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Type, Place, From, To string
		Docs                  []string
		Sources               []string
		Figures               []float64
		Conflicting           bool
		Actors, Recipients    []string
	}
	var got []summary
	for _, in := range r.Incidents {
		sm := summary{Type: in.Type, From: in.From, To: in.To, Sources: in.Sources, Conflicting: in.Conflicting,
			Actors: in.Actors, Recipients: in.Recipients, Docs: []string{}, Figures: []float64{}}
		if in.Place != nil {
			sm.Place = in.Place.Name
		}
		for _, m := range in.Mentions {
			sm.Docs = append(sm.Docs, m.DocID)
		}
		for _, f := range in.Figures {
			sm.Figures = append(sm.Figures, f.Value)
		}
		if in.Articles != len(in.Mentions) {
			t.Errorf("incident %s %s: Articles = %d, want %d", in.Type, in.From, in.Articles, len(in.Mentions))
		}
		got = append(got, sm)
	}
	coalition, is := []string{"US-led coalition"}, []string{"Islamic State"}
	want := []summary{
		// Two reports a day apart, 25 and 34 injured: one incident, both
		// figures kept, flagged; the newest article first. The denied
		// strike is left out.
		{"ASSAULT", "Raqqa", "2019-04-30", "2019-05-01", []string{"inc0000000000002", "inc0000000000001"},
			[]string{"Paper Two", "Wire One"}, []float64{34, 25}, true, coalition, is},
		// Three weeks later: another incident.
		{"ASSAULT", "Raqqa", "2019-05-20", "2019-05-20", []string{"inc0000000000003"}, []string{"Wire One"}, []float64{}, false, coalition, is},
		// Another type.
		{"PROTEST", "Raqqa", "2019-04-29", "2019-04-29", []string{"inc0000000000004"}, []string{"Paper Two"}, []float64{}, false, coalition, is},
		// Another place, 115 km away.
		{"ASSAULT", "Manbij", "2019-04-28", "2019-04-28", []string{"inc0000000000005"}, []string{"Wire One"}, []float64{3}, false, coalition, is},
	}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("Incidents = %s\nwant %s", g, w)
	}
	if r.Total != 4 || r.Events != 6 || r.Capped {
		t.Errorf("Total %d, Events %d, Capped %v; want 4, 6, false", r.Total, r.Events, r.Capped)
	}
	// Filters select the events first, as for Events; pages are of
	// incidents.
	r, err = s.Incidents(ctx, store.Query{EventType: "PROTEST"})
	if err != nil || len(r.Incidents) != 1 || r.Incidents[0].Type != "PROTEST" {
		t.Errorf("Incidents(PROTEST) = %+v, %v", r, err)
	}
	r, err = s.Incidents(ctx, store.Query{Limit: 2, Offset: 1})
	if err != nil || r.Total != 4 || len(r.Incidents) != 2 || r.Incidents[0].From != "2019-05-20" {
		t.Errorf("Incidents(page 2) = %+v, %v", r, err)
	}
	r, err = s.Incidents(ctx, store.Query{Near: &store.Circle{Lat: 36.53, Lon: 37.95, RadiusKm: 20}})
	if err != nil || len(r.Incidents) != 1 || r.Incidents[0].Place == nil || r.Incidents[0].Place.Name != "Manbij" {
		t.Errorf("Incidents(near Manbij) = %+v, %v", r, err)
	}
	r, err = s.Incidents(ctx, store.Query{Actor: "nobody at all"})
	if err != nil || r.Total != 0 || r.Incidents == nil {
		t.Errorf("Incidents(no actor) = %+v, %v; want an empty list", r, err)
	}
}

func testAll(t *testing.T, s store.Store, _ string) {
	docs := Corpus()
	putAll(t, s, docs)
	putAll(t, s, Synthetic("all", 450)) // more than one read
	ctx := t.Context()
	collect := func(q store.Query) []string {
		t.Helper()
		out := []string{}
		for d, err := range s.All(ctx, q) {
			if err != nil {
				t.Fatalf("All(%+v): %v", q, err)
			}
			out = append(out, d.ID)
		}
		return out
	}
	all := collect(store.Query{})
	if len(all) != 454 || !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != 454 {
		t.Errorf("All() gave %d ids (sorted %v), want 454 distinct in order", len(all), slices.IsSorted(all))
	}
	for _, tc := range []struct {
		q    store.Query
		want []string
	}{
		{store.Query{Text: "Raqqa"}, []string{idA, idD}},
		{store.Query{Actor: "Isis", Limit: 1, Offset: 2}, []string{idA, idB, idD}}, // limit and offset are ignored
		{store.Query{EventType: "PROTEST"}, []string{idB}},
		{store.Query{Country: "SYR", Text: "fighting"}, collect(store.Query{Site: "synthetic"})},
	} {
		if got := collect(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("All(%+v) = %d ids %.60v, want %d %.60v", tc.q, len(got), got, len(tc.want), tc.want)
		}
	}
	// The records are the stored ones.
	for d, err := range s.All(ctx, store.Query{Text: "airstrikes"}) {
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := mustJSON(t, d), mustJSON(t, got); g != w {
			t.Errorf("All record differs from Get")
		}
	}
	// Stopping early is allowed.
	n := 0
	for range s.All(ctx, store.Query{}) {
		n++
		if n == 3 {
			break
		}
	}
	// An invalid query yields its error and ends.
	var errs []error
	for d, err := range s.All(ctx, store.Query{Text: "-only"}) {
		if d != nil {
			t.Errorf("All(-only) yielded %s", d.ID)
		}
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], store.ErrInvalid) {
		t.Errorf("All(-only) errors = %v, want one ErrInvalid", errs)
	}
}

// testCapped checks the window: more than store.SearchWindow matches are
// counted as SearchWindow with Capped set, facets count the window, and
// pages past it still come in date order.
func testCapped(t *testing.T, s store.Store, _ string) {
	n := store.SearchWindow + 5
	docs := Synthetic("cap", n)
	for i, d := range docs { // distinct days, newest last
		p := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		d.Published = &p
	}
	if _, err := s.PutBatch(t.Context(), docs); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, q := range []store.Query{{}, {Text: "fighting"}, {EventType: "ASSAULT"}} {
		r, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != store.SearchWindow || !r.Capped {
			t.Errorf("Search(%+v): Total %d, Capped %v; want %d, true", q, r.Total, r.Capped, store.SearchWindow)
		}
		if len(r.EventTypes) != 1 || r.EventTypes[0].Count != store.SearchWindow {
			t.Errorf("Search(%+v).EventTypes = %v, want ASSAULT %d", q, r.EventTypes, store.SearchWindow)
		}
	}
	// Newest first, also past the window.
	r, err := s.Search(ctx, store.Query{Limit: 3, Offset: n - 3})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range r.Hits {
		got = append(got, h.ID)
	}
	if want := []string{docs[2].ID, docs[1].ID, docs[0].ID}; !slices.Equal(got, want) {
		t.Errorf("last page = %v, want %v", got, want)
	}
	r, err = s.Search(ctx, store.Query{Text: "fighting", Limit: 5})
	if err != nil || len(r.Hits) != 5 {
		t.Fatalf("Search(fighting) = %+v, %v", r, err)
	}
	ev, err := s.Events(ctx, store.Query{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Total != store.SearchWindow || !ev.Capped || len(ev.Events) != 5 || ev.Events[0].DocID != docs[n-1].ID {
		t.Errorf("Events: Total %d, Capped %v, %d events, first from %s; want %d, true, 5, %s",
			ev.Total, ev.Capped, len(ev.Events), ev.Events[0].DocID, store.SearchWindow, docs[n-1].ID)
	}
	in, err := s.Incidents(ctx, store.Query{})
	if err != nil || !in.Capped || in.Events != store.IncidentWindow {
		t.Errorf("Incidents: Capped %v, Events %d, %v; want true, %d", in.Capped, in.Events, err, store.IncidentWindow)
	}
}

func testLookup(t *testing.T, s store.Store, _ string) {
	docs := Corpus()
	d, other := docs[0], docs[1]
	put(t, s, d, store.Inserted)
	put(t, s, other, store.Inserted)
	// The same article under another id: the id becomes an alias.
	dup := clone(t, d)
	dup.ID = "a0000000000000ff"
	put(t, s, dup, store.Unchanged)
	got, err := s.Lookup(t.Context(), []string{d.ID, dup.ID, "nosuchid", other.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("Lookup found %d, want 3: %+v", len(got), got)
	}
	if _, ok := got["nosuchid"]; ok {
		t.Errorf("Lookup found an id never stored")
	}
	for _, id := range []string{d.ID, dup.ID} {
		st := got[id]
		if st.ID != d.ID || st.TextHash != store.TextHash(d.Text) || st.URL != store.CanonicalURL(d.URL) || st.Title != d.Title {
			t.Errorf("Lookup[%s] = %+v, want the record of %s", id, st, d.ID)
		}
		if !st.Same(d) {
			t.Errorf("Lookup[%s].Same(the stored document) = false", id)
		}
	}
	if got[other.ID].Same(d) {
		t.Errorf("another document's Stored is Same")
	}
	for name, change := range map[string]func(*article.Document){
		"text":      func(c *article.Document) { c.Text += " More." },
		"title":     func(c *article.Document) { c.Title += "!" },
		"url":       func(c *article.Document) { c.URL = "https://news.example.com/syria/other-strike" },
		"published": func(c *article.Document) { p := time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC); c.Published = &p },
	} {
		c := clone(t, d)
		change(c)
		if got[d.ID].Same(c) {
			t.Errorf("Same after a change of %s = true", name)
		}
	}
	// Many ids at once, most absent.
	many := []string{other.ID}
	for i := range 1200 {
		many = append(many, fmt.Sprintf("absent%05d", i))
	}
	got, err = s.Lookup(t.Context(), many)
	if err != nil || len(got) != 1 || got[other.ID].ID != other.ID {
		t.Errorf("Lookup of 1201 ids = %d found, %v; want the one stored", len(got), err)
	}
	if got, err := s.Lookup(t.Context(), nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("Lookup(nil) = %v, %v; want an empty map", got, err)
	}
}

func testTokensNotStored(t *testing.T, s store.Store, _ string) {
	d := clone(t, Corpus()[0])
	d.Tokens = []article.Token{{Start: 0, End: 2}}
	put(t, s, d, store.Inserted)
	if len(d.Tokens) != 1 {
		t.Errorf("Put changed the caller's document: %d tokens", len(d.Tokens))
	}
	got, err := s.Get(t.Context(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tokens) != 0 {
		t.Errorf("Get returned %d tokens, want none (they are not stored)", len(got.Tokens))
	}
	without := clone(t, d)
	without.Tokens = nil
	put(t, s, without, store.Unchanged)
}

// testManyActors stores an article naming hundreds of actors and places:
// the per-document lists must not hit an index entry limit (PostgreSQL
// refused such an article once), and the last of them must be findable.
func testManyActors(t *testing.T, s store.Store, _ string) {
	var text strings.Builder
	var ents []article.Entity
	const n = 300
	for i := range n {
		text.WriteString(fmt.Sprintf("Delegate Number%03d Representativeson met envoys in Placeville%03d. ", i, i))
	}
	body := text.String()
	for i := range n {
		ents = append(ents,
			entity(body, fmt.Sprintf("ent-p%03d", i), fmt.Sprintf("Delegate Number%03d Representativeson", i), "PERSON", "person", "USA", "GOV", ""),
			place(body, fmt.Sprintf("ent-l%03d", i), fmt.Sprintf("Placeville%03d", i), "city", "USA", 30+float64(i)/100, -90-float64(i)/100))
	}
	d := newDoc("m000000000000009", "https://many.example.com/a", "Many Example", "A crowded meeting", "en", date("2020-01-02T00:00:00Z"), body)
	d.Entities = ents
	put(t, s, d, store.Inserted)
	last := fmt.Sprintf("Delegate Number%03d Representativeson", n-1)
	if got := searchIDs(t, s, store.Query{Actor: last}); !slices.Equal(got, []string{d.ID}) {
		t.Errorf("actor %q: got %v, want [%s]", last, got, d.ID)
	}
	if got := searchIDs(t, s, store.Query{Text: "Placeville299", Actor: "Delegate Number000 Representativeson"}); !slices.Equal(got, []string{d.ID}) {
		t.Errorf("text and actor: got %v, want [%s]", got, d.ID)
	}
}
