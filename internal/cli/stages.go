package cli

import (
	"github.com/sitrep-dev/sitrep/internal/claim"
	"github.com/sitrep-dev/sitrep/internal/lang"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/quantity"
	"github.com/sitrep-dev/sitrep/internal/quote"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

// newRunner wires the analysis stages, in order. This is the one place
// where the pipeline is assembled.
func newRunner() (*pipeline.Runner, error) {
	return pipeline.NewRunner(
		lang.Stage{},
		segment.Stage{},
		quote.Stage{},
		claim.Stage{},
		quantity.Stage{},
	), nil
}
