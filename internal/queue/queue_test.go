package queue_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// startNATS starts an in-process JetStream server on a random port and
// returns its URL.
func startNATS(t testing.TB) string {
	t.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true}
	s, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(s.Shutdown)
	return s.ClientURL()
}

// fast delivery settings for tests.
var testOpts = queue.Options{AckWait: time.Second, MaxDeliver: 50, Backoff: queue.Backoff{Base: 50 * time.Millisecond, Max: 400 * time.Millisecond}}

type queueKind struct {
	name string
	open func(t testing.TB) (publisher queue.Queue, newWorkerQueue func() queue.Queue)
}

func queueKinds() []queueKind {
	return []queueKind{
		{"memory", func(t testing.TB) (queue.Queue, func() queue.Queue) {
			q := queue.NewMemory(testOpts)
			t.Cleanup(func() { q.Close() })
			return q, func() queue.Queue { return q }
		}},
		{"jetstream", func(t testing.TB) (queue.Queue, func() queue.Queue) {
			url := startNATS(t)
			open := func() queue.Queue {
				q, err := queue.OpenJetStream(context.Background(), url, testOpts)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { q.Close() })
				return q
			}
			return open(), open
		}},
	}
}

// backend is where records end up: a map or a real store.
type backend struct {
	name string
	open func(t testing.TB) queue.Sink
	// rows counts stored documents.
	rows func(t testing.TB, s queue.Sink) int
}

func backends() []backend {
	b := []backend{
		{"mapsink", func(testing.TB) queue.Sink { return newMapSink() }, func(_ testing.TB, s queue.Sink) int { return s.(*mapSink).len() }},
		{"sqlite", func(t testing.TB) queue.Sink {
			st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}, storeRows},
	}
	if dsn := os.Getenv("SITREP_TEST_DATABASE_URL"); dsn != "" {
		b = append(b, backend{"postgres", func(t testing.TB) queue.Sink {
			st, err := store.OpenPostgres(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}, storeRows})
	}
	return b
}

func storeRows(t testing.TB, s queue.Sink) int {
	st, err := s.(store.Store).Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Documents
}

// mapSink is an in-memory Sink, idempotent by document id.
type mapSink struct {
	mu       sync.Mutex
	docs     map[string]*article.Document
	failures map[string]bool
}

func newMapSink() *mapSink {
	return &mapSink{docs: map[string]*article.Document{}, failures: map[string]bool{}}
}

func (s *mapSink) Put(_ context.Context, d *article.Document) (store.PutResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.docs[d.ID]
	s.docs[d.ID] = d
	if ok {
		return store.Updated, nil
	}
	return store.Inserted, nil
}

func (s *mapSink) RecordFailure(_ context.Context, input, _ string, permanent bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[input] = permanent
	return nil
}

func (s *mapSink) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.docs)
}

// countingSink counts Puts and distinct ids, and fails every call while
// down() is true, as a database that has gone away.
type countingSink struct {
	queue.Sink
	down     func() bool
	puts     atomic.Int64
	downErrs atomic.Int64
	mu       sync.Mutex
	ids      map[string]int
}

func newCounting(s queue.Sink) *countingSink {
	return &countingSink{Sink: s, down: func() bool { return false }, ids: map[string]int{}}
}

var errDown = errors.New("connection refused: database is down")

func (c *countingSink) Put(ctx context.Context, d *article.Document) (store.PutResult, error) {
	if c.down() {
		c.downErrs.Add(1)
		return 0, errDown
	}
	r, err := c.Sink.Put(ctx, d)
	if err == nil {
		c.puts.Add(1)
		c.mu.Lock()
		c.ids[d.ID]++
		c.mu.Unlock()
	}
	return r, err
}

func (c *countingSink) RecordFailure(ctx context.Context, input, reason string, permanent bool) error {
	if c.down() {
		return errDown
	}
	return c.Sink.RecordFailure(ctx, input, reason, permanent)
}

func (c *countingSink) distinct() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.ids)
}

// articles returns n jobs with distinct texts and their ids.
func articles(t testing.TB, n int) []queue.Job {
	t.Helper()
	nonce := time.Now().UnixNano()
	jobs := make([]queue.Job, n)
	for i := range jobs {
		body := fmt.Sprintf("Article %d of run %d.\n\nThe council met on Tuesday in Lyon and approved budget line %d after a long debate.\n", i, nonce, i*7)
		src := article.Source{Input: fmt.Sprintf("a%03d.txt", i), Format: "text", Body: []byte(body)}
		doc, err := extract.Document(&src)
		if err != nil {
			t.Fatal(err)
		}
		jobs[i] = queue.Job{ID: doc.ID, Source: src}
	}
	return jobs
}

// slowAnalyze extracts the document after a pause that stands in for the
// analysis stages, counting calls abandoned because ctx ended.
type slowAnalyze struct {
	delay       time.Duration
	interrupted atomic.Int64
	// hangAfter, when positive, makes every call after the first
	// hangAfter hang until ctx ends, as a worker killed mid-job.
	hangAfter int64
	calls     atomic.Int64
}

func (a *slowAnalyze) Analyze(ctx context.Context, src *article.Source) (*article.Document, error) {
	if a.hangAfter > 0 && a.calls.Add(1) > a.hangAfter {
		<-ctx.Done()
		a.interrupted.Add(1)
		return nil, ctx.Err()
	}
	select {
	case <-ctx.Done():
		a.interrupted.Add(1)
		return nil, ctx.Err()
	case <-time.After(a.delay):
	}
	doc, err := extract.Document(src)
	if err != nil { // as cli.Analyze reports it: bad input
		return nil, &ingest.InputError{Input: src.Input, Err: err}
	}
	return doc, nil
}

func publishAll(t testing.TB, q queue.Queue, jobs []queue.Job) {
	t.Helper()
	for _, j := range jobs {
		if err := q.Publish(context.Background(), j); err != nil {
			t.Fatal(err)
		}
	}
}

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func forEach(t *testing.T, f func(t *testing.T, qk queueKind, be backend)) {
	for _, qk := range queueKinds() {
		for _, be := range backends() {
			t.Run(qk.name+"/"+be.name, func(t *testing.T) { f(t, qk, be) })
		}
	}
}

var quiet = slog.New(slog.DiscardHandler)

// startWorker runs a Worker until the returned stop is called.
func startWorker(q queue.Queue, an *slowAnalyze, sink queue.Sink, n int) (w *queue.Worker, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	w = &queue.Worker{Queue: q, Analyze: an.Analyze, Sink: sink, Workers: n, Logger: quiet}
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	return w, func() { cancel(); <-done }
}

func drained(t testing.TB, q queue.Queue) func() bool {
	return func() bool {
		b, err := q.Backlog(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return b.Pending == 0 && b.AckPending == 0
	}
}

// TestKillWorkerMidBatch stops a worker without acknowledging its jobs in
// progress; another worker picks them up after AckWait, and every article
// ends up stored exactly once.
func TestKillWorkerMidBatch(t *testing.T) {
	forEach(t, func(t *testing.T, qk queueKind, be backend) {
		const n = 40
		pub, open := qk.open(t)
		base := be.open(t)
		before := be.rows(t, base)
		sink := newCounting(base)
		jobs := articles(t, n)
		publishAll(t, pub, jobs)

		// Worker A stores 8 articles, then all 4 of its goroutines hang
		// mid-job; it is killed there.
		an := &slowAnalyze{delay: 10 * time.Millisecond, hangAfter: 8}
		_, stopA := startWorker(open(), an, sink, 4)
		waitFor(t, 10*time.Second, "first worker to store 8 and hang on 4", func() bool { return sink.puts.Load() >= 8 && an.calls.Load() >= 12 })
		stopA() // dies mid-batch: jobs in flight get no ack
		if an.interrupted.Load() != 4 {
			t.Fatalf("worker A was stopped with %d jobs in progress, want 4", an.interrupted.Load())
		}
		storedByA := sink.distinct()

		bn := &slowAnalyze{delay: 10 * time.Millisecond}
		wb, stopB := startWorker(open(), bn, sink, 4)
		defer stopB()
		waitFor(t, 20*time.Second, "all articles stored", func() bool { return sink.distinct() == n })
		waitFor(t, 10*time.Second, "queue drained", drained(t, pub))
		if got := be.rows(t, base) - before; got != n {
			t.Errorf("stored rows = %d, want %d", got, n)
		}
		if got := sink.puts.Load(); got != n {
			t.Errorf("puts = %d, want %d: a job was stored twice", got, n)
		}
		for _, j := range jobs {
			if sink.ids[j.ID] == 0 {
				t.Errorf("%s (%s) never stored", j.Source.Input, j.ID)
			}
		}
		t.Logf("worker A stored %d and was stopped with %d jobs in progress; worker B: %v; %d puts for %d articles",
			storedByA, an.interrupted.Load(), wb.Stats(), sink.puts.Load(), n)
	})
}

// TestSinkDown makes every write fail for a while, as when PostgreSQL is
// down; jobs are retried with backoff and all end up stored.
func TestSinkDown(t *testing.T) {
	forEach(t, func(t *testing.T, qk queueKind, be backend) {
		const n = 20
		pub, open := qk.open(t)
		base := be.open(t)
		before := be.rows(t, base)
		sink := newCounting(base)
		until := time.Now().Add(2 * time.Second)
		sink.down = func() bool { return time.Now().Before(until) }
		publishAll(t, pub, articles(t, n))

		w, stop := startWorker(open(), &slowAnalyze{delay: time.Millisecond}, sink, 2)
		defer stop()
		waitFor(t, 30*time.Second, "all articles stored", func() bool { return sink.distinct() == n })
		waitFor(t, 10*time.Second, "queue drained", drained(t, pub))
		st := w.Stats()
		if st.Retried == 0 || sink.downErrs.Load() == 0 {
			t.Errorf("no retries (%v): the sink was never down?", st)
		}
		if st.Failed != 0 {
			t.Errorf("%d jobs failed; want all stored after the outage", st.Failed)
		}
		if got := be.rows(t, base) - before; got != n {
			t.Errorf("stored rows = %d, want %d", got, n)
		}
		t.Logf("%v; %d writes refused while down", st, sink.downErrs.Load())
	})
}

// TestDuplicatePublish publishes one article twice: one row.
func TestDuplicatePublish(t *testing.T) {
	forEach(t, func(t *testing.T, qk queueKind, be backend) {
		pub, open := qk.open(t)
		base := be.open(t)
		before := be.rows(t, base)
		sink := newCounting(base)
		j := articles(t, 1)[0]
		publishAll(t, pub, []queue.Job{j, j})
		w, stop := startWorker(open(), &slowAnalyze{}, sink, 2)
		defer stop()
		waitFor(t, 10*time.Second, "the article stored", func() bool { return sink.distinct() == 1 })
		waitFor(t, 10*time.Second, "queue drained", drained(t, pub))
		time.Sleep(100 * time.Millisecond)
		if got := sink.puts.Load(); got != 1 {
			t.Errorf("puts = %d, want 1 (the duplicate publish should be dropped)", got)
		}
		if got := be.rows(t, base) - before; got != 1 {
			t.Errorf("stored rows = %d, want 1", got)
		}
		_ = w
	})
}

// TestPermanentFailure: bad input is terminated and recorded, not retried.
func TestPermanentFailure(t *testing.T) {
	for _, qk := range queueKinds() {
		t.Run(qk.name, func(t *testing.T) {
			pub, open := qk.open(t)
			sink := newMapSink()
			bad := queue.Job{ID: "bad0000000000001", Source: article.Source{Input: "empty.txt", Format: "text", Body: []byte("   ")}}
			publishAll(t, pub, []queue.Job{bad})
			w, stop := startWorker(open(), &slowAnalyze{}, sink, 1)
			defer stop()
			waitFor(t, 10*time.Second, "the failure recorded", func() bool { return w.Stats().Failed == 1 })
			waitFor(t, 10*time.Second, "queue drained", drained(t, pub))
			if st := w.Stats(); st.Retried != 0 || st.Done != 0 {
				t.Errorf("stats %v; want one failure, no retries", st)
			}
			sink.mu.Lock()
			defer sink.mu.Unlock()
			if perm, ok := sink.failures["empty.txt"]; !ok || !perm {
				t.Errorf("failures = %v, want empty.txt recorded as permanent", sink.failures)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	for _, qk := range queueKinds() {
		t.Run(qk.name, func(t *testing.T) {
			pub, _ := qk.open(t)
			j := queue.Job{ID: "big", Source: article.Source{Input: "big.html", Body: make([]byte, 2<<20)}}
			err := pub.Publish(context.Background(), j)
			if !errors.Is(err, queue.ErrTooLarge) {
				t.Fatalf("Publish of 2 MB: err = %v, want ErrTooLarge", err)
			}
			t.Log(err)
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	now := time.Date(2024, 1, 24, 10, 0, 0, 0, time.UTC)
	for _, j := range []queue.Job{
		{ID: "x1", Source: article.Source{Input: "a.html", Body: []byte("<p>hi\nthere</p>"), URL: "https://e.example/a", Title: "T\nitle", Published: &now, ContentType: "text/html; charset=utf-8"}},
		{ID: "x2", Source: article.Source{Input: "b.jsonl:3", ID: "b3", Text: "exact\ntext", ExactText: true, Format: "text"}},
	} {
		b, err := queue.Encode(j, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := queue.Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Source) != fmt.Sprint(j.Source) && !(got.Source.Published.Equal(*j.Source.Published)) || got.ID != j.ID || string(got.Source.Body) != string(j.Source.Body) || got.Source.Text != j.Source.Text || got.Source.Title != j.Source.Title {
			t.Errorf("round trip: got %+v, want %+v", got, j)
		}
	}
}

func TestBackoff(t *testing.T) {
	b := queue.Backoff{Base: time.Second, Max: 10 * time.Second}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := b.Delay(i + 1); got != w {
			t.Errorf("Delay(%d) = %s, want %s", i+1, got, w)
		}
	}
}
