package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

func TestWalkCSV(t *testing.T) {
	dir := t.TempDir()
	// The shape of the Guardian corpus: an unnamed row-number column, a
	// date, the text and the outlet; plus a title and a url column.
	csvText := "\"\",\"date\",\"text\",\"source\",\"Title\",\"url\"\n" +
		"\"3\",2019-04-10,\"Baghdad and Washington are in talks, \"\"officials\"\" said.\nA second paragraph.\",\"Guardian\",\"Talks\",https://example.com/a\n" +
		"\"7\",2019-04-05,\"\",\"Guardian\",\"No body\",\n" +
		"\"8\",yesterday,\"Some text.\",\"Guardian\",,\n" +
		"\"9\",,\"Undated text.\",\"Guardian\",,\n"
	p := filepath.Join(dir, "corpus.csv")
	if err := os.WriteFile(p, []byte(csvText), 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, errs := collect(t, []string{p}, Options{})
	if len(srcs) != 2 {
		t.Fatalf("got %d sources, want 2: %+v", len(srcs), srcs)
	}
	a := srcs[0]
	if a.Input != p+":2" || a.Title != "Talks" || a.URL != "https://example.com/a" || !a.ExactText ||
		a.Text != "Baghdad and Washington are in talks, \"officials\" said.\nA second paragraph." {
		t.Errorf("first row: %+v", a)
	}
	if a.Published == nil || a.Published.Format("2006-01-02") != "2019-04-10" {
		t.Errorf("first row date: %v", a.Published)
	}
	if srcs[1].Input != p+":5" || srcs[1].Published != nil {
		t.Errorf("undated row: %+v", srcs[1])
	}
	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2: %v", len(errs), errs)
	}
	var ie *InputError
	if !errors.As(errs[0], &ie) || ie.Input != p+":3" || !errors.Is(errs[0], ErrEmpty) {
		t.Errorf("row without a body: %v", errs[0])
	}
	if !errors.As(errs[1], &ie) || ie.Input != p+":4" || !errors.Is(errs[1], ErrBadCSV) || !strings.Contains(errs[1].Error(), `"yesterday"`) {
		t.Errorf("row with a bad date: %v", errs[1])
	}
}

func TestWalkCSVBad(t *testing.T) {
	tests := []struct {
		name, body string
		wantSrcs   int
		wantErr    error
		wantMsg    string
	}{
		{"no article column", "a,b\n1,2\n", 0, ErrBadCSV, "no article column"},
		{"empty file", "", 0, ErrEmpty, ""},
		{"bare quote in a row", "text,title\n\"ok\",t\nbad \"quote\" here,t\n\"fine\",t\n", 2, ErrBadCSV, ":3"},
		{"html column", "html,url\n\"<p>Hello there.</p>\",https://example.com/h\n", 1, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "in.csv")
			os.WriteFile(p, []byte(tt.body), 0o644)
			srcs, errs := collect(t, []string{p}, Options{})
			if len(srcs) != tt.wantSrcs {
				t.Errorf("got %d sources, want %d", len(srcs), tt.wantSrcs)
			}
			if tt.wantErr == nil {
				if len(errs) != 0 {
					t.Errorf("errors: %v", errs)
				}
				return
			}
			if len(errs) != 1 || !errors.Is(errs[0], tt.wantErr) || !strings.Contains(errs[0].Error(), tt.wantMsg) {
				t.Errorf("errors = %v, want one %v containing %q", errs, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

func FuzzCSV(f *testing.F) {
	f.Add("\"\",\"date\",\"text\",\"source\"\n\"3\",2019-04-10,\"Body, with \"\"quotes\"\".\",\"Guardian\"\n")
	f.Add("html,url,title\n\"<p>x</p>\",https://e.com,T\n,,\n")
	f.Add("text\n\"unterminated\n")
	f.Add("text\nbad \"quote\nok\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows := 0
		err := readCSV(context.Background(), "f.csv", bufioReader(in), Options{MaxBytes: 1 << 16}, func(s *article.Source, err error) error {
			var ie *InputError
			if err != nil {
				if !errors.As(err, &ie) || !strings.HasPrefix(ie.Input, "f.csv") {
					t.Fatalf("error without the input named: %v", err)
				}
				return nil
			}
			rows++
			if !strings.HasPrefix(s.Input, "f.csv:") {
				t.Fatalf("source input %q does not name the row", s.Input)
			}
			switch {
			case s.ExactText:
				if strings.TrimSpace(s.Text) == "" || !utf8.ValidString(s.Text) {
					t.Fatalf("text %q accepted", s.Text)
				}
			case s.Format == "html":
				if len(strings.TrimSpace(string(s.Body))) == 0 {
					t.Fatalf("empty html accepted")
				}
			default:
				t.Fatalf("source with neither text nor html: %+v", s)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rows > strings.Count(in, "\n")+1 {
			t.Fatalf("%d articles from %d lines", rows, strings.Count(in, "\n")+1)
		}
	})
}
