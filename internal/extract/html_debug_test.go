package extract

import (
	"bytes"

	"golang.org/x/net/html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/evaluate"
)

// TestDebugPage prints the extraction of the scrapinghub pages whose id
// starts with $SITREP_PAGE, for tuning.
func TestDebugPage(t *testing.T) {
	prefix := os.Getenv("SITREP_PAGE")
	if prefix == "" {
		t.Skip("set SITREP_PAGE to an id prefix to print a page's extraction")
	}
	dir := scrapinghubDir(t)
	gold, urls, err := evaluate.ReadGold(dir)
	if err != nil {
		t.Fatal(err)
	}
	for id := range gold {
		if !strings.HasPrefix(id, prefix) {
			continue
		}
		page, err := evaluate.ReadPage(dir, id)
		if err != nil {
			t.Fatal(err)
		}
		if find := os.Getenv("SITREP_FIND"); find != "" {
			d := newDoc(mustParse(t, page), urls[id])
			for i := range d.nodes {
				if d.nodes[i].tag == textTag && strings.Contains(d.nodes[i].n.Data, find) {
					for a := int32(i); a >= 0; a = d.nodes[a].parent {
						nd := d.nodes[a]
						t.Logf("  %s class=%q id=%q junk=%v w=%d chars=%d ld=%.2f", nd.n.Data, attr(nd.n, "class"), attr(nd.n, "id"), nd.junk, nd.weight, nd.chars, nd.linkDensity())
					}
					break
				}
			}
		}
		res, err := HTML(page, "", urls[id])
		t.Logf("%s err=%v", filepath.Base(id), err)
		if res != nil {
			t.Logf("title=%q site=%q url=%q lang=%q byline=%q date=%v\ndek=%q", res.Title, res.Site, res.URL, res.Language, res.Byline, res.Published, res.Dek)
			for _, p := range res.Paragraphs {
				t.Logf("P: %s", p)
			}
			for _, l := range res.Related {
				t.Logf("REL: %s %s", l.Title, l.URL)
			}
		}
		t.Logf("GOLD: %.600s", gold[id])
	}
}

func mustParse(t *testing.T, page []byte) *html.Node {
	root, err := html.Parse(bytes.NewReader(toUTF8(page, "")))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
