package extract

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxHTMLSize is the largest page HTML accepts, in bytes.
const MaxHTMLSize = 50 << 20

// ErrTooLarge is returned for a page over MaxHTMLSize.
var ErrTooLarge = errors.New("page too large")

// maxDepth bounds the element nesting handed to the HTML parser. The parser
// refuses documents nested deeper than 512 elements; deeper pages are
// flattened first (see flatten).
const maxDepth = 400

// HTML extracts an article from an HTML page. contentType is the declared
// content type (from HTTP or an archive record), used with the page's byte
// order mark and <meta> declarations to decode it; pageURL, when known,
// resolves relative links. It returns ErrNoContent, wrapped, when the page
// holds no article text, and ErrTooLarge for pages over MaxHTMLSize.
//
// The body is found by scoring block elements on the amount of text they
// hold, its link density, their paragraphs and class and id hints, in the
// spirit of Readability and Trafilatura; navigation, comments, share bars,
// hidden elements and related-article boxes are left out, and the links in
// the last are returned in Related.
func HTML(page []byte, contentType, pageURL string) (*Result, error) {
	if len(page) > MaxHTMLSize {
		return nil, fmt.Errorf("extracting %s: %w: %d bytes, limit %d", nameOf(pageURL), ErrTooLarge, len(page), MaxHTMLSize)
	}
	return fromUTF8(emptyScripts(toUTF8(page, contentType)), pageURL)
}

// fromUTF8 is HTML on a page already decoded to UTF-8.
func fromUTF8(text []byte, pageURL string) (*Result, error) {
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		// The parser refuses very deep nesting: flatten and try again.
		root, err = html.Parse(bytes.NewReader(flatten(text, maxDepth)))
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", nameOf(pageURL), err)
		}
	}
	d := newDoc(root, pageURL)
	res := &Result{}
	d.metadata(res)
	res.Paragraphs = d.body()
	res.Related = d.related
	if len(res.Paragraphs) == 0 {
		return res, fmt.Errorf("extracting %s: %w", nameOf(pageURL), ErrNoContent)
	}
	return res, nil
}

func nameOf(pageURL string) string {
	if pageURL == "" {
		return "page"
	}
	return fmt.Sprintf("%q", pageURL)
}

// flatten rewrites page so that no element nests deeper than limit: at the
// limit, the innermost open element is closed before the next one opens, so
// that deep chains become siblings and no text or tag is lost. It is used
// only on pages the parser refused, so it favours simplicity over fidelity.
func flatten(page []byte, limit int) []byte {
	z := html.NewTokenizer(bytes.NewReader(page))
	var out bytes.Buffer
	out.Grow(len(page))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out.Bytes()
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElement(atom.Lookup(name)) {
				out.Write(z.Raw())
				continue
			}
			if len(stack) >= limit {
				out.WriteString("</" + stack[len(stack)-1] + ">")
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, string(name))
			out.Write(z.Raw())
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == string(name) {
					stack = stack[:i]
					out.Write(z.Raw())
					break
				}
			}
		default:
			out.Write(z.Raw())
		}
	}
}

func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// attr returns the value of attribute key of n, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// collapse returns s with runs of white space (including no-break spaces)
// replaced by one space, trimmed.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0xa0, 0x2007, 0x202f, 0x200b, 0xfeff, 0x3000, 0x2028, 0x2029:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}
