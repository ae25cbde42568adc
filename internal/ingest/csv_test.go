package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWalkCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "news.csv")
	data := "\"\",Date,Headline,TEXT,url\n" +
		"3,2019-04-10,Talks on trial,\"Baghdad and Washington are in talks.\nA second paragraph, with a comma.\",https://example.com/a\n" +
		"4,2019-04-11,No body,,https://example.com/b\n" +
		"5,yesterday,Bad date,Some text.,\n" +
		"6,,,Only text here.,\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, errs := collect(t, []string{path}, Options{})
	if len(srcs) != 2 {
		t.Fatalf("got %d sources, want 2: %+v (errors %v)", len(srcs), srcs, errs)
	}
	a := srcs[0]
	if a.Input != path+":2" || a.Title != "Talks on trial" || a.URL != "https://example.com/a" || !a.ExactText ||
		a.Text != "Baghdad and Washington are in talks.\nA second paragraph, with a comma." || a.Published == nil ||
		a.Published.Format("2006-01-02") != "2019-04-10" || a.ID != "" {
		t.Errorf("first row read as %+v", a)
	}
	if b := srcs[1]; b.Input != path+":6" || b.Text != "Only text here." || b.Published != nil || b.Title != "" {
		t.Errorf("last row read as %+v", b)
	}
	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2: %v", len(errs), errs)
	}
	var ie *InputError
	if !errors.As(errs[0], &ie) || ie.Input != path+":4" || !errors.Is(errs[0], ErrEmpty) {
		t.Errorf("row without a body: %v", errs[0])
	}
	if !errors.As(errs[1], &ie) || ie.Input != path+":5" || !errors.Is(errs[1], ErrBadCSV) || !strings.Contains(errs[1].Error(), "yesterday") {
		t.Errorf("row with a bad date: %v", errs[1])
	}
}

func TestWalkCSVBadFiles(t *testing.T) {
	tests := []struct {
		name, data string
		wantSrcs   int
		wantErrs   []error
	}{
		{"no body column", "title,date\nA,2019-01-01\n", 0, []error{ErrBadCSV}},
		{"empty file", "", 0, []error{ErrEmpty}},
		{"header only", "text\n", 0, nil},
		{"broken quote then good rows", "text,title\n\"unclosed,x\nfine,y\n", 0, []error{ErrBadCSV}},
		{"html column", "html\n\"<html><body><p>Hello there.</p></body></html>\"\n", 1, nil},
		{"invalid utf-8", "text\ncaf\xe9\n", 0, []error{ErrInvalidUTF8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.csv")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			srcs, errs := collect(t, []string{path}, Options{})
			if len(srcs) != tt.wantSrcs {
				t.Errorf("got %d sources, want %d", len(srcs), tt.wantSrcs)
			}
			if len(errs) != len(tt.wantErrs) {
				t.Fatalf("got errors %v, want %v", errs, tt.wantErrs)
			}
			for i, want := range tt.wantErrs {
				if !errors.Is(errs[i], want) {
					t.Errorf("error %d = %v, want %v", i, errs[i], want)
				}
			}
			if tt.name == "html column" && srcs[0].Format != "html" {
				t.Errorf("format = %q, want html", srcs[0].Format)
			}
		})
	}
}

// TestWalkGuardianCSV reads the shared Guardian corpus: one article per
// row, every row with a body and a date.
func TestWalkGuardianCSV(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "eval", "corpus", "guardian-sdf-2017-2019.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("skipping: shared corpus %s is absent", path)
	}
	srcs, errs := collect(t, []string{path}, Options{})
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs[:min(len(errs), 5)])
	}
	if len(srcs) != 249 {
		t.Errorf("got %d articles, want 249", len(srcs))
	}
	for _, s := range srcs {
		if s.Published == nil || len(s.Text) < 200 {
			t.Fatalf("%s: published %v, %d bytes of text", s.Input, s.Published, len(s.Text))
		}
	}
}
