package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		title   string
		dek     string
		byline  string
		paras   int
		related []string
	}{
		{
			name:    "headline dek body and check-also box",
			in:      "Rebels take the town\n\nThe army says it will retake the town within days\n\nRebels took the town on Monday.\n\nThe army denied it.\n\nCheck Also\n\nAutre titre en français\n\nUn long teaser qui continue …\n",
			title:   "Rebels take the town",
			dek:     "The army says it will retake the town within days",
			paras:   2,
			related: []string{"Autre titre en français"},
		},
		{
			name:   "byline after headline",
			in:     "Ceasefire holds\n\nBy Jane Doe and John Roe\n\nThe ceasefire held overnight.\n\nBoth sides said so.",
			title:  "Ceasefire holds",
			byline: "Jane Doe and John Roe",
			paras:  2,
		},
		{
			name:  "no headline: body only",
			in:    "The ceasefire held overnight. Both sides said so.\n\nNo one was hurt.",
			paras: 2,
		},
		{
			name:  "wrapped lines are joined",
			in:    "Title here\n\nA paragraph that was\nwrapped at a fixed width.\n\nAnother one.",
			title: "Title here",
			paras: 2,
		},
		{
			name:  "trailers dropped",
			in:    "Title here\n\nBody text here.\n\nShare this article\n\nAdvertisement",
			title: "Title here",
			paras: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Text(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if res.Title != tt.title || res.Dek != tt.dek || res.Byline != tt.byline {
				t.Errorf("title/dek/byline = %q / %q / %q, want %q / %q / %q", res.Title, res.Dek, res.Byline, tt.title, tt.dek, tt.byline)
			}
			wantParas := tt.paras
			if tt.dek != "" {
				wantParas++ // the standfirst opens the body
			}
			if len(res.Paragraphs) != wantParas {
				t.Errorf("got %d paragraphs %q, want %d", len(res.Paragraphs), res.Paragraphs, wantParas)
			}
			var rel []string
			for _, l := range res.Related {
				rel = append(rel, l.Title)
			}
			if strings.Join(rel, "|") != strings.Join(tt.related, "|") {
				t.Errorf("related = %q, want %q", rel, tt.related)
			}
			for _, p := range res.Paragraphs {
				if strings.Contains(p, "\n") {
					t.Errorf("paragraph holds a newline: %q", p)
				}
			}
		})
	}
}

func TestTextEmpty(t *testing.T) {
	for _, in := range []string{"", "   \n\n \t"} {
		if _, err := Text(in); err != ErrNoContent {
			t.Errorf("Text(%q) error = %v, want ErrNoContent", in, err)
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add("Headline\n\nDek line here without stop\n\nBody.\n\nCheck Also\n\nTitle")
	f.Add("\xff\xfe bad \n\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		res, err := Text(in)
		if err != nil {
			return
		}
		doc := strings.Join(res.Paragraphs, "\n\n")
		if utf8.ValidString(in) && !utf8.ValidString(doc) {
			t.Fatalf("valid input gave invalid UTF-8 body")
		}
		for _, p := range res.Paragraphs {
			if strings.TrimSpace(p) == "" || strings.Contains(p, "\n") {
				t.Fatalf("bad paragraph %q", p)
			}
		}
	})
}
