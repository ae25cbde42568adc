package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestPublic(t *testing.T) {
	for _, tt := range []struct {
		ip   string
		want bool
	}{
		{"8.8.8.8", true}, {"2606:4700::1111", true},
		{"127.0.0.1", false}, {"10.1.2.3", false}, {"192.168.1.1", false}, {"172.16.0.1", false},
		{"169.254.169.254", false}, {"::1", false}, {"fe80::1", false}, {"fd00::1", false},
		{"0.0.0.0", false}, {"100.64.0.1", false}, {"::ffff:127.0.0.1", false},
	} {
		if got := Public(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Public(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

func TestGetRefusesLoopbackByDefault(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hi")) }))
	defer srv.Close()
	_, err := New(Options{}).Get(context.Background(), srv.URL, "", "")
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("err = %v, want ErrForbiddenAddress", err)
	}
}

func TestGet(t *testing.T) {
	var gotUA string
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private\nAllow: /private/ok\n"))
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.UserAgent()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>hello</p>"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(strings.Repeat("x", 5000))) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/private/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := New(Options{AllowPrivate: true, Robots: true, MaxBytes: 1000})
	ctx := context.Background()

	resp, err := c.Get(ctx, srv.URL+"/page", "", "")
	if err != nil || string(resp.Body) != "<p>hello</p>" || resp.ETag != `"v1"` {
		t.Fatalf("Get = %+v, %v", resp, err)
	}
	if !strings.HasPrefix(gotUA, "Sitrep/") {
		t.Errorf("user agent %q", gotUA)
	}
	if _, err := c.Get(ctx, srv.URL+"/page", `"v1"`, ""); !errors.Is(err, ErrNotModified) {
		t.Errorf("conditional get: %v", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/big", "", ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big: %v", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/loop", "", ""); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("loop: %v", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/private/x", "", ""); !errors.Is(err, ErrRobots) {
		t.Errorf("robots: %v", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/private/ok", "", ""); err != nil {
		t.Errorf("robots allow: %v", err)
	}
	if _, err := c.Get(ctx, "file:///etc/passwd", "", ""); err == nil {
		t.Errorf("file URL accepted")
	}
}

func FuzzRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /a*b$\n", "/axxb")
	f.Fuzz(func(t *testing.T, robots, path string) {
		parseRobots(robots).allows(path)
	})
}
