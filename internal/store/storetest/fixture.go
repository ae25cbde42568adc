package storetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

func ptr[T any](v T) *T { return &v }

func date(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// entity builds an entity with one mention per occurrence of each of its
// names in text.
func entity(text, id, name, typ, kind, country, sector, kb string, aliases ...string) article.Entity {
	e := article.Entity{ID: id, Name: name, Type: typ, Kind: kind, Country: country, Sector: sector, KBID: kb,
		Aliases: append([]string{}, aliases...), Mentions: []article.Mention{}}
	for _, n := range append([]string{name}, aliases...) {
		for off := 0; ; {
			i := strings.Index(text[off:], n)
			if i < 0 {
				break
			}
			s := off + i
			e.Mentions = append(e.Mentions, article.Mention{Start: s, End: s + len(n), Text: n, Reason: "name"})
			off = s + len(n)
		}
	}
	return e
}

func place(text, id, name, kind, country string, lat, lon float64) article.Entity {
	e := entity(text, id, name, "GPE", kind, country, "", "")
	e.Lat, e.Lon, e.Precision = ptr(lat), ptr(lon), "city"
	return e
}

func event(text, id, typ, mode, modality, trigger string, actors, recipients []string, placeID string) article.Event {
	i := strings.Index(text, trigger)
	if i < 0 {
		panic("trigger not in text: " + trigger)
	}
	ev := article.Event{ID: id, Type: typ, Mode: mode, Actors: actors, Recipients: recipients, Modality: modality,
		Trigger: article.Mention{Start: i, End: i + len(trigger), Text: trigger}, Confidence: 0.8}
	if ev.Actors == nil {
		ev.Actors = []string{}
	}
	if ev.Recipients == nil {
		ev.Recipients = []string{}
	}
	if placeID != "" {
		ev.Place = ptr(placeID)
	}
	return ev
}

func newDoc(id, url, site, title, lang string, published *time.Time, text string) *article.Document {
	d := article.New()
	d.ID, d.URL, d.Site, d.Title, d.Language, d.Published, d.Text = id, url, site, title, lang, published, text
	d.Input = "fixture/" + id + ".txt"
	d.Paragraphs = []article.Span{{Start: 0, End: len(text)}}
	return d
}

// Corpus returns four hand-written documents covering every search filter:
//
//	A  Raqqa airstrike, 2019-03-04, en, Example News, ASSAULT asserted, SYR
//	B  Istanbul protest, 2019-03-13, en, Daily Example, PROTEST asserted, TUR
//	C  Geneva talks, 2019-03-05, fr, no URL, AGREE expected, CHE
//	D  Manbij shelling, undated, en, ASSAULT asserted, SYR (about 115 km from Raqqa)
func Corpus() []*article.Document {
	ta := `US-led coalition airstrikes hit Raqqa on Sunday, killing 12 fighters of Islamic State, also known as Isis or IS, the Syrian Observatory said.

"We will keep up the pressure," a coalition spokesman said.`
	a := newDoc("a000000000000001", "https://News.Example.com/syria/raqqa-strike#top", "Example News",
		"Coalition airstrikes hit Raqqa", "en", date("2019-03-04T10:00:00Z"), ta)
	a.Entities = []article.Entity{
		entity(ta, "ent-coalition", "US-led coalition", "ORG", "military", "USA", "MIL", "Q-coalition", "coalition"),
		entity(ta, "ent-isis-a", "Islamic State", "ORG", "armed_group", "", "REB", "Q2429253", "Isis", "IS"),
		place(ta, "ent-raqqa", "Raqqa", "city", "SYR", 35.95, 39.01),
		entity(ta, "ent-observatory", "Syrian Observatory", "ORG", "news_org", "GBR", "MED", ""),
	}
	a.Events = []article.Event{event(ta, "ev1", "ASSAULT", "aerial", "asserted", "airstrikes hit",
		[]string{"ent-coalition"}, []string{"ent-isis-a"}, "ent-raqqa")}
	a.Events[0].Attribution = ptr("ent-observatory")
	a.Events[0].Count = ptr(12.0)
	qs := strings.Index(ta, `"We`)
	a.Quotes = []article.Quote{{ID: "q1", Text: `We will keep up the pressure,`, Start: qs + 1, End: qs + 30, Direct: true,
		Speaker: ptr("ent-coalition"), SpeakerText: "a coalition spokesman", Cue: "said", Via: []string{}}}
	a.Claims = []article.Claim{{ID: "c1", Text: "killing 12 fighters of Islamic State", Start: strings.Index(ta, "killing"),
		End: strings.Index(ta, "killing") + 36, Holder: ptr("ent-observatory"), HolderText: "the Syrian Observatory", Cue: "said", Via: []string{}}}
	a.Quantities = []article.Quantity{{Text: "12 fighters", Start: strings.Index(ta, "12"), End: strings.Index(ta, "12") + 11,
		Value: 12, Unit: "fighters", Subject: ptr("ent-isis-a"), Place: ptr("ent-raqqa")}}

	tb := `Thousands of Kurdish protesters marched in Istanbul against the offensive, chanting that Isis had returned. Police in Turkey watched.`
	b := newDoc("b000000000000002", "https://daily.example.org/turkey-protest", "Daily Example",
		"Protesters march in Istanbul", "en", date("2019-03-13T08:30:00+03:00"), tb)
	b.Entities = []article.Entity{
		entity(tb, "ent-protesters", "Kurdish protesters", "NORP", "civilians", "TUR", "CVL", ""),
		place(tb, "ent-istanbul", "Istanbul", "city", "TUR", 41.01, 28.98),
		entity(tb, "ent-isis-b", "Isis", "ORG", "armed_group", "", "REB", "Q2429253", "Islamic State"),
		place(tb, "ent-turkey", "Turkey", "country", "TUR", 39.0, 35.0),
	}
	b.Events = []article.Event{event(tb, "ev1", "PROTEST", "demo", "asserted", "marched",
		[]string{"ent-protesters"}, []string{"ent-turkey"}, "ent-istanbul")}

	tc := `Envoys of the Syrian Democratic Forces are expected to begin ceasefire talks in Geneva next week.`
	c := newDoc("c000000000000003", "", "", "Ceasefire talks expected", "fr", date("2019-03-05T12:00:00Z"), tc)
	c.Entities = []article.Entity{
		entity(tc, "ent-sdf", "Syrian Democratic Forces", "ORG", "armed_group", "SYR", "REB", "Q-sdf", "SDF"),
		place(tc, "ent-geneva", "Geneva", "city", "CHE", 46.20, 6.14),
	}
	c.Events = []article.Event{event(tc, "ev1", "AGREE", "ceasefire", "expected", "ceasefire talks",
		[]string{"ent-sdf"}, nil, "ent-geneva")}

	td := `Shelling of Manbij, west of Raqqa, wounded five civilians, and Islamic State denied any role.`
	d := newDoc("d000000000000004", "https://news.example.com/syria/manbij", "Example News",
		"Shelling in Manbij", "en", nil, td)
	d.Entities = []article.Entity{
		place(td, "ent-manbij", "Manbij", "city", "SYR", 36.53, 37.95),
		place(td, "ent-raqqa-d", "Raqqa", "city", "SYR", 35.95, 39.01),
		entity(td, "ent-isis-d", "Islamic State", "ORG", "armed_group", "", "REB", "Q2429253"),
	}
	d.Events = []article.Event{event(td, "ev1", "ASSAULT", "heavy-weapons", "asserted", "Shelling",
		nil, nil, "ent-manbij")}
	return []*article.Document{a, b, c, d}
}

// Synthetic returns n small distinct documents for volume and concurrency
// tests.
func Synthetic(prefix string, n int) []*article.Document {
	out := make([]*article.Document, n)
	for i := range out {
		text := fmt.Sprintf("Report %s number %d: fighting near Deir ez-Zor continued for day %d.", prefix, i, i)
		d := newDoc(fmt.Sprintf("%s%013d", prefix, i)[:16], fmt.Sprintf("https://synthetic.example/%s/%d", prefix, i),
			"Synthetic", fmt.Sprintf("Report %d", i), "en", date("2019-01-01T00:00:00Z"), text)
		d.Entities = []article.Entity{place(text, "ent-dez", "Deir ez-Zor", "city", "SYR", 35.33, 40.14)}
		d.Events = []article.Event{event(text, "ev1", "ASSAULT", "firearms", "asserted", "fighting", nil, nil, "ent-dez")}
		out[i] = d
	}
	return out
}
