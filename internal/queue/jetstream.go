package queue

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Names used on the NATS server.
const (
	// Stream is the work-queue stream holding jobs.
	Stream = "SITREP_JOBS"
	// Subject is the subject jobs are published on.
	Subject = "sitrep.jobs"
	// Durable is the name of the workers' shared pull consumer.
	Durable = "sitrep-workers"
)

// JetStream is a Queue on a NATS JetStream work-queue stream (retention
// WorkQueuePolicy: a message is removed once acknowledged or terminated)
// with one durable pull consumer shared by every worker, explicit acks,
// AckWait and MaxDeliver from Options, and duplicate detection by the
// Nats-Msg-Id header over Options.DuplicateWindow.
type JetStream struct {
	opts Options
	nc   *nats.Conn
	js   jetstream.JetStream
	cons jetstream.Consumer
}

var _ Queue = (*JetStream)(nil)

// OpenJetStream connects to the NATS server at url (nats://host:port) and
// creates or updates the stream and the consumer.
func OpenJetStream(ctx context.Context, url string, opts Options) (*JetStream, error) {
	nc, err := nats.Connect(url, nats.Name("sitrep"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", url, err)
	}
	q, err := newJetStream(ctx, nc, opts)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("opening queue at %s: %w", url, err)
	}
	return q, nil
}

func newJetStream(ctx context.Context, nc *nats.Conn, opts Options) (*JetStream, error) {
	opts = opts.withDefaults()
	if mp := int(nc.MaxPayload()); mp > 0 && (opts.MaxPayload == DefaultMaxPayload || opts.MaxPayload > mp) {
		opts.MaxPayload = mp
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       Stream,
		Subjects:   []string{Subject},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Duplicates: opts.DuplicateWindow,
		MaxMsgSize: int32(opts.MaxPayload),
	}); err != nil {
		return nil, fmt.Errorf("creating stream %s: %w", Stream, err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, Stream, jetstream.ConsumerConfig{
		Durable:       Durable,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       opts.AckWait,
		MaxDeliver:    opts.MaxDeliver,
		FilterSubject: Subject,
		MaxAckPending: 1000,
	})
	if err != nil {
		return nil, fmt.Errorf("creating consumer %s: %w", Durable, err)
	}
	return &JetStream{opts: opts, nc: nc, js: js, cons: cons}, nil
}

// Publish implements Queue. It waits for the server's acknowledgement, so
// a nil error means the job is stored in the stream.
func (q *JetStream) Publish(ctx context.Context, j Job) error {
	data, err := Encode(j, q.opts.MaxPayload)
	if err != nil {
		return err
	}
	msg := nats.NewMsg(Subject)
	msg.Data = data
	msg.Header.Set(jetstream.MsgIDHeader, j.ID)
	if _, err := q.js.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("publishing %s: %w", j.Source.Input, err)
	}
	return nil
}

// Consume implements Queue. It pulls one message at a time; while the
// handler runs it signals progress every AckWait/3, so slow articles are
// not redelivered while a live worker holds them.
func (q *JetStream) Consume(ctx context.Context, h Handler) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		msg, err := q.cons.Next(jetstream.FetchContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
				continue
			}
			if errors.Is(err, nats.ErrConnectionClosed) {
				return ErrClosed
			}
			// Server gone for a moment: wait and pull again.
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Second):
			}
			continue
		}
		if err := q.handle(ctx, h, msg); err != nil {
			return err
		}
	}
}

func (q *JetStream) handle(ctx context.Context, h Handler, msg jetstream.Msg) error {
	meta, err := msg.Metadata()
	if err != nil {
		return fmt.Errorf("reading message metadata: %w", err)
	}
	j, err := Decode(msg.Data())
	if err != nil {
		// Not ours, or corrupted: nothing will make it decode.
		_ = msg.Term()
		return nil
	}
	j.Attempt = int(meta.NumDelivered)
	j.Final = j.Attempt >= q.opts.MaxDeliver

	hctx, stop := context.WithCancel(ctx)
	go func() {
		t := time.NewTicker(q.opts.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	herr := runHandler(hctx, h, j)
	stop()
	switch {
	case herr == nil:
		err = msg.Ack() // even when ctx ended just after the work was done
	case ctx.Err() != nil:
		// The worker stopped mid-job: no outcome, redelivered after AckWait.
		return ctx.Err()
	case pipeline.IsPermanent(herr), j.Final:
		err = msg.Term()
	default:
		err = msg.NakWithDelay(q.opts.Backoff.Delay(j.Attempt))
	}
	if err != nil && errors.Is(err, nats.ErrConnectionClosed) {
		return ErrClosed
	}
	// Other ack errors: the job will be redelivered after AckWait, and
	// the handler is idempotent.
	return nil
}

// Backlog implements Queue from the consumer's info.
func (q *JetStream) Backlog(ctx context.Context) (Backlog, error) {
	info, err := q.cons.Info(ctx)
	if err != nil {
		return Backlog{}, fmt.Errorf("reading consumer info: %w", err)
	}
	return Backlog{Pending: info.NumPending, AckPending: info.NumAckPending, Redelivered: info.NumRedelivered}, nil
}

// Close implements Queue. Unacknowledged jobs stay in the stream.
func (q *JetStream) Close() error {
	q.nc.Close()
	return nil
}

// InspectJetStream reports the backlog of the workers' consumer on the
// NATS server at url without creating or changing anything. It fails when
// the stream or consumer does not exist yet (no job was ever published or
// consumed there).
func InspectJetStream(ctx context.Context, url string) (Backlog, error) {
	nc, err := nats.Connect(url, nats.Name("sitrep-status"))
	if err != nil {
		return Backlog{}, fmt.Errorf("connecting to %s: %w", url, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return Backlog{}, err
	}
	cons, err := js.Consumer(ctx, Stream, Durable)
	if err != nil {
		return Backlog{}, fmt.Errorf("looking up consumer %s on stream %s at %s: %w", Durable, Stream, url, err)
	}
	q := &JetStream{cons: cons}
	return q.Backlog(ctx)
}
