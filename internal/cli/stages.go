package cli

import (
	"sync"

	"github.com/sitrep-dev/sitrep/internal/actor"
	"github.com/sitrep-dev/sitrep/internal/claim"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/geo"
	"github.com/sitrep-dev/sitrep/internal/lang"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/quantity"
	"github.com/sitrep-dev/sitrep/internal/quote"
	"github.com/sitrep-dev/sitrep/internal/segment"
	"github.com/sitrep-dev/sitrep/internal/tagger"
	"github.com/sitrep-dev/sitrep/internal/when"
)

// newRunner wires the analysis stages, in order. This is the one place
// where the pipeline is assembled.
func newRunner() (*pipeline.Runner, error) {
	// The embedded models and tables load in parallel: start-up time
	// matters as much as throughput for a one-article run.
	var wg sync.WaitGroup
	for _, load := range []func(){
		func() { tagger.NER() },
		func() { tagger.POS() },
		func() { geo.Load() },
		func() { actor.Default() },
	} {
		wg.Go(load)
	}
	wg.Wait()
	tags, err := tagger.NewStage()
	if err != nil {
		return nil, err
	}
	kb, err := actor.Default()
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
		actor.NewStage(kb),
		geo.NewStage(),
		quote.Stage{},
		claim.Stage{},
		quantity.Stage{},
		events,
	), nil
}
