package queue

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// BatchStore is what a Batcher writes to. store.Store satisfies it.
type BatchStore interface {
	PutBatch(ctx context.Context, docs []*article.Document) ([]store.PutResult, error)
	RecordFailure(ctx context.Context, input, reason string, permanent bool) error
}

var _ BatchStore = store.Store(nil)

// Batcher is a Sink that groups the Puts of many goroutines into few
// transactions (BatchStore.PutBatch), written by one goroutine. Put waits
// until the transaction holding its document has committed and returns
// that document's own result, so a job is acknowledged only once its
// record is durable, and a crash loses no acknowledged job.
//
// A batch is whatever waits when the writer is free (while one batch
// commits, the next gathers), up to Size documents; with Linger > 0 the
// writer also waits up to Linger after the first document for more.
// When a batch fails as a whole, its documents are written one at a time,
// so that one bad document fails alone.
type Batcher struct {
	st     BatchStore
	size   int
	linger time.Duration

	mu      sync.RWMutex
	closed  bool
	in      chan *batchItem
	stopped chan struct{}

	batches, docs int64 // written by run, read after Close
}

type batchItem struct {
	ctx   context.Context
	doc   *article.Document
	reply chan batchReply
}

type batchReply struct {
	res store.PutResult
	err error
}

var _ Sink = (*Batcher)(nil)

// NewBatcher starts a Batcher writing to st in transactions of at most
// size documents (at least 1). Close it to write what waits and stop.
func NewBatcher(st BatchStore, size int, linger time.Duration) *Batcher {
	b := &Batcher{st: st, size: max(size, 1), linger: linger, in: make(chan *batchItem), stopped: make(chan struct{})}
	go b.run()
	return b
}

// Put implements Sink: it hands doc to the writer and waits for the
// outcome of its transaction. A Put already handed over is written even
// when ctx ends meanwhile (the write is an idempotent upsert). After Close
// it returns ErrClosed.
func (b *Batcher) Put(ctx context.Context, doc *article.Document) (store.PutResult, error) {
	it := &batchItem{ctx: ctx, doc: doc, reply: make(chan batchReply, 1)}
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return 0, ErrClosed
	}
	select {
	case b.in <- it:
	case <-ctx.Done():
		b.mu.RUnlock()
		return 0, ctx.Err()
	}
	b.mu.RUnlock()
	r := <-it.reply
	return r.res, r.err
}

// RecordFailure implements Sink, directly on the store.
func (b *Batcher) RecordFailure(ctx context.Context, input, reason string, permanent bool) error {
	return b.st.RecordFailure(ctx, input, reason, permanent)
}

// Close writes the documents handed over and stops the writer. It returns
// the number of transactions and documents written.
func (b *Batcher) Close() (batches, docs int64) {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.in)
	}
	b.mu.Unlock()
	<-b.stopped
	return b.batches, b.docs
}

func (b *Batcher) run() {
	defer close(b.stopped)
	for {
		first, ok := <-b.in
		if !ok {
			return
		}
		batch := []*batchItem{first}
		var linger <-chan time.Time
		var timer *time.Timer
		if b.linger > 0 {
			timer = time.NewTimer(b.linger)
			linger = timer.C
		}
	gather:
		for len(batch) < b.size {
			if linger == nil {
				select {
				case it, ok := <-b.in:
					if !ok {
						break gather
					}
					batch = append(batch, it)
				default:
					break gather
				}
				continue
			}
			select {
			case it, ok := <-b.in:
				if !ok {
					break gather
				}
				batch = append(batch, it)
			case <-linger:
				break gather
			}
		}
		if timer != nil {
			timer.Stop()
		}
		b.write(batch)
	}
}

// write stores one batch and replies to every Put in it.
func (b *Batcher) write(batch []*batchItem) {
	// The transaction outlives a cancelled caller: work already done is
	// kept, and the caller's job is acknowledged or redelivered by the
	// outcome alone.
	ctx := context.WithoutCancel(batch[0].ctx)
	docs := make([]*article.Document, len(batch))
	for i, it := range batch {
		docs[i] = it.doc
	}
	b.batches++
	b.docs += int64(len(docs))
	res, err := b.st.PutBatch(ctx, docs)
	if err == nil && len(res) != len(docs) {
		err = fmt.Errorf("storing %d documents: the store returned %d results", len(docs), len(res))
	}
	if err == nil {
		for i, it := range batch {
			it.reply <- batchReply{res: res[i]}
		}
		return
	}
	if len(batch) == 1 {
		batch[0].reply <- batchReply{err: err}
		return
	}
	for _, it := range batch {
		res, err := b.st.PutBatch(ctx, []*article.Document{it.doc})
		if err == nil && len(res) == 1 {
			it.reply <- batchReply{res: res[0]}
			continue
		}
		if err == nil {
			err = fmt.Errorf("storing %s: the store returned %d results", it.doc.ID, len(res))
		}
		it.reply <- batchReply{err: err}
	}
	b.batches += int64(len(batch))
}
