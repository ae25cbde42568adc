package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
)

func collect(t *testing.T, paths []string, opts Options) ([]*article.Source, []error) {
	t.Helper()
	var srcs []*article.Source
	var errs []error
	err := Walk(context.Background(), paths, opts, func(s *article.Source, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		srcs = append(srcs, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return srcs, errs
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name, body, format string
		wantFormat         string
		wantErr            error
	}{
		{"text", "Headline\n\nBody.", "", "text", nil},
		{"html by doctype", "<!DOCTYPE html><html><body><p>x</p></body></html>", "", "html", nil},
		{"html fragment", "<div><p>Body</p></div>", "", "html", nil},
		{"empty", " \n\t", "", "", ErrEmpty},
		{"binary", "\x00\x01\x02ELF", "", "", ErrBinary},
		{"invalid utf-8 text", "caf\xe9", "", "", ErrInvalidUTF8},
		{"invalid utf-8 html is left to the charset decoder", "<html><p>caf\xe9</p></html>", "", "html", nil},
		{"utf-8 BOM stripped", "\xef\xbb\xbfHello there.", "text", "text", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Classify("x", []byte(tt.body), tt.format)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && src.Format != tt.wantFormat {
				t.Errorf("format = %q, want %q", src.Format, tt.wantFormat)
			}
			if err == nil && bytes.HasPrefix(src.Body, []byte("\xef\xbb\xbf")) {
				t.Errorf("BOM kept")
			}
		})
	}
}

func TestWalkJSONL(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "in.jsonl")
	data := `{"id":"1","text":"Exact  text.","published":"2024-01-25"}` + "\n\n" +
		`{"id":"2","html":"<p>x</p>","url":"https://e.com/a"}` + "\n" +
		`{"id":"3"}` + "\n" +
		`{"id":"4","text":"x","published":"yesterday"}` + "\n" +
		`not json` // no final newline
	os.WriteFile(p, []byte(data), 0o644)
	srcs, errs := collect(t, []string{p}, Options{})
	if len(srcs) != 2 || len(errs) != 3 {
		t.Fatalf("got %d sources, %d errors (%v)", len(srcs), len(errs), errs)
	}
	if !srcs[0].ExactText || srcs[0].Text != "Exact  text." || srcs[0].Published == nil || srcs[0].Input != p+":1" {
		t.Errorf("first source = %+v", srcs[0])
	}
	if srcs[1].Format != "html" || srcs[1].URL != "https://e.com/a" || srcs[1].Input != p+":3" {
		t.Errorf("second source = %+v", srcs[1])
	}
	for _, e := range errs {
		var ie *InputError
		if !errors.As(e, &ie) || !strings.HasPrefix(ie.Input, p+":") {
			t.Errorf("error %v does not name its line", e)
		}
	}
}

func TestWalkGzip(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("<html><body><p>Hello</p></body></html>"))
	zw.Close()
	good := filepath.Join(dir, "page.html.gz")
	os.WriteFile(good, buf.Bytes(), 0o644)
	truncated := filepath.Join(dir, "cut.txt.gz")
	os.WriteFile(truncated, buf.Bytes()[:buf.Len()/2], 0o644)
	srcs, errs := collect(t, []string{good, truncated}, Options{})
	if len(srcs) != 1 || srcs[0].Format != "html" {
		t.Errorf("sources = %+v", srcs)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "truncated or corrupt gzip") {
		t.Errorf("errors = %v", errs)
	}
}

func TestWalkLimits(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.txt")
	os.WriteFile(p, bytes.Repeat([]byte("word "), 1000), 0o644)
	_, errs := collect(t, []string{p}, Options{MaxBytes: 100})
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("errors = %v, want ErrTooLarge", errs)
	}
	// A gzip bomb is stopped after MaxBytes of output.
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bytes.Repeat([]byte("a"), 1<<20))
	zw.Close()
	bomb := filepath.Join(dir, "bomb.txt.gz")
	os.WriteFile(bomb, buf.Bytes(), 0o644)
	_, errs = collect(t, []string{bomb}, Options{MaxBytes: 1000})
	if len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("errors = %v, want ErrTooLarge", errs)
	}
}

// TestClassifyAuto is the regression test for "auto" (the CLI's name for
// detection) being taken as a format of its own, which let invalid UTF-8
// text through to the stages (found by FuzzAnalyze in internal/cli).
func TestClassifyAuto(t *testing.T) {
	src, err := Classify("x", []byte("<html><p>ok</p></html>"), "auto")
	if err != nil || src.Format != "html" {
		t.Errorf("html: %+v, %v", src, err)
	}
	if _, err := Classify("x", []byte("Caf\xe9"), "auto"); !errors.Is(err, ErrInvalidUTF8) {
		t.Errorf("latin-1 text: err = %v, want ErrInvalidUTF8", err)
	}
}

func FuzzClassify(f *testing.F) {
	f.Add([]byte("Headline\n\nBody."))
	f.Add([]byte("<html>\xff</html>"))
	f.Add([]byte{0x1f, 0x8b, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		src, err := Classify("fuzz", b, "")
		if err != nil {
			return
		}
		if src.Format != "html" && src.Format != "text" {
			t.Fatalf("format %q", src.Format)
		}
	})
}

func FuzzJSONL(f *testing.F) {
	f.Add(`{"id":"1","text":"x"}` + "\n" + `{"html":"<p>y</p>"}`)
	f.Add("{\n}\n\n\xff")
	f.Fuzz(func(t *testing.T, in string) {
		err := readJSONL(context.Background(), "f", bufioReader(in), Options{MaxBytes: 1 << 16}, func(s *article.Source, err error) error {
			if err == nil && s.ExactText && s.Text == "" {
				t.Fatalf("empty exact text accepted")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestWalkLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.Mkdir(target, 0o755)
	os.WriteFile(filepath.Join(target, "a.txt"), []byte("Article a."), 0o644)
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	os.Symlink(filepath.Join(target, "a.txt"), filepath.Join(in, "link.txt"))
	os.Symlink(target, filepath.Join(in, "dirlink")) // not followed
	os.Symlink(in, filepath.Join(in, "loop"))        // would loop
	os.WriteFile(filepath.Join(in, "b.txt"), []byte("Article b."), 0o644)
	srcs, errs := collect(t, []string{in}, Options{})
	var got []string
	for _, s := range srcs {
		got = append(got, filepath.Base(s.Input))
	}
	if strings.Join(got, ",") != "b.txt,link.txt" || len(errs) != 0 {
		t.Errorf("read %v, errors %v; want b.txt and the link to a file", got, errs)
	}
}
