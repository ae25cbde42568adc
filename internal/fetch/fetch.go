// Package fetch gets pages and feeds from the web with safe defaults:
// timeouts, a size cap, a bounded number of redirects, a user agent that
// names Sitrep, robots.txt honoured, conditional requests (ETag and
// Last-Modified), and requests to loopback, private, link-local and other
// special-purpose addresses refused unless explicitly allowed.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// UserAgent names Sitrep in every request.
const UserAgent = "Sitrep/1 (+https://github.com/sitrep-dev/sitrep; news analysis)"

// Errors.
var (
	ErrForbiddenAddress = errors.New("address is loopback, private or link-local (use --allow-private to permit)")
	ErrTooLarge         = errors.New("response too large")
	ErrRobots           = errors.New("disallowed by robots.txt")
	ErrNotModified      = errors.New("not modified")
)

// Options configure a Client.
type Options struct {
	Timeout      time.Duration // whole request; default 30s
	MaxBytes     int64         // response body cap; default 20 MB
	MaxRedirects int           // default 5
	AllowPrivate bool          // permit loopback/private/link-local targets
	Robots       bool          // honour robots.txt
}

// Client fetches URLs safely. It is safe for concurrent use.
type Client struct {
	opts   Options
	http   *http.Client
	mu     sync.Mutex
	robots map[string]*robotsRules
}

// New returns a client with opts, defaults filled in.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = 20 << 20
	}
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = 5
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil {
				return err
			}
			if !Public(ip) {
				return fmt.Errorf("%s: %w", ip, ErrForbiddenAddress)
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
	}
	c := &Client{opts: opts, robots: map[string]*robotsRules{}}
	c.http = &http.Client{
		Transport: tr,
		Timeout:   opts.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= opts.MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", opts.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
			}
			return nil
		},
	}
	return c
}

// Public reports whether ip is a globally routable address.
func Public(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range special {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("fc00::/7"),
}

// Response is a fetched document.
type Response struct {
	URL          string // final URL after redirects
	ContentType  string
	Body         []byte
	ETag         string
	LastModified string
}

// Get fetches rawURL. etag and lastModified, when set, make the request
// conditional; an unchanged resource returns ErrNotModified.
func (c *Client) Get(ctx context.Context, rawURL, etag, lastModified string) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetching %q: not an http(s) URL", rawURL)
	}
	if c.opts.Robots {
		ok, err := c.allowed(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("fetching %s: robots.txt: %w", rawURL, err)
		}
		if !ok {
			return nil, fmt.Errorf("fetching %s: %w", rawURL, ErrRobots)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return nil, ErrNotModified
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: HTTP %s", rawURL, resp.Status)
	}
	if resp.ContentLength > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetching %s: %w (%d bytes)", rawURL, ErrTooLarge, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetching %s: reading body: %w", rawURL, err)
	}
	if int64(len(body)) > c.opts.MaxBytes {
		return nil, fmt.Errorf("fetching %s: %w (over %d bytes)", rawURL, ErrTooLarge, c.opts.MaxBytes)
	}
	return &Response{
		URL:          resp.Request.URL.String(),
		ContentType:  resp.Header.Get("Content-Type"),
		Body:         body,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}, nil
}

// robotsRules are the Disallow/Allow lines that apply to Sitrep.
type robotsRules struct {
	allow, disallow []string
}

func (c *Client) allowed(ctx context.Context, u *url.URL) (bool, error) {
	key := u.Scheme + "://" + u.Host
	c.mu.Lock()
	rules, ok := c.robots[key]
	c.mu.Unlock()
	if !ok {
		rules = &robotsRules{}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, key+"/robots.txt", nil)
		if err != nil {
			return false, err
		}
		req.Header.Set("User-Agent", UserAgent)
		resp, err := c.http.Do(req)
		if err != nil {
			return false, err
		}
		if resp.StatusCode == http.StatusOK {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
			rules = parseRobots(string(b))
		}
		resp.Body.Close()
		c.mu.Lock()
		c.robots[key] = rules
		c.mu.Unlock()
	}
	return rules.allows(u.EscapedPath()), nil
}

// parseRobots keeps the rules of the group for "sitrep", or else "*".
func parseRobots(text string) *robotsRules {
	groups := map[string]*robotsRules{}
	var current []string
	inAgents := false
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if !inAgents {
				current = nil
			}
			inAgents = true
			a := strings.ToLower(v)
			current = append(current, a)
			if groups[a] == nil {
				groups[a] = &robotsRules{}
			}
		case "allow", "disallow":
			inAgents = false
			for _, a := range current {
				if v == "" {
					continue
				}
				if k == "allow" {
					groups[a].allow = append(groups[a].allow, v)
				} else {
					groups[a].disallow = append(groups[a].disallow, v)
				}
			}
		default:
			inAgents = false
		}
	}
	if g, ok := groups["sitrep"]; ok {
		return g
	}
	if g, ok := groups["*"]; ok {
		return g
	}
	return &robotsRules{}
}

// allows applies the longest-match rule: the longest matching pattern wins,
// Allow on a tie.
func (r *robotsRules) allows(path string) bool {
	if path == "" {
		path = "/"
	}
	best, allowed := -1, true
	for _, p := range r.disallow {
		if robotsMatch(p, path) && len(p) > best {
			best, allowed = len(p), false
		}
	}
	for _, p := range r.allow {
		if robotsMatch(p, path) && len(p) >= best {
			best, allowed = len(p), true
		}
	}
	return allowed
}

func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	pos := 0
	for i, part := range parts {
		j := strings.Index(path[pos:], part)
		if j < 0 || (i == 0 && j != 0) {
			return false
		}
		pos += j + len(part)
	}
	return !anchored || pos == len(path)
}
