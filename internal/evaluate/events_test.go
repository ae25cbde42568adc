package evaluate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/actor"
	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/claim"
	"github.com/sitrep-dev/sitrep/internal/event"
	"github.com/sitrep-dev/sitrep/internal/geo"
	"github.com/sitrep-dev/sitrep/internal/lang"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
	"github.com/sitrep-dev/sitrep/internal/quantity"
	"github.com/sitrep-dev/sitrep/internal/quote"
	"github.com/sitrep-dev/sitrep/internal/segment"
	"github.com/sitrep-dev/sitrep/internal/tagger"
	"github.com/sitrep-dev/sitrep/internal/when"
)

// eventAnalyzer runs the stages of the CLI's pipeline (cli.newRunner), so
// that the floors hold for the figures `sitrep eval` reports: quotes and
// claims bound the clauses of reported events, quantities give counts.
func eventAnalyzer(t testing.TB) AnalyzeFunc {
	tags, err := tagger.NewStage()
	if err != nil {
		t.Fatal(err)
	}
	ev, err := event.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	kb, err := actor.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := pipeline.NewRunner(lang.Stage{}, segment.Stage{}, tags, when.NewStage(), actor.NewStage(kb), geo.NewStage(),
		quote.Stage{}, claim.Stage{}, quantity.Stage{}, ev)
	return func(ctx context.Context, text string) (*article.Document, error) {
		doc := article.New()
		doc.Text = text
		return doc, r.Run(ctx, doc)
	}
}

func sharedOrSkip(t testing.TB, rel string) string {
	dir := SharedDir()
	if dir == "" {
		t.Skip("../shared not found beside the repository: evaluation data absent")
	}
	return filepath.Join(dir, rel)
}

// TestPLOVERFloor fails when event coding on the PLOVER gold drops below
// its floors. Raise the floors as the scores improve.
func TestPLOVERFloor(t *testing.T) {
	path := sharedOrSkip(t, "eval/events/plover")
	rep, err := PLOVER(context.Background(), path, eventAnalyzer(t))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTo(&b)
	t.Logf("\n%s", b.String())
	if os.Getenv("EVENT_DEBUG") != "" {
		for g, m := range rep.Confusion {
			t.Logf("%s %v", g, m)
		}
	}
	const typeFloor, f1Floor = 0.845, 0.66
	if rep.All.TypeAccuracy < typeFloor || rep.All.F1 < f1Floor {
		t.Errorf("PLOVER type accuracy %.3f (floor %.2f), triple F1 %.3f (floor %.2f)", rep.All.TypeAccuracy, typeFloor, rep.All.F1, f1Floor)
	}
}

func TestACLEDFloor(t *testing.T) {
	path := sharedOrSkip(t, "eval/acled/acled-2022h1-world.csv")
	if testing.Short() {
		t.Skip("ACLED evaluation is long")
	}
	rep, err := ACLED(context.Background(), path, eventAnalyzer(t))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTo(&b)
	t.Logf("\n%s", b.String())
	const typeFloor, actorFloor = 0.85, 0.645
	if rep.TypeAccuracy < typeFloor {
		t.Errorf("ACLED type accuracy %.3f (floor %.2f)", rep.TypeAccuracy, typeFloor)
	}
	if rep.Actor1Accuracy < actorFloor {
		t.Errorf("ACLED actor1 accuracy %.3f (floor %.2f)", rep.Actor1Accuracy, actorFloor)
	}
}

func TestCodeMatch(t *testing.T) {
	tests := []struct {
		country, sector, kind string
		gold                  ploverActor
		want                  bool
	}{
		{"USA", "", "country", ploverActor{Code: "USA"}, true},
		{"USA", "", "country", ploverActor{Code: "USA", Sector: "GOV"}, true},  // the state acts through its government
		{"USA", "", "country", ploverActor{Code: "USA", Sector: "MIL"}, false}, // but is not its army
		{"ISR", "MIL", "military", ploverActor{Code: "ISR", Sector: "MIL"}, true},
		{"SDN", "GOV", "government", ploverActor{Code: "SDN", Sector: "REBkur"}, false},
		{"SDN", "REB", "", ploverActor{Code: "SDN", Sector: "REBkur"}, true}, // only the first three letters
		{"PSE", "CVL", "", ploverActor{Code: "PSE", Sector: "***"}, true},    // unknown sector
		{"JPN", "", "city", ploverActor{Code: "JAP"}, true},                  // CAMEO's code for Japan
		{"", "IGO", "igo", ploverActor{Code: "IGO", Sector: "GOV"}, true},
		{"", "", "ngo", ploverActor{Code: "NGO"}, true},
		{"FRA", "", "", ploverActor{Code: "IGO"}, false},
		{"", "", "", ploverActor{Code: ""}, false},
	}
	for _, tc := range tests {
		if got := codeMatch(tc.country, tc.sector, tc.kind, tc.gold); got != tc.want {
			t.Errorf("codeMatch(%q, %q, %q, %+v) = %v, want %v", tc.country, tc.sector, tc.kind, tc.gold, got, tc.want)
		}
	}
}

func TestGroupMatch(t *testing.T) {
	tests := []struct {
		g    article.Group
		a1   string
		want bool
	}{
		{article.Group{Text: "unidentified gunmen", Sector: "UAF"}, "Unidentified Armed Group (Nigeria)", true},
		{article.Group{Text: "bandits", Sector: "CRM"}, "Unidentified Gang (Mexico)", true},
		{article.Group{Text: "Russian troops", Country: "RUS", Sector: "MIL"}, "Military Forces of Russia (2000-)", true},
		{article.Group{Text: "police", Sector: "COP"}, "Military Forces of Russia (2000-)", false},
		{article.Group{Text: "Fulani militia", Sector: "REB"}, "Fulani Ethnic Militia (Nigeria)", true},
		{article.Group{Text: "villagers", Sector: "CVL"}, "Al Shabaab", false},
	}
	for _, tc := range tests {
		if got := groupMatch(&tc.g, tc.a1); got != tc.want {
			t.Errorf("groupMatch(%q, %q) = %v, want %v", tc.g.Text, tc.a1, got, tc.want)
		}
	}
}

func TestACLEDTypeGroups(t *testing.T) {
	none := func(string) (string, string) { return "", "" }
	tests := []struct {
		ev   article.Event
		want string
	}{
		{article.Event{Type: "ASSAULT", ActorGroup: &article.Group{Sector: "UAF"}, RecipientGroup: &article.Group{Sector: "COP"}}, ACLEDBattles},
		{article.Event{Type: "ASSAULT", ActorGroup: &article.Group{Sector: "UAF"}, RecipientGroup: &article.Group{Sector: "CVL"}}, ACLEDViolence},
		{article.Event{Type: "ASSAULT", ActorGroup: &article.Group{Sector: "CVL"}, RecipientGroup: &article.Group{Sector: "CVL"}}, ACLEDRiots},
		{article.Event{Type: "ASSAULT", Mode: "aerial", RecipientGroup: &article.Group{Sector: "MIL"}}, ACLEDExplosions},
		{article.Event{Type: "PROTEST", ActorGroup: &article.Group{Sector: "CVL"}}, ACLEDProtests},
		{article.Event{Type: "ASSAULT", Mode: "beat", ActorGroup: &article.Group{Text: "a mob", Sector: "CVL"}}, ACLEDRiots},
		{article.Event{Type: "ASSAULT", Mode: "beat", ActorGroup: &article.Group{Text: "soldiers", Sector: "MIL"}}, ACLEDViolence},
	}
	for _, tc := range tests {
		if got := ACLEDType(tc.ev, "", none); got != tc.want {
			t.Errorf("ACLEDType(%+v) = %q, want %q", tc.ev, got, tc.want)
		}
	}
}

func TestPloverType(t *testing.T) {
	tests := []struct{ typ, modality, want string }{
		{"SUPPORT", "future", "AGREE"},
		{"CONSULT", "hypothetical", "AGREE"}, // "would meet him if ..."
		{"RETREAT", "negated", "REJECT"},
		{"AGREE", "negated", "REJECT"}, // "failed to reach agreement"
		{"AGREE", "asserted", "AGREE"},
		{"ASSAULT", "future", "ASSAULT"},
	}
	for _, tc := range tests {
		if got := ploverType(article.Event{Type: tc.typ, Modality: tc.modality}); got != tc.want {
			t.Errorf("ploverType(%s %s) = %s, want %s", tc.modality, tc.typ, got, tc.want)
		}
	}
}

// TestScorePLOVERItem checks the matching rules on hand-made items: the
// place stands for the target when no one is acted upon, and a CAMEO code
// in the gold category's range counts.
func TestScorePLOVERItem(t *testing.T) {
	table := map[string][2]string{"160": {"SANCTION", ""}, "163": {"COERCE", "restrict"}, "173": {"COERCE", "arrest"}, "080": {"CONCEDE", ""}}
	text := "Serbia lifted a curfew in Montenegro."
	doc := article.New()
	doc.Text = text
	doc.Entities = []article.Entity{
		{ID: "e1", Name: "Serbia", Type: "GPE", Country: "SRB", Mentions: []article.Mention{{Start: 0, End: 6}}},
		{ID: "e2", Name: "Montenegro", Type: "GPE", Country: "MNE", Mentions: []article.Mention{{Start: 25, End: 35}}},
	}
	place := "e2"
	item := ploverItem{ID: "x", Event: "CONCEDE", Text: text,
		Source: []byte(`[{"actorText": "Serbia", "code": "SRB"}]`), Target: []byte(`[{"actorText": "Montenegro", "code": "MNE"}]`)}
	tests := []struct {
		name string
		ev   article.Event
		gold string
		item ploverItem
		hit  bool
	}{
		{"place is the target", article.Event{Type: "CONCEDE", Actors: []string{"e1"}, Place: &place}, "CONCEDE", item, true},
		{"a recipient that is not the target", article.Event{Type: "CONCEDE", Actors: []string{"e1"}, Recipients: []string{"e1"}, Place: &place}, "CONCEDE", item, false},
		{"wrong source", article.Event{Type: "CONCEDE", Actors: []string{"e2"}}, "CONCEDE", item, false},
		{"CAMEO 163 in the 0.5 SANCTION range", article.Event{Type: "COERCE", CAMEO: "163", Actors: []string{"e1"}, Recipients: []string{"e2"}}, "SANCTION",
			ploverItem{ID: "y", Event: "SANCTION", Text: text, Source: item.Source, Target: item.Target}, true},
		{"CAMEO outside the range", article.Event{Type: "COERCE", CAMEO: "173", Actors: []string{"e1"}, Recipients: []string{"e2"}}, "SANCTION",
			ploverItem{ID: "y", Event: "SANCTION", Text: text, Source: item.Source, Target: item.Target}, false},
	}
	for _, tc := range tests {
		doc.Events = []article.Event{tc.ev}
		if hit, _, _, _ := scorePLOVERItem(doc, tc.item, tc.gold, table); hit != tc.hit {
			t.Errorf("%s: hit = %v, want %v", tc.name, hit, tc.hit)
		}
	}
}
