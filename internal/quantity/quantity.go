package quantity

import (
	"context"

	"github.com/sitrep-dev/sitrep/internal/article"
)

type Stage struct{}

func (Stage) Name() string                                             { return "quantity" }
func (Stage) Process(ctx context.Context, doc *article.Document) error { return nil }
