package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// HTML extracts the article from an HTML page. This first version keeps the
// text of paragraph elements and the document title.
func HTML(page []byte, contentType, pageURL string) (*Result, error) {
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, err
	}
	res := &Result{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "nav", "footer", "aside":
				return
			case "title":
				if n.FirstChild != nil && res.Title == "" {
					res.Title = strings.TrimSpace(n.FirstChild.Data)
				}
			case "p":
				var b strings.Builder
				collect(n, &b)
				if t := strings.Join(strings.Fields(b.String()), " "); t != "" {
					res.Paragraphs = append(res.Paragraphs, t)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if len(res.Paragraphs) == 0 {
		return nil, ErrNoContent
	}
	return res, nil
}

func collect(n *html.Node, b *strings.Builder) {
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
		b.WriteByte(' ')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collect(c, b)
	}
}
