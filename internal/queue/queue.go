// Package queue spreads analysis over many worker processes. A publisher
// puts one Job per article on a Queue; workers take jobs, analyse them and
// store the records.
//
// Two implementations sit behind the one Queue interface: Memory, an
// in-process queue used when no --queue is given (and as a test fake), and
// JetStream, a NATS JetStream work-queue stream with a durable pull
// consumer, for several processes on several machines. Both give the same
// guarantees: at-least-once delivery, duplicate publishes of one document
// id dropped within a window, and the outcome of each delivery mapped
// explicitly:
//
//	handler returns nil                         -> Ack: the job is done and removed
//	handler returns a pipeline.Permanent error  -> Term: bad input, never redelivered
//	handler returns any other error             -> Nak with backoff: redelivered later,
//	                                               after an increasing, capped delay
//	handler's context ends before it returns    -> no outcome: redelivered after AckWait
//	  (the worker died or was stopped)
//
// Because delivery is at least once, the handler's writes must be
// idempotent: the store upserts by document id, so a redelivered job
// rewrites the same row.
package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// DefaultMaxPayload is the largest encoded job accepted: JetStream's
// default max_payload of 1 MB.
const DefaultMaxPayload = 1 << 20

// Sentinel errors, checked with errors.Is.
var (
	// ErrTooLarge means an encoded job exceeds the queue's largest message.
	ErrTooLarge = errors.New("queue: job too large for one message")
	// ErrNoID means a job was published without a document id.
	ErrNoID = errors.New("queue: job has no document id")
	// ErrClosed means the queue was used after Close.
	ErrClosed = errors.New("queue: closed")
)

// Job is one article to analyse.
type Job struct {
	// ID is the stable document id (article.Document.ID) the record will
	// have. It is the dedupe key: a second Publish of the same ID within
	// the queue's duplicate window is dropped (on JetStream it is sent as
	// the Nats-Msg-Id header).
	ID string
	// Source is the input as read by ingest.
	Source article.Source
	// Attempt is the delivery count, from 1. Set by the queue on delivery;
	// ignored by Publish.
	Attempt int
	// Final is true when this delivery is the last the queue will make
	// (Attempt has reached MaxDeliver): a transient failure now ends the
	// job, which is terminated rather than redelivered. Set on delivery.
	Final bool
}

// Handler processes one delivered job. It owns the Job for the duration of
// the call and must not keep it. The returned error decides the outcome;
// see the package comment.
type Handler func(ctx context.Context, j Job) error

// Queue carries jobs from publishers to workers.
//
// Ownership: Publish encodes the job before returning; the caller keeps
// its Job and may reuse it. A delivered Job is owned by the handler until
// it returns.
//
// Delivery: at least once. A job is removed only when a handler returns
// nil (Ack) or a permanent error (Term), or after MaxDeliver failed
// deliveries (the last one is Final). Order is not guaranteed.
//
// All methods are safe for concurrent use.
type Queue interface {
	// Publish adds j. It returns ErrNoID when j.ID is empty and an error
	// wrapping ErrTooLarge when the encoded job exceeds the largest
	// message; in both cases nothing is published. Publishing an ID
	// already published within the duplicate window is not an error; the
	// copy is dropped.
	Publish(ctx context.Context, j Job) error

	// Consume calls h with delivered jobs, one at a time, until ctx is
	// done, then returns ctx's error (or another error that stopped it).
	// Calling Consume from several goroutines processes jobs concurrently;
	// each job goes to one handler at a time. When ctx ends while h is
	// running, Consume neither acks nor naks: the job is redelivered after
	// AckWait.
	Consume(ctx context.Context, h Handler) error

	// Backlog reports what is waiting and in flight.
	Backlog(ctx context.Context) (Backlog, error)

	// Close releases the queue. Jobs not yet acknowledged stay queued
	// (JetStream) or are lost (Memory).
	Close() error
}

// Backlog is a snapshot of a queue.
type Backlog struct {
	// Pending jobs wait for a first (or, after a Nak, next) delivery.
	Pending uint64
	// AckPending jobs have been delivered and await an outcome.
	AckPending int
	// Redelivered counts jobs in flight that were delivered more than
	// once.
	Redelivered int
}

// Backoff is the delay before redelivering a job after a transient
// failure: Base doubled at each attempt, capped at Max.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

// DefaultBackoff is used when a queue's Backoff is zero.
var DefaultBackoff = Backoff{Base: time.Second, Max: time.Minute}

// Delay returns the delay after the given failed attempt (from 1).
func (b Backoff) Delay(attempt int) time.Duration {
	if b.Base <= 0 {
		b = DefaultBackoff
	}
	if attempt < 1 {
		attempt = 1
	}
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	if b.Max > 0 && d > b.Max {
		d = b.Max
	}
	return d
}

// wireSource is the JSON header of an encoded job. The body follows it
// raw, after a newline, so that HTML is not inflated by base64.
type wireSource struct {
	ID          string     `json:"id"`
	Input       string     `json:"input"`
	SourceID    string     `json:"source_id,omitempty"`
	Format      string     `json:"format,omitempty"`
	ExactText   bool       `json:"exact_text,omitempty"`
	URL         string     `json:"url,omitempty"`
	Title       string     `json:"title,omitempty"`
	Published   *time.Time `json:"published,omitempty"`
	ContentType string     `json:"content_type,omitempty"`
}

// Encode returns the message form of j: a JSON line of metadata followed by
// the body (Source.Text when ExactText, else Source.Body). It fails with
// ErrTooLarge when the result exceeds max bytes (0 means
// DefaultMaxPayload).
func Encode(j Job, max int) ([]byte, error) {
	if j.ID == "" {
		return nil, fmt.Errorf("encoding job for %s: %w", j.Source.Input, ErrNoID)
	}
	if max <= 0 {
		max = DefaultMaxPayload
	}
	s := &j.Source
	head, err := json.Marshal(wireSource{ID: j.ID, Input: s.Input, SourceID: s.ID, Format: s.Format, ExactText: s.ExactText,
		URL: s.URL, Title: s.Title, Published: s.Published, ContentType: s.ContentType})
	if err != nil {
		return nil, fmt.Errorf("encoding job for %s: %w", s.Input, err)
	}
	body := s.Body
	if s.ExactText {
		body = []byte(s.Text)
	}
	n := len(head) + 1 + len(body)
	if n > max {
		return nil, fmt.Errorf("%s: %d bytes encoded, the queue takes at most %d: %w", s.Input, n, max, ErrTooLarge)
	}
	b := make([]byte, 0, n)
	b = append(b, head...)
	b = append(b, '\n')
	return append(b, body...), nil
}

// Decode is the inverse of Encode.
func Decode(b []byte) (Job, error) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return Job{}, errors.New("decoding job: no header line")
	}
	var w wireSource
	if err := json.Unmarshal(b[:i], &w); err != nil {
		return Job{}, fmt.Errorf("decoding job: %w", err)
	}
	j := Job{ID: w.ID, Source: article.Source{Input: w.Input, ID: w.SourceID, Format: w.Format, ExactText: w.ExactText,
		URL: w.URL, Title: w.Title, Published: w.Published, ContentType: w.ContentType}}
	body := b[i+1:]
	if w.ExactText {
		j.Source.Text = string(body)
	} else {
		j.Source.Body = append([]byte(nil), body...)
	}
	return j, nil
}
