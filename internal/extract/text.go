package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// furnitureMarkers open a box of page furniture at the end of an article:
// everything from such a line on is not the article. Titles found in the
// box become related links.
var furnitureMarkers = []string{
	"check also", "related", "related articles", "related stories", "related news",
	"related posts", "related content", "read also", "read more", "see also",
	"more from", "more stories", "more on this story", "you may also like",
	"you might also like", "recommended", "also read", "most read", "most popular",
	"trending", "latest news", "more news", "further reading", "lire aussi",
	"à lire aussi", "voir aussi", "lesen sie auch", "mehr zum thema", "leer más",
	"lee también", "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "читайте также",
	"ayrıca bakınız", "ilginizi çekebilir",
}

// trailerPrefixes start single lines of furniture that are dropped.
var trailerPrefixes = []string{
	"share this", "share on", "follow us", "subscribe", "sign up", "advertisement",
	"tags:", "filed under", "copyright", "©", "all rights reserved", "click here",
	"read the full", "related topics", "topics:",
}

var (
	bylineRe = regexp.MustCompile(`^(?i:by|par|von|por)\s+\p{Lu}[\p{L}.'’-]+(\s+(\p{Lu}[\p{L}.'’-]+|and|&|de|van|von|al-\p{L}+))*(\s*[,|–—-]\s*.{0,60})?$`)
	dateRe   = regexp.MustCompile(`^(?i:(published|updated|posted|last updated)\s*:?\s*)?(\w+,?\s+)?(\d{1,2}\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})([ T,]+\d{1,2}[:.]\d{2}.*)?$`)
)

// Text lays out a plain-text article: a headline, a standfirst, the body
// paragraphs, and trailing page furniture (such as a "Check Also" box) that
// is not part of the article. Blocks are separated by blank lines; the
// lines of one block are joined with a space.
func Text(raw string) (*Result, error) {
	blocks := textBlocks(raw)
	if len(blocks) == 0 {
		return nil, ErrNoContent
	}
	res := &Result{}
	i := 0
	// Headline: a first block that reads as a title.
	if len(blocks) > 1 && looksLikeTitle(blocks[0], 30) {
		res.Title = blocks[0]
		i = 1
	}
	// Byline and date lines right after the headline.
	for i < len(blocks) && (res.Byline == "" || res.Published == nil) {
		b := blocks[i]
		if res.Byline == "" && bylineRe.MatchString(b) {
			res.Byline = strings.TrimSpace(b[strings.IndexByte(b, ' ')+1:])
			i++
			continue
		}
		if res.Published == nil && dateRe.MatchString(b) {
			if t, ok := parseLooseDate(b); ok {
				res.Published = &t
				i++
				continue
			}
		}
		break
	}
	// Standfirst: a short block without final punctuation before a body. It
	// is also the first paragraph of the body: it often carries the
	// article's main claim, which analysis must see.
	if res.Title != "" && i+1 < len(blocks) && looksLikeTitle(blocks[i], 60) && wordCount(blocks[i]) >= 6 {
		res.Dek = blocks[i]
	}
	for ; i < len(blocks); i++ {
		b := blocks[i]
		if isFurnitureMarker(b) {
			res.Related = append(res.Related, relatedTitles(blocks[i+1:])...)
			break
		}
		if isTrailer(b) {
			continue
		}
		res.Paragraphs = append(res.Paragraphs, b)
	}
	if len(res.Paragraphs) == 0 {
		return nil, ErrNoContent
	}
	return res, nil
}

// textBlocks splits raw text into blocks at blank lines, joining the lines
// of a block with single spaces.
func textBlocks(raw string) []string {
	raw = strings.ReplaceAll(raw, "\r\n", "\n")
	raw = strings.ReplaceAll(raw, "\r", "\n")
	var blocks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, line := range strings.Split(raw, "\n") {
		line = strings.Join(strings.FieldsFunc(line, unicode.IsSpace), " ")
		if line == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return blocks
}

func wordCount(s string) int { return len(strings.Fields(s)) }

// looksLikeTitle reports whether b is a single short line that does not end
// like a sentence.
func looksLikeTitle(b string, maxWords int) bool {
	n := wordCount(b)
	if n == 0 || n > maxWords {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(b)
	switch last {
	case '.', ',', ';', ':', '"', '”', '»':
		return false
	}
	return true
}

func isFurnitureMarker(b string) bool {
	if wordCount(b) > 5 {
		return false
	}
	l := strings.ToLower(strings.TrimRight(b, " :.»>›-–—"))
	for _, m := range furnitureMarkers {
		if l == m {
			return true
		}
	}
	return false
}

func isTrailer(b string) bool {
	if wordCount(b) > 12 {
		return false
	}
	l := strings.ToLower(b)
	for _, p := range trailerPrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// relatedTitles keeps the titles in a furniture box: short blocks that read
// as headlines. Teasers (longer running text) are dropped.
func relatedTitles(blocks []string) []article.Link {
	var links []article.Link
	for _, b := range blocks {
		if isFurnitureMarker(b) || isTrailer(b) {
			continue
		}
		if looksLikeTitle(b, 25) && !strings.HasSuffix(b, "…") && !strings.HasSuffix(b, "...") {
			links = append(links, article.Link{Title: b})
		}
	}
	return links
}

var looseLayouts = []string{
	"2 January 2006", "2 Jan 2006", "January 2, 2006", "Jan 2, 2006", "Jan. 2, 2006",
	"January 2 2006", "2006-01-02", "Monday, 2 January 2006", "Monday, January 2, 2006",
}

// parseLooseDate parses a date line such as "Published: 24 January 2024".
func parseLooseDate(s string) (time.Time, bool) {
	l := strings.ToLower(s)
	for _, p := range []string{"published", "updated", "posted", "last updated"} {
		if strings.HasPrefix(l, p) {
			s = strings.TrimLeft(s[len(p):], " :")
			break
		}
	}
	// Drop a trailing time of day.
	if i := strings.IndexAny(s, "T"); i == 10 {
		s = s[:i]
	}
	fields := strings.Fields(s)
	for n := len(fields); n > 0; n-- {
		cand := strings.Join(fields[:n], " ")
		for _, layout := range looseLayouts {
			if t, err := time.Parse(layout, cand); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
