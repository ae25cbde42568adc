package actor

import (
	"context"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// name marks the n-th (from 0) occurrence of text as a tagger name of type
// typ.
type name struct {
	text string
	typ  string
	n    int
}

func mkdoc(t testing.TB, text string, names ...name) *article.Document {
	t.Helper()
	doc := article.New()
	doc.Text = text
	doc.Tokens = tokenize(text)
	for _, nm := range names {
		off := -1
		for k := 0; k <= nm.n; k++ {
			i := strings.Index(text[off+1:], nm.text)
			if i < 0 {
				t.Fatalf("name %q (#%d) not in text", nm.text, nm.n)
			}
			off += 1 + i
		}
		doc.Names = append(doc.Names, article.Name{Start: off, End: off + len(nm.text), Type: nm.typ})
	}
	return doc
}

func resolve(t testing.TB, doc *article.Document) []article.Entity {
	t.Helper()
	if err := NewStage(nil).Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, doc)
	return doc.Entities
}

// checkInvariants asserts the properties every output must have.
func checkInvariants(t testing.TB, doc *article.Document) {
	t.Helper()
	var all []article.Span
	for k, e := range doc.Entities {
		if want := "e" + itoa(k+1); e.ID != want {
			t.Errorf("entity %d id %q, want %q", k, e.ID, want)
		}
		if len(e.Mentions) == 0 {
			t.Errorf("entity %s has no mentions", e.ID)
		}
		for mi, m := range e.Mentions {
			if m.Start < 0 || m.End > len(doc.Text) || m.Start >= m.End {
				t.Fatalf("entity %s mention %+v outside text (%d bytes)", e.ID, m, len(doc.Text))
			}
			if doc.Text[m.Start:m.End] != m.Text {
				t.Errorf("entity %s mention text %q != text at span %q", e.ID, m.Text, doc.Text[m.Start:m.End])
			}
			if mi > 0 && e.Mentions[mi-1].End > m.Start {
				t.Errorf("entity %s mentions overlap or unsorted: %+v %+v", e.ID, e.Mentions[mi-1], m)
			}
			if m.Reason == "" {
				t.Errorf("entity %s mention %q has no reason", e.ID, m.Text)
			}
			all = append(all, article.Span{Start: m.Start, End: m.End})
		}
		if k > 0 && doc.Entities[k-1].Mentions[0].Start > e.Mentions[0].Start {
			t.Errorf("entities not in order of first mention at %s", e.ID)
		}
	}
	for a := range all {
		for b := a + 1; b < len(all); b++ {
			if all[a].Overlaps(all[b]) {
				t.Errorf("mentions overlap across entities: %+v %+v", all[a], all[b])
			}
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// find returns the entity with a mention whose text is mention (first
// occurrence), or nil.
func find(ents []article.Entity, mention string) *article.Entity {
	for k := range ents {
		for _, m := range ents[k].Mentions {
			if m.Text == mention {
				return &ents[k]
			}
		}
	}
	return nil
}

func reasonOf(e *article.Entity, mention string) string {
	for _, m := range e.Mentions {
		if m.Text == mention {
			return m.Reason
		}
	}
	return ""
}

func TestRules(t *testing.T) {
	type want struct {
		mention, name, kind, country, sector, reason, role string
	}
	tests := []struct {
		name  string
		text  string
		names []name
		want  []want
		// same lists mentions that must belong to one entity.
		same [][]string
		// absent lists mention texts that must not be resolved.
		absent []string
	}{
		{
			name: "kb name and alias",
			text: "Hezbollah and the Houthis fired at ships, the IDF said. Al Jazeera and the AP reported it.",
			want: []want{
				{mention: "Hezbollah", name: "Hezbollah", kind: "armed_group", country: "LBN", sector: "REB", reason: ReasonName},
				{mention: "Houthis", name: "Houthis", kind: "armed_group", country: "YEM", sector: "REB", reason: ReasonName},
				{mention: "IDF", name: "Israel Defense Forces", kind: "military", country: "ISR", sector: "MIL", reason: ReasonAlias},
				{mention: "Al Jazeera", kind: "news_org", sector: "MED", reason: ReasonName},
				{mention: "AP", name: "Associated Press", sector: "MED", reason: ReasonAlias},
			},
		},
		{
			name:   "case matters for acronyms",
			text:   "Tell us what the US did. The UN met; un-elected men.",
			want:   []want{{mention: "US", country: "USA", reason: ReasonAlias}, {mention: "UN", name: "United Nations", sector: "IGO"}},
			absent: []string{"us", "un"},
		},
		{
			name: "acronym defined in text",
			text: "The Northern Valley Defence Front (NVDF) shelled the town. Later the NVDF withdrew.",
			want: []want{
				{mention: "Northern Valley Defence Front", name: "Northern Valley Defence Front", kind: "armed_group", sector: "REB", reason: ReasonName},
				{mention: "NVDF", reason: ReasonAcronym},
			},
			same: [][]string{{"Northern Valley Defence Front", "NVDF"}},
		},
		{
			name: "acronym of a kb actor",
			text: "The Islamic Resistance in Iraq (IRI) said so. IRI fighters attacked.",
			want: []want{{mention: "Islamic Resistance in Iraq", country: "IRQ", sector: "REB"}, {mention: "IRI", reason: ReasonAcronym}},
			same: [][]string{{"Islamic Resistance in Iraq", "IRI"}},
		},
		{
			name:  "short form after full name",
			text:  "Defence chief Ali Karimov spoke. Later, Karimov left.",
			names: []name{{"Ali Karimov", "PER", 0}, {"Karimov", "PER", 1}},
			want:  []want{{mention: "Ali Karimov", kind: "person", reason: ReasonTagger}, {mention: "Karimov", reason: ReasonShortForm}},
			same:  [][]string{{"Ali Karimov", "Karimov"}},
		},
		{
			name: "short form without tagger",
			text: "Foreign Minister Ali Karimov spoke. Later, Karimov left.",
			want: []want{{mention: "Foreign Minister Ali Karimov", name: "Ali Karimov", role: "foreign minister", sector: "GOV", reason: ReasonTitle}, {mention: "Karimov", reason: ReasonShortForm}},
		},
		{
			name: "metonym",
			text: "Washington is planning a withdrawal. Critics cite Washington’s support for Israel. He lives in Washington.",
			want: []want{
				{mention: "Washington", name: "United States government", kind: "government", country: "USA", sector: "GOV", reason: ReasonMetonym},
			},
		},
		{
			name: "capital as a place",
			text: "Talks were held in Baghdad. Baghdad rejected the offer.",
			want: []want{{mention: "Baghdad", kind: "city", country: "IRQ", reason: ReasonName}},
		},
		{
			name: "titles and roles",
			text: "US President Joe Biden met Israeli Prime Minister Benjamin Netanyahu and Pentagon spokesperson Sabrina Singh.",
			want: []want{
				{mention: "US President Joe Biden", name: "Joe Biden", kind: "person", country: "USA", sector: "GOV", role: "president", reason: ReasonTitle},
				{mention: "Israeli Prime Minister Benjamin Netanyahu", name: "Benjamin Netanyahu", country: "ISR", role: "prime minister", reason: ReasonTitle},
				{mention: "Pentagon spokesperson Sabrina Singh", name: "Sabrina Singh", country: "USA", sector: "MIL", role: "spokesperson", reason: ReasonTitle},
			},
			absent: []string{"US", "Pentagon"},
		},
		{
			name: "not a title",
			text: "The General Assembly voted.",
			want: []want{{mention: "General Assembly", name: "United Nations General Assembly", sector: "IGO"}},
		},
		{
			name: "demonym and group",
			text: "US forces and five US officials met the Iraqi government. American troops left. Iraq's army stayed.",
			want: []want{
				{mention: "US forces", name: "United States military", kind: "military", country: "USA", sector: "MIL", reason: ReasonDemonym},
				{mention: "US officials", name: "United States government", country: "USA", sector: "GOV", reason: ReasonDemonym},
				{mention: "Iraqi government", country: "IRQ", sector: "GOV", reason: ReasonDemonym},
				{mention: "American troops", country: "USA", sector: "MIL"},
			},
			same: [][]string{{"US forces", "American troops"}},
		},
		{
			name: "definite descriptions",
			text: "The Islamic Resistance in Iraq claimed the attack. The Iraqi resistance said the resistance would go on. ISIS was defeated. The notorious extremist group lost ground.",
			want: []want{
				{mention: "The Iraqi resistance", name: "Islamic Resistance in Iraq", reason: ReasonCoreference},
				{mention: "the resistance", name: "Islamic Resistance in Iraq", reason: ReasonCoreference},
				{mention: "The notorious extremist group", name: "Islamic State", reason: ReasonCoreference},
			},
		},
		{
			name:   "no antecedent, no coreference",
			text:   "The group said the resistance would go on.",
			absent: []string{"The group", "the resistance"},
		},
		{
			name:   "ambiguous kind noun",
			text:   "Hamas and Hezbollah met. The group said nothing.",
			absent: []string{"The group"},
		},
		{
			name:   "coalition led by someone else",
			text:   "The IRI is a coalition. Talks on ending the international military coalition led by the United States began.",
			absent: []string{"the international military coalition"},
		},
		{
			name:   "junk tagger names",
			text:   "Calls for calm grew.\n\nCheck Also\n\nThe Minister said Rashidi left.",
			names:  []name{{"Calls", "PER", 0}, {"Check Also", "PER", 0}, {"Rashidi", "PER", 0}},
			want:   []want{{mention: "Rashidi", kind: "person", reason: ReasonTagger}},
			absent: []string{"Calls", "Check Also", "Check"},
		},
		{
			name:  "lone sentence-initial name with support",
			text:  "Karimi spoke first. The envoy met Karimi again.",
			names: []name{{"Karimi", "PER", 0}},
			want:  []want{{mention: "Karimi", kind: "person", reason: ReasonTagger}},
		},
		{
			name:  "mistyped tagger name yields to the kb",
			text:  "Politico reported it.",
			names: []name{{"Politico", "PER", 0}},
			want:  []want{{mention: "Politico", kind: "news_org", sector: "MED", reason: ReasonName}},
		},
		{
			name: "places and peoples",
			text: "Strikes hit Gaza and the West Bank; Palestinians fled to Egypt.",
			want: []want{
				{mention: "Gaza", kind: "region", country: "PSE"},
				{mention: "West Bank", country: "PSE"},
				{mention: "Palestinians", kind: "people", country: "PSE", reason: ReasonDemonym},
				{mention: "Egypt", kind: "country", country: "EGY"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ents := resolve(t, mkdoc(t, tc.text, tc.names...))
			t.Log("\n" + compact(ents))
			for _, w := range tc.want {
				e := find(ents, w.mention)
				if e == nil {
					t.Errorf("no entity with mention %q; got:\n%s", w.mention, compact(ents))
					continue
				}
				check := func(field, got, want string) {
					if want != "" && got != want {
						t.Errorf("%q: %s = %q, want %q", w.mention, field, got, want)
					}
				}
				check("name", e.Name, w.name)
				check("kind", e.Kind, w.kind)
				check("country", e.Country, w.country)
				check("sector", e.Sector, w.sector)
				check("role", e.Role, w.role)
				check("reason", reasonOf(e, w.mention), w.reason)
			}
			for _, group := range tc.same {
				first := find(ents, group[0])
				for _, m := range group[1:] {
					if e := find(ents, m); first == nil || e == nil || e.ID != first.ID {
						t.Errorf("%q and %q are not one entity:\n%s", group[0], m, compact(ents))
					}
				}
			}
			for _, m := range tc.absent {
				if e := find(ents, m); e != nil {
					t.Errorf("%q resolved to %s (%s), want nothing", m, e.ID, e.Name)
				}
				for _, e := range ents {
					if e.Name == m {
						t.Errorf("entity named %q", m)
					}
				}
			}
		})
	}
}
