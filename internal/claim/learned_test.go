package claim

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

// TestLearned checks attributions that only the model of package cue
// finds: verbs with objects, wishes and refusals, which no rule covers.
func TestLearned(t *testing.T) {
	tests := []struct {
		name, text       string
		inContent, cue   string
		holder           string // "" when the holder phrase may be absent
		notContentPrefix string
	}{
		{"criticized", "The Islamic Resistance in Iraq (IRI) criticized the US request to hold talks with the Iraqi government.",
			"the US request to hold talks", "criticized", "The Islamic Resistance in Iraq (IRI)", ""},
		{"wants", "The senator wants a vote on the border bill before the recess.",
			"a vote on the border bill", "wants", "The senator", ""},
		{"refused", "Democrats refused to back the spending plan on Tuesday.",
			"back the spending plan", "refused", "Democrats", ""},
		{"endorsed", "The mayor endorsed Hillary Clinton for president last week.",
			"Hillary Clinton", "endorsed", "The mayor", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range find(t, tt.text) {
				if !strings.Contains(c.Cue, tt.cue) {
					continue
				}
				if !strings.Contains(c.Text, tt.inContent) {
					t.Errorf("content %q does not hold %q", c.Text, tt.inContent)
				}
				if c.HolderText != tt.holder {
					t.Errorf("holder %q, want %q", c.HolderText, tt.holder)
				}
				return
			}
			t.Errorf("no claim with cue %q in %+v", tt.cue, find(t, tt.text))
		})
	}
}

// TestLearnedQuiet checks that sentences without an attribution get no
// claim from the model.
func TestLearnedQuiet(t *testing.T) {
	for _, text := range []string{
		"The US has roughly 2,500 troops in Iraq and 900 in Syria.",
		"The bridge was closed for repairs on Monday morning.",
		"Heavy rain fell across the north of the country overnight.",
	} {
		if cs := find(t, text); len(cs) > 0 {
			t.Errorf("%q: unexpected claims %+v", text, cs)
		}
	}
}

func FuzzClaims(f *testing.F) {
	for _, s := range []string{
		"The senator criticized the plan, saying it “would fail.”",
		"According to officials, 12 people died. Rumors that he quit spread.",
		"Many view it as a mistake, which critics call “genocide”.",
		"“", "said said said", "a\n\nb said c. d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		doc := article.New()
		doc.Language = "en"
		doc.Text = text
		segment.Stage{}.Process(context.Background(), doc)
		if err := (Stage{}).Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		for _, c := range doc.Claims {
			if c.Start < 0 || c.End > len(text) || c.Start >= c.End {
				t.Fatalf("claim span %d-%d outside text of %d bytes", c.Start, c.End, len(text))
			}
			if c.Text != text[c.Start:c.End] {
				t.Fatalf("claim text %q is not its span %q", c.Text, text[c.Start:c.End])
			}
			if c.HolderSpan != nil && (c.HolderSpan.Start < 0 || c.HolderSpan.End > len(text) || c.HolderSpan.Start >= c.HolderSpan.End) {
				t.Fatalf("holder span %+v outside text", *c.HolderSpan)
			}
			if !utf8.ValidString(c.Text) || !utf8.ValidString(c.Cue) {
				t.Fatalf("claim not UTF-8: %q cue %q", c.Text, c.Cue)
			}
		}
	})
}
