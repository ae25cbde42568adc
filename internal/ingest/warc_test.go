package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func warcRecord(typ, uri, contentType, block string) string {
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", typ, uri, contentType, len(block), block)
}

func httpResponse(ct, body string) string {
	return fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", ct, len(body), body)
}

func TestWARC(t *testing.T) {
	page := "<html><body><p>The army said it had retaken the town.</p></body></html>"
	data := warcRecord("warcinfo", "", "application/warc-fields", "software: test\r\n") +
		warcRecord("request", "https://e.com/a", "application/http; msgtype=request", "GET /a HTTP/1.1\r\n\r\n") +
		warcRecord("response", "https://e.com/a", "application/http; msgtype=response", httpResponse("text/html; charset=utf-8", page)) +
		warcRecord("response", "https://e.com/logo.png", "application/http; msgtype=response", httpResponse("image/png", "\x89PNG")) +
		warcRecord("response", "https://e.com/b", "application/http; msgtype=response", httpResponse("text/html", page))
	dir := t.TempDir()
	// Multi-member gzip, as WARC files ship.
	var buf bytes.Buffer
	for _, part := range strings.SplitAfter(data, "\r\n\r\nWARC") {
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(part))
		zw.Close()
	}
	p := filepath.Join(dir, "crawl.warc.gz")
	os.WriteFile(p, buf.Bytes(), 0o644)
	srcs, errs := collect(t, []string{p}, Options{})
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(srcs) != 2 || srcs[0].URL != "https://e.com/a" || srcs[1].URL != "https://e.com/b" || srcs[0].Format != "html" {
		t.Fatalf("sources = %+v", srcs)
	}

	// A truncated file: the first record is kept, the broken one reported.
	cut := filepath.Join(dir, "cut.warc")
	os.WriteFile(cut, []byte(data[:len(data)-40]), 0o644)
	srcs, errs = collect(t, []string{cut}, Options{})
	if len(srcs) != 1 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "truncated record") {
		t.Errorf("truncated: %d sources, errors %v", len(srcs), errs)
	}
}

func FuzzWARC(f *testing.F) {
	f.Add(warcRecord("response", "https://e.com/a", "application/http", httpResponse("text/html", "<p>x</p>")))
	f.Add("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		readWARC(t.Context(), "f", bufioReader(in), Options{MaxBytes: 1 << 16}, func(s *articleSource, err error) error {
			if err == nil && s.Format != "html" {
				t.Fatalf("format %q", s.Format)
			}
			return nil
		})
	})
}
