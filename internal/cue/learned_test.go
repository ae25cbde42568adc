package cue

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

func TestTrainingLabels(t *testing.T) {
	text := "Officials said the talks will resume."
	toks := segment.Tokens(text, nil)
	at := func(s string) article.Span {
		i := strings.Index(text, s)
		return article.Span{Start: i, End: i + len(s)}
	}
	got := TrainingLabels(toks,
		[]article.Span{at("the talks will resume"), at("said the talks")}, // nested content overlapping the cue
		[]article.Span{at("Officials")},
		[]article.Span{at("said")})
	want := []string{"S", "C", "I", "I", "I", "I", "O"}
	if !slices.Equal(got, want) {
		t.Errorf("labels %v, want %v", got, want)
	}
}

func TestSentenceTokens(t *testing.T) {
	doc := article.New()
	doc.Text = "He left. She spoke today. End"
	segment.Stage{}.Process(context.Background(), doc)
	next := 0
	var got []string
	for _, s := range doc.Sentences {
		first, end := SentenceTokens(doc.Tokens, s, next)
		next = end
		var ws []string
		for _, tk := range doc.Tokens[first:end] {
			ws = append(ws, doc.Text[tk.Start:tk.End])
		}
		got = append(got, strings.Join(ws, " "))
	}
	want := []string{"He left .", "She spoke today .", "End"}
	if !slices.Equal(got, want) {
		t.Errorf("sentences %q, want %q", got, want)
	}
}

// TestAttributionModel checks that the embedded model finds the cue,
// source and content of plain attributions.
func TestAttributionModel(t *testing.T) {
	m, err := AttributionModel()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		words []string
		cue   string
		src   string
	}{
		{strings.Fields("Republicans criticized the deal on Tuesday ."), "criticized", "Republicans"},
		{strings.Fields("The governor said the state would appeal ."), "said", "governor"},
	}
	for _, tt := range tests {
		labels := m.Tag(tt.words)
		var cue, src, content []string
		for i, l := range labels {
			switch l {
			case LabelCue:
				cue = append(cue, tt.words[i])
			case LabelSource:
				src = append(src, tt.words[i])
			case LabelContent:
				content = append(content, tt.words[i])
			}
		}
		if !slices.Contains(cue, tt.cue) || !slices.Contains(src, tt.src) || len(content) == 0 {
			t.Errorf("%q: cue %q source %q content %q", strings.Join(tt.words, " "), cue, src, content)
		}
	}
}
