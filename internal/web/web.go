// Package web serves Sitrep's record as HTML pages: search, an article with
// its facts highlighted, an actor, a map and timeline of events, and
// incidents. Pages are rendered on the server with html/template from
// templates embedded in the binary, with one static style sheet and no
// JavaScript; charts and the map are inline SVG drawn here.
//
// Article text is untrusted. It reaches the page only through html/template
// escaping (highlighted text is split into plain-text segments, never
// assembled as HTML), and every response carries a Content-Security-Policy
// that forbids script, plus X-Content-Type-Options, Referrer-Policy and
// frame-ancestors 'none'.
//
// Every page reads one page of results from the store (never the whole
// record), so pages stay fast however much is stored.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/api"
	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// CSP is the Content-Security-Policy of every response: nothing but this
// origin's style sheet and images, no script at all, no framing.
const CSP = "default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", CSP)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// Options configure the pages.
type Options struct {
	// Logger receives one line per failed request; nil means slog.Default.
	Logger *slog.Logger
}

// Handler serves the HTML pages and static files.
type Handler struct {
	st    store.Store
	log   *slog.Logger
	pages map[string]*template.Template
	mux   *http.ServeMux
}

var _ http.Handler = (*Handler)(nil)

// New returns the web interface over st. It serves every path but /api/,
// with security headers set.
func New(st store.Store, opts Options) (*Handler, error) {
	h := &Handler{st: st, log: opts.Logger, pages: map[string]*template.Template{}, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parsing template %s: %w", n, err)
		}
		h.pages[base] = t
	}
	static, _ := fs.Sub(staticFS, "static")
	fileServer := http.StripPrefix("/static/", http.FileServerFS(static))
	h.mux.Handle("GET /static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	}))
	h.mux.HandleFunc("GET /{$}", h.search)
	h.mux.HandleFunc("GET /articles/{id}", h.article)
	h.mux.HandleFunc("GET /actors", h.actors)
	h.mux.HandleFunc("GET /actors/{key...}", h.actor)
	h.mux.HandleFunc("GET /map", h.eventMap)
	h.mux.HandleFunc("GET /incidents", h.incidents)
	h.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, http.StatusNotFound, errors.New("there is no page here"))
	})
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	SecurityHeaders(h.mux).ServeHTTP(w, r)
}

// page is what every template receives.
type page struct {
	Title  string
	Nav    string
	Form   url.Values // the query, to refill the search form
	Data   any
	Status int
	Error  string
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, name string, p *page) {
	t := h.pages[name]
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		h.log.Error("web: rendering", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if p.Status != 0 {
		w.WriteHeader(p.Status)
	}
	w.Write(buf.Bytes())
}

// fail shows an error page: the message for 4xx, "internal error" (and a
// log line) for 5xx.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := err.Error()
	if status >= 500 {
		h.log.Error("web", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
		msg = "Something went wrong on the server; it has been logged."
	}
	h.render(w, r, "error", &page{Title: http.StatusText(status), Status: status, Error: msg, Form: r.URL.Query()})
}

// storeFail maps a store or parameter error to a status.
func (h *Handler) storeFail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *api.ParamError
	switch {
	case errors.As(err, &pe), errors.Is(err, store.ErrInvalid):
		h.fail(w, r, http.StatusBadRequest, err)
	case errors.Is(err, store.ErrNotFound):
		h.fail(w, r, http.StatusNotFound, errors.New("nothing is stored under that name"))
	case errors.Is(err, store.ErrClosed):
		h.fail(w, r, http.StatusServiceUnavailable, err)
	case errors.Is(err, context.DeadlineExceeded):
		h.fail(w, r, http.StatusServiceUnavailable, errors.New("the store took too long to answer; narrow the search with a filter"))
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads the answer and it is no
		// server fault worth a log line.
		w.WriteHeader(http.StatusServiceUnavailable)
	default:
		h.fail(w, r, http.StatusInternalServerError, err)
	}
}

var funcs = template.FuncMap{
	"date": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format("2 Jan 2006")
	},
	"isodate": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.DateOnly)
	},
	"join":   strings.Join,
	"params": func(v url.Values, kv ...string) string { return withParams(v, kv...) },
	"filters": func(v url.Values, action string) filterForm {
		return filterForm{V: v, Action: action, Types: EventTypes, Modalities: Modalities}
	},
	"actorURL": func(key string) string {
		return "/actors/" + url.PathEscape(key)
	},
	"pathEscape": url.PathEscape,
	"meta":       docMeta,
	"factgroup":  func(name string, facts []Fact) factGroup { return factGroup{name, facts} },
	"fmtf": func(f float64) string {
		return strconv.FormatFloat(f, 'f', -1, 64)
	},
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
}

// EventTypes are the PLOVER event types, offered in the filter form.
var EventTypes = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
	"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

// Modalities are the event modalities of the record (docs/schema.md).
var Modalities = []string{"asserted", "negated", "future", "threatened", "hypothetical", "reported"}

// metaItem is one item of an article's byline.
type metaItem struct {
	Text, Href string
	External   bool
}

func docMeta(d *article.Document) []metaItem {
	var m []metaItem
	if d.Site != "" {
		m = append(m, metaItem{Text: d.Site, Href: "/" + withParams(nil, "site", d.Site)})
	}
	if d.Published != nil {
		m = append(m, metaItem{Text: d.Published.UTC().Format("2 Jan 2006")})
	}
	for _, s := range []string{d.Byline, d.Language} {
		if s != "" {
			m = append(m, metaItem{Text: s})
		}
	}
	if u, err := url.Parse(d.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		m = append(m, metaItem{Text: "original", Href: d.URL, External: true})
	}
	m = append(m, metaItem{Text: "JSON record", Href: "/api/articles/" + url.PathEscape(d.ID)})
	return m
}

// factGroup is what the "factlist" template needs.
type factGroup struct {
	Name  string
	Facts []Fact
}

// filterForm is what the "filters" template needs.
type filterForm struct {
	V                 url.Values
	Action            string
	Types, Modalities []string
}

// withParams returns "?" and v's encoded parameters with kv (key, value
// pairs) set; an empty value removes the key. Paging restarts unless kv
// sets the offset.
func withParams(v url.Values, kv ...string) string {
	c := url.Values{}
	for k, vs := range v {
		if len(vs) > 0 && vs[0] != "" && k != "offset" {
			c.Set(k, vs[0])
		}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			c.Del(kv[i])
		} else {
			c.Set(kv[i], kv[i+1])
		}
	}
	if len(c) == 0 {
		return "?"
	}
	return "?" + c.Encode()
}
