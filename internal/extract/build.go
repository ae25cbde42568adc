package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Document extracts the article in src and returns a new Document with its
// metadata and body text set; later stages fill the rest. Text from JSON
// Lines "text" is kept byte for byte, so that offsets match the caller's
// copy.
func Document(src *article.Source) (*article.Document, error) {
	var res *Result
	var err error
	switch {
	case src.ExactText:
		if strings.TrimSpace(src.Text) == "" {
			return nil, ErrNoContent
		}
		res = &Result{}
	case src.Format == "html":
		res, err = HTML(src.Body, src.ContentType, src.URL)
	default:
		res, err = Text(string(src.Body))
	}
	if err != nil {
		return nil, err
	}
	doc := article.New()
	doc.Input = src.Input
	doc.Title = firstNonEmpty(src.Title, res.Title)
	doc.Dek = res.Dek
	doc.Byline = res.Byline
	doc.URL = firstNonEmpty(res.URL, src.URL)
	doc.Language = res.Language
	doc.Published = res.Published
	if src.Published != nil {
		doc.Published = src.Published
	}
	if src.ExactText {
		doc.Text = src.Text
	} else {
		doc.Text = strings.Join(res.Paragraphs, "\n\n")
	}
	if strings.TrimSpace(doc.Text) == "" {
		return nil, ErrNoContent
	}
	if res.Related != nil {
		doc.Related = res.Related
	}
	doc.Site = res.Site
	if doc.Site == "" {
		doc.Site = hostOf(doc.URL)
	}
	doc.ID = src.ID
	if doc.ID == "" {
		doc.ID = ID(doc.URL, doc.Text)
	}
	return doc, nil
}

// ID returns the stable identifier of an article: 16 hex digits of the
// SHA-256 of its canonical URL, or of its text when it has no URL.
func ID(canonicalURL, text string) string {
	key := "text:" + text
	if canonicalURL != "" {
		key = "url:" + canonicalURL
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}

func hostOf(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
