package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// runWorker is `sitrep worker`: take jobs from a NATS JetStream queue,
// analyse them and store the records, until interrupted.
func runWorker(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	url := fs.String("queue", env.Getenv("SITREP_QUEUE"), "NATS server holding the job queue, nats://host:port (env SITREP_QUEUE)")
	dsn := fs.String("database-url", env.Getenv("SITREP_DATABASE_URL"), "PostgreSQL URL postgres://... (env SITREP_DATABASE_URL); overrides --db")
	db := fs.String("db", envOr(env, "SITREP_DB", "sitrep.db"), "SQLite file (env SITREP_DB)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed at once")
	ackWait := fs.Duration("ack-wait", 30*time.Second, "redeliver a job when its worker is silent this long")
	maxDeliver := fs.Int("max-deliver", 10, "deliveries of one job before it is given up and recorded as failed")
	every := fs.Duration("report", time.Minute, "log progress this often (0: never)")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep worker --queue nats://host:port [--database-url URL | --db FILE] [flags]\n\nTake articles from the queue (see 'sitrep ingest --queue'), analyse them and store the records,\nuntil interrupted. Run as many workers as you like, on any machines that reach the queue and the database.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *url == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if *dsn == "" {
		*dsn = *db
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep worker: %v\n", err)
		return 1
	}
	defer st.Close()
	q, err := queue.OpenJetStream(ctx, *url, queue.Options{AckWait: *ackWait, MaxDeliver: *maxDeliver})
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep worker: %v\n", err)
		return 1
	}
	defer q.Close()
	runner, err := newRunner()
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep worker: %v\n", err)
		return 1
	}
	// As ingest does in-process: writes batched into transactions, and
	// an article stored before (a redelivery, a re-published input) not
	// analysed again.
	batcher := queue.NewBatcher(st, batchSize, batchLinger)
	defer batcher.Close()
	w := &queue.Worker{
		Queue:     q,
		Analyze:   analyzeUnlessStored(runner, st, false),
		Sink:      batcher,
		Workers:   *workers + batchSize,
		Analyzers: *workers,
		Logger:    log,
	}
	if *every > 0 {
		go func() {
			t := time.NewTicker(*every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					log.Info("progress", "stats", w.Stats().String())
				}
			}
		}()
	}
	log.Info("worker started", "queue", *url, "workers", *workers)
	err = w.Run(ctx)
	log.Info("worker stopped", "stats", w.Stats().String())
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep worker: %v\n", err)
		return 1
	}
	return 0
}

// runStatus is `sitrep status`: the backlog of the job queue.
func runStatus(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	url := fs.String("queue", env.Getenv("SITREP_QUEUE"), "NATS server holding the job queue, nats://host:port (env SITREP_QUEUE)")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep status --queue nats://host:port\n\nPrint the job queue's backlog: jobs waiting, jobs being processed, jobs delivered more than once.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *url == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	b, err := queue.InspectJetStream(ctx, *url)
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep status: %v\n", err)
		return 1
	}
	fmt.Fprintf(env.Stdout, "pending      %d\nack pending  %d\nredelivered  %d\n", b.Pending, b.AckPending, b.Redelivered)
	return 0
}

func envOr(env *Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}
