package ingest

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// ErrBadCSV means a CSV file or row could not be used.
var ErrBadCSV = errors.New("invalid CSV")

// csvColumns are the header names (compared lower-cased and trimmed)
// accepted for each field of a CSV article, in order of preference.
var csvColumns = struct {
	id, text, html, title, url, date []string
}{
	id:    []string{"id", "doc_id", "article_id"},
	text:  []string{"text", "body", "content", "article", "article_text", "articlebody"},
	html:  []string{"html"},
	title: []string{"title", "headline"},
	url:   []string{"url", "link", "web_url", "weburl"},
	date:  []string{"published", "date", "pubdate", "publication_date", "published_at", "webpublicationdate"},
}

// csvMaxBadRows is how many unparseable rows in a row end the reading of a
// CSV file: past that it is taken not to be CSV at all.
const csvMaxBadRows = 20

// readCSV reads a CSV file with a header row as one article per row: the
// text (or html) column is the body, and title, url, date and id columns
// are used when present (see csvColumns). A row without a body, or with a
// date that is not a date, is reported as an *InputError naming the file
// and row ("file.csv:12", the header is row 1) and skipped.
func readCSV(ctx context.Context, name string, r *bufio.Reader, opts Options, fn func(*article.Source, error) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return fn(nil, &InputError{Input: name, Err: ErrEmpty})
		}
		return fn(nil, &InputError{Input: name, Err: fmt.Errorf("%w: reading the header: %v", ErrBadCSV, err)})
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	find := func(names []string) int {
		for _, n := range names {
			if i, ok := col[n]; ok {
				return i
			}
		}
		return -1
	}
	idCol, textCol, htmlCol := find(csvColumns.id), find(csvColumns.text), find(csvColumns.html)
	titleCol, urlCol, dateCol := find(csvColumns.title), find(csvColumns.url), find(csvColumns.date)
	if textCol < 0 && htmlCol < 0 {
		return fn(nil, &InputError{Input: name, Err: fmt.Errorf("%w: no article column in the header %q (want one of %s, or html)",
			ErrBadCSV, strings.Join(header, ","), strings.Join(csvColumns.text, ", "))})
	}
	field := func(rec []string, i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	bad := 0
	for row := 2; ; row++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		input := fmt.Sprintf("%s:%d", name, row)
		if err != nil {
			bad++
			var pe *csv.ParseError
			parse := errors.As(err, &pe)
			if parse {
				err = fmt.Errorf("%w: line %d: %v", ErrBadCSV, pe.Line, pe.Err)
			}
			if ferr := fn(nil, &InputError{Input: input, Err: err}); ferr != nil {
				return ferr
			}
			if bad >= csvMaxBadRows || !parse {
				return fn(nil, &InputError{Input: name, Err: fmt.Errorf("%w: gave up after %d unreadable rows", ErrBadCSV, bad)})
			}
			continue
		}
		bad = 0
		src, perr := csvSource(input, field(rec, idCol), field(rec, textCol), field(rec, htmlCol), field(rec, titleCol), field(rec, urlCol), field(rec, dateCol), opts)
		if ferr := fn(src, wrapInput(input, perr)); ferr != nil {
			return ferr
		}
	}
}

func csvSource(input, id, text, html, title, url, date string, opts Options) (*article.Source, error) {
	src := &article.Source{Input: input, ID: id, URL: url, Title: title}
	switch {
	case text != "":
		src.Format, src.Text, src.ExactText = "text", text, true
	case html != "":
		src.Format, src.Body = "html", []byte(html)
	default:
		return nil, fmt.Errorf("%w: the row has no article text", ErrEmpty)
	}
	if int64(len(text)+len(html)) > opts.max() {
		return nil, fmt.Errorf("%w: more than %s", ErrTooLarge, humanBytes(opts.max()))
	}
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("%w at byte %d", ErrInvalidUTF8, invalidAt([]byte(text)))
	}
	if date != "" {
		t, err := ParseTime(date)
		if err != nil {
			return nil, fmt.Errorf("%w: date %q is not a date (use RFC 3339 or 2006-01-02)", ErrBadCSV, date)
		}
		src.Published = &t
	}
	return src, nil
}
