package queue

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Options tune delivery. The zero value of each field means its default.
type Options struct {
	// AckWait is how long a delivered job may go without an outcome
	// before it is redelivered (default 30s). Handlers that run longer
	// are kept alive by progress signals on JetStream.
	AckWait time.Duration
	// MaxDeliver bounds deliveries of one job (default 10).
	MaxDeliver int
	// Backoff spaces redeliveries after transient failures.
	Backoff Backoff
	// DuplicateWindow is how long a published id is remembered to drop
	// duplicates (default 2 minutes).
	DuplicateWindow time.Duration
	// MaxPayload bounds one encoded job (default DefaultMaxPayload; on
	// JetStream, the server's max_payload).
	MaxPayload int
}

func (o Options) withDefaults() Options {
	if o.AckWait <= 0 {
		o.AckWait = 30 * time.Second
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = 10
	}
	if o.Backoff.Base <= 0 {
		o.Backoff = DefaultBackoff
	}
	if o.DuplicateWindow <= 0 {
		o.DuplicateWindow = 2 * time.Minute
	}
	if o.MaxPayload <= 0 {
		o.MaxPayload = DefaultMaxPayload
	}
	return o
}

// Memory is an in-process Queue: jobs live in memory and are lost when the
// process exits. It has the same delivery semantics as JetStream,
// including redelivery with backoff and after AckWait.
type Memory struct {
	opts Options

	mu       sync.Mutex
	ready    []*memEntry
	wake     chan struct{} // closed and replaced when ready grows
	seen     map[string]time.Time
	inflight map[*memEntry]bool
	closed   bool
}

type memEntry struct {
	data      []byte
	delivered int
}

var _ Queue = (*Memory)(nil)

// NewMemory returns an empty in-process queue.
func NewMemory(opts Options) *Memory {
	return &Memory{opts: opts.withDefaults(), wake: make(chan struct{}), seen: map[string]time.Time{}, inflight: map[*memEntry]bool{}}
}

// Publish implements Queue.
func (m *Memory) Publish(ctx context.Context, j Job) error {
	data, err := Encode(j, m.opts.MaxPayload)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	now := time.Now()
	if t, ok := m.seen[j.ID]; ok && now.Sub(t) < m.opts.DuplicateWindow {
		return nil
	}
	if len(m.seen) > 4096 {
		for id, t := range m.seen {
			if now.Sub(t) >= m.opts.DuplicateWindow {
				delete(m.seen, id)
			}
		}
	}
	m.seen[j.ID] = now
	m.pushLocked(&memEntry{data: data})
	return nil
}

func (m *Memory) pushLocked(e *memEntry) {
	m.ready = append(m.ready, e)
	close(m.wake)
	m.wake = make(chan struct{})
}

// requeue puts e back after d.
func (m *Memory) requeue(e *memEntry, d time.Duration) {
	time.AfterFunc(d, func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.inflight, e)
		if !m.closed {
			m.pushLocked(e)
		}
	})
}

func (m *Memory) next(ctx context.Context) (*memEntry, error) {
	for {
		m.mu.Lock()
		if m.closed {
			m.mu.Unlock()
			return nil, ErrClosed
		}
		if len(m.ready) > 0 {
			e := m.ready[0]
			m.ready[0] = nil
			m.ready = m.ready[1:]
			e.delivered++
			m.inflight[e] = true
			m.mu.Unlock()
			return e, nil
		}
		wake := m.wake
		m.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-wake:
		}
	}
}

// Consume implements Queue.
func (m *Memory) Consume(ctx context.Context, h Handler) error {
	for {
		e, err := m.next(ctx)
		if err != nil {
			return err
		}
		j, err := Decode(e.data)
		if err != nil { // cannot happen: we encoded it
			m.done(e)
			return err
		}
		j.Attempt = e.delivered
		j.Final = e.delivered >= m.opts.MaxDeliver
		herr := runHandler(ctx, h, j)
		switch {
		case herr == nil:
			m.done(e) // Ack, even when ctx ended just after the work was done
		case ctx.Err() != nil:
			// The worker stopped mid-job: redeliver after AckWait.
			m.requeue(e, m.opts.AckWait)
			return ctx.Err()
		case pipeline.IsPermanent(herr), j.Final:
			m.done(e) // Term
		default:
			m.requeue(e, m.opts.Backoff.Delay(j.Attempt)) // Nak with backoff
		}
	}
}

// runHandler calls h, turning a panic into a transient error.
func runHandler(ctx context.Context, h Handler, j Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: handler panicked: %v", j.Source.Input, r)
		}
	}()
	return h(ctx, j)
}

func (m *Memory) done(e *memEntry) {
	m.mu.Lock()
	delete(m.inflight, e)
	m.mu.Unlock()
}

// Backlog implements Queue.
func (m *Memory) Backlog(_ context.Context) (Backlog, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := Backlog{Pending: uint64(len(m.ready)), AckPending: len(m.inflight)}
	for e := range m.inflight {
		if e.delivered > 1 {
			b.Redelivered++
		}
	}
	return b, nil
}

// Close implements Queue: waiting Consume calls return ErrClosed and
// queued jobs are dropped.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed {
		m.closed = true
		close(m.wake)
	}
	return nil
}
