package event

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/segment"
)

// seedPath is the seed article, beside the repository.
const seedPath = "../../../shared/seed/000_8a460393155f9b4e.txt"

// builder makes hand-built documents: entities found by their surface
// forms, quotes and claims by their text.
type builder struct {
	doc *article.Document
}

func newDoc(text string) *builder {
	d := article.New()
	d.Text = text
	if err := (segment.Stage{}).Process(context.Background(), d); err != nil {
		panic(err)
	}
	return &builder{doc: d}
}

func (b *builder) ent(id, typ, kind, country, sector string, surfaces ...string) *builder {
	e := article.Entity{ID: id, Name: surfaces[0], Type: typ, Kind: kind, Country: country, Sector: sector}
	for _, s := range surfaces {
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(s) + `\b`)
		for _, m := range re.FindAllStringIndex(b.doc.Text, -1) {
			e.Mentions = append(e.Mentions, article.Mention{Start: m[0], End: m[1], Text: s})
		}
	}
	b.doc.Entities = append(b.doc.Entities, e)
	return b
}

func (b *builder) span(text string) (int, int) {
	i := strings.Index(b.doc.Text, text)
	if i < 0 {
		panic("no " + text)
	}
	return i, i + len(text)
}

func (b *builder) quote(id, speaker, text string) *builder {
	s, e := b.span(text)
	sp := speaker
	b.doc.Quotes = append(b.doc.Quotes, article.Quote{ID: id, Start: s, End: e, Text: text, Speaker: &sp})
	return b
}

func (b *builder) claim(id, holder, text string) *builder {
	s, e := b.span(text)
	h := holder
	b.doc.Claims = append(b.doc.Claims, article.Claim{ID: id, Start: s, End: e, Text: text, Holder: &h})
	return b
}

func (b *builder) date(text, value, precision, since string) *builder {
	s, e := b.span(text)
	b.doc.Dates = append(b.doc.Dates, article.Date{Text: text, Start: s, End: e, Value: value, Precision: precision, Since: since})
	return b
}

func (b *builder) qty(text string, v float64, approx bool) *builder {
	s, e := b.span(text)
	b.doc.Quantities = append(b.doc.Quantities, article.Quantity{Text: text, Start: s, End: e, Value: v, Approximate: approx})
	return b
}

// seedDoc is the seed article with the annotations the earlier stages are
// expected to make, built by hand until they land.
func seedDoc(t testing.TB) *article.Document {
	path := filepath.FromSlash(seedPath)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed article not found (%v): run from a checkout beside ../shared", err)
	}
	text := strings.TrimSpace(string(raw))
	b := newDoc(text).
		ent("e1", "ORG", "armed_group", "IRQ", "REB", "Islamic Resistance in Iraq", "IRI", "Iraqi resistance", "Islamic resistance", "resistance").
		ent("e2", "GPE", "country", "USA", "GOV", "US", "United States", "Washington").
		ent("e3", "ORG", "military", "USA", "MIL", "US forces", "American forces", "foreign forces").
		ent("e4", "ORG", "government", "USA", "GOV", "US officials", "five US officials").
		ent("e5", "ORG", "government", "IRQ", "GOV", "Iraqi government").
		ent("e6", "GPE", "country", "IRQ", "", "Iraq").
		ent("e7", "GPE", "country", "SYR", "", "Syria").
		ent("e8", "GPE", "country", "ISR", "", "Israel").
		ent("e9", "GPE", "region", "PSE", "", "Gaza").
		ent("e10", "ORG", "armed_group", "", "REB", "ISIS", "the notorious extremist group").
		ent("e11", "ORG", "news_org", "GBR", "MED", "Reuters").
		ent("e12", "ORG", "news_org", "USA", "MED", "Politico", "US news site Politico").
		ent("e13", "PER", "person", "USA", "GOV", "Joe Biden", "US President Joe Biden").
		ent("e14", "ORG", "government", "USA", "GOV", "White House").
		ent("e15", "NORP", "group", "PSE", "CVL", "Palestinians").
		ent("e16", "LOC", "region", "", "", "Middle East").
		claim("c1", "e11", "the US and Iraq will begin talks on “ending the international military coalition led by the United States in Iraq and how to replace it with bilateral relations.”").
		quote("q1", "e1", "“nothing but an attempt to shuffle the cards, turn the tables on the resistance, and buy time to carry out more crimes and diabolical plans to harm our people and our nation.”").
		quote("q2", "e1", "“the Islamic resistance’s response to this claim is to continue jihadist operations against the foreign presence.”").
		quote("q3", "e12", "“Suddenly, there has been a lot of talk about the withdrawal of American forces from two countries in the Middle East, coinciding with their exposure to increasing attacks recently.”").
		quote("q4", "e4", "“There is no imminent withdrawal order from US President Joe Biden or issued by his office,”").
		quote("q5", "e12", "“discussions are taking place in the White House about where US forces are most needed in the region and that “the talks on Iraq and Syria are linked to each other.”").
		claim("c2", "e4", "they are present to fight ISIS").
		claim("c3", "e4", "a withdrawal from Iraq and Syria is not imminent").
		date("since 7 October", "", "", "2023-10-07").
		date("Wednesday", "", "", "").
		date("2019", "2019", "year", "").
		qty("roughly 150", 150, true).
		qty("2,500", 2500, false)
	return b.doc
}

func TestSeedPrint(t *testing.T) {
	doc := seedDoc(t)
	st, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	for _, ev := range doc.Events {
		t.Logf("%s %s", ev.ID, String(doc, ev))
	}
}

// TestSeed checks the seed's events as fragments: what must be there, and
// what must never be there.
func TestSeed(t *testing.T) {
	doc := seedDoc(t)
	st, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	type want struct {
		name             string
		typ, mode        string
		actor, recipient string // entity ids; "" = any
		modality         string
		check            func(article.Event) bool
	}
	musts := []want{
		{name: "IRI threatens US forces", typ: "THREATEN", mode: "violence", actor: "e1", recipient: "e3", modality: Asserted},
		{name: "IRI rejects the US", typ: "REJECT", actor: "e1", recipient: "e2", modality: Asserted},
		{name: "IRI accuses the US", typ: "ACCUSE", actor: "e1", recipient: "e2", modality: Asserted},
		{name: "US requests a meeting of Iraq", typ: "REQUEST", mode: "meet", actor: "e2", recipient: "e5", modality: Asserted},
		{name: "US and Iraq will talk, says Reuters", typ: "CONSULT", actor: "e2", modality: Future,
			check: func(e article.Event) bool {
				return e.Attribution != nil && *e.Attribution == "c1" && len(e.Actors) == 2
			}},
		{name: "IRI attacks US forces in Iraq since 7 October, about 150 times", typ: "ASSAULT", actor: "e1", recipient: "e3", modality: Asserted,
			check: func(e article.Event) bool {
				return e.Place != nil && *e.Place == "e6" && e.Count != nil && *e.Count == 150 && e.CountApprox &&
					e.Date != nil && e.Date.Since == "2023-10-07" && len(e.Places) == 2 && e.Places[0] == "e6" && e.Places[1] == "e7"
			}},
		{name: "no US withdrawal, say five officials to Politico", typ: "RETREAT", mode: "withdraw", actor: "e13", modality: Negated,
			check: func(e article.Event) bool { return e.Negated && e.Attribution != nil && *e.Attribution == "q4" }},
		{name: "Israel assaults in Gaza", typ: "ASSAULT", actor: "e8", modality: Asserted,
			check: func(e article.Event) bool { return e.Place != nil && *e.Place == "e9" }},
		{name: "US supports Israel", typ: "SUPPORT", actor: "e2", recipient: "e8", modality: Asserted},
		{name: "ISIS defeated in 2019 is history", typ: "ASSAULT", recipient: "e10",
			check: func(e article.Event) bool { return e.Historical }},
	}
	has := func(ids []string, id string) bool {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return id == ""
	}
	for _, w := range musts {
		found := false
		for _, e := range doc.Events {
			if e.Type == w.typ && (w.mode == "" || e.Mode == w.mode) && has(e.Actors, w.actor) &&
				has(e.Recipients, w.recipient) && (w.modality == "" || e.Modality == w.modality) &&
				(w.check == nil || w.check(e)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("missing: %s", w.name)
		}
	}
	// Must not: a withdrawal or talks recorded as having happened.
	for _, e := range doc.Events {
		happened := e.Modality == Asserted || e.Modality == Reported
		if e.Type == "RETREAT" && happened {
			t.Errorf("withdrawal recorded as done: %s", String(doc, e))
		}
		if e.Negated != (e.Modality == Negated) {
			t.Errorf("negated flag disagrees with modality: %s", String(doc, e))
		}
		if !strings.Contains(doc.Text[e.Sentence.Start:e.Sentence.End], e.Trigger.Text) {
			t.Errorf("trigger outside its sentence: %s", String(doc, e))
		}
	}
	if t.Failed() {
		for _, e := range doc.Events {
			t.Logf("%s %s", e.ID, String(doc, e))
		}
	}
}
