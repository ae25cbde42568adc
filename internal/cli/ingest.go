package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/fetch"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// storeDSN decides which store to open: --database-url or
// SITREP_DATABASE_URL for PostgreSQL, else --db or SITREP_DB, else
// sitrep.db in the current folder.
func storeDSN(env *Env, dbFlag, urlFlag string) string {
	switch {
	case urlFlag != "":
		return urlFlag
	case env.Getenv("SITREP_DATABASE_URL") != "":
		return env.Getenv("SITREP_DATABASE_URL")
	case dbFlag != "":
		return dbFlag
	case env.Getenv("SITREP_DB") != "":
		return env.Getenv("SITREP_DB")
	}
	return "sitrep.db"
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runIngest(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	db := fs.String("db", "", "SQLite file (default $SITREP_DB or sitrep.db)")
	dbURL := fs.String("database-url", "", "PostgreSQL URL (default $SITREP_DATABASE_URL)")
	input := fs.String("input", "auto", "input format: auto, html, text, jsonl, csv or warc")
	var feeds listFlag
	fs.Var(&feeds, "feed", "RSS or Atom feed URL to read (repeatable)")
	every := fs.Duration("every", 0, "poll the feeds again at this interval (e.g. 15m); 0 reads them once")
	allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback and private addresses")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed at once (the default is the number of cores)")
	force := fs.Bool("force", false, "analyse and store every article, even one stored before with the same text, title, address and date (after a new version of the analysis)")
	queueURL := fs.String("queue", "", "publish the articles to this NATS JetStream server (nats://host:4222) for 'sitrep worker' instead of analysing them here")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep ingest [flags] PATH-or-URL...\n\nAnalyse files, folders, JSON Lines, CSV (one article a row), .gz, WARC files, pages and feeds, and store the records.\nRe-ingesting an article updates it in place; it is never duplicated. An article already stored with\nthe same text, title, address and date is reported unchanged without being analysed again (see --force).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 && len(feeds) == 0 {
		fs.Usage()
		return 2
	}
	limitMemory(env)
	if *queueURL != "" {
		return publishIngest(ctx, env, *queueURL, fs.Args(), ingest.Options{Format: *input, Stdin: env.Stdin})
	}
	st, err := store.Open(ctx, storeDSN(env, *db, *dbURL))
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep ingest: opening the store: %v\n", err)
		return 1
	}
	defer st.Close()
	runner, err := newRunner()
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep ingest: %v\n", err)
		return 1
	}
	client := fetch.New(fetch.Options{AllowPrivate: *allowPrivate, Robots: true})
	prog := newProgress(env.Stderr)
	// The same path as 'sitrep worker', over an in-process queue.
	local := startLocal(ctx, st, runner, *workers, *force, prog)
	add := func(src *article.Source, err error) error { return local.add(ctx, src, err) }
	opts := ingest.Options{Format: *input, Stdin: env.Stdin}
	var paths, urls []string
	for _, a := range fs.Args() {
		if strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") {
			urls = append(urls, a)
		} else {
			paths = append(paths, a)
		}
	}
	runErr := ingest.Walk(ctx, paths, opts, add)
	for _, u := range urls {
		if runErr != nil {
			break
		}
		runErr = add(fetchSource(ctx, client, u, nil))
	}
	if runErr == nil {
		runErr = local.wait(ctx)
	}
	if runErr == nil && len(feeds) > 0 {
		state := map[string][2]string{} // feed URL -> ETag, Last-Modified
		seen := map[string]bool{}
		for {
			for _, f := range feeds {
				readFeed(ctx, client, f, state, seen, add)
			}
			runErr = local.wait(ctx)
			if runErr != nil || *every <= 0 {
				break
			}
			prog.line()
			select {
			case <-ctx.Done():
			case <-time.After(*every):
				continue
			}
			break
		}
	}
	failures, stats, _ := local.close()
	prog.skipped(stats.Unchanged)
	prog.finish()
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		fmt.Fprintf(env.Stderr, "sitrep ingest: %v\n", runErr)
		return 1
	}
	if len(failures) > 0 {
		fmt.Fprintf(env.Stderr, "sitrep ingest: %d inputs failed (listed by 'sitrep failures'):\n", len(failures))
		for i, f := range failures {
			if i == 20 {
				fmt.Fprintf(env.Stderr, "  ... and %d more\n", len(failures)-20)
				break
			}
			fmt.Fprintf(env.Stderr, "  %s\n", f)
		}
		return 1
	}
	return 0
}

// fetchSource fetches one page into a source.
func fetchSource(ctx context.Context, c *fetch.Client, u string, item *ingest.FeedItem) (*article.Source, error) {
	resp, err := c.Get(ctx, u, "", "")
	if err != nil {
		return nil, &ingest.InputError{Input: u, Err: err}
	}
	src, err := ingest.Classify(u, resp.Body, "")
	if err != nil {
		return nil, &ingest.InputError{Input: u, Err: err}
	}
	src.URL = resp.URL
	src.ContentType = resp.ContentType
	if item != nil {
		src.Title = item.Title
		if t, err := ingest.ParseTime(item.Published); err == nil {
			src.Published = &t
		}
	}
	return src, nil
}

// readFeed reads one feed (conditionally, with the ETag and Last-Modified
// of the previous read) and emits a source for each item not seen before.
func readFeed(ctx context.Context, c *fetch.Client, feedURL string, state map[string][2]string, seen map[string]bool, emit func(*article.Source, error) error) {
	prev := state[feedURL]
	resp, err := c.Get(ctx, feedURL, prev[0], prev[1])
	if errors.Is(err, fetch.ErrNotModified) {
		return
	}
	if err != nil {
		emit(nil, &ingest.InputError{Input: feedURL, Err: err})
		return
	}
	state[feedURL] = [2]string{resp.ETag, resp.LastModified}
	items, err := ingest.ParseFeed(ctx, feedURL, resp.Body)
	if err != nil {
		emit(nil, &ingest.InputError{Input: feedURL, Err: err})
		return
	}
	for i := range items {
		it := &items[i]
		key := it.URL
		if key == "" {
			key = it.Title
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		if it.Content != "" {
			src := &article.Source{Input: it.URL, Format: "html", Body: []byte(it.Content), URL: it.URL, Title: it.Title}
			if t, err := ingest.ParseTime(it.Published); err == nil {
				src.Published = &t
			}
			emit(src, nil)
			continue
		}
		emit(fetchSource(ctx, c, it.URL, it))
	}
}

// progress shows articles done, rate and failures: a bar redrawn in place
// on a terminal, plain lines every few seconds otherwise.
type progress struct {
	mu                          sync.Mutex
	w                           io.Writer
	tty                         bool
	start, last                 time.Time
	count, failed               int
	inserted, updated, unchange int
	skip                        int64 // of unchange, not analysed again
}

func newProgress(w io.Writer) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	now := time.Now()
	return &progress{w: w, tty: tty, start: now, last: now}
}

func (p *progress) done(r store.PutResult) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count++
	switch r {
	case store.Inserted:
		p.inserted++
	case store.Updated:
		p.updated++
	case store.Unchanged:
		p.unchange++
	}
	p.tick()
}

// skipped notes how many of the unchanged articles were not analysed again.
func (p *progress) skipped(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.skip = n
}

func (p *progress) fail() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failed++
	p.tick()
}

func (p *progress) tick() {
	now := time.Now()
	every := 5 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	p.print(false)
}

func (p *progress) status() string {
	el := time.Since(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(p.count) / el
	}
	skip := ""
	if p.skip > 0 {
		skip = fmt.Sprintf(", %d of them not analysed again", p.skip)
	}
	return fmt.Sprintf("%d articles (%d new, %d updated, %d unchanged%s), %d failed, %.1f/s", p.count, p.inserted, p.updated, p.unchange, skip, p.failed, rate)
}

func (p *progress) print(final bool) {
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", p.status())
		if final {
			fmt.Fprintln(p.w)
		}
		return
	}
	fmt.Fprintf(p.w, "sitrep ingest: %s\n", p.status())
}

func (p *progress) line() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.print(true)
}

func (p *progress) finish() { p.line() }

// publishIngest reads the inputs and publishes one job per article to the
// queue; workers analyse and store them.
func publishIngest(ctx context.Context, env *Env, url string, paths []string, opts ingest.Options) int {
	q, err := queue.OpenJetStream(ctx, url, queue.Options{})
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep ingest: %v\n", err)
		return 1
	}
	defer q.Close()
	res, err := queue.PublishSources(ctx, q, paths, queue.PublishOptions{
		Ingest: opts,
		OnError: func(input string, err error) {
			fmt.Fprintf(env.Stderr, "sitrep: %v\n", err)
		},
	})
	fmt.Fprintf(env.Stderr, "sitrep ingest: %d articles published to %s, %d failed\n", res.Published, url, res.Failed)
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep ingest: %v\n", err)
		return 1
	}
	if res.Failed > 0 {
		return 1
	}
	return 0
}
