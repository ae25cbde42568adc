package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/cue"
	"github.com/sitrep-dev/sitrep/internal/evaluate"
	"github.com/sitrep-dev/sitrep/internal/lang"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/segment"
	"github.com/sitrep-dev/sitrep/internal/tagger"
)

// cueExamples reads the PolNeAR training split (never dev, which is
// scored) and returns one example a sentence: the words as the segmenter
// cuts them, labelled by cue.TrainingLabels. An article annotated twice
// gives its sentences twice, once for each annotator.
func cueExamples(ctx context.Context, dir string) ([]tagger.Example, error) {
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("listing attributions in %s: %w", dir, err)
	}
	if len(anns) == 0 {
		return nil, fmt.Errorf("reading %s: no attributions/*.ann files", dir)
	}
	sort.Strings(anns)
	runner := pipeline.NewRunner(lang.Stage{}, segment.Stage{})
	var examples []tagger.Example
	for _, ann := range anns {
		base := strings.TrimSuffix(filepath.Base(ann), ".ann")
		name := filepath.Join(dir, "text", base+".txt")
		if _, err := os.Stat(name); err != nil && strings.LastIndexByte(base, '_') > 0 {
			name = filepath.Join(dir, "text", base[:strings.LastIndexByte(base, '_')]+".txt")
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading article: %w", err)
		}
		doc := article.New()
		doc.Language = "en"
		doc.Text = string(b)
		if err := runner.Run(ctx, doc); err != nil {
			return nil, fmt.Errorf("segmenting %s: %w", name, err)
		}
		gold, err := evaluate.ReadBrat(ann, doc.Text)
		if err != nil {
			return nil, err
		}
		var content, source, cues []article.Span
		for _, g := range gold {
			content = append(content, g.Content...)
			source = append(source, g.Source...)
			cues = append(cues, g.Cue...)
		}
		next := 0
		for _, s := range doc.Sentences {
			first, end := cue.SentenceTokens(doc.Tokens, s, next)
			next = end
			if end == first {
				continue
			}
			toks := doc.Tokens[first:end]
			words := make([]string, len(toks))
			for i, t := range toks {
				words[i] = doc.Text[t.Start:t.End]
			}
			examples = append(examples, tagger.Example{Words: words, Labels: cue.TrainingLabels(toks, content, source, cues)})
		}
	}
	return examples, nil
}

// cueMinWeight prunes the attribution model harder than the taggers: it
// keeps the embedded file small at little cost in recall.
const cueMinWeight = 2

// cueEpochs is the number of passes for the attribution model; more
// passes grow the model without helping recall on held-out articles.
const cueEpochs = 6

// Which words may open a sentence to the attribution model: a word the
// training data labels as (part of) a cue at least cueWordMin times, and in
// at least cueWordRate of its occurrences. The stage tags only sentences
// holding one, which keeps its cost low; the rarer cues are lost.
const (
	cueWordMin  = 3
	cueWordRate = 0.1
)

// cueWords returns the cue words of the examples, sorted, as the lines of
// model/cuewords.txt.
func cueWords(examples []tagger.Example) []string {
	seen, asCue := map[string]int{}, map[string]int{}
	for _, ex := range examples {
		for i, w := range ex.Words {
			lw := strings.ToLower(w)
			seen[lw]++
			if ex.Labels[i] == cue.LabelCue {
				asCue[lw]++
			}
		}
	}
	var words []string
	for w, n := range asCue {
		if n >= cueWordMin && float64(n) >= cueWordRate*float64(seen[w]) {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	return words
}

// writeCueWords writes the cue words next to the model.
func writeCueWords(path string, examples []tagger.Example) error {
	words := cueWords(examples)
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by go run ./cmd/sitrep-train cue from PolNeAR train: the words labelled\n")
	fmt.Fprintf(&b, "# cue at least %d times and in at least %.0f%% of their occurrences. %d words.\n", cueWordMin, cueWordRate*100, len(words))
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing cue words: %w", err)
	}
	return nil
}
