package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/api"
	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// analyze is a stand-in pipeline: the text as it came, one entity.
func analyze(_ context.Context, src *article.Source) (*article.Document, error) {
	text := strings.TrimSpace(string(src.Body))
	if strings.Contains(text, "REJECT-ME") {
		return nil, &ingest.InputError{Input: src.Input, Err: io.ErrUnexpectedEOF}
	}
	d := article.New()
	d.ID = src.ID
	if d.ID == "" {
		d.ID = "posted" + string(rune('a'+len(text)%26))
	}
	d.Input, d.URL, d.Title, d.Text, d.Language, d.Published = src.Input, src.URL, src.Title, text, "en", src.Published
	if i := strings.Index(text, "Hezbollah"); i >= 0 {
		d.Entities = append(d.Entities, article.Entity{ID: "e1", Name: "Hezbollah", Type: "ORG", Kind: "armed_group", Country: "LBN",
			Sector: "REB", KBID: "hezbollah", Aliases: []string{}, Mentions: []article.Mention{{Start: i, End: i + 9, Text: "Hezbollah"}}})
		d.Events = append(d.Events, article.Event{ID: "ev1", Type: "ASSAULT", Modality: "asserted", Actors: []string{"e1"}, Recipients: []string{},
			Trigger: article.Mention{Start: i, End: i + 9, Text: "Hezbollah"}})
	}
	return d, nil
}

func newAPI(t *testing.T, token string) (*httptest.Server, store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(api.New(st, api.Options{Token: token, Analyze: analyze, MaxBody: 2000}))
	t.Cleanup(srv.Close)
	return srv, st
}

func do(t *testing.T, srv *httptest.Server, method, path, ctype, auth, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: decoding: %v", method, path, err)
	}
	return res.StatusCode, out, res.Header
}

func TestAPI(t *testing.T) {
	srv, _ := newAPI(t, "s3cret")
	const bearer = "Bearer s3cret"
	// Ingest two articles, one as JSON and one as plain text.
	status, out, _ := do(t, srv, "POST", "/api/ingest", "application/json", bearer,
		`{"id":"one","title":"Strike","url":"https://a.test/1","published":"2024-02-01","text":"Hezbollah fired rockets at a base in the north."}`)
	if status != http.StatusCreated || out["id"] != "one" || out["result"] != "inserted" {
		t.Fatalf("ingest JSON: %d %v", status, out)
	}
	status, out, _ = do(t, srv, "POST", "/api/ingest", "text/plain", bearer, "Talks on the border resumed in Beirut on Monday.")
	if status != http.StatusCreated {
		t.Fatalf("ingest text: %d %v", status, out)
	}
	status, out, _ = do(t, srv, "POST", "/api/ingest", "application/json", bearer,
		`{"id":"one","title":"Strike","url":"https://a.test/1","published":"2024-02-01","text":"Hezbollah fired rockets at a base in the north."}`)
	if status != http.StatusOK || out["result"] != "unchanged" {
		t.Fatalf("ingest again: %d %v", status, out)
	}

	for _, tc := range []struct {
		method, path, ctype, auth, body string
		status                          int
		want                            string // a fragment of the JSON answer
	}{
		{"GET", "/api/search?q=rockets", "", "", "", 200, `"total":1`},
		{"GET", "/api/search?q=rockets", "", "", "", 200, `"highlights":[{"start":`},
		{"GET", "/api/search", "", "", "", 200, `"total":2`},
		{"GET", "/api/search?type=ASSAULT", "", "", "", 200, `"event_types":[{"value":"ASSAULT","count":1}]`},
		{"GET", "/api/search?from=2024-02-01&to=2024-02-01", "", "", "", 200, `"weeks":[{"value":"2024-01-29","count":1}]`},
		{"GET", "/api/search?limit=0", "", "", "", 400, `parameter \"limit\": 0 is out of range 1 to 500`},
		{"GET", "/api/search?from=01/02/2024", "", "", "", 400, `parameter \"from\": \"01/02/2024\" is not a date in the form 2024-01-31`},
		{"GET", "/api/search?from=2024-03-01&to=2024-02-01", "", "", "", 400, `parameter \"to\": is before from`},
		{"GET", "/api/search?near=95,0,10", "", "", "", 400, `latitude 95 is out of range`},
		{"GET", "/api/search?q=" + strings.Repeat("x", 600), "", "", "", 400, `longer than 500 bytes`},
		{"GET", "/api/articles/one", "", "", "", 200, `"title":"Strike"`},
		{"GET", "/api/articles/nope", "", "", "", 404, `"error":"not found"`},
		{"GET", "/api/actors", "", "", "", 200, `"name":"Hezbollah"`},
		{"GET", "/api/actors?country=LB", "", "", "", 400, `not an ISO 3166-1 alpha-3 code`},
		{"GET", "/api/actors/kb:hezbollah", "", "", "", 200, `"country":"LBN"`},
		{"GET", "/api/actors/Hezbollah", "", "", "", 200, `"key":"kb:hezbollah"`},
		{"GET", "/api/actors/nobody", "", "", "", 404, `not found`},
		{"GET", "/api/events?actor=kb:hezbollah", "", "", "", 200, `"type":"ASSAULT"`},
		{"GET", "/api/events", "", "", "", 200, `"capped":false`},
		{"GET", "/api/incidents", "", "", "", 200, `"incidents":[{"type":"ASSAULT","actors":["Hezbollah"],"recipients":[],"place":null,"from":"2024-02-01","to":"2024-02-01","articles":1,"sources":[],"figures":[],"conflicting":false,"mentions":[{"event":{"id":"ev1"`},
		{"GET", "/api/incidents?type=PROTEST", "", "", "", 200, `"total":0,"events":0,"capped":false,"limit":20,"offset":0,"incidents":[]`},
		{"GET", "/api/incidents?limit=501", "", "", "", 400, `parameter \"limit\"`},
		{"GET", "/api/events?type=CONSULT", "", "", "", 200, `"total":0`},
		{"GET", "/api/stats", "", "", "", 200, `"documents":2`},
		{"GET", "/api/nothing", "", "", "", 404, `no API route GET /api/nothing`},
		{"POST", "/api/search", "", "", "", 405, `use GET`},
		{"GET", "/api/ingest", "", "", "", 405, `use POST`},
		{"POST", "/api/ingest", "text/plain", "", "text", 401, `Authorization: Bearer`},
		{"POST", "/api/ingest", "text/plain", "Bearer wrong", "text", 401, `Authorization: Bearer`},
		{"POST", "/api/ingest", "text/plain", "Basic czNjcmV0", "text", 401, `Authorization: Bearer`},
		{"POST", "/api/ingest", "text/plain", bearer, strings.Repeat("word ", 500), 413, `larger than 2000 bytes`},
		{"POST", "/api/ingest", "text/plain", bearer, "   ", 400, `the body:`},
		{"POST", "/api/ingest", "application/json", bearer, `{"text":"x","html":"<p>x</p>"}`, 400, `not both`},
		{"POST", "/api/ingest", "application/json", bearer, `{"title":"no text"}`, 400, `\"text\" or \"html\" is required`},
		{"POST", "/api/ingest", "application/json", bearer, `{"text":"x","colour":"red"}`, 400, `unknown field`},
		{"POST", "/api/ingest", "application/json", bearer, `{"text":"x","published":"yesterday"}`, 400, `not RFC 3339`},
		{"POST", "/api/ingest", "text/plain", bearer, "REJECT-ME please", 422, `POST /api/ingest`},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			res, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tc.status, b)
			}
			if !strings.Contains(string(b), tc.want) {
				t.Errorf("answer lacks %s:\n%s", tc.want, b)
			}
			if !json.Valid(b) {
				t.Errorf("answer is not JSON: %s", b)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options")
			}
		})
	}
}

func TestReadOnly(t *testing.T) {
	srv, st := newAPI(t, "")
	status, out, _ := do(t, srv, "POST", "/api/ingest", "text/plain", "Bearer anything", "Hezbollah fired rockets.")
	if status != http.StatusForbidden || !strings.Contains(out["error"].(string), "read-only") {
		t.Fatalf("%d %v", status, out)
	}
	if s, err := st.Stats(context.Background()); err != nil || s.Documents != 0 {
		t.Fatalf("stored something: %+v %v", s, err)
	}
}

func TestParseQuery(t *testing.T) {
	q, err := api.ParseQuery(map[string][]string{"q": {" rockets "}, "type": {"assault"}, "country": {"irq"}, "from": {"2024-01-01"},
		"to": {"2024-01-31"}, "near": {"33.3,44.4,25"}, "limit": {"50"}, "offset": {"100"}, "lang": {"EN"}})
	if err != nil {
		t.Fatal(err)
	}
	if q.Text != "rockets" || q.EventType != "ASSAULT" || q.Country != "IRQ" || q.Language != "en" || q.Limit != 50 || q.Offset != 100 ||
		q.From.Format("2006-01-02") != "2024-01-01" || q.To.Format("2006-01-02") != "2024-02-01" || q.Near == nil || q.Near.RadiusKm != 25 {
		t.Errorf("%+v", q)
	}
}
