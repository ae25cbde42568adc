package event

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

func code(t testing.TB, b *builder) []article.Event {
	st, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Process(context.Background(), b.doc); err != nil {
		t.Fatal(err)
	}
	return b.doc.Events
}

func TestTriggersAndModality(t *testing.T) {
	tests := []struct {
		text      string
		typ, mode string
		modality  string
		actor     string
		recip     string
	}{
		{"Israel attacked Hamas positions.", "ASSAULT", "", Asserted, "A", "B"},
		{"Israel did not attack Hamas.", "ASSAULT", "", Negated, "A", "B"},
		{"Israel will begin talks with Hamas.", "CONSULT", "meet", Future, "A", "B"},
		{"Israel plans to withdraw from Gaza.", "RETREAT", "withdraw", Future, "A", ""},
		{"Israel vowed more attacks on Hamas.", "THREATEN", "violence", Asserted, "A", "B"},
		{"Israel will not stop its operations against Hamas.", "THREATEN", "violence", Asserted, "A", "B"},
		{"If Israel attacked Hamas, it would regret it.", "ASSAULT", "", Hypothetical, "A", "B"},
		{"Israel could attack Hamas.", "ASSAULT", "", Hypothetical, "A", "B"},
		{"Israel denied that it attacked Hamas.", "ASSAULT", "", Negated, "A", "B"},
		{"Hamas was attacked by Israel.", "ASSAULT", "", Asserted, "A", "B"},
		{"Israel carried out airstrikes against Hamas.", "ASSAULT", "aerial", Asserted, "A", "B"},
		{"Israel's withdrawal from Gaza is not imminent.", "RETREAT", "withdraw", Negated, "A", ""},
		{"Israel called for talks with Hamas.", "REQUEST", "meet", Asserted, "A", "B"},
		{"Israel rejected talks with Hamas.", "REJECT", "meet", Asserted, "A", "B"},
		{"Israel criticized Hamas.", "ACCUSE", "disapprove", Asserted, "A", "B"},
		{"Israel arrested Hamas members.", "COERCE", "arrest", Asserted, "A", "B"},
		{"Israel praised Hamas.", "SUPPORT", "", Asserted, "A", "B"},
		{"Israel protested against Hamas.", "PROTEST", "demo", Asserted, "A", "B"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b := newDoc(tc.text).
				ent("A", "GPE", "country", "ISR", "GOV", "Israel").
				ent("B", "ORG", "armed_group", "PSE", "REB", "Hamas").
				ent("G", "GPE", "region", "PSE", "", "Gaza")
			evs := code(t, b)
			for _, e := range evs {
				if e.Type == tc.typ && (tc.mode == "" || e.Mode == tc.mode) && e.Modality == tc.modality &&
					(tc.actor == "" || len(e.Actors) > 0 && e.Actors[0] == tc.actor) &&
					(tc.recip == "" || len(e.Recipients) > 0 && e.Recipients[0] == tc.recip) {
					return
				}
			}
			var got []string
			for _, e := range evs {
				got = append(got, String(b.doc, e))
			}
			t.Errorf("want %s/%s %s %s->%s; got %v", tc.typ, tc.mode, tc.modality, tc.actor, tc.recip, got)
		})
	}
}

func TestLemma(t *testing.T) {
	lx, err := DefaultLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"attacks": "attack", "criticized": "criticize", "withdrew": "withdraw",
		"kidnapped": "kidnap", "shelled": "shell", "releasing": "release", "dismisses": "dismiss", "talks": "talk", "held": "hold",
		"aides": "aide"} {
		if got := lx.lemma(in, nil); got != want {
			t.Errorf("lemma(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCode(f *testing.F) {
	f.Add("Israel attacked Hamas in Gaza on Monday, and vowed more attacks.", uint8(3))
	f.Add("The US will not withdraw its forces from Iraq, officials said.", uint8(7))
	f.Add("“”‘’ no not if would 150 attacks; which, that", uint8(1))
	st, err := NewDefault()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, seed uint8) {
		if !utf8.ValidString(text) {
			return
		}
		b := newDoc(text)
		// Random entities over random tokens.
		ids := map[string]bool{}
		for i, tk := range b.doc.Tokens {
			if (i+int(seed))%3 != 0 {
				continue
			}
			id := "e" + string(rune('a'+i%26))
			ids[id] = true
			b.doc.Entities = append(b.doc.Entities, article.Entity{ID: id, Type: []string{"GPE", "ORG", "PER", "LOC"}[i%4],
				Mentions: []article.Mention{{Start: tk.Start, End: tk.End}}})
		}
		// Half the runs carry part-of-speech tags, so the tagged paths
		// (participles, attributive adjectives, relative "that") are
		// exercised too.
		if seed%2 == 0 {
			tags := []string{"NN", "NNS", "NNP", "VBD", "VBN", "VBG", "VBZ", "JJ", "IN", "DT", "RB", "MD", "PRP", "CD", "TO", "POS"}
			b.doc.POS = make([]string, len(b.doc.Tokens))
			for i := range b.doc.POS {
				b.doc.POS[i] = tags[(i*7+int(seed))%len(tags)]
			}
		}
		if err := st.Process(context.Background(), b.doc); err != nil {
			t.Fatal(err)
		}
		for _, e := range b.doc.Events {
			if e.Trigger.Start < 0 || e.Trigger.End > len(text) || e.Trigger.Start >= e.Trigger.End ||
				e.Sentence.Start > e.Trigger.Start || e.Sentence.End < e.Trigger.End || e.Sentence.End > len(text) {
				t.Fatalf("span out of range: %+v", e)
			}
			if text[e.Trigger.Start:e.Trigger.End] != e.Trigger.Text {
				t.Fatalf("trigger text %q != %q", e.Trigger.Text, text[e.Trigger.Start:e.Trigger.End])
			}
			for _, id := range append(append([]string{}, e.Actors...), e.Recipients...) {
				if !ids[id] {
					t.Fatalf("unknown entity %q", id)
				}
			}
			if e.Confidence < 0 || e.Confidence > 1 || !strings.HasPrefix(e.ID, "v") {
				t.Fatalf("bad event %+v", e)
			}
		}
	})
}

func BenchmarkSeed(b *testing.B) {
	doc := seedDoc(b)
	st, err := NewDefault()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		_ = st.Code(doc)
	}
}

// TestClauseRules checks the rules that choose actors, recipients and
// types across clauses, on hand-built sentences.
func TestClauseRules(t *testing.T) {
	tests := []struct {
		text     string
		typ      string
		modality string
		actor    string // entity id, or "group:SECTOR/COUNTRY"
		recip    string
		events   int // how many events the sentence gives; 0 = any
	}{
		// A speech act aimed at the subject of its complement.
		{"Israel demanded that Hamas renounce violence.", "REQUEST", Asserted, "A", "B", 1},
		{"Israel demanded that Hamas cancel the plan.", "REQUEST", Asserted, "A", "B", 1},
		{"Israel said Hamas must release the hostages.", "REQUEST", Asserted, "A", "B", 1},
		{"Israel demanded the withdrawal of Hamas from Gaza.", "REQUEST", Asserted, "A", "B", 1},
		// Unnamed groups as actors, with the country of their place.
		{"Rebels in Gaza attacked Israel.", "ASSAULT", Asserted, "group:REB/PSE", "A", 1},
		{"Unidentified gunmen killed two Hamas members.", "ASSAULT", Asserted, "group:UAF/", "B", 1},
		{"Israel arrested more than 100 Hamas members.", "COERCE", Asserted, "A", "B", 1},
		// A group of X is X.
		{"A group of Hamas officials met Israel.", "CONSULT", Asserted, "B", "A", 1},
		// Threats: hostile acts announced for later, or "unless".
		{"Israel said it would impose sanctions on Hamas.", "THREATEN", Asserted, "A", "B", 0},
		{"Israel will withdraw from Gaza unless Hamas stops.", "THREATEN", Asserted, "A", "", 0},
		// "failed to" negates; "continued to" is done.
		{"Israel and Hamas failed to reach an agreement.", "AGREE", Negated, "A", "", 0},
		{"Israel continued to send arms to Hamas.", "AID", Asserted, "A", "B", 1},
		// Purpose and object nouns are folded into the act.
		{"Israel telephoned Hamas to discuss the truce.", "CONSULT", Asserted, "A", "B", 1},
		{"Israel suspended aid deliveries to Hamas.", "SANCTION", Asserted, "A", "B", 1},
		// What protesters say is their protest; banners held are one.
		{"Protesters demanded the release of Hamas members.", "PROTEST", Asserted, "group:CVL/", "", 0},
		{"Activists held a press conference with banners in Gaza.", "PROTEST", Asserted, "group:OPP/", "", 1},
		// The means of a passive act names who struck.
		{"Three Hamas members were killed in an Israeli airstrike.", "ASSAULT", Asserted, "A", "B", 1},
		// What is ended, prevented or fled is not a happening of its own.
		{"Israel halted aid deliveries to Hamas to end the fighting in Gaza.", "SANCTION", Asserted, "A", "B", 1},
		{"Israel sent aid to refugees fleeing the war in Gaza.", "AID", Asserted, "A", "", 1},
		{"Hamas said it will not stop its attacks on Israel.", "THREATEN", Asserted, "B", "A", 1},
		// One attack told by its toll, or by its means as subject.
		{"Israel killed two Hamas fighters and wounded five others.", "ASSAULT", Asserted, "A", "B", 1},
		{"Israel shot two Hamas members and arrested five others.", "COERCE", Asserted, "A", "", 2},
		{"A roadside bombing near Gaza killed two Hamas members.", "ASSAULT", Asserted, "group:UAF/PSE", "B", 1},
		// "May" inside a sentence is the month, not a modal.
		{"An Israeli attack in May killed two Hamas members.", "ASSAULT", Asserted, "A", "B", 1},
		// The "by" phrase of an accusation's or protest's object is whom it
		// is aimed at; a far "by" of a passive is its agent.
		{"Israel is investigating alleged crimes by Hamas in Gaza.", "ACCUSE", Asserted, "A", "B", 0},
		{"Hamas has been accused of hiding weapons in schools by Israel.", "ACCUSE", Asserted, "A", "B", 0},
		// "Committed crimes" is no promise.
		{"Israel investigated crimes committed by Hamas.", "ACCUSE", Asserted, "A", "B", 1},
		// The one who must yield "unless" is the one threatened.
		{"Hamas threatened to strike unless Israel withdraws.", "THREATEN", Asserted, "B", "A", 1},
		// "Alleged" before a noun phrase is no accusation of its own.
		{"Hamas protested against the alleged human rights violations by Israel.", "PROTEST", Asserted, "B", "A", 1},
		// A pronoun with no named antecedent is the subject group.
		{"Rebel leaders said they would meet Israel.", "CONSULT", Hypothetical, "group:ELI/", "A", 0},
		// "The wounded" are people, not a second attack.
		{"Israel evacuated the wounded from Gaza.", "AID", Asserted, "A", "", 1},
		// A passive subject's owner is the one struck.
		{"A camp for Hamas fighters was bombed by Israel.", "ASSAULT", Asserted, "A", "B", 1},
		// A possessive pronoun inside the subject does not hide it.
		{"Israel along with its allies demanded that Hamas free the hostages.", "REQUEST", Asserted, "A", "B", 1},
		// A complaint is about the one who struck, not its addressee.
		{"Hamas complained to Egypt over two Israeli air raids.", "ACCUSE", Asserted, "B", "A", 1},
		// Exchanges of fire.
		{"Israel exchanged fire with Hamas.", "ASSAULT", Asserted, "A", "B", 1},
		// A phrase after "be" or a phrasal verb is the clause's act, not
		// background beside another.
		{"Israel and Hamas are in talks to free prisoners captured in the war.", "CONSULT", Asserted, "A", "", 0},
		{"Israel and Hamas are still in talks while fighting continues in Gaza.", "CONSULT", Asserted, "A", "", 0},
		{"Israel's envoy handed in his resignation as Hamas attacked Gaza.", "RETREAT", Asserted, "A", "", 0},
		// Background in a temporal phrase is not a second event.
		{"Israel declared a ceasefire after two days of talks with Hamas.", "RETREAT", Asserted, "A", "", 1},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			b := newDoc(tc.text).
				ent("A", "GPE", "country", "ISR", "", "Israel", "Israeli").
				ent("B", "ORG", "armed_group", "PSE", "REB", "Hamas").
				ent("G", "GPE", "region", "PSE", "", "Gaza")
			evs := code(t, b)
			var got []string
			for _, e := range evs {
				got = append(got, String(b.doc, e))
			}
			if tc.events > 0 && len(evs) != tc.events {
				t.Errorf("want %d events, got %d: %v", tc.events, len(evs), got)
			}
			who := func(ids []string, g *article.Group) string {
				if len(ids) > 0 {
					return ids[0]
				}
				if g != nil {
					return "group:" + g.Sector + "/" + g.Country
				}
				return ""
			}
			for _, e := range evs {
				if e.Type == tc.typ && e.Modality == tc.modality && who(e.Actors, e.ActorGroup) == tc.actor &&
					(tc.recip == "" || who(e.Recipients, e.RecipientGroup) == tc.recip) {
					return
				}
			}
			t.Errorf("want %s %s %s->%s; got %v", tc.typ, tc.modality, tc.actor, tc.recip, got)
		})
	}
}
