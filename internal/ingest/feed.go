package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"
)

// FeedItem is one entry of an RSS or Atom feed.
type FeedItem struct {
	URL       string
	Title     string
	Published string // RFC 3339, or "" when the feed gives none
	// Content is the item's full content when the feed carries it (HTML),
	// else "" and the page must be fetched.
	Content string
}

// ParseFeed parses an RSS, Atom or JSON feed. Entities declared in a DTD
// are never expanded, so a "billion laughs" feed is an error, not a hang.
func ParseFeed(_ context.Context, name string, data []byte) ([]FeedItem, error) {
	if bytes.Contains(data, []byte("<!ENTITY")) {
		return nil, fmt.Errorf("parsing feed %s: declares XML entities, which Sitrep does not expand", name)
	}
	fp := gofeed.NewParser()
	feed, err := fp.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parsing feed %s: %w", name, err)
	}
	items := make([]FeedItem, 0, len(feed.Items))
	for _, it := range feed.Items {
		fi := FeedItem{URL: strings.TrimSpace(it.Link), Title: strings.TrimSpace(it.Title)}
		if it.PublishedParsed != nil {
			fi.Published = it.PublishedParsed.UTC().Format("2006-01-02T15:04:05Z07:00")
		} else if it.UpdatedParsed != nil {
			fi.Published = it.UpdatedParsed.UTC().Format("2006-01-02T15:04:05Z07:00")
		}
		// Only full content is kept; a one-line description is a teaser.
		if len(it.Content) > 500 {
			fi.Content = it.Content
		}
		if fi.URL == "" && fi.Content == "" {
			continue
		}
		items = append(items, fi)
	}
	return items, nil
}
