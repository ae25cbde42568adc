package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Sink is where a Worker puts records and failures. store.Store satisfies
// it.
//
// Put must be an upsert keyed by doc.ID: jobs are delivered at least once,
// so the same document may be put more than once. An error from Put is
// taken as transient (the job is retried) unless it is marked
// pipeline.Permanent or wraps store.ErrInvalid. RecordFailure notes that
// input could not be processed; permanent means retrying will not help.
type Sink interface {
	Put(ctx context.Context, doc *article.Document) (store.PutResult, error)
	RecordFailure(ctx context.Context, input, reason string, permanent bool) error
}

var _ Sink = store.Store(nil)

// Worker takes jobs from a Queue, analyses them and puts the records in a
// Sink, on several goroutines.
type Worker struct {
	Queue Queue
	// Analyze turns a source into a record (cli.Analyze with a runner).
	// An error marked pipeline.Permanent, or an *ingest.InputError, means
	// the input is bad; any other error is taken as transient. A nil
	// record with a nil error means the store already holds this article
	// as it is: nothing is written and the job is done, Unchanged.
	Analyze func(ctx context.Context, src *article.Source) (*article.Document, error)
	Sink    Sink
	// Workers is the number of jobs in progress at once (default 1).
	Workers int
	// Analyzers bounds the Analyze calls running at once (default and at
	// most Workers). With a Sink that batches writes (Batcher), set
	// Workers above Analyzers so that jobs waiting for their transaction
	// do not leave a core idle: Analyzers to the cores, Workers to a few
	// times that.
	Analyzers int
	// Report, when set, is called once for each job that ends: stored
	// (with the Put result, err nil), unchanged (store.Unchanged without a
	// Put), or failed for good (err set; already recorded with
	// Sink.RecordFailure). It is not called for deliveries that will be
	// retried. It may be called from several goroutines at once.
	Report func(j Job, r store.PutResult, err error)
	// Logger receives one line per failure; nil means slog.Default().
	Logger *slog.Logger

	start                 atomic.Int64 // unix nanoseconds when Run began
	done, failed, retried atomic.Int64
	unchanged             atomic.Int64
	sem                   chan struct{}
}

// Stats counts what a Worker did.
type Stats struct {
	// Done jobs were stored and acknowledged, Unchanged among them
	// without analysis because the store held them already.
	Done      int64
	Unchanged int64
	// Failed jobs were terminated: bad input, or a transient failure on
	// the last delivery. Each is recorded with Sink.RecordFailure.
	Failed int64
	// Retried deliveries failed transiently and were handed back.
	Retried int64
	Elapsed time.Duration
	// Rate is Done per second of Elapsed.
	Rate float64
}

func (s Stats) String() string {
	return fmt.Sprintf("%d done (%d unchanged), %d failed, %d retried in %s (%.1f articles/s)", s.Done, s.Unchanged, s.Failed, s.Retried, s.Elapsed.Round(time.Millisecond), s.Rate)
}

// Stats returns the counts so far. It is safe to call while Run runs.
func (w *Worker) Stats() Stats {
	s := Stats{Done: w.done.Load(), Unchanged: w.unchanged.Load(), Failed: w.failed.Load(), Retried: w.retried.Load()}
	if t := w.start.Load(); t != 0 {
		s.Elapsed = time.Since(time.Unix(0, t))
		if sec := s.Elapsed.Seconds(); sec > 0 {
			s.Rate = float64(s.Done) / sec
		}
	}
	return s
}

// Run processes jobs until ctx is done, then waits for the goroutines and
// returns nil; it returns early with an error only when the queue fails
// (such as ErrClosed). A job in progress when ctx ends gets no outcome and
// is redelivered after the queue's AckWait.
func (w *Worker) Run(ctx context.Context) error {
	if w.Queue == nil || w.Analyze == nil || w.Sink == nil {
		return errors.New("queue.Worker: Queue, Analyze and Sink are required")
	}
	n := max(w.Workers, 1)
	a := n
	if w.Analyzers > 0 && w.Analyzers < n {
		a = w.Analyzers
	}
	w.sem = make(chan struct{}, a)
	w.start.Store(time.Now().UnixNano())
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			err := w.Queue.Consume(ctx, w.Handle)
			if err != nil && ctx.Err() == nil {
				errs <- err
				cancel()
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func (w *Worker) log() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

// Handle is the Handler the Worker runs for each job: analyse, put, and
// record failures. It is exported for callers that drive a Queue
// themselves.
func (w *Worker) Handle(ctx context.Context, j Job) error {
	src := j.Source
	doc, err := w.analyze(ctx, &src)
	res := store.Unchanged
	switch {
	case err == nil && doc == nil:
		w.unchanged.Add(1)
	case err == nil:
		res, err = w.Sink.Put(ctx, doc)
		if errors.Is(err, store.ErrInvalid) {
			err = pipeline.Permanent(err)
		}
		if err != nil {
			err = fmt.Errorf("%s: storing: %w", src.Input, err)
		}
	}
	if err == nil {
		w.done.Add(1)
		if w.Report != nil {
			w.Report(j, res, nil)
		}
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var inputErr *ingest.InputError
	permanent := pipeline.IsPermanent(err) || errors.As(err, &inputErr)
	if !permanent && !j.Final {
		w.retried.Add(1)
		w.log().Warn("job failed, will retry", "input", src.Input, "id", j.ID, "attempt", j.Attempt, "err", err)
		return err
	}
	if rerr := w.Sink.RecordFailure(ctx, src.Input, err.Error(), permanent); rerr != nil && !j.Final {
		// Could not record it (database down?): try the whole job again.
		w.retried.Add(1)
		w.log().Warn("recording failure failed, will retry", "input", src.Input, "err", rerr)
		return fmt.Errorf("recording failure of %s: %w", src.Input, rerr)
	}
	w.failed.Add(1)
	w.log().Error("job failed", "input", src.Input, "id", j.ID, "attempt", j.Attempt, "permanent", permanent, "err", err)
	if w.Report != nil {
		w.Report(j, 0, err)
	}
	return pipeline.Permanent(err)
}

// analyze runs Analyze, at most Analyzers at once (when called from Run).
func (w *Worker) analyze(ctx context.Context, src *article.Source) (*article.Document, error) {
	if w.sem != nil {
		select {
		case w.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-w.sem }()
	}
	return w.Analyze(ctx, src)
}
