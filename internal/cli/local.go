package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// Batching of writes, for ingest and workers: a transaction holds what
// gathered while the previous one committed, waiting at most batchLinger
// for more, up to batchSize documents. An interrupted run loses at most
// the documents of the transaction in progress, which the next run stores
// again.
const (
	batchSize   = 64
	batchLinger = 100 * time.Millisecond
)

// lookupStore is the part of store.Store that analyzeUnlessStored reads.
type lookupStore interface {
	Lookup(ctx context.Context, ids []string) (map[string]store.Stored, error)
}

// analyzeUnlessStored returns the Worker's Analyze: extract the article,
// and unless force is set, skip it (nil record, nil error: the Worker
// counts it unchanged) when the store already holds the same text, title,
// address, outlet and date under its id (store.Stored.Same); else run the
// analysis stages.
func analyzeUnlessStored(runner *pipeline.Runner, st lookupStore, force bool) func(context.Context, *article.Source) (*article.Document, error) {
	return func(ctx context.Context, src *article.Source) (*article.Document, error) {
		doc, err := extractSource(src)
		if err != nil {
			return nil, err
		}
		if !force {
			found, err := st.Lookup(ctx, []string{doc.ID})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", src.Input, err) // transient: retried
			}
			if s, ok := found[doc.ID]; ok && s.Same(doc) {
				return nil, nil
			}
		}
		if err := runner.Run(ctx, doc); err != nil {
			return nil, err
		}
		return doc, nil
	}
}

// extractSource is the first step of Analyze: the article's text and
// metadata, or an *ingest.InputError.
func extractSource(src *article.Source) (*article.Document, error) {
	doc, err := extract.Document(src)
	if err != nil {
		if errors.Is(err, extract.ErrNoContent) {
			return nil, &ingest.InputError{Input: src.Input, Err: err}
		}
		return nil, &ingest.InputError{Input: src.Input, Err: fmt.Errorf("extracting: %w", err)}
	}
	return doc, nil
}

// localIngest is `sitrep ingest` without --queue: the same queue.Worker
// that `sitrep worker` runs, over an in-process queue.Memory, writing
// through a queue.Batcher. Readers call add with each source; wait
// returns when everything added has been stored or has failed.
type localIngest struct {
	st      store.Store
	q       *queue.Memory
	b       *queue.Batcher
	w       *queue.Worker
	prog    *progress
	slots   chan struct{} // bounds jobs added and not yet finished
	pending sync.WaitGroup
	stop    context.CancelFunc
	ran     chan error
	seq     int

	mu       sync.Mutex
	failures []string
}

// startLocal starts the worker: analyzers jobs analysed at once (the
// cores), and room in flight for two full batches besides, one committing
// while the next gathers, so that jobs waiting for their transaction leave
// no core idle.
func startLocal(ctx context.Context, st store.Store, runner *pipeline.Runner, analyzers int, force bool, prog *progress) *localIngest {
	analyzers = max(analyzers, 1)
	inFlight := analyzers + 2*batchSize
	l := &localIngest{
		st:   st,
		prog: prog,
		// Bodies are as large as ingest accepts, not a NATS message;
		// a transient failure (a busy database) is retried twice, soon.
		q: queue.NewMemory(queue.Options{MaxPayload: ingest.DefaultMaxBytes + 1<<20, MaxDeliver: 3,
			Backoff: queue.Backoff{Base: 200 * time.Millisecond, Max: 2 * time.Second}}),
		b:     queue.NewBatcher(st, batchSize, batchLinger),
		slots: make(chan struct{}, 2*inFlight),
		ran:   make(chan error, 1),
	}
	l.w = &queue.Worker{
		Queue:     l.q,
		Analyze:   analyzeUnlessStored(runner, st, force),
		Sink:      l.b,
		Workers:   inFlight,
		Analyzers: analyzers,
		Report:    l.report,
		Logger:    slog.New(slog.DiscardHandler), // failures are listed at the end
	}
	wctx, cancel := context.WithCancel(ctx)
	l.stop = cancel
	go func() { l.ran <- l.w.Run(wctx) }()
	return l
}

// add queues one source, or records a failure to read one. It blocks while
// many jobs are in flight, so memory stays bounded however many inputs
// there are. It returns an error only when ctx ends or the store fails.
func (l *localIngest) add(ctx context.Context, src *article.Source, err error) error {
	if err != nil {
		input := ""
		var ie *ingest.InputError
		if errors.As(err, &ie) {
			input = ie.Input
		}
		l.fail(err)
		if rerr := l.st.RecordFailure(ctx, input, err.Error(), true); rerr != nil {
			return fmt.Errorf("recording a failure: %w", rerr)
		}
		return nil
	}
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	l.pending.Add(1)
	// The job id is only a key within this run's queue (the store
	// de-duplicates by document id): the input name and a sequence
	// number, so that an input named twice is processed twice.
	l.seq++
	j := queue.Job{ID: strconv.Itoa(l.seq) + " " + src.Input, Source: *src}
	if err := l.q.Publish(ctx, j); err != nil {
		l.pending.Done()
		<-l.slots
		if errors.Is(err, queue.ErrTooLarge) {
			return l.add(ctx, nil, &ingest.InputError{Input: src.Input, Err: err})
		}
		return err
	}
	return nil
}

func (l *localIngest) fail(err error) {
	l.mu.Lock()
	l.failures = append(l.failures, err.Error())
	l.mu.Unlock()
	l.prog.fail()
}

// report is the Worker's Report: one call per finished job.
func (l *localIngest) report(_ queue.Job, r store.PutResult, err error) {
	if err != nil {
		l.fail(err)
	} else {
		l.prog.done(r)
	}
	<-l.slots
	l.pending.Done()
}

// wait returns when every job added so far has finished, or ctx ends.
func (l *localIngest) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { l.pending.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case err := <-l.ran: // the worker stopped early: the queue failed
		l.ran <- err
		if err == nil {
			err = errors.New("the worker stopped")
		}
		return err
	}
}

// close stops the worker, writes what was analysed, and returns the
// failures, the worker's counts and how many transactions were written.
func (l *localIngest) close() (failures []string, stats queue.Stats, batches int64) {
	l.stop()
	<-l.ran
	batches, _ = l.b.Close()
	l.q.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failures, l.w.Stats(), batches
}
