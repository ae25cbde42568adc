package web_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// openStore opens a fresh SQLite store in a temporary directory.
func openStore(t testing.TB) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "sitrep.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// builder makes a document by hand: annotations are found by the text
// they cover, so offsets are always right.
type builder struct {
	t   testing.TB
	doc *article.Document
}

func newDoc(t testing.TB, id, site, title string, published string, paras ...string) *builder {
	d := article.New()
	d.ID, d.Site, d.Title, d.Language = id, site, title, "en"
	d.URL = "https://" + site + "/" + id
	d.Input = id
	if published != "" {
		p, err := time.Parse(time.DateOnly, published)
		if err != nil {
			t.Fatal(err)
		}
		d.Published = &p
	}
	d.Text = strings.Join(paras, "\n\n")
	off := 0
	for _, p := range paras {
		d.Paragraphs = append(d.Paragraphs, article.Span{Start: off, End: off + len(p)})
		off += len(p) + 2
	}
	return &builder{t: t, doc: d}
}

// find returns the span of the n-th (0-based) occurrence of s.
func (b *builder) find(s string, n int) article.Span {
	b.t.Helper()
	from := 0
	for i := 0; ; i++ {
		j := strings.Index(b.doc.Text[from:], s)
		if j < 0 {
			b.t.Fatalf("%q (occurrence %d) not in the text of %s", s, n, b.doc.ID)
		}
		if i == n {
			return article.Span{Start: from + j, End: from + j + len(s)}
		}
		from += j + len(s)
	}
}

func (b *builder) entity(id, name, typ, kind, country, sector, kbid string, mentions ...string) *builder {
	e := article.Entity{ID: id, Name: name, Type: typ, Kind: kind, Country: country, Sector: sector, KBID: kbid, Aliases: []string{}}
	seen := map[string]int{}
	for _, m := range mentions {
		s := b.find(m, seen[m])
		seen[m]++
		e.Mentions = append(e.Mentions, article.Mention{Start: s.Start, End: s.End, Text: m, Reason: "name"})
		if m != name && !contains(e.Aliases, m) {
			e.Aliases = append(e.Aliases, m)
		}
	}
	b.doc.Entities = append(b.doc.Entities, e)
	return b
}

func (b *builder) place(id, name, country string, lat, lon float64, mention string) *builder {
	s := b.find(mention, 0)
	b.doc.Entities = append(b.doc.Entities, article.Entity{ID: id, Name: name, Type: "GPE", Kind: "country", Country: country,
		Aliases: []string{}, Lat: &lat, Lon: &lon, Precision: "country",
		Mentions: []article.Mention{{Start: s.Start, End: s.End, Text: mention, Reason: "name"}}})
	return b
}

func (b *builder) quote(id, text, speaker, speakerText string) *builder {
	s := b.find(text, 0)
	q := article.Quote{ID: id, Text: text, Start: s.Start, End: s.End, Direct: true, Cue: "said", Via: []string{}}
	if speaker != "" {
		q.Speaker = &speaker
		q.SpeakerText = speakerText
		sp := b.find(speakerText, 0)
		q.SpeakerSpan = &sp
	}
	b.doc.Quotes = append(b.doc.Quotes, q)
	return b
}

func (b *builder) claim(id, text, holder string) *builder {
	s := b.find(text, 0)
	b.doc.Claims = append(b.doc.Claims, article.Claim{ID: id, Text: text, Start: s.Start, End: s.End, Holder: &holder, Cue: "claim", Via: []string{}})
	return b
}

func (b *builder) quantity(text string, value float64, unit, subject string) *builder {
	s := b.find(text, 0)
	q := article.Quantity{Text: text, Start: s.Start, End: s.End, Value: value, Unit: unit, Approximate: strings.Contains(text, "roughly")}
	if subject != "" {
		q.Subject = &subject
	}
	b.doc.Quantities = append(b.doc.Quantities, q)
	return b
}

func (b *builder) event(id, typ, modality, trigger string, actors, recipients []string, place string, count float64) *builder {
	s := b.find(trigger, 0)
	e := article.Event{ID: id, Type: typ, Mode: "", Actors: actors, Recipients: recipients, Modality: modality,
		Trigger: article.Mention{Start: s.Start, End: s.End, Text: trigger}, Confidence: 0.9}
	sent := b.doc.SentenceAt(s.Start)
	if sent >= 0 {
		e.Sentence = b.doc.Sentences[sent]
	} else {
		e.Sentence = s
	}
	if place != "" {
		e.Place = &place
	}
	if count > 0 {
		e.Count = &count
	}
	if b.doc.Published != nil {
		e.Date = &article.EventDate{Value: b.doc.Published.Format(time.DateOnly), Precision: "day"}
	}
	if actors == nil {
		e.Actors = []string{}
	}
	if recipients == nil {
		e.Recipients = []string{}
	}
	b.doc.Events = append(b.doc.Events, e)
	return b
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// fixtures are three hand-annotated articles: two outlets' versions of one
// attack (with different casualty figures) and a statement.
func fixtures(t testing.TB) []*article.Document {
	a := newDoc(t, "aaaa000000000001", "example-news.test", "Armed group attacks base near Erbil, killing three", "2024-01-20",
		"The Islamic Resistance in Iraq (IRI) attacked a base near Erbil on Saturday, killing three soldiers, officials said.",
		"“We will continue our operations,” the IRI said in a statement. US officials claim the group has carried out roughly 150 attacks since October.",
		"The IRI threatened further strikes against US forces in Iraq.").
		entity("e1", "Islamic Resistance in Iraq", "ORG", "armed_group", "IRQ", "REB", "Q1", "Islamic Resistance in Iraq", "IRI", "IRI", "IRI").
		entity("e2", "US forces", "ORG", "military", "USA", "MIL", "Q2", "US forces").
		entity("e3", "US officials", "PER", "government", "USA", "GOV", "", "US officials").
		place("p1", "Iraq", "IRQ", 33, 44, "Iraq").
		quote("q1", "“We will continue our operations,”", "e1", "IRI").
		claim("c1", "the group has carried out roughly 150 attacks since October", "e3").
		quantity("three soldiers", 3, "soldiers", "").
		quantity("roughly 150 attacks", 150, "attacks", "e1").
		event("ev1", "ASSAULT", "asserted", "attacked", []string{"e1"}, []string{"e2"}, "p1", 3).
		event("ev2", "THREATEN", "threatened", "threatened", []string{"e1"}, []string{"e2"}, "p1", 0).doc
	b := newDoc(t, "bbbb000000000002", "other-wire.test", "Three killed as armed group attacks base near Erbil", "2024-01-20",
		"An armed group, the Islamic Resistance in Iraq, attacked a base near Erbil, killing four soldiers, a spokesman said.").
		entity("e1", "Islamic Resistance in Iraq", "ORG", "armed_group", "IRQ", "REB", "Q1", "Islamic Resistance in Iraq").
		entity("e2", "US forces", "ORG", "military", "USA", "MIL", "Q2", "base").
		place("p1", "Iraq", "IRQ", 33, 44, "Erbil").
		quantity("four soldiers", 4, "soldiers", "").
		event("ev1", "ASSAULT", "asserted", "attacked", []string{"e1"}, []string{"e2"}, "p1", 4).doc
	c := newDoc(t, "cccc000000000003", "example-news.test", "Talks on the coalition begin in Baghdad", "2024-01-25",
		"The United States and Iraq will begin talks on the future of the coalition, Reuters reported.").
		entity("e1", "United States", "GPE", "country", "USA", "GOV", "Q30", "United States").
		entity("e2", "Iraq", "GPE", "country", "IRQ", "GOV", "Q796", "Iraq").
		event("ev1", "CONSULT", "future", "talks", []string{"e1"}, []string{"e2"}, "", 0).doc
	return []*article.Document{a, b, c}
}

// hostile is an article whose every field tries to run script.
func hostile(t testing.TB) *article.Document {
	payload := `<script>document.title='pwned';window.pwned=1;alert(1)</script>`
	img := `<img src=x onerror="document.title='pwned';window.pwned=1;alert(1)">`
	d := newDoc(t, "hhhh000000000666", "evil.test", "Breaking "+payload+img, "2024-01-21",
		"Officials said "+payload+" was found.",
		"Then "+img+" appeared, said <b>the</b> \"spokesman\" & co.").
		entity("x1", `Evil <script>alert(1)</script> Group`, "ORG", "armed_group", "IRQ", "REB", "", payload).
		quote("xq", img, "x1", payload).
		event("xe", "ASSAULT", "asserted", "appeared", []string{"x1"}, nil, "", 0).doc
	d.URL = "javascript:alert(1)"
	d.Dek = img
	return d
}
