// Package extract turns a raw page or plain-text article into the parts of
// a news article: headline, standfirst (dek), byline, date, site, canonical
// URL, language, body paragraphs, and links to related articles kept apart
// from the body.
package extract

import (
	"errors"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// ErrNoContent is returned when an input holds no article text at all.
var ErrNoContent = errors.New("no article text found")

// Result is what extraction finds in one input. Paragraphs are plain text,
// without markup, in reading order; the body is built by joining them with a
// blank line.
type Result struct {
	Title      string
	Dek        string
	Byline     string
	Site       string
	URL        string // canonical URL when the page declares one
	Language   string // declared language (ISO 639-1), "" when none
	Published  *time.Time
	Paragraphs []string
	Related    []article.Link
}
