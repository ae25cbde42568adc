package ingest

import (
	"context"
	"strings"
	"testing"
)

func TestParseFeed(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Rebels take town</title><link>https://e.com/a</link><pubDate>Thu, 25 Jan 2024 10:00:00 GMT</pubDate><description>short</description></item>
<item><title>No link</title></item>
</channel></rss>`
	items, err := ParseFeed(context.Background(), "rss", []byte(rss))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].URL != "https://e.com/a" || items[0].Published != "2024-01-25T10:00:00Z" || items[0].Content != "" {
		t.Errorf("items = %+v", items)
	}
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>X</title><link href="https://e.com/x"/><updated>2024-01-25T10:00:00Z</updated></entry></feed>`
	items, err = ParseFeed(context.Background(), "atom", []byte(atom))
	if err != nil || len(items) != 1 || items[0].URL != "https://e.com/x" {
		t.Errorf("atom items = %+v, %v", items, err)
	}
}

func TestParseFeedHostile(t *testing.T) {
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title><link>https://e.com</link></item></channel></rss>`
	if _, err := ParseFeed(context.Background(), "laughs", []byte(laughs)); err == nil || !strings.Contains(err.Error(), "entities") {
		t.Errorf("billion laughs: err = %v", err)
	}
	if _, err := ParseFeed(context.Background(), "broken", []byte("<rss><channel><item>")); err == nil {
		t.Errorf("malformed feed accepted")
	}
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(`<rss><channel><item><link>https://e.com</link></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseFeed(context.Background(), "fuzz", data)
	})
}
