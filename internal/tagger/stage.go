package tagger

import (
	"context"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Stage tags each sentence of a document with part-of-speech tags
// (doc.POS, aligned with doc.Tokens) and named entities (doc.Names). It
// runs after segmentation. Entities are tagged sentence by sentence in
// document order, each sentence seeing how the names in the earlier ones
// were tagged (see Doc).
type Stage struct {
	ner, pos *Model
}

var _ pipeline.Stage = (*Stage)(nil)

// NewStage loads the embedded models (once per process).
func NewStage() (*Stage, error) {
	ner, err := NER()
	if err != nil {
		return nil, err
	}
	pos, err := POS()
	if err != nil {
		return nil, err
	}
	return &Stage{ner: ner, pos: pos}, nil
}

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "tagger" }

// Process implements pipeline.Stage.
func (s *Stage) Process(ctx context.Context, doc *article.Document) error {
	toks := doc.Tokens
	doc.POS = make([]string, len(toks))
	doc.Names = doc.Names[:0]
	words := make([]string, 0, 64)
	names := s.ner.NewDoc()
	defer names.Close()
	t := 0
	for _, sent := range doc.Sentences {
		if err := ctx.Err(); err != nil {
			return err
		}
		for t < len(toks) && toks[t].Start < sent.Start {
			t++
		}
		first := t
		words = words[:0]
		for ; t < len(toks) && toks[t].End <= sent.End; t++ {
			words = append(words, doc.Text[toks[t].Start:toks[t].End])
		}
		if len(words) == 0 {
			continue
		}
		copy(doc.POS[first:], s.pos.Tag(words))
		for _, e := range Spans(names.Tag(words)) {
			doc.Names = append(doc.Names, article.Name{
				Start: toks[first+e.StartWord].Start,
				End:   toks[first+e.EndWord-1].End,
				Type:  e.Type,
			})
		}
	}
	return nil
}
