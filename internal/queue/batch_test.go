package queue_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// batchRecorder is a BatchStore that records the size of each PutBatch
// and refuses any batch holding a document whose id is in bad.
type batchRecorder struct {
	mu    sync.Mutex
	sizes []int
	docs  map[string]bool
	bad   map[string]bool
	delay time.Duration
}

func (r *batchRecorder) PutBatch(_ context.Context, docs []*article.Document) ([]store.PutResult, error) {
	time.Sleep(r.delay)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sizes = append(r.sizes, len(docs))
	for _, d := range docs {
		if r.bad[d.ID] {
			return nil, store.ErrInvalid
		}
	}
	res := make([]store.PutResult, len(docs))
	for i, d := range docs {
		res[i] = store.Inserted
		if r.docs[d.ID] {
			res[i] = store.Unchanged
		}
		r.docs[d.ID] = true
	}
	return res, nil
}

func (r *batchRecorder) RecordFailure(context.Context, string, string, bool) error { return nil }

func TestBatcherGroupsConcurrentPuts(t *testing.T) {
	rec := &batchRecorder{docs: map[string]bool{}, bad: map[string]bool{"bad": true}, delay: 20 * time.Millisecond}
	b := queue.NewBatcher(rec, 8, 0)
	var wg sync.WaitGroup
	results := make([]store.PutResult, 40)
	errs := make([]error, 40)
	for i := range 40 {
		wg.Go(func() {
			id := string(rune('A' + i))
			if i == 13 {
				id = "bad"
			}
			results[i], errs[i] = b.Put(t.Context(), &article.Document{ID: id})
		})
	}
	wg.Wait()
	batches, docs := b.Close()
	for i := range 40 {
		if i == 13 {
			if !errors.Is(errs[i], store.ErrInvalid) {
				t.Errorf("the bad document: err = %v, want ErrInvalid", errs[i])
			}
			continue
		}
		if errs[i] != nil || results[i] != store.Inserted {
			t.Errorf("Put %d = %v, %v; want Inserted", i, results[i], errs[i])
		}
	}
	if len(rec.docs) != 39 {
		t.Errorf("stored %d documents, want 39 (every one but the bad)", len(rec.docs))
	}
	if slices.Max(rec.sizes) > 8 {
		t.Errorf("a batch of %d, more than the size 8: %v", slices.Max(rec.sizes), rec.sizes)
	}
	// While one batch commits (20 ms) the others wait and gather: far
	// fewer transactions than Puts.
	if len(rec.sizes) > 20 {
		t.Errorf("%d transactions for 40 concurrent Puts: %v", len(rec.sizes), rec.sizes)
	}
	if docs < 40 || batches < 1 {
		t.Errorf("Close = %d batches, %d docs", batches, docs)
	}
	if _, err := b.Put(t.Context(), &article.Document{ID: "late"}); !errors.Is(err, queue.ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
}

func TestBatcherLinger(t *testing.T) {
	rec := &batchRecorder{docs: map[string]bool{}, bad: map[string]bool{}}
	b := queue.NewBatcher(rec, 100, 200*time.Millisecond)
	defer b.Close()
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			time.Sleep(time.Duration(i) * 10 * time.Millisecond)
			b.Put(t.Context(), &article.Document{ID: string(rune('a' + i))})
		})
	}
	wg.Wait()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if !slices.Equal(rec.sizes, []int{5}) {
		t.Errorf("batches = %v, want one of 5 (the linger waits for the later Puts)", rec.sizes)
	}
}

// unchangedAnalyze reports every article as already stored, after counting
// the call.
type unchangedAnalyze struct{ calls atomic.Int64 }

func (a *unchangedAnalyze) Analyze(context.Context, *article.Source) (*article.Document, error) {
	a.calls.Add(1)
	return nil, nil
}

// TestWorkerBatcherSQLite runs a Worker with many jobs in flight, two
// analysing at once, into a Batcher over SQLite; then again with every
// article reported unchanged before analysis.
func TestWorkerBatcherSQLite(t *testing.T) {
	st, err := store.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	jobs := articles(t, 60)
	q := queue.NewMemory(testOpts)
	defer q.Close()
	publishAll(t, q, jobs)
	var mu sync.Mutex
	reported := map[store.PutResult]int{}
	var running, most atomic.Int64
	b := queue.NewBatcher(st, 16, 50*time.Millisecond)
	w := &queue.Worker{Queue: q, Sink: b, Workers: 12, Analyzers: 2, Logger: quiet,
		Analyze: func(ctx context.Context, src *article.Source) (*article.Document, error) {
			n := running.Add(1)
			defer running.Add(-1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(2 * time.Millisecond)
			return extract.Document(src)
		},
		Report: func(_ queue.Job, r store.PutResult, err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("job failed: %v", err)
			}
			reported[r]++
		}}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	waitFor(t, 20*time.Second, "60 jobs reported", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return reported[store.Inserted] == 60
	})
	cancel()
	<-done
	batches, docs := b.Close()
	if got := storeRows(t, st); got != 60 {
		t.Errorf("stored %d, want 60", got)
	}
	if most.Load() > 2 {
		t.Errorf("%d Analyze calls ran at once, want at most Analyzers = 2", most.Load())
	}
	t.Logf("%d documents in %d transactions", docs, batches)
	// Ten jobs wait for their transaction while two analyse: batches of
	// about ten.
	if batches*4 > docs {
		t.Errorf("%d transactions for %d documents: little batching", batches, docs)
	}

	// Again, everything reported unchanged before analysis: no Put.
	an := &unchangedAnalyze{}
	publishAll(t, q, articlesAgain(jobs))
	b2 := queue.NewBatcher(st, 16, 0)
	w2 := &queue.Worker{Queue: q, Sink: b2, Workers: 4, Analyze: an.Analyze, Logger: quiet}
	ctx, cancel = context.WithCancel(t.Context())
	done = make(chan struct{})
	go func() { w2.Run(ctx); close(done) }()
	waitFor(t, 20*time.Second, "60 unchanged", func() bool { return w2.Stats().Unchanged == 60 })
	cancel()
	<-done
	if _, docs := b2.Close(); docs != 0 {
		t.Errorf("unchanged jobs wrote %d documents", docs)
	}
	if s := w2.Stats(); s.Done != 60 || an.calls.Load() != 60 {
		t.Errorf("second pass: %v, %d calls", s, an.calls.Load())
	}
}

// articlesAgain gives the jobs new job ids, so that the queue does not drop
// them as duplicates of the first publish.
func articlesAgain(jobs []queue.Job) []queue.Job {
	out := slices.Clone(jobs)
	for i := range out {
		out[i].ID += "-again"
	}
	return out
}
