// Package cdp drives a headless Chromium over the Chrome DevTools Protocol,
// for Sitrep's browser tests: open a page, wait for it to load, evaluate
// an expression, take a screenshot, and notice any JavaScript dialog.
//
// It is a few hundred lines on golang.org/x/net/websocket rather than a
// dependency such as chromedp because the tests need five commands; the
// binary never imports it.
package cdp

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/net/websocket"
)

// ErrNoBrowser means no Chromium or Chrome executable was found.
var ErrNoBrowser = errors.New("cdp: no chromium found (install it: apt-get install -y chromium)")

// Find returns the path of a Chromium or Chrome executable: $CHROMIUM if
// set, else the first of chromium, chromium-browser, google-chrome on PATH.
func Find() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// Flags are the command-line flags of every launch: headless, isolated,
// and quiet on the network.
var Flags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
	"--remote-debugging-port=0", "--remote-allow-origins=*",
}

// Browser is a running Chromium with one page attached.
type Browser struct {
	cmd *exec.Cmd
	ws  *websocket.Conn

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan reply
	waiters map[string][]chan json.RawMessage
	dialogs []string
	done    chan struct{}
	err     error
}

type reply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type message struct {
	ID     int64           `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	reply
}

// Launch starts the browser at path with a fresh profile in profileDir
// (which the caller removes) and attaches to its first page.
func Launch(ctx context.Context, path, profileDir string) (*Browser, error) {
	args := append(append([]string{}, Flags...), "--user-data-dir="+profileDir, "about:blank")
	cmd := exec.Command(path, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so Close ends its helpers too
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	b := &Browser{cmd: cmd, pending: map[int64]chan reply{}, waiters: map[string][]chan json.RawMessage{}, done: make(chan struct{})}
	wsURL, err := devtoolsURL(ctx, stderr)
	if err != nil {
		b.kill()
		return nil, err
	}
	go io.Copy(io.Discard, stderr)
	pageURL, err := firstPage(ctx, wsURL)
	if err != nil {
		b.kill()
		return nil, err
	}
	b.ws, err = websocket.Dial(pageURL, "", "http://127.0.0.1/")
	if err != nil {
		b.kill()
		return nil, fmt.Errorf("connecting to the page: %w", err)
	}
	b.ws.MaxPayloadBytes = 64 << 20
	go b.read()
	for _, m := range []string{"Page.enable", "Runtime.enable"} {
		if _, err := b.Call(ctx, m, nil); err != nil {
			b.Close()
			return nil, err
		}
	}
	return b, nil
}

// devtoolsURL reads the browser's websocket address from its log.
func devtoolsURL(ctx context.Context, r io.Reader) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		var tail []string
		for sc.Scan() {
			line := sc.Text()
			if _, u, ok := strings.Cut(line, "DevTools listening on "); ok {
				found <- strings.TrimSpace(u)
				return
			}
			tail = append(tail, line)
		}
		found <- "error: " + strings.Join(tail, "\n")
	}()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	select {
	case u := <-found:
		if strings.HasPrefix(u, "error: ") {
			return "", fmt.Errorf("chromium exited before listening: %s", strings.TrimPrefix(u, "error: "))
		}
		return u, nil
	case <-ctx.Done():
		return "", fmt.Errorf("waiting for chromium to listen: %w", ctx.Err())
	}
}

// firstPage finds the websocket address of the browser's page target.
func firstPage(ctx context.Context, browserURL string) (string, error) {
	hostPort := strings.TrimPrefix(browserURL, "ws://")
	hostPort, _, _ = strings.Cut(hostPort, "/")
	for range 50 {
		req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+hostPort+"/json/list", nil)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			var targets []struct {
				Type string `json:"type"`
				WS   string `json:"webSocketDebuggerUrl"`
			}
			err = json.NewDecoder(res.Body).Decode(&targets)
			res.Body.Close()
			for _, t := range targets {
				if t.Type == "page" && t.WS != "" {
					return t.WS, nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return "", errors.New("chromium has no page to attach to")
}

func (b *Browser) read() {
	defer close(b.done)
	for {
		var m message
		if err := websocket.JSON.Receive(b.ws, &m); err != nil {
			b.mu.Lock()
			b.err = err
			b.mu.Unlock()
			return
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.pending[m.ID]; ok {
				ch <- m.reply
				delete(b.pending, m.ID)
			}
		} else if m.Method != "" {
			if m.Method == "Page.javascriptDialogOpening" {
				var p struct {
					Type    string `json:"type"`
					Message string `json:"message"`
				}
				json.Unmarshal(m.Params, &p)
				b.dialogs = append(b.dialogs, p.Type+": "+p.Message)
				// Dismiss it, or the page would hang.
				go b.Call(context.Background(), "Page.handleJavaScriptDialog", map[string]any{"accept": false})
			}
			for _, ch := range b.waiters[m.Method] {
				ch <- m.Params
			}
			delete(b.waiters, m.Method)
		}
		b.mu.Unlock()
	}
}

// Call sends a command and returns its result.
func (b *Browser) Call(ctx context.Context, method string, params any) (json.RawMessage, error) {
	if params == nil {
		params = struct{}{}
	}
	ch := make(chan reply, 1)
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	b.pending[id] = ch
	b.mu.Unlock()
	if err := websocket.JSON.Send(b.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		return nil, fmt.Errorf("cdp %s: %w", method, err)
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return nil, fmt.Errorf("cdp %s: %s (%d)", method, r.Error.Message, r.Error.Code)
		}
		return r.Result, nil
	case <-b.done:
		return nil, fmt.Errorf("cdp %s: connection closed: %v", method, b.err)
	case <-ctx.Done():
		return nil, fmt.Errorf("cdp %s: %w", method, ctx.Err())
	}
}

// waitFor returns a channel that receives the params of the next event
// named method. Register before causing the event.
func (b *Browser) waitFor(method string) chan json.RawMessage {
	ch := make(chan json.RawMessage, 1)
	b.mu.Lock()
	b.waiters[method] = append(b.waiters[method], ch)
	b.mu.Unlock()
	return ch
}

// Do runs action (which starts a navigation: a click, a form submission)
// and waits for the new page to load.
func (b *Browser) Do(ctx context.Context, action func() error) error {
	loaded := b.waitFor("Page.loadEventFired")
	if err := action(); err != nil {
		return err
	}
	select {
	case <-loaded:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for the page to load: %w", ctx.Err())
	}
}

// Navigate opens url and waits for it to load.
func (b *Browser) Navigate(ctx context.Context, url string) error {
	return b.Do(ctx, func() error {
		res, err := b.Call(ctx, "Page.navigate", map[string]any{"url": url})
		if err != nil {
			return err
		}
		var r struct {
			ErrorText string `json:"errorText"`
		}
		json.Unmarshal(res, &r)
		if r.ErrorText != "" {
			return fmt.Errorf("navigating to %s: %s", url, r.ErrorText)
		}
		return nil
	})
}

// Eval evaluates a JavaScript expression in the page (DevTools is not
// bound by the page's Content-Security-Policy) and stores its value, which
// must be JSON, in out.
func (b *Browser) Eval(ctx context.Context, expr string, out any) error {
	res, err := b.Call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	if err != nil {
		return err
	}
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("evaluating %q: %s %s", expr, r.Exception.Text, r.Exception.Exception.Description)
	}
	if out == nil || len(r.Result.Value) == 0 {
		return nil
	}
	return json.Unmarshal(r.Result.Value, out)
}

// Screenshot returns a PNG of the page's top width x height CSS pixels,
// scaled by scale (0.5 halves each side).
func (b *Browser) Screenshot(ctx context.Context, width, height int, scale float64) ([]byte, error) {
	if _, err := b.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}); err != nil {
		return nil, err
	}
	res, err := b.Call(ctx, "Page.captureScreenshot", map[string]any{"format": "png",
		"clip": map[string]any{"x": 0, "y": 0, "width": width, "height": height, "scale": scale}})
	if err != nil {
		return nil, err
	}
	var r struct {
		Data string `json:"data"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(r.Data)
}

// Dialogs returns the JavaScript dialogs (alert, confirm, prompt) pages
// have opened so far, as "type: message".
func (b *Browser) Dialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// Close ends the browser.
func (b *Browser) Close() error {
	if b.ws != nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		b.Call(ctx, "Browser.close", nil)
		cancel()
		b.ws.Close()
	}
	done := make(chan struct{})
	go func() { b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		b.kill()
		<-done
	}
	return nil
}

func (b *Browser) kill() {
	if b.cmd.Process != nil {
		// The group of the browser we started: it and its helpers.
		syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
	}
}
