package extract

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestEmptyScripts(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"no script", "<p>a < b</p>", "<p>a < b</p>"},
		{"script", "<p>x</p><script>var a = '<p>no</p>';</script><p>y</p>", "<p>x</p><script></script><p>y</p>"},
		{"style, upper case", "<STYLE type=text/css>p{}</STYLE ><p>y</p>", "<STYLE type=text/css></STYLE ><p>y</p>"},
		{"two", "<script>1</script>a<script src=x>2</script>", "<script></script>a<script src=x></script>"},
		{"json-ld kept", `<script type="application/ld+json">{"a":1}</script>`, `<script type="application/ld+json">{"a":1}</script>`},
		{"quoted >", `<script data-x="a>b">c</script>`, `<script data-x="a>b"></script>`},
		{"quoted <script", `<img alt="<script>"><p>keep</p></script>`, `<img alt="<script>"><p>keep</p></script>`},
		{"in comment", "<!-- <script> --><p>keep</p><!-- </script> -->", "<!-- <script> --><p>keep</p><!-- </script> -->"},
		{"in title", "<title><script></title><p>keep</p></script>", "<title><script></title><p>keep</p></script>"},
		{"in textarea", "<textarea><style></textarea><p>keep</p></style>", "<textarea><style></textarea><p>keep</p></style>"},
		{"escaped script data", "<script><!-- <script>x</script> --></script><p>y</p>", "<script><!-- <script>x</script> --></script><p>y</p>"},
		{"closing tag needs a delimiter", "<script>a</scripts>b</script>c", "<script></script>c"},
		{"never closed", "<p>a</p><script>b", "<p>a</p><script>b"},
		{"unterminated tag", "<p>a</p><script src='x", "<p>a</p><script src='x"},
		{"unterminated comment", "<!-- <script>a</script>", "<!-- <script>a</script>"},
		{"plaintext stops", "<plaintext><script>a</script>", "<plaintext><script>a</script>"},
		{"scripts prefix", "<scripts>a</scripts><p>b</p>", "<scripts>a</scripts><p>b</p>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			got := emptyScripts(in)
			if string(got) != tc.want {
				t.Errorf("emptyScripts(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if string(in) != tc.in {
				t.Errorf("input changed to %q", in)
			}
		})
	}
}

// TestEmptyScriptsSameResult checks, on every scrapinghub page, that
// emptying scripts and styles before parsing changes nothing extracted.
func TestEmptyScriptsSameResult(t *testing.T) {
	dir := scrapinghubDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if len(files) == 0 {
		t.Skip("no scrapinghub pages")
	}
	saved := 0
	total := 0
	for _, f := range files {
		page := readGzip(t, f)
		text := toUTF8(page, "")
		emptied := emptyScripts(text)
		total += len(text)
		saved += len(text) - len(emptied)
		want, werr := fromUTF8(text, "")
		got, gerr := fromUTF8(emptied, "")
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: error %v, want %v", filepath.Base(f), gerr, werr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: result differs after emptying scripts", filepath.Base(f))
		}
	}
	t.Logf("%d pages: %d of %d bytes emptied (%.0f%%)", len(files), saved, total, 100*float64(saved)/float64(total))
}

func readGzip(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	page, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return page
}
