// Package api serves Sitrep's record as JSON over HTTP:
//
//	GET  /api/search          documents matching a query, with facets
//	GET  /api/articles/{id}   one document's full record
//	GET  /api/actors          actors, most articles first
//	GET  /api/actors/{key}    one actor
//	GET  /api/events          events matching a query
//	GET  /api/incidents       events grouped into incidents across articles
//	GET  /api/stats           what is stored
//	POST /api/ingest          analyse a posted article and store it
//
// Query parameters are described at ParseQuery and ParseActorFilter. Errors
// are JSON objects {"error": "..."} with a 4xx or 5xx status; a bad
// parameter is a 400 naming the parameter. Ingest needs the bearer token
// given in Options.Token; with no token the API is read-only and ingest
// answers 403.
package api

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// DefaultMaxBody is the largest request body ingest accepts.
const DefaultMaxBody = 4 << 20

// Options configure the API.
type Options struct {
	// Token is the bearer token ingest requires. Empty makes the API
	// read-only.
	Token string
	// Analyze turns a posted source into a record (the CLI passes its
	// pipeline). Nil disables ingest.
	Analyze func(ctx context.Context, src *article.Source) (*article.Document, error)
	// MaxBody bounds a request body in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// Logger receives one line per failed request; nil means slog.Default.
	Logger *slog.Logger
}

// Handler serves the JSON API.
type Handler struct {
	st   store.Store
	opts Options
	mux  *http.ServeMux
}

var _ http.Handler = (*Handler)(nil)

// New returns the API over st. The handler serves paths under /api/.
func New(st store.Store, opts Options) *Handler {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	h := &Handler{st: st, opts: opts, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET /api/search", h.search)
	h.mux.HandleFunc("GET /api/articles/{id}", h.articleByID)
	h.mux.HandleFunc("GET /api/actors", h.actors)
	h.mux.HandleFunc("GET /api/actors/{key...}", h.actor)
	h.mux.HandleFunc("GET /api/events", h.events)
	h.mux.HandleFunc("GET /api/incidents", h.incidents)
	h.mux.HandleFunc("GET /api/stats", h.stats)
	h.mux.HandleFunc("POST /api/ingest", h.ingest)
	h.mux.HandleFunc("/api/", h.noRoute)
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	h.mux.ServeHTTP(w, r)
}

// noRoute answers paths under /api/ that no route takes, in JSON: 405 when
// the path exists for another method, 404 otherwise.
func (h *Handler) noRoute(w http.ResponseWriter, r *http.Request) {
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, pattern := h.mux.Handler(r2); pattern != "/api/" && pattern != "" {
			w.Header().Set("Allow", m)
			h.fail(w, r, http.StatusMethodNotAllowed, fmt.Errorf("%s %s: use %s", r.Method, r.URL.Path, m))
			return
		}
	}
	h.fail(w, r, http.StatusNotFound, fmt.Errorf("no API route %s %s", r.Method, r.URL.Path))
}

// SearchResponse is the answer to /api/search.
type SearchResponse struct {
	Total int `json:"total"`
	// Capped says that more documents match than Total (at most
	// store.SearchWindow) counts; facets count those.
	Capped     bool    `json:"capped"`
	Limit      int     `json:"limit"`
	Offset     int     `json:"offset"`
	Hits       []Hit   `json:"hits"`
	EventTypes []Count `json:"event_types"`
	Weeks      []Count `json:"weeks"`
}

// Count is a facet value and the number of documents having it.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

func counts(cs []store.Count) []Count {
	out := make([]Count, 0, len(cs))
	for _, c := range cs {
		out = append(out, Count{c.Value, c.Count})
	}
	return out
}

// Hit is one document in search results.
type Hit struct {
	ID         string         `json:"id"`
	URL        string         `json:"url"`
	Site       string         `json:"site"`
	Title      string         `json:"title"`
	Published  *time.Time     `json:"published"`
	Language   string         `json:"language"`
	Snippet    string         `json:"snippet"`
	Highlights []article.Span `json:"highlights"`
	Score      float64        `json:"score"`
}

// EventsResponse is the answer to /api/events.
type EventsResponse struct {
	Total  int        `json:"total"`
	Capped bool       `json:"capped"`
	Limit  int        `json:"limit"`
	Offset int        `json:"offset"`
	Events []EventHit `json:"events"`
}

// EventHit is an event with its article and resolved entities.
type EventHit struct {
	Event      article.Event    `json:"event"`
	DocID      string           `json:"doc_id"`
	URL        string           `json:"url"`
	Site       string           `json:"site"`
	Title      string           `json:"title"`
	Published  *time.Time       `json:"published"`
	Place      *article.Entity  `json:"place"`
	Actors     []article.Entity `json:"actors"`
	Recipients []article.Entity `json:"recipients"`
}

// Actor is an actor aggregated across articles.
type Actor struct {
	Key      string   `json:"key"`
	KBID     string   `json:"kb_id,omitempty"`
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Kind     string   `json:"kind"`
	Country  string   `json:"country"`
	Sector   string   `json:"sector"`
	Aliases  []string `json:"aliases"`
	Articles int      `json:"articles"`
	Mentions int      `json:"mentions"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
}

// Stats counts what is stored.
type Stats struct {
	Documents  int        `json:"documents"`
	Entities   int        `json:"entities"`
	Actors     int        `json:"actors"`
	Events     int        `json:"events"`
	Quotes     int        `json:"quotes"`
	Claims     int        `json:"claims"`
	Quantities int        `json:"quantities"`
	Failures   int        `json:"failures"`
	Oldest     *time.Time `json:"oldest"`
	Newest     *time.Time `json:"newest"`
	Schema     int        `json:"schema"`
}

// IngestRequest is the JSON body of POST /api/ingest (Content-Type
// application/json); other bodies are taken as the article itself, HTML or
// plain text. Text or HTML is required.
type IngestRequest struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"` // RFC 3339 or YYYY-MM-DD
}

// IngestResponse is the answer to a successful ingest.
type IngestResponse struct {
	ID     string `json:"id"`
	Result string `json:"result"` // inserted, updated or unchanged
	Title  string `json:"title"`
}

func toActor(a *store.Actor) Actor {
	aliases := a.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	return Actor{Key: a.Key, KBID: a.KBID, Name: a.Name, Type: a.Type, Kind: a.Kind, Country: a.Country,
		Sector: a.Sector, Aliases: aliases, Articles: a.Articles, Mentions: a.Mentions, Lat: a.Lat, Lon: a.Lon}
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err)
		return
	}
	res, err := h.st.Search(r.Context(), q)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	out := SearchResponse{Total: res.Total, Capped: res.Capped, Limit: q.Limit, Offset: q.Offset, Hits: make([]Hit, 0, len(res.Hits)),
		EventTypes: counts(res.EventTypes), Weeks: counts(res.Weeks)}
	for _, x := range res.Hits {
		out.Hits = append(out.Hits, Hit{ID: x.ID, URL: x.URL, Site: x.Site, Title: x.Title, Published: x.Published,
			Language: x.Language, Snippet: x.Snippet, Highlights: nonNil(x.Highlights), Score: x.Score})
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) articleByID(w http.ResponseWriter, r *http.Request) {
	doc, err := h.st.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

func (h *Handler) actors(w http.ResponseWriter, r *http.Request) {
	f, err := ParseActorFilter(r.URL.Query())
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err)
		return
	}
	as, err := h.st.Actors(r.Context(), f)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	out := make([]Actor, 0, len(as))
	for i := range as {
		out = append(out, toActor(&as[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"limit": f.Limit, "offset": f.Offset, "actors": out})
}

func (h *Handler) actor(w http.ResponseWriter, r *http.Request) {
	a, err := h.st.Actor(r.Context(), r.PathValue("key"))
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toActor(a))
}

func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err)
		return
	}
	res, err := h.st.Events(r.Context(), q)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	out := EventsResponse{Total: res.Total, Capped: res.Capped, Limit: q.Limit, Offset: q.Offset, Events: make([]EventHit, 0, len(res.Events))}
	for _, e := range res.Events {
		out.Events = append(out.Events, eventHit(e))
	}
	writeJSON(w, http.StatusOK, out)
}

func eventHit(e store.EventHit) EventHit {
	return EventHit{Event: e.Event, DocID: e.DocID, URL: e.URL, Site: e.Site, Title: e.Title,
		Published: e.Published, Place: e.Place, Actors: nonNil(e.Actors), Recipients: nonNil(e.Recipients)}
}

// IncidentsResponse is the answer to /api/incidents: one page of
// incidents (see store.Store.Incidents).
type IncidentsResponse struct {
	// Total counts the incidents among the Events events read; Capped
	// says that more events matched than were read.
	Total     int        `json:"total"`
	Events    int        `json:"events"`
	Capped    bool       `json:"capped"`
	Limit     int        `json:"limit"`
	Offset    int        `json:"offset"`
	Incidents []Incident `json:"incidents"`
}

// Incident is one happening as one or more articles report it. Figures
// are the counts each report gives, side by side; conflicting is true when
// they disagree.
type Incident struct {
	Type        string          `json:"type"`
	Actors      []string        `json:"actors"`
	Recipients  []string        `json:"recipients"`
	Place       *article.Entity `json:"place"`
	From        string          `json:"from"`
	To          string          `json:"to"`
	Articles    int             `json:"articles"`
	Sources     []string        `json:"sources"`
	Figures     []Figure        `json:"figures"`
	Conflicting bool            `json:"conflicting"`
	Mentions    []EventHit      `json:"mentions"`
}

// Figure is one report's count for an incident.
type Figure struct {
	Value   float64 `json:"value"`
	DocID   string  `json:"doc_id"`
	EventID string  `json:"event_id"`
	Site    string  `json:"site"`
}

func (h *Handler) incidents(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err)
		return
	}
	res, err := h.st.Incidents(r.Context(), q)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	out := IncidentsResponse{Total: res.Total, Events: res.Events, Capped: res.Capped, Limit: q.Limit, Offset: q.Offset,
		Incidents: make([]Incident, 0, len(res.Incidents))}
	for _, in := range res.Incidents {
		inc := Incident{Type: in.Type, Actors: nonNil(in.Actors), Recipients: nonNil(in.Recipients), Place: in.Place,
			From: in.From, To: in.To, Articles: in.Articles, Sources: nonNil(in.Sources), Figures: []Figure{},
			Conflicting: in.Conflicting, Mentions: make([]EventHit, 0, len(in.Mentions))}
		for _, f := range in.Figures {
			inc.Figures = append(inc.Figures, Figure(f))
		}
		for _, m := range in.Mentions {
			inc.Mentions = append(inc.Mentions, eventHit(m))
		}
		out.Incidents = append(out.Incidents, inc)
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	s, err := h.st.Stats(r.Context())
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Stats{Documents: s.Documents, Entities: s.Entities, Actors: s.Actors, Events: s.Events,
		Quotes: s.Quotes, Claims: s.Claims, Quantities: s.Quantities, Failures: s.Failures,
		Oldest: s.Oldest, Newest: s.Newest, Schema: s.Schema})
}

func (h *Handler) ingest(w http.ResponseWriter, r *http.Request) {
	if h.opts.Token == "" || h.opts.Analyze == nil {
		h.fail(w, r, http.StatusForbidden, errors.New("the API is read-only: start the server with SITREP_TOKEN set to allow ingest"))
		return
	}
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sitrep"`)
		h.fail(w, r, http.StatusUnauthorized, errors.New("ingest needs the header Authorization: Bearer <SITREP_TOKEN>"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			h.fail(w, r, http.StatusRequestEntityTooLarge, fmt.Errorf("the body is larger than %d bytes", h.opts.MaxBody))
			return
		}
		h.fail(w, r, http.StatusBadRequest, fmt.Errorf("reading the body: %w", err))
		return
	}
	src, err := sourceOf(r.Header.Get("Content-Type"), body)
	if err != nil {
		h.fail(w, r, http.StatusBadRequest, err)
		return
	}
	doc, err := h.opts.Analyze(r.Context(), src)
	if err != nil {
		if _, ok := errors.AsType[*ingest.InputError](err); ok {
			h.fail(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		h.fail(w, r, http.StatusInternalServerError, fmt.Errorf("analysing: %w", err))
		return
	}
	res, err := h.st.Put(r.Context(), doc)
	if err != nil {
		h.storeFail(w, r, err)
		return
	}
	status := http.StatusOK
	if res == store.Inserted {
		status = http.StatusCreated
	}
	writeJSON(w, status, IngestResponse{ID: doc.ID, Result: res.String(), Title: doc.Title})
}

func (h *Handler) authorized(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(h.opts.Token)) == 1
}

// sourceOf turns a posted body into a source: a JSON IngestRequest, or the
// article itself as HTML or plain text.
func sourceOf(contentType string, body []byte) (*article.Source, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt != "application/json" {
		format := ""
		switch mt {
		case "text/html":
			format = "html"
		case "text/plain":
			format = "text"
		}
		src, err := ingest.Classify("POST /api/ingest", body, format)
		if err != nil {
			return nil, fmt.Errorf("the body: %w", err)
		}
		return src, nil
	}
	var req IngestRequest
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return nil, fmt.Errorf("the JSON body: %w", err)
	}
	var raw []byte
	format := "text"
	switch {
	case req.HTML != "" && req.Text != "":
		return nil, errors.New(`the JSON body: give "text" or "html", not both`)
	case req.HTML != "":
		raw, format = []byte(req.HTML), "html"
	case req.Text != "":
		raw = []byte(req.Text)
	default:
		return nil, errors.New(`the JSON body: "text" or "html" is required`)
	}
	src, err := ingest.Classify("POST /api/ingest", raw, format)
	if err != nil {
		return nil, fmt.Errorf("the JSON body: %w", err)
	}
	src.ID, src.URL, src.Title = req.ID, req.URL, req.Title
	if req.Published != "" {
		t, err := time.Parse(time.RFC3339, req.Published)
		if err != nil {
			t, err = time.Parse(time.DateOnly, req.Published)
		}
		if err != nil {
			return nil, fmt.Errorf(`the JSON body: "published" %q is not RFC 3339 or YYYY-MM-DD`, req.Published)
		}
		src.Published = &t
	}
	return src, nil
}

// storeFail answers a store error: 404 for ErrNotFound, 400 for
// ErrInvalid, 503 when the store is closed, 500 otherwise.
func (h *Handler) storeFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.fail(w, r, http.StatusNotFound, errors.New("not found"))
	case errors.Is(err, store.ErrInvalid):
		h.fail(w, r, http.StatusBadRequest, err)
	case errors.Is(err, store.ErrClosed):
		h.fail(w, r, http.StatusServiceUnavailable, errors.New("the store is closed"))
	case errors.Is(err, context.DeadlineExceeded):
		h.fail(w, r, http.StatusServiceUnavailable, errors.New("the store took too long to answer; narrow the query with a filter"))
	case errors.Is(err, context.Canceled):
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "the request was cancelled"}) // the client left: no log
	default:
		h.fail(w, r, http.StatusInternalServerError, err)
	}
}

// fail writes a JSON error. Server errors are logged here, once, and shown
// to the client without internal detail.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := err.Error()
	if status >= 500 {
		h.opts.Logger.Error("api", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
		if status == http.StatusInternalServerError {
			msg = "internal error"
		}
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
