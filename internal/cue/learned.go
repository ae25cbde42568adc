package cue

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/tagger"
)

// The attribution model labels each word of a sentence as part of an
// attribution's cue, source or content, or none. It is an averaged
// perceptron (package tagger) trained on the PolNeAR training split by
// `go run ./cmd/sitrep-train cue` and embedded here; see model/README.md.
// The rules of internal/quote and internal/claim come first; the model
// finds the attributions they miss ("criticized X", "wants to", "refused
// to", belief verbs), which is most of what PolNeAR annotates.

// Labels of the attribution model.
const (
	LabelCue     = "C"
	LabelSource  = "S"
	LabelContent = "I"
	LabelNone    = "O"
)

//go:embed model/attribution.bin
var attributionBin []byte

// cuewords.txt lists the words that can be part of a cue, written with the
// model by the same command; a sentence without one is not tagged.
//
//go:embed model/cuewords.txt
var cueWordsTxt string

var (
	cueWordsOnce sync.Once
	cueWords     map[string]bool
)

// IsCueWord reports whether the lower-cased word lw is one of the words
// that the attribution model's training data labels as a cue often enough
// to be worth tagging a sentence for.
func IsCueWord(lw string) bool {
	cueWordsOnce.Do(func() {
		cueWords = map[string]bool{}
		for _, line := range strings.Split(cueWordsTxt, "\n") {
			if line = strings.TrimSpace(line); line != "" && line[0] != '#' {
				cueWords[line] = true
			}
		}
	})
	return cueWords[lw]
}

var (
	attrOnce  sync.Once
	attrModel *tagger.Model
	attrErr   error
)

// AttributionModel returns the embedded attribution model, decoded once.
func AttributionModel() (*tagger.Model, error) {
	attrOnce.Do(func() {
		attrModel, attrErr = tagger.Decode(attributionBin)
		if attrErr != nil {
			attrErr = fmt.Errorf("decoding the attribution model: %w", attrErr)
		}
	})
	return attrModel, attrErr
}

// TrainingLabels gives each token its attribution label from gold spans:
// a token inside a cue is LabelCue, else inside a source LabelSource, else
// inside a content LabelContent, else LabelNone. Nested attributions make
// spans overlap; the order above decides.
func TrainingLabels(toks []article.Token, content, source, cue []article.Span) []string {
	labels := make([]string, len(toks))
	for i, t := range toks {
		sp := t.Span()
		switch {
		case overlapsAny(cue, sp):
			labels[i] = LabelCue
		case overlapsAny(source, sp):
			labels[i] = LabelSource
		case overlapsAny(content, sp):
			labels[i] = LabelContent
		default:
			labels[i] = LabelNone
		}
	}
	return labels
}

func overlapsAny(spans []article.Span, s article.Span) bool {
	for _, o := range spans {
		if o.Overlaps(s) {
			return true
		}
	}
	return false
}

// SentenceTokens returns the index range [first, end) of the tokens of
// doc.Tokens that lie inside sentence s, searching from token from (the
// end of the previous sentence, or 0).
func SentenceTokens(toks []article.Token, s article.Span, from int) (first, end int) {
	first = from
	for first < len(toks) && toks[first].Start < s.Start {
		first++
	}
	end = first
	for end < len(toks) && toks[end].End <= s.End {
		end++
	}
	return first, end
}

// TokenRange returns the index range [first, end) of the tokens of toks
// (sorted, as doc.Tokens is) that lie inside s, by binary search.
func TokenRange(toks []article.Token, s article.Span) (first, end int) {
	first = sort.Search(len(toks), func(i int) bool { return toks[i].Start >= s.Start })
	end = sort.Search(len(toks), func(i int) bool { return toks[i].End > s.End })
	return first, max(first, end)
}

// Labels returns the attribution model's labels for doc.Tokens[first:end],
// a sentence, or nil when there is nothing to label.
func Labels(doc *article.Document, first, end int) []string {
	m, err := AttributionModel()
	if err != nil || first < 0 || end <= first || end > len(doc.Tokens) {
		return nil
	}
	words := make([]string, 0, end-first)
	for _, t := range doc.Tokens[first:end] {
		words = append(words, doc.Text[t.Start:t.End])
	}
	return m.Tag(words)
}
