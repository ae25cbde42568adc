// Package pipeline holds the Stage contract and the Runner that applies
// stages to a Document in order.
//
// Stages never import each other: a later stage reads what an earlier one
// recorded on the Document. The set of stages and their order are decided
// in one place (internal/cli), not by registration.
package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Stage is one step of analysis.
//
// Process is called once per document, from one goroutine at a time per
// document; a Stage value may be shared by many goroutines working on
// different documents, so it must not keep per-document state in itself.
// Process owns doc for the duration of the call and may append to or
// rewrite any annotation list; it must keep every span inside doc.Text and
// must not change doc.Text. A nil error means the stage did its work, even
// if it found nothing to record. An error wrapped with Permanent means the
// input itself is bad and retrying will not help; any other error may be
// transient.
type Stage interface {
	Name() string
	Process(ctx context.Context, doc *article.Document) error
}

// StageError is returned by Runner.Run when a stage fails.
type StageError struct {
	Stage string
	Input string
	Err   error
}

func (e *StageError) Error() string {
	return fmt.Sprintf("%s: stage %s: %v", e.Input, e.Stage, e.Err)
}

func (e *StageError) Unwrap() error { return e.Err }

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as caused by the input: retrying will not help.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err, or any error it wraps, was marked with
// Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Runner applies stages in order.
type Runner struct {
	stages []Stage
}

// NewRunner returns a runner over the given stages, applied in order.
func NewRunner(stages ...Stage) *Runner {
	return &Runner{stages: stages}
}

// Stages returns the names of the runner's stages, in order.
func (r *Runner) Stages() []string {
	names := make([]string, len(r.stages))
	for i, s := range r.stages {
		names[i] = s.Name()
	}
	return names
}

// Run applies every stage to doc. It stops at the first error, which is a
// *StageError, or when ctx is done.
func (r *Runner) Run(ctx context.Context, doc *article.Document) error {
	for _, s := range r.stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.Process(ctx, doc); err != nil {
			return &StageError{Stage: s.Name(), Input: doc.Input, Err: err}
		}
	}
	return nil
}
