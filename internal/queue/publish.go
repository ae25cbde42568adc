package queue

import (
	"context"
	"errors"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/ingest"
)

// PublishOptions control PublishSources.
type PublishOptions struct {
	// Ingest says how inputs are read.
	Ingest ingest.Options
	// OnError is called with each input that was not published: unreadable,
	// no article text (an *ingest.InputError), or too large for one message
	// (wrapping ErrTooLarge). Nil means ignore them (they are counted).
	OnError func(input string, err error)
}

// PublishResult counts what PublishSources did.
type PublishResult struct {
	Published int
	Failed    int
}

// PublishSources reads every input named by paths (files, folders, JSON
// Lines, WARC; see ingest.Walk) and publishes one Job per article. The job
// id is the article's stable document id, found by extracting it here
// (extraction is cheap beside analysis), so a re-published article is
// dropped as a duplicate by the queue. Inputs that fail are passed to
// opts.OnError and skipped; PublishSources stops early only when ctx ends
// or the queue fails, and returns that error.
func PublishSources(ctx context.Context, q Queue, paths []string, opts PublishOptions) (PublishResult, error) {
	var res PublishResult
	fail := func(input string, err error) {
		res.Failed++
		if opts.OnError != nil {
			opts.OnError(input, err)
		}
	}
	err := ingest.Walk(ctx, paths, opts.Ingest, func(src *article.Source, err error) error {
		if err != nil {
			var ie *ingest.InputError
			input := ""
			if errors.As(err, &ie) {
				input = ie.Input
			}
			fail(input, err)
			return nil
		}
		doc, err := extract.Document(src)
		if err != nil {
			fail(src.Input, &ingest.InputError{Input: src.Input, Err: err})
			return nil
		}
		err = q.Publish(ctx, Job{ID: doc.ID, Source: *src})
		switch {
		case err == nil:
			res.Published++
		case errors.Is(err, ErrTooLarge), errors.Is(err, ErrNoID):
			fail(src.Input, err)
		default:
			return err
		}
		return nil
	})
	return res, err
}
