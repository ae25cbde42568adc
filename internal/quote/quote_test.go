package quote

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

func analyse(t testing.TB, text string, ents ...article.Entity) *article.Document {
	t.Helper()
	doc := article.New()
	doc.Language = "en"
	if strings.Contains(text, "Le ") {
		doc.Language = "fr"
	}
	doc.Text = text
	if err := (segment.Stage{}).Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	doc.Entities = append(doc.Entities, ents...)
	if err := (Stage{}).Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// ent builds an entity with a mention at each occurrence of each name.
func ent(text, id, typ, kind, sector string, names ...string) article.Entity {
	e := article.Entity{ID: id, Name: names[0], Type: typ, Kind: kind, Sector: sector}
	for _, n := range names {
		for off := 0; ; {
			i := strings.Index(text[off:], n)
			if i < 0 {
				break
			}
			s := off + i
			e.Mentions = append(e.Mentions, article.Mention{Start: s, End: s + len(n), Text: n})
			off = s + len(n)
		}
	}
	return e
}

func TestDirectQuotes(t *testing.T) {
	tests := []struct {
		name, text       string
		quote, speaker   string // quote text prefix; speaker text
		cue              string
		wantNone, direct bool
	}{
		{name: "speaker before", text: `The minister said, “We will not stop.”`, quote: "We will not stop.", speaker: "The minister", cue: "said", direct: true},
		{name: "speaker after", text: `“We will not stop,” the minister said.`, quote: "We will not stop,", speaker: "the minister", cue: "said", direct: true},
		{name: "said X", text: `“We will not stop,” said Ahmed Ali, a commander.`, quote: "We will not stop,", speaker: "Ahmed Ali", cue: "said", direct: true},
		{name: "straight quotes", text: `"It is over," he told reporters.`, quote: "It is over,", speaker: "he", cue: "told", direct: true},
		{name: "guillemets", text: `Le ministre a déclaré : « Nous ne céderons pas. »`, quote: "Nous ne céderons pas.", speaker: "Le ministre", cue: "a déclaré", direct: true},
		{name: "low-high", text: `Er sagte: „Wir bleiben hier.“ The minister said „we stay here“ today.`, quote: "Wir bleiben hier.", direct: true},
		{name: "according to after", text: `But the report stressed that “There is no order,” according to five US officials.`, quote: "There is no order,", speaker: "five US officials", cue: "according to", direct: true},
		{name: "scare quote dropped", text: `The so-called “peace plan” was rejected by all sides.`, wantNone: true},
		{name: "scare quote with cue kept", text: `He called it a “witch hunt” on Monday.`, quote: "witch hunt", speaker: "He", cue: "called", direct: true},
		{name: "participle", text: `The IRI issued a statement saying the request is “nothing but an attempt to shuffle the cards.”`, quote: "nothing but", speaker: "The IRI", cue: "saying", direct: true},
		{name: "nested single quotes", text: `She said, “They told us ‘leave now’ and we left.”`, quote: "They told us ‘leave now’ and we left.", speaker: "She", cue: "said", direct: true},
		{name: "indirect that", text: `The ministry said that three soldiers were killed in the attack.`, quote: "three soldiers were killed in the attack", speaker: "The ministry", cue: "said"},
		{name: "indirect told", text: `The governor told reporters the road would reopen on Friday.`, quote: "the road would reopen on Friday", speaker: "The governor", cue: "told"},
		{name: "colon ends the paragraph before", text: "Cruz continued:\n\n“You look at the questions. How about the issues people care about?”", quote: "You look at the questions.", speaker: "Cruz", cue: "continued", direct: true},
		{name: "comma between subject and verb", text: `Gov. John Kasich (R-OH), said, “I’m getting ready to rent a covered wagon.”`, quote: "I’m getting ready", speaker: "Gov. John Kasich (R-OH)", cue: "said", direct: true},
		{name: "writing", text: `Carson shared a syllabus on his Facebook page, writing “Allow me also to do the research for the reporter.”`, quote: "Allow me", speaker: "Carson", cue: "writing", direct: true},
		{name: "indirect trailing", text: `The road would reopen on Friday, the governor said.`, quote: "The road would reopen on Friday", speaker: "the governor", cue: "said"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := analyse(t, tt.text)
			if tt.wantNone {
				if len(doc.Quotes) != 0 {
					t.Fatalf("got %d quotes, want none: %+v", len(doc.Quotes), doc.Quotes)
				}
				return
			}
			if len(doc.Quotes) == 0 {
				t.Fatalf("no quote in %q", tt.text)
			}
			q := doc.Quotes[0]
			if !strings.HasPrefix(q.Text, tt.quote) {
				t.Errorf("quote %q, want prefix %q", q.Text, tt.quote)
			}
			if tt.speaker != "" && q.SpeakerText != tt.speaker {
				t.Errorf("speaker %q, want %q", q.SpeakerText, tt.speaker)
			}
			if tt.cue != "" && q.Cue != tt.cue {
				t.Errorf("cue %q, want %q", q.Cue, tt.cue)
			}
			if q.Direct != tt.direct {
				t.Errorf("direct %v, want %v", q.Direct, tt.direct)
			}
			if q.Speaker != nil {
				t.Errorf("speaker id %v without entities", *q.Speaker)
			}
		})
	}
}

func TestMarks(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"continuation", "He said: “First part.\n\n“Second part,” he added.\n\nNext.", []string{"First part.\n\n“Second part,"}},
		{"capped at paragraph", "He said: “never closed\n\nNew paragraph “here”.", []string{"never closed", "here"}},
		{"inner opener ignored", "Politico added that “discussions are taking place and that “the talks are linked.”", []string{"discussions are taking place and that “the talks are linked."}},
		{"stray closer", "A stray” mark and “a real one” here.", []string{"a real one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := article.New()
			doc.Text = tt.text
			var got []string
			for _, s := range Marks(tt.text, segment.Paragraphs(tt.text)) {
				got = append(got, doc.Slice(s))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpeakerEntities(t *testing.T) {
	text := "US news site Politico reported, “There has been a lot of talk.”\n\nBut the report stressed that “There is no imminent withdrawal order,” according to five US officials.\n\nHe said, “Yes.”"
	ents := []article.Entity{
		ent(text, "politico", "ORG", "news_org", "MED", "Politico"),
		ent(text, "usa", "GPE", "state", "GOV", "five US officials", "US news"),
	}
	ents[1].Mentions = ents[1].Mentions[:1] // only "five US officials"
	doc := analyse(t, text, ents...)
	if len(doc.Quotes) < 2 {
		t.Fatalf("got %d quotes", len(doc.Quotes))
	}
	q0, q1 := doc.Quotes[0], doc.Quotes[1]
	if q0.Speaker == nil || *q0.Speaker != "politico" {
		t.Errorf("first speaker %v, want politico", q0.Speaker)
	}
	if q1.Speaker == nil || *q1.Speaker != "usa" || q1.SpeakerText != "five US officials" {
		t.Errorf("second speaker %v %q, want usa", q1.Speaker, q1.SpeakerText)
	}
	if len(q1.Via) != 1 || q1.Via[0] != "politico" {
		t.Errorf("via %v, want [politico]", q1.Via)
	}
}

func TestPronounSpeaker(t *testing.T) {
	text := "Ahmed Ali arrived on Monday. He said, “We will stay.”"
	doc := analyse(t, text, ent(text, "ali", "PER", "person", "", "Ahmed Ali"))
	if len(doc.Quotes) != 1 || doc.Quotes[0].Speaker == nil || *doc.Quotes[0].Speaker != "ali" {
		t.Fatalf("quotes %+v, want speaker ali", doc.Quotes)
	}
	if doc.Quotes[0].SpeakerText != "He" {
		t.Errorf("speaker text %q, want He", doc.Quotes[0].SpeakerText)
	}
}

// seedPath returns the seed article from ../shared, or skips.
func seedPath(t testing.TB) string {
	p := filepath.Join("..", "..", "..", "shared", "seed", "000_8a460393155f9b4e.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("seed article absent (../shared/seed from the repository root): %v", err)
	}
	return p
}

func seedDoc(t testing.TB) *article.Document {
	b, err := os.ReadFile(seedPath(t))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	ents := []article.Entity{
		ent(text, "iri", "ORG", "armed_group", "REB", "Islamic Resistance in Iraq", "IRI"),
		ent(text, "reuters", "ORG", "news_org", "MED", "Reuters"),
		ent(text, "politico", "ORG", "news_org", "MED", "Politico"),
		ent(text, "usa", "GPE", "state", "GOV", "five US officials", "US officials", "The US"),
	}
	doc := article.New()
	doc.Language = "en"
	doc.Text = text
	segment.Stage{}.Process(context.Background(), doc)
	doc.Entities = ents
	return doc
}

func TestSeed(t *testing.T) {
	doc := seedDoc(t)
	if err := (Stage{}).Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		prefix, speaker, cue string
		via                  []string
	}{
		{"turn the tables on the resistance", "iri", "describing", nil},
		{"nothing but an attempt to shuffle the cards", "iri", "saying", nil},
		{"the Islamic resistance’s response", "iri", "stressed", nil},
		{"ending the international military coalition", "reuters", "reported", nil},
		{"Suddenly, there has been a lot of talk", "politico", "reported", nil},
		{"There is no imminent withdrawal order", "usa", "according to", []string{"politico"}},
		{"discussions are taking place in the White House", "politico", "added", nil},
	}
	for _, w := range want {
		var q *article.Quote
		for i := range doc.Quotes {
			if doc.Quotes[i].Direct && strings.HasPrefix(doc.Quotes[i].Text, w.prefix) {
				q = &doc.Quotes[i]
			}
		}
		if q == nil {
			t.Errorf("no direct quote %q", w.prefix)
			continue
		}
		if q.Speaker == nil || *q.Speaker != w.speaker {
			t.Errorf("%q: speaker %v (%q), want %s", w.prefix, q.Speaker, q.SpeakerText, w.speaker)
		}
		if q.Cue != w.cue {
			t.Errorf("%q: cue %q, want %q", w.prefix, q.Cue, w.cue)
		}
		if strings.Join(q.Via, ",") != strings.Join(w.via, ",") {
			t.Errorf("%q: via %v, want %v", w.prefix, q.Via, w.via)
		}
	}
	// Not part of the article's quotations: the Check Also box.
	for _, q := range doc.Quotes {
		if strings.Contains(q.Text, "Netanyahou") {
			t.Errorf("quote from the Check Also box: %q", q.Text)
		}
	}
}

func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		`He said, “We will not stop.”`, `"a"b"c"d"e"f`, "“\n\n“\n\n“", `« oui » dit-il`,
		"„x“ ”y” “z", `"` + strings.Repeat(`"x`, 50), "قال \"نعم\" المتحدث",
		"It said “" + strings.Repeat("9", 500) + "” he said.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		doc := article.New()
		doc.Text = text
		segment.Stage{}.Process(context.Background(), doc)
		qs := Find(doc)
		for _, q := range qs {
			if q.Start < 0 || q.End > len(text) || q.Start > q.End {
				t.Fatalf("quote span %d-%d outside text of %d bytes", q.Start, q.End, len(text))
			}
			if q.SpeakerSpan != nil && (q.SpeakerSpan.Start < 0 || q.SpeakerSpan.End > len(text) || q.SpeakerSpan.Start > q.SpeakerSpan.End) {
				t.Fatalf("speaker span %+v outside text", *q.SpeakerSpan)
			}
			if !utf8.ValidString(q.Text) {
				t.Fatalf("quote text not UTF-8: %q", q.Text)
			}
		}
		_ = math.Inf
	})
}

func BenchmarkQuoteSeed(b *testing.B) {
	doc := seedDoc(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		doc.Quotes = Find(doc)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(doc.Sentences)), "ns/sentence")
}

// TestLearnedSpeaker checks quotations whose cue is in no lexicon: the
// attribution model of package cue names the speaker.
func TestLearnedSpeaker(t *testing.T) {
	tests := []struct{ text, quote, speaker, cue string }{
		{"The union leader fumed: “This deal is an insult to every worker.”", "This deal is an insult", "union leader", "fumed"},
		{"The mayor lamented: “We lost a generation to this crisis.”", "We lost a generation", "The mayor", "lamented"},
		{"Clinton affirmed: “We will not back down from this fight.”", "We will not back down", "Clinton", "affirmed"},
	}
	for _, tt := range tests {
		t.Run(tt.cue, func(t *testing.T) {
			doc := analyse(t, tt.text)
			if len(doc.Quotes) == 0 {
				t.Fatalf("no quote in %q", tt.text)
			}
			q := doc.Quotes[0]
			if !strings.HasPrefix(q.Text, tt.quote) || !strings.Contains(q.SpeakerText, tt.speaker) || !strings.HasPrefix(q.Cue, tt.cue) {
				t.Errorf("quote %q speaker %q cue %q, want %q by %q with %q", q.Text, q.SpeakerText, q.Cue, tt.quote, tt.speaker, tt.cue)
			}
			if q.SpeakerSpan == nil || doc.Text[q.SpeakerSpan.Start:q.SpeakerSpan.End] != q.SpeakerText {
				t.Errorf("speaker span %v does not hold %q", q.SpeakerSpan, q.SpeakerText)
			}
		})
	}
}
