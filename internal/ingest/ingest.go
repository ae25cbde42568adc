// Package ingest reads inputs (files, folders, gzip files, standard input,
// JSON Lines, CSV and WARC) into raw article.Source values, one per article, with a
// clear error for each input that cannot be read.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// DefaultMaxBytes bounds the size of one input, after decompression.
const DefaultMaxBytes = 50 << 20

// Errors describing bad input. They are wrapped in an *InputError that names
// the input.
var (
	ErrEmpty       = errors.New("empty input")
	ErrBinary      = errors.New("binary data, not text or HTML")
	ErrTooLarge    = errors.New("input too large")
	ErrInvalidUTF8 = errors.New("invalid UTF-8 text")
	ErrBadJSON     = errors.New("invalid JSON Lines record")
)

// InputError is a failure to read one input.
type InputError struct {
	Input string
	Err   error
}

func (e *InputError) Error() string { return e.Input + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Options control reading.
type Options struct {
	// Format is "auto" (by extension and content), "jsonl", "csv", "warc",
	// "html" or "text".
	Format string
	// MaxBytes bounds one input; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Stdin is read for the path "-".
	Stdin io.Reader
}

func (o Options) max() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// Walk reads every input named by paths, in order, calling fn with each
// source or with an *InputError for an input that could not be read. A
// folder is walked recursively (hidden files skipped, files in name order,
// links to files read, links to folders not followed).
// Walk stops early only when fn returns an error or ctx is done.
func Walk(ctx context.Context, paths []string, opts Options, fn func(*article.Source, error) error) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			if err := readStream(ctx, "-", opts.Stdin, opts, fn); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			if err := fn(nil, &InputError{Input: p, Err: cleanPathError(err)}); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if err := readFile(ctx, p, info, opts, fn); err != nil {
				return err
			}
			continue
		}
		var files []string
		werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				files = append(files, path) // reported when opened
				return nil
			}
			name := d.Name()
			if path != p && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			} else if d.Type()&fs.ModeSymlink != 0 {
				// A link to a file is read; a link to a folder is not
				// followed (it could make a loop).
				if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
					files = append(files, path)
				}
			}
			return nil
		})
		if werr != nil {
			if err := fn(nil, &InputError{Input: p, Err: werr}); err != nil {
				return err
			}
		}
		sort.Strings(files)
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			info, err := os.Stat(f)
			if err != nil {
				if err := fn(nil, &InputError{Input: f, Err: cleanPathError(err)}); err != nil {
					return err
				}
				continue
			}
			if err := readFile(ctx, f, info, opts, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

func cleanPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return errors.New("no such file or folder")
		case errors.Is(err, fs.ErrPermission):
			return errors.New("permission denied")
		}
		return pe.Err
	}
	return err
}

func readFile(ctx context.Context, path string, info fs.FileInfo, opts Options, fn func(*article.Source, error) error) error {
	if info.Size() > opts.max() && !strings.HasSuffix(path, ".gz") {
		return fn(nil, &InputError{Input: path, Err: fmt.Errorf("%w: %s, the limit is %s", ErrTooLarge, humanBytes(info.Size()), humanBytes(opts.max()))})
	}
	f, err := os.Open(path)
	if err != nil {
		return fn(nil, &InputError{Input: path, Err: cleanPathError(err)})
	}
	defer f.Close()
	return readStream(ctx, path, f, opts, fn)
}

// readStream reads one input (maybe gzip-compressed, maybe JSON Lines).
func readStream(ctx context.Context, name string, r io.Reader, opts Options, fn func(*article.Source, error) error) error {
	if r == nil {
		return fn(nil, &InputError{Input: name, Err: errors.New("no standard input")})
	}
	br := bufio.NewReaderSize(r, 64<<10)
	lower := strings.ToLower(name)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fn(nil, &InputError{Input: name, Err: fmt.Errorf("reading gzip: %w", err)})
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
		lower = strings.TrimSuffix(lower, ".gz")
	}
	format := opts.Format
	if format == "" || format == "auto" {
		switch {
		case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"):
			format = "jsonl"
		case strings.HasSuffix(lower, ".csv"):
			format = "csv"
		case strings.HasSuffix(lower, ".html"), strings.HasSuffix(lower, ".htm"), strings.HasSuffix(lower, ".xhtml"):
			format = "html"
		case strings.HasSuffix(lower, ".txt"), strings.HasSuffix(lower, ".text"):
			format = "text"
		default:
			format = ""
		}
	}
	if format == "" && (strings.HasSuffix(lower, ".warc") || strings.HasSuffix(lower, ".arc")) {
		format = "warc"
	}
	switch format {
	case "jsonl":
		return readJSONL(ctx, name, br, opts, fn)
	case "warc":
		return readWARC(ctx, name, br, opts, fn)
	case "csv":
		return readCSV(ctx, name, br, opts, fn)
	}
	body, err := io.ReadAll(io.LimitReader(br, opts.max()+1))
	if err != nil {
		if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrHeader) {
			return fn(nil, &InputError{Input: name, Err: fmt.Errorf("truncated or corrupt gzip data: %w", err)})
		}
		return fn(nil, &InputError{Input: name, Err: fmt.Errorf("reading: %w", err)})
	}
	if int64(len(body)) > opts.max() {
		return fn(nil, &InputError{Input: name, Err: fmt.Errorf("%w: more than %s", ErrTooLarge, humanBytes(opts.max()))})
	}
	src, err := Classify(name, body, format)
	if err != nil {
		return fn(nil, &InputError{Input: name, Err: err})
	}
	return fn(src, nil)
}

// Classify checks one input's bytes and decides whether it is HTML or text.
// format may be "html", "text", or "" or "auto" to detect.
func Classify(name string, body []byte, format string) (*article.Source, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrEmpty
	}
	if isBinary(body) {
		return nil, ErrBinary
	}
	if format == "" || format == "auto" {
		format = "text"
		if looksLikeHTML(body) {
			format = "html"
		}
	}
	if format == "text" {
		body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(body) {
			off := invalidAt(body)
			return nil, fmt.Errorf("%w at byte %d (the text is not UTF-8; convert it first, for example with iconv)", ErrInvalidUTF8, off)
		}
	}
	return &article.Source{Input: name, Format: format, Body: body}, nil
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// isBinary reports whether b looks like binary data: NUL bytes or many
// control characters in the first 8 KB. UTF-16 text (with a BOM) is not
// binary.
func isBinary(b []byte) bool {
	if len(b) >= 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		return false
	}
	head := b
	if len(head) > 8192 {
		head = head[:8192]
	}
	ctrl := 0
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	return ctrl*20 > len(head)
}

func looksLikeHTML(b []byte) bool {
	head := b
	if len(head) > 2048 {
		head = head[:2048]
	}
	l := bytes.ToLower(bytes.TrimSpace(head))
	for _, p := range [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<?xml"), []byte("<head"), []byte("<body"), []byte("<!--")} {
		if bytes.HasPrefix(l, p) {
			return true
		}
	}
	return bytes.Contains(l, []byte("<p>")) || bytes.Contains(l, []byte("<div")) || bytes.Contains(l, []byte("<meta "))
}

// jsonRecord is one line of JSON Lines input.
type jsonRecord struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	HTML      string `json:"html"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
}

func readJSONL(ctx context.Context, name string, r *bufio.Reader, opts Options, fn func(*article.Source, error) error) error {
	line := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := readLine(r, opts.max())
		if len(raw) == 0 && err == io.EOF {
			return nil
		}
		line++
		input := fmt.Sprintf("%s:%d", name, line)
		if err != nil && err != io.EOF {
			if errors.Is(err, ErrTooLarge) {
				if ferr := fn(nil, &InputError{Input: input, Err: err}); ferr != nil {
					return ferr
				}
				continue
			}
			return fn(nil, &InputError{Input: input, Err: fmt.Errorf("reading: %w", err)})
		}
		if len(bytes.TrimSpace(raw)) == 0 {
			if err == io.EOF {
				return nil
			}
			continue
		}
		src, perr := parseRecord(input, raw)
		if ferr := fn(src, wrapInput(input, perr)); ferr != nil {
			return ferr
		}
		if err == io.EOF {
			return nil
		}
	}
}

func wrapInput(input string, err error) error {
	if err == nil {
		return nil
	}
	return &InputError{Input: input, Err: err}
}

// readLine reads one line, refusing lines longer than max.
func readLine(r *bufio.Reader, max int64) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if int64(len(buf)+len(chunk)) > max {
			// Skip the rest of the line.
			for err == bufio.ErrBufferFull {
				_, err = r.ReadSlice('\n')
			}
			return []byte{' '}, fmt.Errorf("%w: line longer than %s", ErrTooLarge, humanBytes(max))
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return buf, err
	}
}

func parseRecord(input string, raw []byte) (*article.Source, error) {
	var rec jsonRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	src := &article.Source{Input: input, ID: rec.ID, URL: rec.URL, Title: rec.Title}
	if rec.Published != "" {
		t, err := ParseTime(rec.Published)
		if err != nil {
			return nil, fmt.Errorf("%w: published %q is not a date (use RFC 3339)", ErrBadJSON, rec.Published)
		}
		src.Published = &t
	}
	switch {
	case rec.Text != "":
		src.Format = "text"
		src.Text = rec.Text
		src.ExactText = true
	case rec.HTML != "":
		src.Format = "html"
		src.Body = []byte(rec.HTML)
	default:
		return nil, fmt.Errorf("%w: neither \"text\" nor \"html\" is set", ErrEmpty)
	}
	return src, nil
}

// ParseTime parses an RFC 3339 timestamp or a plain date.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
