package extract

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzEmptyScripts checks that emptying scripts never changes its input,
// never adds bytes, is idempotent, and leaves every byte outside the
// emptied elements in place.
func FuzzEmptyScripts(f *testing.F) {
	for _, s := range []string{
		"<p>x</p><script>var a = '<p>no</p>';</script><p>y</p>",
		`<script type="application/ld+json">{"a":1}</script>`,
		"<!-- <script> --><p>keep</p><!-- </script> -->",
		"<title><script></title><p>keep</p></script>",
		"<script><!-- <script>x</script> --></script><p>y</p>",
		`<img alt="<script>"><style>p{}</style>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		in := bytes.Clone(page)
		out := emptyScripts(page)
		if !bytes.Equal(page, in) {
			t.Fatal("input changed")
		}
		if len(out) > len(page) {
			t.Fatalf("output longer than input: %d > %d", len(out), len(page))
		}
		if again := emptyScripts(out); !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
		// out is page with some spans removed: it is a subsequence of page
		// that keeps page's first and last bytes around each gap.
		j := 0
		for i := 0; i < len(page) && j < len(out); i++ {
			if page[i] == out[j] {
				j++
			}
		}
		if j != len(out) {
			t.Fatal("output is not page with spans removed")
		}
	})
}

// FuzzEmptyScriptsSameResult checks that emptying scripts and styles
// before parsing never changes what is extracted from a page.
func FuzzEmptyScriptsSameResult(f *testing.F) {
	for _, s := range []string{
		"<html><head><title>t</title><script>var x='</p>';</script></head><body><article><p>Hello world this is text.</p><script>1</script><p>More text here, enough.</p></article></body></html>",
		"<!-- <script> --><p>keep</p><!-- </script> -->",
		"<title><script></title><p>keep</p></script>",
		"<script><!-- <script>x</script> --></script><p>y</p>",
		`<img alt="<script>"><style>p{}</style>`,
		"<svg><style>a</style></svg><p>text text</p>",
		"<table><script>x</script><tr><td>cell text here</td></tr></table>",
		"<!0<sCript>0</sCript 0",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		text := toUTF8(page, "")
		want, werr := fromUTF8(text, "")
		got, gerr := fromUTF8(emptyScripts(text), "")
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("extraction differs after emptying scripts in %q", text)
		}
	})
}
