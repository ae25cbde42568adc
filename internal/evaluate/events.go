package evaluate

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// PLOVERReport is the result of scoring event coding on the PLOVER gold
// standard. Tune and Check split the items alternately (even and odd
// positions in the file) so that rules tuned on one half can be checked on
// the other.
type PLOVERReport struct {
	All, Tune, Check PLOVERScore
	// Confusion counts gold type -> predicted type (aligned event, "" when
	// none) over all items.
	Confusion map[string]map[string]int
	// Results holds one line per gold item, for reading the errors.
	Results []PLOVERResult
}

// PLOVERResult is how one gold item was scored: the gold event and what
// was predicted for its sentence.
type PLOVERResult struct {
	ID, Text       string
	Gold           string // PLOVER type the gold maps to
	Source, Target []string
	Hit, TypeHit   bool
	// Why names what a miss lacked: "no event", "type" (no event of the
	// gold type), "source" (one of the gold type, none from a gold
	// source) or "target" (type and source right, target wrong).
	Why       string
	Predicted []string // one line per predicted event
}

// PLOVERScore holds triple precision, recall and F1 and event-type
// accuracy over a set of gold items.
type PLOVERScore struct {
	Items     int
	TP, FP    int
	FN        int
	Precision float64
	Recall    float64
	F1        float64
	// TypeAccuracy is the share of items whose aligned predicted event has
	// the gold type.
	TypeAccuracy float64
	typeHits     int
}

func (s *PLOVERScore) finish() {
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	s.F1 = F1(s.Precision, s.Recall)
	if s.Items > 0 {
		s.TypeAccuracy = float64(s.typeHits) / float64(s.Items)
	}
}

// ploverItem is one gold event of PLOVER_GSR_CAMEO.json.
type ploverItem struct {
	ID       string          `json:"id"`
	Event    string          `json:"event"`
	Text     string          `json:"text"`
	Source   json.RawMessage `json:"source"`
	Target   json.RawMessage `json:"target"`
	TextInfo json.RawMessage `json:"textInfo"`
}

type ploverActor struct {
	ActorText string `json:"actorText"`
	Code      string `json:"code"`
	Sector    string `json:"sector"`
}

// cameoCountry maps the CAMEO country codes of the gold that are not ISO
// 3166-1 alpha-3 to the ISO code our entities carry.
var cameoCountry = map[string]string{"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}

// codeMatch reports whether an actor with ISO country, sector and kind
// has the gold actor's CAMEO code: the same country, or the same
// international-organisation code (IGO, NGO, IMG), and a compatible sector.
// A gold sector of "" or "***" (unknown) takes any sector; only the first
// three letters count ("REBkur" is REB); an actor with no sector is the
// state, which acts through its government (GOV).
func codeMatch(country, sector, kind string, a ploverActor) bool {
	code := strings.ToUpper(strings.TrimSpace(a.Code))
	if c, ok := cameoCountry[code]; ok {
		code = c
	}
	switch code {
	case "":
		return false
	case "IGO", "NGO", "IMG":
		return sector == code || strings.EqualFold(kind, code)
	}
	if country != code {
		return false
	}
	gs := strings.ToUpper(strings.TrimSpace(a.Sector))
	if len(gs) > 3 {
		gs = gs[:3]
	}
	if gs == "CIV" {
		gs = "CVL"
	}
	switch {
	case gs == "" || gs == "***" || gs == sector:
		return true
	case sector == "":
		return gs == "GOV"
	}
	return false
}

func actorList(raw json.RawMessage) []ploverActor {
	var as []ploverActor
	if len(raw) == 0 || json.Unmarshal(raw, &as) != nil {
		return nil
	}
	out := as[:0]
	for _, a := range as {
		if strings.TrimSpace(a.ActorText) != "" {
			out = append(out, a)
		}
	}
	return out
}

// oldPLOVER maps the PLOVER 0.5 labels of the gold set to the CAMEO code of
// the same category (the 0.5 categories follow the CAMEO roots; CONCEDE and
// RETREAT split root 08 at 080/084). CAMEO2PLOVER-2021.txt then gives the
// current type of that code.
var oldPLOVER = map[string]string{
	"AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060", "AID": "070",
	"CONCEDE": "080", "RETREAT": "084", "INVESTIGATE": "090", "DEMAND": "100", "DISAPPROVE": "110",
	"REJECT": "120", "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150", "SANCTION": "160",
	"COERCE": "170", "ASSAULT": "180", "FIGHT": "190",
}

// oldPLOVERCodes lists the CAMEO code prefixes each PLOVER 0.5 category
// covers (the 0.5 categories follow the CAMEO roots; CONCEDE and RETREAT
// share root 08, ASSAULT holds roots 18 and 20).
var oldPLOVERCodes = map[string][]string{
	"AGREE": {"03"}, "CONSULT": {"04"}, "SUPPORT": {"05"}, "COOPERATE": {"06"}, "AID": {"07"},
	"CONCEDE": {"080", "081", "082", "083"}, "RETREAT": {"084", "085", "086", "087"},
	"INVESTIGATE": {"09"}, "DEMAND": {"10"}, "DISAPPROVE": {"11"}, "REJECT": {"12"},
	"THREATEN": {"13"}, "PROTEST": {"14"}, "MOBILIZE": {"15"}, "SANCTION": {"16"},
	"COERCE": {"17"}, "ASSAULT": {"18", "20"}, "FIGHT": {"19"},
}

// ReadCAMEO2PLOVER reads the CAMEO-to-PLOVER table ("code: TYPE, mode,
// context # description") into code -> [type, mode].
func ReadCAMEO2PLOVER(r io.Reader) (map[string][2]string, error) {
	out := map[string][2]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		code, rest, ok := strings.Cut(line, ":")
		code = strings.TrimSpace(code)
		if !ok || code == "" || strings.Trim(code, "0123456789") != "" {
			continue
		}
		f := strings.Split(rest, ",")
		typ := strings.TrimSpace(f[0])
		mode := ""
		if len(f) > 1 {
			mode = strings.TrimSpace(f[1])
		}
		if typ != "" {
			out[code] = [2]string{typ, mode}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading CAMEO to PLOVER table: %w", err)
	}
	return out, nil
}

var markupRe = regexp.MustCompile(`\(EVT:\s*([^)}]*)[)}]`)

// PLOVER scores event coding on the PLOVER gold standard in dir (holding
// PLOVER_GSR_CAMEO.json and CAMEO2PLOVER-2021.txt); path may also name the
// JSON file itself.
//
// Each gold item is one sentence and one event: a type, source actors and
// target actors. Its text is analysed with analyze, and each predicted
// event becomes a triple (type, actors, recipients), its type read the way
// PLOVER codes it (event.PLOVERType: a promise of cooperation is AGREE, a
// refused one REJECT). A predicted triple matches the gold one when
//
//   - the types are equal, or the event's CAMEO code lies in the range of
//     the gold's PLOVER 0.5 category and the table gives that code the
//     event's type (the 0.5 SANCTION covers CAMEO 163 "impose sanctions",
//     which today's PLOVER calls COERCE);
//   - the source matches: some predicted actor is a gold source;
//   - the target matches: some predicted recipient is a gold target, or
//     the gold item has no target, or the markup is symmetric (SRC/TAR:
//     the same actors on both sides, as in "X and Y agreed"), or the event
//     has no recipient and its place is a gold target (PLOVER codes the
//     place as the target when no one else is acted upon: "Serbia lifted
//     a curfew in Montenegro").
//
// An entity is a gold actor when one of its mentions overlaps an
// occurrence of the gold actor text in the sentence, or its name equals the
// actor text, case-insensitively, or its country and sector match the gold
// actor's CAMEO code and sector (codeMatch). An unnamed group actor
// (Event.ActorGroup, RecipientGroup) matches the same way, by its span or
// its implied country and sector. Each item gives at most one true
// positive; every other predicted event of the item is a false positive,
// and an item without a match is a false negative (micro F1 over items).
//
// Event-type accuracy aligns each gold item with one predicted event: the
// most confident event whose trigger overlaps a gold (EVT: ...) word, else
// the most confident event of the item; it is right when its type is the
// gold type, wrong when there is none.
func PLOVER(ctx context.Context, path string, analyze AnalyzeFunc) (*PLOVERReport, error) {
	dir, file := path, filepath.Join(path, "PLOVER_GSR_CAMEO.json")
	if strings.HasSuffix(path, ".json") {
		dir, file = filepath.Dir(path), path
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading PLOVER gold: %w", err)
	}
	var items []ploverItem
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("parsing PLOVER gold %s: %w", file, err)
	}
	tf, err := os.Open(filepath.Join(dir, "CAMEO2PLOVER-2021.txt"))
	if err != nil {
		return nil, fmt.Errorf("opening CAMEO to PLOVER table: %w", err)
	}
	table, err := ReadCAMEO2PLOVER(tf)
	tf.Close()
	if err != nil {
		return nil, err
	}
	rep := &PLOVERReport{Confusion: map[string]map[string]int{}}
	n := 0
	for _, it := range items {
		code, ok := oldPLOVER[it.Event]
		if !ok || strings.TrimSpace(it.Text) == "" {
			continue // DOCUMENT entries
		}
		gold := table[code][0]
		if gold == "" {
			return nil, fmt.Errorf("PLOVER gold %s: CAMEO code %s of %s not in the table", it.ID, code, it.Event)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		doc, err := analyze(ctx, it.Text)
		if err != nil {
			return nil, fmt.Errorf("analysing PLOVER item %s: %w", it.ID, err)
		}
		hit, typeHit, pred, why := scorePLOVERItem(doc, it, gold, table)
		half := &rep.Tune
		if n%2 == 1 {
			half = &rep.Check
		}
		n++
		for _, s := range []*PLOVERScore{&rep.All, half} {
			s.Items++
			if hit {
				s.TP++
				s.FP += len(doc.Events) - 1
			} else {
				s.FN++
				s.FP += len(doc.Events)
			}
			if typeHit {
				s.typeHits++
			}
		}
		if rep.Confusion[gold] == nil {
			rep.Confusion[gold] = map[string]int{}
		}
		rep.Confusion[gold][pred]++
		res := ploverResult(doc, it, gold, hit, typeHit)
		res.Why = why
		rep.Results = append(rep.Results, res)
	}
	rep.All.finish()
	rep.Tune.finish()
	rep.Check.finish()
	return rep, nil
}

func scorePLOVERItem(doc *article.Document, it ploverItem, gold string, table map[string][2]string) (hit, typeHit bool, pred, why string) {
	src, tar := actorList(it.Source), actorList(it.Target)
	symmetric := false
	var markup string
	if json.Unmarshal(it.TextInfo, &struct {
		Markup *string `json:"markup"`
	}{&markup}) != nil {
		_ = json.Unmarshal(it.TextInfo, &markup)
	}
	if strings.Contains(markup, "SRC/TAR") {
		symmetric = true
	}
	srcSpans := actorSpans(doc.Text, src)
	tarSpans := actorSpans(doc.Text, tar)
	overlaps := func(sp article.Span, spans []article.Span) bool {
		for _, s := range spans {
			if s.Overlaps(sp) {
				return true
			}
		}
		return false
	}
	isGold := func(id string, as []ploverActor, spans []article.Span) bool {
		for i := range doc.Entities {
			e := &doc.Entities[i]
			if e.ID != id {
				continue
			}
			for _, a := range as {
				if strings.EqualFold(e.Name, a.ActorText) || codeMatch(e.Country, e.Sector, e.Kind, a) {
					return true
				}
			}
			for _, m := range e.Mentions {
				if overlaps(article.Span{Start: m.Start, End: m.End}, spans) {
					return true
				}
			}
		}
		return false
	}
	anyGold := func(ids []string, g *article.Group, as []ploverActor, spans []article.Span) bool {
		for _, id := range ids {
			if isGold(id, as, spans) {
				return true
			}
		}
		if g == nil {
			return false
		}
		if overlaps(article.Span{Start: g.Start, End: g.End}, spans) {
			return true
		}
		for _, a := range as {
			if codeMatch(g.Country, g.Sector, "", a) {
				return true
			}
		}
		return false
	}
	typeOK := func(ev article.Event) bool {
		t := ploverType(ev)
		if t == gold {
			return true
		}
		// The gold names a PLOVER 0.5 category, a range of CAMEO codes; an
		// event coded with a CAMEO code in that range has the type the
		// table gives that code ("imposed sanctions" is CAMEO 163, in the
		// 0.5 SANCTION range, and COERCE in the table).
		if row, ok := table[ev.CAMEO]; !ok || row[0] != ev.Type || t != ev.Type {
			return false
		}
		for _, p := range oldPLOVERCodes[it.Event] {
			if strings.HasPrefix(ev.CAMEO, p) {
				return true
			}
		}
		return false
	}
	why = "no event"
	if len(doc.Events) > 0 {
		why = "type"
	}
	for _, ev := range doc.Events {
		if !typeOK(ev) {
			continue
		}
		if why == "type" {
			why = "source"
		}
		if !anyGold(ev.Actors, ev.ActorGroup, src, srcSpans) && !(symmetric && anyGold(ev.Recipients, ev.RecipientGroup, src, srcSpans)) {
			continue
		}
		why = "target"

		if len(tar) > 0 && !symmetric && !anyGold(ev.Recipients, ev.RecipientGroup, tar, tarSpans) {
			// With no one acted upon, PLOVER codes the place as the target
			// ("Serbia lifted a curfew in Montenegro").
			if len(ev.Recipients) > 0 || ev.RecipientGroup != nil || !anyGold(eventPlaces(ev), nil, tar, tarSpans) {
				continue
			}
		}
		hit, why = true, ""
		break
	}
	// Alignment for type accuracy.
	var evt []article.Span
	for _, m := range markupRe.FindAllStringSubmatch(markup, -1) {
		w := strings.TrimSpace(m[1])
		if w == "" {
			continue
		}
		for _, s := range findAll(doc.Text, w) {
			evt = append(evt, s)
		}
	}
	best, bestAligned := -1, false
	for i, ev := range doc.Events {
		tr := article.Span{Start: ev.Trigger.Start, End: ev.Trigger.End}
		aligned := false
		for _, s := range evt {
			if s.Overlaps(tr) {
				aligned = true
			}
		}
		switch {
		case best < 0, aligned && !bestAligned,
			aligned == bestAligned && ev.Confidence > doc.Events[best].Confidence:
			best, bestAligned = i, aligned
		}
	}
	if best >= 0 {
		pred = ploverType(doc.Events[best])
		if typeOK(doc.Events[best]) {
			pred = gold
		}
	}
	return hit, pred == gold, pred, why
}

// ploverResult describes one scored item: the gold actors as "text (code
// sector)" and each predicted event as "TYPE cameo modality trigger:
// actors -> recipients".
func ploverResult(doc *article.Document, it ploverItem, gold string, hit, typeHit bool) PLOVERResult {
	r := PLOVERResult{ID: it.ID, Text: it.Text, Gold: gold, Hit: hit, TypeHit: typeHit}
	for _, a := range actorList(it.Source) {
		r.Source = append(r.Source, fmt.Sprintf("%s (%s %s)", a.ActorText, a.Code, a.Sector))
	}
	for _, a := range actorList(it.Target) {
		r.Target = append(r.Target, fmt.Sprintf("%s (%s %s)", a.ActorText, a.Code, a.Sector))
	}
	name := func(id string) string {
		for i := range doc.Entities {
			if e := &doc.Entities[i]; e.ID == id {
				return fmt.Sprintf("%s[%s %s]", e.Name, e.Country, e.Sector)
			}
		}
		return id
	}
	side := func(ids []string, g *article.Group) string {
		var ns []string
		for _, id := range ids {
			ns = append(ns, name(id))
		}
		if g != nil {
			ns = append(ns, fmt.Sprintf("group %q[%s %s]", g.Text, g.Country, g.Sector))
		}
		return strings.Join(ns, ", ")
	}
	for _, ev := range doc.Events {
		r.Predicted = append(r.Predicted, fmt.Sprintf("%s %s %s %q: %s -> %s",
			ploverType(ev), ev.CAMEO, ev.Modality, ev.Trigger.Text,
			side(ev.Actors, ev.ActorGroup), side(ev.Recipients, ev.RecipientGroup)))
	}
	return r
}

// WriteResults writes every item's gold and predicted events, misses
// first marked "-", hits "+".
func (r *PLOVERReport) WriteResults(w io.Writer) error {
	var b strings.Builder
	for _, res := range r.Results {
		mark := "+"
		if !res.Hit {
			mark = "- [" + res.Why + "]"
		}
		t := "type ok"
		if !res.TypeHit {
			t = "type wrong"
		}
		fmt.Fprintf(&b, "%s %s gold %s (%s): %s -> %s\n  %s\n", mark, res.ID, res.Gold, t,
			strings.Join(res.Source, ", "), strings.Join(res.Target, ", "), res.Text)
		for _, p := range res.Predicted {
			fmt.Fprintf(&b, "    %s\n", p)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// eventPlaces returns the place ids of ev, Place first.
func eventPlaces(ev article.Event) []string {
	if len(ev.Places) > 0 {
		return ev.Places
	}
	if ev.Place != nil {
		return []string{*ev.Place}
	}
	return nil
}

// findAll returns the spans of every case-insensitive occurrence of w.
func findAll(text, w string) []article.Span {
	var out []article.Span
	lt, lw := strings.ToLower(text), strings.ToLower(w)
	for off := 0; lw != ""; {
		i := strings.Index(lt[off:], lw)
		if i < 0 {
			break
		}
		out = append(out, article.Span{Start: off + i, End: off + i + len(lw)})
		off += i + len(lw)
	}
	return out
}

func actorSpans(text string, as []ploverActor) []article.Span {
	var out []article.Span
	for _, a := range as {
		out = append(out, findAll(text, strings.TrimSpace(a.ActorText))...)
	}
	return out
}

// ploverType is the type a PLOVER coder gives an event: a stated intent to
// cooperate, or an offer on a condition (future or hypothetical CONSULT,
// SUPPORT, COOPERATE, AID, CONCEDE, RETREAT), is AGREE, and a negated one,
// or a negated agreement, is REJECT, as in the PLOVER manual ("will
// support" is AGREE, "would meet him if" is AGREE, "will not accept" and
// "failed to reach agreement" are REJECT).
func ploverType(ev article.Event) string {
	switch ev.Type {
	case "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT":
		switch ev.Modality {
		case "future", "hypothetical":
			return "AGREE"
		case "negated":
			return "REJECT"
		}
	case "AGREE":
		if ev.Modality == "negated" {
			return "REJECT"
		}
	}
	return ev.Type
}

// WriteTo writes the report as a small table.
func (r *PLOVERReport) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %5s %6s %6s %6s %8s\n", "split", "items", "P", "R", "F1", "type-acc")
	for _, row := range []struct {
		n string
		s PLOVERScore
	}{{"all", r.All}, {"tune", r.Tune}, {"check", r.Check}} {
		fmt.Fprintf(&b, "%-6s %5d %6.3f %6.3f %6.3f %8.3f\n", row.n, row.s.Items, row.s.Precision, row.s.Recall, row.s.F1, row.s.TypeAccuracy)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// ACLEDReport is the result of scoring event coding on ACLED notes.
type ACLEDReport struct {
	Items int
	// TypeAccuracy is the share of notes whose predicted ACLED event type
	// equals the analyst's.
	TypeAccuracy float64
	// Actor1Accuracy is the share of notes whose primary event's first
	// actor matches the analyst's actor1.
	Actor1Accuracy float64
	// Tune and Check are the type accuracies on even and odd rows.
	Tune, Check float64
	Confusion   map[string]map[string]int
}

// ACLED event types.
const (
	ACLEDBattles    = "Battles"
	ACLEDExplosions = "Explosions/Remote violence"
	ACLEDViolence   = "Violence against civilians"
	ACLEDProtests   = "Protests"
	ACLEDRiots      = "Riots"
	ACLEDStrategic  = "Strategic developments"
)

// ACLEDType maps a PLOVER event to an ACLED event type:
//
//   - PROTEST: Riots when the mode is riot, else Protests;
//   - ASSAULT with mode aerial, drone, heavy-weapons, explosives or
//     suicide-attack: Explosions/Remote violence;
//   - ASSAULT with mode abduct, sexual, torture, assassinate, massacre or
//     beat: Violence against civilians (Riots when the actor is civilian,
//     a mob);
//   - ASSAULT with mode seize (destruction of property): Strategic
//     developments, or Riots when the actor is civilian;
//   - other ASSAULT: Battles when a recipient is armed (sector MIL, REB,
//     COP, SPY, or an armed group; or an unnamed group of sector MIL, REB,
//     COP or UAF: "fired at policemen"), or the trigger is "clash",
//     "fight", "battle", "ambush", "exchange" (of fire), "shoot-out",
//     "firefight", "engage"; Riots when the actor is civilian (or an
//     unnamed civilian group); else Violence against civilians;
//   - COERCE, MOBILIZE, AGREE, RETREAT, everything else: Strategic
//     developments.
//
// sector returns the sector and kind of an entity id.
// When the event has no resolved recipient, the words of its sentence
// decide: armed people named as the target ("soldiers", "militants",
// "positions", "firefight") make it Battles.
func ACLEDType(ev article.Event, sentence string, sector func(id string) (string, string)) string {
	armedGroup := func(g *article.Group) bool {
		return g != nil && (g.Sector == "MIL" || g.Sector == "REB" || g.Sector == "COP" || g.Sector == "UAF")
	}
	civilGroup := func(g *article.Group) bool {
		return g != nil && (g.Sector == "CVL" || g.Sector == "OPP" || g.Sector == "LAB" || g.Sector == "EDU" || g.Sector == "AGR")
	}
	armed := func(ids []string) bool {
		for _, id := range ids {
			s, k := sector(id)
			switch {
			case s == "MIL" || s == "REB" || s == "COP" || s == "SPY" || k == "armed_group" || k == "military":
				return true
			}
		}
		return false
	}
	civil := func(ids []string) bool {
		for _, id := range ids {
			if s, _ := sector(id); s == "CVL" || s == "OPP" {
				return true
			}
		}
		return false
	}
	switch ev.Type {
	case "PROTEST":
		if ev.Mode == "riot" {
			return ACLEDRiots
		}
		return ACLEDProtests
	case "ASSAULT":
		switch ev.Mode {
		case "aerial", "drone", "heavy-weapons", "explosives", "suicide-attack":
			return ACLEDExplosions
		case "abduct", "sexual", "torture", "assassinate", "massacre", "beat":
			if (civil(ev.Actors) || len(ev.Actors) == 0 && civilGroup(ev.ActorGroup)) && !armed(ev.Actors) {
				return ACLEDRiots
			}
			return ACLEDViolence
		case "seize":
			if (civil(ev.Actors) || len(ev.Actors) == 0 && civilGroup(ev.ActorGroup)) && !armed(ev.Actors) {
				return ACLEDRiots
			}
			return ACLEDStrategic
		}
		tr := strings.ToLower(ev.Trigger.Text)
		for _, w := range []string{"clash", "fight", "battle", "ambush", "gunfight", "gunbattle", "exchange", "shoot-out", "shootout", "firefight", "engage"} {
			if strings.HasPrefix(tr, w) {
				return ACLEDBattles
			}
		}
		if armed(ev.Recipients) || len(ev.Recipients) == 0 && armedGroup(ev.RecipientGroup) {
			return ACLEDBattles
		}
		if len(ev.Recipients) == 0 && ev.RecipientGroup == nil && (armed(ev.Actors) || len(ev.Actors) == 0) && armedTarget(sentence) {
			return ACLEDBattles
		}
		if (civil(ev.Actors) || len(ev.Actors) == 0 && civilGroup(ev.ActorGroup)) && !armed(ev.Actors) {
			return ACLEDRiots
		}
		return ACLEDViolence
	}
	return ACLEDStrategic
}

// acledRank orders ACLED types when a note has several events: the one
// ACLED files it under is the most severe.
var acledRank = map[string]int{
	ACLEDBattles: 6, ACLEDExplosions: 5, ACLEDViolence: 4, ACLEDRiots: 3, ACLEDProtests: 2, ACLEDStrategic: 1,
}

// ACLED scores event coding on an ACLED export (csvPath): each row's notes
// are analysed, the events that the note says happened (asserted or
// reported, not negated, future or hypothetical) are mapped with ACLEDType,
// and the most severe type (Battles > Explosions/Remote violence > Violence
// against civilians > Riots > Protests > Strategic developments) among the
// events of the note's first sentence is the prediction, except that a
// PROTEST there makes it Protests ("police dispersed the protesters" is
// still a protest in ACLED), or Riots when the sentence also has a riot,
// vandalism or beating. A note with no such event counts as wrong.
//
// Actor1 matches when the primary event's first actor shares a word stem
// (its first five letters, words of four letters or more) with actor1, its
// name and mentions against actor1 without the parenthesised parts; or
// when actor1 is "Protesters (...)" or "Rioters (...)" and the event is a
// PROTEST or a civilian riot with an actor, named or not (ACLED names such
// crowds by the country only); or, for an event whose actor is an unnamed
// group (Event.ActorGroup), when the group's sector is the kind ACLED's
// generic actor names (groupMatch).
func ACLED(ctx context.Context, csvPath string, analyze AnalyzeFunc) (*ACLEDReport, error) {
	f, err := os.Open(csvPath)
	if err != nil {
		return nil, fmt.Errorf("opening ACLED file: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading ACLED header %s: %w", csvPath, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"notes", "event_type", "actor1"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("ACLED file %s: no %q column", csvPath, need)
		}
	}
	rep := &ACLEDReport{Confusion: map[string]map[string]int{}}
	var hits, actorHits, tuneN, tuneHits, checkN, checkHits int
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading ACLED file %s: %w", csvPath, err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		notes, gold, actor1 := rec[col["notes"]], rec[col["event_type"]], rec[col["actor1"]]
		doc, err := analyze(ctx, notes)
		if err != nil {
			return nil, fmt.Errorf("analysing ACLED row %d: %w", row+2, err)
		}
		pred, ev := primaryACLED(doc)
		rep.Items++
		ok := pred == gold
		if ok {
			hits++
		}
		if row%2 == 0 {
			tuneN++
			if ok {
				tuneHits++
			}
		} else {
			checkN++
			if ok {
				checkHits++
			}
		}
		if ev != nil && actor1Match(doc, ev, actor1, pred) {
			actorHits++
		}
		if rep.Confusion[gold] == nil {
			rep.Confusion[gold] = map[string]int{}
		}
		rep.Confusion[gold][pred]++
	}
	if rep.Items > 0 {
		rep.TypeAccuracy = float64(hits) / float64(rep.Items)
		rep.Actor1Accuracy = float64(actorHits) / float64(rep.Items)
	}
	if tuneN > 0 {
		rep.Tune = float64(tuneHits) / float64(tuneN)
	}
	if checkN > 0 {
		rep.Check = float64(checkHits) / float64(checkN)
	}
	return rep, nil
}

func primaryACLED(doc *article.Document) (string, *article.Event) {
	sector := func(id string) (string, string) {
		for i := range doc.Entities {
			if doc.Entities[i].ID == id {
				return doc.Entities[i].Sector, doc.Entities[i].Kind
			}
		}
		return "", ""
	}
	best, bestRank := "", 0
	var bestEv *article.Event
	protest := -1
	// The note's first sentence ("On <date>, X did Y") holds its event;
	// later sentences add context and background.
	var first article.Span
	for _, ev := range doc.Events {
		if ev.Modality == "asserted" || ev.Modality == "reported" {
			first = ev.Sentence
			break
		}
	}
	riot := false
	for i := range doc.Events {
		ev := &doc.Events[i]
		if ev.Modality != "asserted" && ev.Modality != "reported" || ev.Sentence != first {
			continue
		}
		if ev.Type == "PROTEST" && ev.Mode == "riot" || ev.Type == "ASSAULT" && (ev.Mode == "seize" || ev.Mode == "beat") {
			riot = true
		}
		t := ACLEDType(*ev, doc.Slice(ev.Sentence), sector)
		if t == ACLEDProtests && protest < 0 {
			protest = i
		}
		if r := acledRank[t]; r > bestRank {
			best, bestRank, bestEv = t, r, ev
		}
	}
	if protest >= 0 {
		// A protest met with force is still a protest in ACLED; one that
		// turned violent is a riot.
		if riot && best != ACLEDExplosions {
			return ACLEDRiots, &doc.Events[protest]
		}
		return ACLEDProtests, &doc.Events[protest]
	}
	return best, bestEv
}

// protestersTargeted reports whether ev's recipients are the actors of a
// protest.
func protestersTargeted(doc *article.Document, ev *article.Event) bool {
	for _, o := range doc.Events {
		if o.Type != "PROTEST" {
			continue
		}
		for _, a := range o.Actors {
			for _, r := range ev.Recipients {
				if a == r {
					return true
				}
			}
		}
	}
	return false
}

var parenRe = regexp.MustCompile(`\([^)]*\)`)

func stems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range Words(strings.ToLower(s)) {
		if len(w) < 4 || acledStop[w] {
			continue
		}
		if len(w) > 5 {
			w = w[:5]
		}
		out[w] = true
	}
	return out
}

var acledStop = map[string]bool{"forces": true, "force": true, "group": true, "from": true, "with": true,
	"unidentified": true, "armed": true, "the": true, "and": true, "of": true}

func actor1Match(doc *article.Document, ev *article.Event, actor1, pred string) bool {
	a1 := strings.TrimSpace(actor1)
	if strings.HasPrefix(a1, "Protesters") && ev.Type == "PROTEST" || strings.HasPrefix(a1, "Rioters") && pred == ACLEDRiots {
		return len(ev.Actors) > 0 || ev.ActorGroup != nil
	}
	if len(ev.Actors) == 0 {
		return ev.ActorGroup != nil && groupMatch(ev.ActorGroup, a1)
	}
	want := stems(parenRe.ReplaceAllString(a1, " "))
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if e.ID != ev.Actors[0] {
			continue
		}
		texts := []string{e.Name}
		for _, m := range e.Mentions {
			texts = append(texts, m.Text)
		}
		for _, t := range texts {
			for s := range stems(t) {
				if want[s] {
					return true
				}
			}
		}
	}
	return false
}

// groupMatch reports whether an unnamed group actor ("gunmen", "Russian
// troops") is ACLED's actor1: ACLED names such actors by their kind and
// country ("Unidentified Armed Group (Nigeria)", "Military Forces of
// Russia (2000-)", "Police Forces of Mexico", "Civilians (Sudan)"), so the
// group's sector decides, or a shared word stem.
func groupMatch(g *article.Group, a1 string) bool {
	switch {
	case strings.HasPrefix(a1, "Unidentified Armed Group"):
		return g.Sector == "UAF" || g.Sector == "REB"
	case strings.HasPrefix(a1, "Unidentified Gang"):
		return g.Sector == "UAF" || g.Sector == "CRM"
	case strings.HasPrefix(a1, "Military Forces of"):
		return g.Sector == "MIL"
	case strings.HasPrefix(a1, "Police Forces of"):
		return g.Sector == "COP"
	case strings.HasPrefix(a1, "Civilians"):
		return g.Sector == "CVL"
	}
	want := stems(parenRe.ReplaceAllString(a1, " "))
	for s := range stems(g.Text) {
		if want[s] {
			return true
		}
	}
	return false
}

// WriteTo writes the report.
func (r *ACLEDReport) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "notes %d  type accuracy %.3f (tune %.3f, check %.3f)  actor1 %.3f\n",
		r.Items, r.TypeAccuracy, r.Tune, r.Check, r.Actor1Accuracy)
	golds := make([]string, 0, len(r.Confusion))
	for g := range r.Confusion {
		golds = append(golds, g)
	}
	sort.Strings(golds)
	for _, g := range golds {
		fmt.Fprintf(&b, "  %-28s %v\n", g, r.Confusion[g])
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

var armedWords = map[string]bool{"soldier": true, "soldiers": true, "troops": true, "militants": true,
	"militant": true, "militiamen": true, "militia": true, "rebels": true, "insurgents": true, "fighters": true,
	"policeman": true, "policemen": true, "police": true, "army": true, "military": true, "positions": true,
	"firefight": true, "gunfight": true, "gunbattle": true, "shoot-out": true, "clashes": true, "clashed": true,
	"forces": true, "officers": true, "repelled": true, "repulsed": true, "engaged": true, "exchanged": true}

var civilianWords = map[string]bool{"civilian": true, "civilians": true, "villagers": true, "residents": true,
	"farmer": true, "farmers": true, "woman": true, "women": true, "child": true, "children": true, "student": true,
	"man": true, "men": true, "boy": true, "girl": true, "trader": true, "herder": true, "herders": true}

// armedTarget reports whether a sentence speaks of armed people and not of
// civilians.
func armedTarget(sentence string) bool {
	armed, civ := false, false
	for _, w := range Words(strings.ToLower(sentence)) {
		armed = armed || armedWords[w]
		civ = civ || civilianWords[w]
	}
	return armed && !civ
}
