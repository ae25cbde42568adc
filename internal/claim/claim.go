package claim

import (
	"context"

	"github.com/sitrep-dev/sitrep/internal/article"
)

type Stage struct{}

func (Stage) Name() string { return "claim" }
func (Stage) Process(ctx context.Context, doc *article.Document) error { return nil }
