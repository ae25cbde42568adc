package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/sitrep-dev/sitrep/internal/api"
	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/web"
)

func runServe(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	db := fs.String("db", "", "SQLite file (default $SITREP_DB or sitrep.db)")
	dbURL := fs.String("database-url", "", "PostgreSQL URL (default $SITREP_DATABASE_URL)")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep serve [flags]\n\nServe the stored record: web pages at / and the JSON API at /api/.\n"+
			"POST /api/ingest needs SITREP_TOKEN to be set (then: Authorization: Bearer $SITREP_TOKEN);\nwithout it the server is read-only.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "sitrep serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))

	st, err := store.Open(ctx, storeDSN(env, *db, *dbURL))
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep serve: opening the store: %v\n", err)
		return 1
	}
	defer st.Close()
	runner, err := newRunner()
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep serve: %v\n", err)
		return 1
	}
	token := env.Getenv("SITREP_TOKEN")
	h, err := newServeHandler(st, runner, token, log)
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep serve: %v\n", err)
		return 1
	}
	mode := "read-only (set SITREP_TOKEN to allow POST /api/ingest)"
	if token != "" {
		mode = "ingest enabled"
	}
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "mode", mode)
	if err := serve(ctx, ln, h, log); err != nil {
		fmt.Fprintf(env.Stderr, "sitrep serve: %v\n", err)
		return 1
	}
	return 0
}

// newServeHandler routes /api/ to the JSON API and everything else to the
// web pages, with security headers on every response.
func newServeHandler(st store.Store, runner *pipeline.Runner, token string, log *slog.Logger) (http.Handler, error) {
	pages, err := web.New(st, web.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	analyze := func(ctx context.Context, src *article.Source) (*article.Document, error) {
		return Analyze(ctx, runner, src)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api.New(st, api.Options{Token: token, Analyze: analyze, Logger: log}))
	mux.Handle("/", pages)
	return web.SecurityHeaders(withDeadline(mux, requestTimeout)), nil
}

// requestTimeout bounds the work of one request, so that a query the
// store is slow to answer fails with a 503 instead of holding a
// connection.
const requestTimeout = 20 * time.Second

func withDeadline(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// serve runs an HTTP server on ln until ctx is done, then shuts it down,
// letting requests in progress finish for a few seconds.
func serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
