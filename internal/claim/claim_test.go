package claim

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

func find(t testing.TB, text string) []article.Claim {
	doc := article.New()
	doc.Language = "en"
	doc.Text = text
	segment.Stage{}.Process(context.Background(), doc)
	if err := (Stage{}).Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	return doc.Claims
}

func TestClaims(t *testing.T) {
	tests := []struct {
		name, text, content, holder, cue, hedge string
	}{
		{"reported that", "Reuters reported Wednesday that the US and Iraq will begin talks.", "the US and Iraq will begin talks", "Reuters", "reported", ""},
		{"according to after", "The talks are expected to take at least several months, according to sources speaking with Reuters.", "The talks are expected to take at least several months", "sources", "according to", "expected"},
		{"according to before", "According to the ministry, five soldiers died.", "five soldiers died", "the ministry", "according to", ""},
		{"claim", "US officials claim they are present to fight ISIS.", "they are present to fight ISIS", "US officials", "claim", "claim"},
		{"rumors", "The move sparked rumors that Washington is planning to withdraw.", "Washington is planning to withdraw", "", "rumors", "rumors"},
		{"many view", "The operation, which many view as constituting genocide, goes on.", "constituting genocide", "many", "view", "many view"},
		{"stressed that", "The IRI statement stressed that its operations will continue.", "its operations will continue", "The IRI statement", "stressed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := find(t, tt.text)
			for _, c := range cs {
				if c.Cue != tt.cue {
					continue
				}
				if c.Text != tt.content || c.HolderText != tt.holder || c.Hedge != tt.hedge {
					t.Errorf("got %q holder %q hedge %q, want %q holder %q hedge %q", c.Text, c.HolderText, c.Hedge, tt.content, tt.holder, tt.hedge)
				}
				if c.Holder != nil {
					t.Errorf("holder id %v without entities", *c.Holder)
				}
				return
			}
			t.Errorf("no claim with cue %q in %+v", tt.cue, cs)
		})
	}
}

func seedDoc(t testing.TB) *article.Document {
	p := filepath.Join("..", "..", "..", "shared", "seed", "000_8a460393155f9b4e.txt")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("seed article absent (../shared/seed from the repository root): %v", err)
	}
	doc := article.New()
	doc.Language = "en"
	doc.Text = string(b)
	segment.Stage{}.Process(context.Background(), doc)
	add := func(id, typ, kind, sector string, names ...string) {
		e := article.Entity{ID: id, Type: typ, Kind: kind, Sector: sector, Name: names[0]}
		for _, n := range names {
			for off := 0; ; {
				i := strings.Index(doc.Text[off:], n)
				if i < 0 {
					break
				}
				e.Mentions = append(e.Mentions, article.Mention{Start: off + i, End: off + i + len(n), Text: n})
				off += i + len(n)
			}
		}
		doc.Entities = append(doc.Entities, e)
	}
	add("iri", "ORG", "armed_group", "REB", "Islamic Resistance in Iraq", "IRI")
	add("reuters", "ORG", "news_org", "MED", "Reuters")
	add("politico", "ORG", "news_org", "MED", "Politico")
	add("usa", "ORG", "government", "GOV", "five US officials", "US officials")
	return doc
}

func TestSeed(t *testing.T) {
	doc := seedDoc(t)
	Stage{}.Process(context.Background(), doc)
	want := []struct{ prefix, holder, holderText, via, cue, hedge string }{
		{"the US and Iraq will begin talks", "reuters", "Reuters", "", "reported", ""},
		{"The talks are expected to take at least several months", "", "sources", "reuters", "according to", "expected"},
		{"they are present to fight ISIS", "usa", "US officials", "", "claim", "claim"},
		{"Washington is planning to withdraw", "", "", "reuters", "rumors", "rumors"},
		{"constituting genocide", "", "many", "", "view", "many view"},
		{"the Islamic resistance’s response", "iri", "The IRI statement", "", "stressed", ""},
		{"There is no imminent withdrawal order", "usa", "five US officials", "politico", "according to", ""},
	}
	for _, w := range want {
		var c *article.Claim
		for i := range doc.Claims {
			if strings.HasPrefix(doc.Claims[i].Text, w.prefix) {
				c = &doc.Claims[i]
			}
		}
		if c == nil {
			t.Errorf("no claim %q", w.prefix)
			continue
		}
		holder := ""
		if c.Holder != nil {
			holder = *c.Holder
		}
		if holder != w.holder || c.HolderText != w.holderText || strings.Join(c.Via, ",") != w.via || c.Cue != w.cue || c.Hedge != w.hedge {
			t.Errorf("%q: holder %q %q via %v cue %q hedge %q; want %q %q via %q cue %q hedge %q",
				w.prefix, holder, c.HolderText, c.Via, c.Cue, c.Hedge, w.holder, w.holderText, w.via, w.cue, w.hedge)
		}
	}
}

func BenchmarkClaimSeed(b *testing.B) {
	doc := seedDoc(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		doc.Claims = Find(doc)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(doc.Sentences)), "ns/sentence")
}
