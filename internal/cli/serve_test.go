package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServe runs "sitrep serve" on a free port, reads a page and the API,
// and checks that it shuts down cleanly when its context ends.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := filepath.Join(t.TempDir(), "serve.db")
	pr, pw := io.Pipe()
	env := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: pw, Getenv: func(string) string { return "" }}
	code := make(chan int, 1)
	go func() {
		code <- runServe(ctx, env, []string{"--addr", "127.0.0.1:0", "--db", db})
		pw.Close()
	}()
	// The first log line names the address.
	sc := bufio.NewScanner(pr)
	var base string
	for sc.Scan() {
		if _, u, ok := strings.Cut(sc.Text(), "url="); ok {
			base, _, _ = strings.Cut(u, " ")
			break
		}
	}
	if base == "" {
		t.Fatalf("serve did not say where it listens (exit %v)", <-code)
	}
	go io.Copy(io.Discard, pr)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("listening on %s, want loopback", base)
	}
	for _, tc := range []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "", 200, "Search the record"},
		{"GET", "api/stats", 200, `"documents":0`},
		{"POST", "api/ingest", 403, "read-only"},
	} {
		req, _ := http.NewRequest(tc.method, base+tc.path, strings.NewReader("Some text."))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s /%s: %d %s", tc.method, tc.path, res.StatusCode, b)
		}
		if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s /%s: security headers missing: %v", tc.method, tc.path, res.Header)
		}
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after shutdown", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}

func TestServeFlags(t *testing.T) {
	_, errs, code := run(t, "", "serve", "extra")
	if code != 2 || !strings.Contains(errs, `unexpected argument "extra"`) {
		t.Errorf("exit %d: %s", code, errs)
	}
	_, errs, code = run(t, "", "serve", "--addr", "256.0.0.1:1", "--db", filepath.Join(t.TempDir(), "x.db"))
	if code != 1 || !strings.Contains(errs, "sitrep serve:") {
		t.Errorf("bad address: exit %d: %s", code, errs)
	}
}
