package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// ErrBadWARC reports a WARC file that does not follow the format.
var ErrBadWARC = errors.New("malformed WARC record")

// readWARC reads the HTTP responses in a WARC file (already decompressed)
// and calls fn with one source per HTML response. Records of other types
// (request, metadata, warcinfo) and non-HTML responses are skipped. A
// malformed record ends the file with an error naming the record; the
// sources before it have already been delivered.
func readWARC(ctx context.Context, name string, r *bufio.Reader, opts Options, fn func(*article.Source, error) error) error {
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		input := fmt.Sprintf("%s#%d", name, n)
		// Skip blank lines between records.
		for {
			b, err := r.Peek(1)
			if err == io.EOF || len(b) == 0 {
				return nil
			}
			if b[0] != '\r' && b[0] != '\n' {
				break
			}
			r.ReadByte()
		}
		tp := textproto.NewReader(r)
		version, err := tp.ReadLine()
		if err != nil {
			return fn(nil, &InputError{Input: input, Err: fmt.Errorf("%w: %v", ErrBadWARC, err)})
		}
		if !strings.HasPrefix(version, "WARC/") {
			return fn(nil, &InputError{Input: input, Err: fmt.Errorf("%w: expected a WARC version line, found %.40q", ErrBadWARC, version)})
		}
		hdr, err := tp.ReadMIMEHeader()
		if err != nil {
			return fn(nil, &InputError{Input: input, Err: fmt.Errorf("%w: headers: %v", ErrBadWARC, err)})
		}
		length, err := strconv.ParseInt(hdr.Get("Content-Length"), 10, 64)
		if err != nil || length < 0 {
			return fn(nil, &InputError{Input: input, Err: fmt.Errorf("%w: bad Content-Length %q", ErrBadWARC, hdr.Get("Content-Length"))})
		}
		uri := strings.Trim(hdr.Get("WARC-Target-URI"), "<>")
		if uri != "" {
			input = uri
		}
		isResponse := hdr.Get("WARC-Type") == "response" && strings.HasPrefix(hdr.Get("Content-Type"), "application/http")
		if !isResponse || length > opts.max() {
			if _, err := io.CopyN(io.Discard, r, length); err != nil {
				return fn(nil, &InputError{Input: input, Err: fmt.Errorf("%w: truncated record", ErrBadWARC)})
			}
			if isResponse {
				if err := fn(nil, &InputError{Input: input, Err: fmt.Errorf("%w: record of %s", ErrTooLarge, humanBytes(length))}); err != nil {
					return err
				}
			}
			continue
		}
		block := make([]byte, length)
		if _, err := io.ReadFull(r, block); err != nil {
			return fn(nil, &InputError{Input: input, Err: fmt.Errorf("%w: truncated record", ErrBadWARC)})
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
		if err != nil {
			if err := fn(nil, &InputError{Input: input, Err: fmt.Errorf("reading HTTP response: %w", err)}); err != nil {
				return err
			}
			continue
		}
		ct := resp.Header.Get("Content-Type")
		if resp.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(ct), "html") {
			resp.Body.Close()
			continue
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, opts.max()))
		resp.Body.Close()
		if err != nil {
			if err := fn(nil, &InputError{Input: input, Err: fmt.Errorf("reading HTTP body: %w", err)}); err != nil {
				return err
			}
			continue
		}
		src, err := Classify(input, body, "html")
		if src != nil {
			src.URL = uri
			src.ContentType = ct
		}
		if err := fn(src, wrapInput(input, err)); err != nil {
			return err
		}
	}
}
