package cli

import (
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/geo"
	"github.com/sitrep-dev/sitrep/internal/lang"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/segment"
	"github.com/sitrep-dev/sitrep/internal/tagger"
	"github.com/sitrep-dev/sitrep/internal/when"
)

// newRunner wires the analysis stages, in order. This is the one place
// where the pipeline is assembled.
func newRunner() (*pipeline.Runner, error) {
	tags, err := tagger.NewStage()
	if err != nil {
		return nil, err
	}
	events, err := event.NewDefault()
	if err != nil {
		return nil, err
	}
	return pipeline.NewRunner(
		lang.Stage{},
		segment.Stage{},
		tags,
		when.NewStage(),
		geo.NewStage(),
		events,
	), nil
}
