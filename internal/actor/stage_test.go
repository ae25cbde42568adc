package actor

import (
	"context"
	"errors"
	"io/fs"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// TestSeedAcceptance checks what the seed article must yield, by fragment,
// so that it survives small changes that the golden file would flag.
func TestSeedAcceptance(t *testing.T) {
	for _, withTagger := range []bool{false, true} {
		name := "kb only"
		if withTagger {
			name = "with tagger names and the Check Also box"
		}
		t.Run(name, func(t *testing.T) {
			doc := seedDoc(t)
			if withTagger {
				doc = seedWithTagger(t, doc.Text)
			}
			ents := resolve(t, doc)
			iri := find(ents, "Islamic Resistance in Iraq")
			if iri == nil || iri.Kind != "armed_group" || iri.Country != "IRQ" || iri.Sector != "REB" {
				t.Fatalf("IRI: %+v", iri)
			}
			for _, m := range []string{"IRI", "the resistance", "The Iraqi resistance", "the Islamic resistance"} {
				if e := find(ents, m); e == nil || e.ID != iri.ID {
					t.Errorf("%q is not the IRI", m)
				}
			}
			for m, sector := range map[string]string{"US": "", "Washington": "GOV", "US forces": "MIL", "US officials": "GOV", "American forces": "MIL"} {
				e := find(ents, m)
				if e == nil || e.Country != "USA" || e.Sector != sector || RootID(e.KBID) != "USA" || !strings.HasPrefix(e.Name, "United States") {
					t.Errorf("%q: %+v, want the United States with sector %q", m, e, sector)
				}
			}
			if e := find(ents, "US President Joe Biden"); e == nil || e.Name != "Joe Biden" || e.Type != "PER" || e.Role != "president" || e.Country != "USA" || e.Sector != "GOV" {
				t.Errorf("Biden: %+v", e)
			}
			for _, m := range []string{"Reuters", "Politico"} {
				if e := find(ents, m); e == nil || e.Sector != "MED" {
					t.Errorf("%s: %+v", m, e)
				}
			}
			for m, iso := range map[string]string{"Iraq": "IRQ", "Syria": "SYR", "Gaza": "PSE", "Israel": "ISR"} {
				if e := find(ents, m); e == nil || e.Country != iso || e.Type != "GPE" {
					t.Errorf("%s: %+v", m, e)
				}
			}
			if e := find(ents, "ISIS"); e == nil || e.Kind != "armed_group" {
				t.Errorf("ISIS: %+v", e)
			}
			for _, e := range ents {
				for _, bad := range []string{"Calls", "Check", "Check Also"} {
					if e.Name == bad {
						t.Errorf("junk entity %q", bad)
					}
				}
			}
		})
	}
}

// seedWithTagger adds the "Check Also" box to the text and fakes what a
// tagger might return, mistakes included.
func seedWithTagger(t *testing.T, body string) *article.Document {
	text := body + "\n\nCheck Also\n\nTrump, l’Iran et le plan stratégique d’Obama"
	return mkdoc(t, text,
		name{"Islamic Resistance in Iraq", "ORG", 0}, name{"IRI", "ORG", 1},
		name{"Calls", "PER", 0}, name{"Check Also", "PER", 0}, name{"Check", "PER", 0},
		name{"Joe Biden", "PER", 0}, name{"Politico", "PER", 0}, name{"Reuters", "ORG", 0},
		name{"Washington", "GPE", 0}, name{"Shia", "NORP", 0}, name{"White House", "ORG", 0},
		name{"Trump", "PER", 0}, name{"Obama", "PER", 0}, name{"Palestinians", "NORP", 0},
	)
}

func TestKB(t *testing.T) {
	kb, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	st := kb.Stats()
	t.Logf("knowledge base: %v", st)
	if st["country"] < 240 {
		t.Errorf("only %d countries", st["country"])
	}
	for _, a := range kb.actors {
		if a.Country != "" {
			if _, ok := kb.countries[a.Country]; !ok {
				t.Errorf("actor %s: unknown country %q", a.ID, a.Country)
			}
		}
		if a.Sector != "" && !knownSectors[a.Sector] {
			t.Errorf("actor %s: unknown sector %q", a.ID, a.Sector)
		}
	}
	for _, o := range kb.offices {
		if o.Sector != "" && !knownSectors[o.Sector] {
			t.Errorf("office %s: unknown sector %q", o.Title, o.Sector)
		}
	}
	for id, want := range map[string]string{"USA/GOV": "United States government", "USA/MIL": "United States military", "PSE/PPL": "Palestinians", "cap:Baghdad": "Baghdad", "hezbollah": "Hezbollah", "IRQ": "Iraq"} {
		if a, ok := kb.Actor(id); !ok || a.Name != want {
			t.Errorf("Actor(%q) = %+v, %v; want %q", id, a, ok, want)
		}
	}
	if got := kb.Lookup("US"); len(got) != 1 || got[0].ID != "USA" {
		t.Errorf("Lookup(US) = %+v", got)
	}
	if got := kb.Lookup("us"); len(got) != 0 {
		t.Errorf("Lookup(us) = %+v, want none", got)
	}
	if got := kb.Lookup("Daesh"); len(got) != 1 || got[0].ID != "isis" {
		t.Errorf("Lookup(Daesh) = %+v", got)
	}
	if c, ok := kb.Country("IRQ"); !ok || c.ISO2 != "IQ" || c.Capitals[0] != "Baghdad" {
		t.Errorf("Country(IRQ) = %+v", c)
	}
	if RootID("USA/MIL") != "USA" || RootID("hezbollah") != "hezbollah" {
		t.Error("RootID")
	}
	// Every demonym is a word of its own, not a list ("Bosnian,
	// Herzegovinian").
	for d, iso := range kb.demonymOf {
		if strings.ContainsAny(d, ",|") {
			t.Errorf("demonym %q of %s is a list", d, iso)
		}
	}
	if kb.demonymOf["bosnian"] != "BIH" {
		t.Errorf("demonym bosnian = %q, want BIH", kb.demonymOf["bosnian"])
	}
}

var knownSectors = map[string]bool{
	"GOV": true, "MIL": true, "REB": true, "OPP": true, "PTY": true, "LEG": true, "JUD": true, "COP": true,
	"SPY": true, "MED": true, "IGO": true, "NGO": true, "CVL": true, "BUS": true, "REL": true,
}

func TestTokenize(t *testing.T) {
	text := "The U.S. has 2,500 troops; Washington’s al-Qaeda (AQ) isn't."
	var got []string
	for _, tk := range tokenize(text) {
		got = append(got, text[tk.Start:tk.End])
	}
	want := "The|U.S.|has|2,500|troops|;|Washington|’s|al-Qaeda|(|AQ|)|isn't|."
	if strings.Join(got, "|") != want {
		t.Errorf("tokens %s\nwant   %s", strings.Join(got, "|"), want)
	}
}

func TestEmptyAndCancelled(t *testing.T) {
	doc := article.New()
	if err := NewStage(nil).Process(context.Background(), doc); err != nil || len(doc.Entities) != 0 {
		t.Fatalf("empty doc: %v %v", err, doc.Entities)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := NewStage(nil).Process(ctx, mkdoc(t, "Hamas")); err == nil {
		t.Fatal("no error on cancelled context")
	}
}

func FuzzStage(f *testing.F) {
	f.Add("The Islamic Resistance in Iraq (IRI) said US forces and Washington’s allies, the resistance.", uint64(1))
	f.Add("US President Joe Biden. Biden. The group. Calls\n\nCheck Also", uint64(7))
	f.Add("(AB) ( ) (X Y) Z (ZZ) 's ’s", uint64(3))
	stage := NewStage(nil)
	f.Fuzz(func(t *testing.T, text string, seed uint64) {
		if !utf8.ValidString(text) {
			t.Skip()
		}
		doc := article.New()
		doc.Text = text
		rng := rand.New(rand.NewPCG(seed, seed>>1))
		if seed%2 == 0 {
			doc.Tokens = tokenize(text)
		}
		types := []string{"PER", "ORG", "GPE", "LOC", "NORP", "MISC", "X"}
		for k := 0; k < int(seed%8); k++ {
			s := rng.IntN(len(text) + 2)
			e := s + rng.IntN(20) - 3
			doc.Names = append(doc.Names, article.Name{Start: s, End: e, Type: types[rng.IntN(len(types))]})
		}
		if err := stage.Process(context.Background(), doc); err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, doc)
		for _, e := range doc.Entities {
			for _, m := range e.Mentions {
				if !utf8.ValidString(m.Text) {
					t.Errorf("mention %q not valid UTF-8", m.Text)
				}
			}
		}
	})
}

func BenchmarkStageSeed(b *testing.B) {
	doc := seedDoc(b)
	stage := NewStage(nil)
	if _, err := Default(); err != nil {
		b.Fatal(err)
	}
	names := []article.Name{}
	b.ReportAllocs()
	b.SetBytes(int64(len(doc.Text)))
	for b.Loop() {
		doc.Entities = nil
		doc.Names = names
		if err := stage.Process(context.Background(), doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadKB(b *testing.B) {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(sub); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLoadBadData(t *testing.T) {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		t.Fatal(err)
	}
	files := fstest.MapFS{}
	for _, n := range []string{"countries.tsv", "country_extra.tsv", "offices.tsv", "groupnouns.tsv", "commonwords.txt"} {
		b, err := fs.ReadFile(sub, n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = &fstest.MapFile{Data: b}
	}
	files["actors.tsv"] = &fstest.MapFile{Data: []byte("x\tBAD\tkind\t\t\tName\n")}
	if _, err := Load(files); !errors.Is(err, ErrBadData) {
		t.Errorf("bad type: err = %v, want ErrBadData", err)
	}
	delete(files, "actors.tsv")
	if _, err := Load(files); err == nil {
		t.Error("missing actors.tsv: no error")
	}
}
