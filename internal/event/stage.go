package event

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Modalities an Event may have.
const (
	Asserted     = "asserted"
	Negated      = "negated"
	Future       = "future"
	Hypothetical = "hypothetical"
	Reported     = "reported"
)

// Stage codes the events of a document into Document.Events. It reads
// Sentences, Tokens, POS (optional), Entities, Dates, Quotes, Claims and
// Quantities; it is safe for concurrent use.
type Stage struct {
	lex *Lexicon
}

var _ pipeline.Stage = (*Stage)(nil)

// New returns a stage using lexicon lx.
func New(lx *Lexicon) *Stage { return &Stage{lex: lx} }

// NewDefault returns a stage using the embedded lexicon.
func NewDefault() (*Stage, error) {
	lx, err := DefaultLexicon()
	if err != nil {
		return nil, err
	}
	return New(lx), nil
}

// Name implements pipeline.Stage.
func (*Stage) Name() string { return "event" }

// Process implements pipeline.Stage. It replaces doc.Events.
func (s *Stage) Process(ctx context.Context, doc *article.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc.Events = s.Code(doc)
	return nil
}

// Code returns the events of doc, without changing it.
func (s *Stage) Code(doc *article.Document) []article.Event {
	c := newCoder(s.lex, doc)
	for si, sent := range doc.Sentences {
		c.sentence(si, sent)
	}
	return c.events
}

// tok is the coder's view of one token.
type tok struct {
	low   string
	lemma string
	pos   string
	ent   int // index into doc.Entities of the mention covering it, or -1
	word  bool
}

// cand is a trigger found in a sentence.
type cand struct {
	e        *Entry
	ts, te   int // token range of the trigger words (te exclusive)
	last     int // last token of the pattern
	clause   int
	noun     bool
	absorbed bool
	mode     string
	modality string // set by a head for its complement
	// complSubj holds the entities between a head and the complement it
	// absorbed: the complement's subject ("demanded that Hamas renounce"),
	// the head's recipient.
	complSubj []int
	// folded are the purpose and manner complements fold dropped into
	// this trigger ("blocked roads to demand the resignation of X"): they
	// name its target when it names none.
	folded []*cand
	// means is the violent noun of a phrase fold gave this violent verb
	// ("killed in an Israeli airstrike"): its modifier is the verb's
	// actor when the clause names none.
	means *cand
}

type coder struct {
	lx     *Lexicon
	doc    *article.Document
	toks   []tok
	clause []int
	events []article.Event
	// subject is the subject entity of the last sentence that had one.
	subject  int
	refYear  int
	lemmaBuf []string
	// quotes are the quotation spans sorted by start, and quoteEnd[i] is
	// the largest end among quotes[:i+1], so quoteSpan need not scan them
	// all for every trigger (that was quadratic on long articles).
	quotes   []article.Span
	quoteEnd []int
	// attrs are the quotes and claims sorted by start, with the longest
	// one's length, and qty the quantities' indexes sorted by start: the
	// per-trigger look-ups visit only nearby entries.
	attrs      []attr
	attrMaxLen int
	qty        []int
	dates      []int
}

type attr struct {
	span       article.Span
	order      int
	id, holder string
}

func (c *coder) indexAttributions() {
	for _, q := range c.doc.Quotes {
		c.attrs = append(c.attrs, attr{article.Span{Start: q.Start, End: q.End}, len(c.attrs), q.ID, deref(q.Speaker)})
	}
	for _, q := range c.doc.Claims {
		c.attrs = append(c.attrs, attr{article.Span{Start: q.Start, End: q.End}, len(c.attrs), q.ID, deref(q.Holder)})
	}
	for _, a := range c.attrs {
		c.attrMaxLen = max(c.attrMaxLen, a.span.Len())
	}
	sort.SliceStable(c.attrs, func(i, j int) bool { return c.attrs[i].span.Start < c.attrs[j].span.Start })
	c.qty = make([]int, len(c.doc.Quantities))
	for i := range c.qty {
		c.qty[i] = i
	}
	sort.SliceStable(c.qty, func(i, j int) bool { return c.doc.Quantities[c.qty[i]].Start < c.doc.Quantities[c.qty[j]].Start })
	c.dates = make([]int, len(c.doc.Dates))
	for i := range c.dates {
		c.dates[i] = i
	}
	sort.SliceStable(c.dates, func(i, j int) bool { return c.doc.Dates[c.dates[i]].Start < c.doc.Dates[c.dates[j]].Start })
}

// datesFrom returns the position in c.dates of the first date starting at
// or after off.
func (c *coder) datesFrom(off int) int {
	return sort.Search(len(c.dates), func(i int) bool { return c.doc.Dates[c.dates[i]].Start >= off })
}

func newCoder(lx *Lexicon, doc *article.Document) *coder {
	c := &coder{lx: lx, doc: doc, subject: -1, events: []article.Event{}}
	c.indexAttributions()
	c.toks = make([]tok, len(doc.Tokens))
	c.clause = make([]int, len(doc.Tokens))
	for i, t := range doc.Tokens {
		tx := doc.Slice(t.Span())
		low := strings.ToLower(tx)
		c.toks[i] = tok{low: low, ent: -1, word: t.Kind == article.TokenWord}
		if len(doc.POS) == len(doc.Tokens) {
			c.toks[i].pos = doc.POS[i]
		}
		if c.toks[i].word {
			c.toks[i].lemma = lx.lemma(low, c.lemmaBuf[:0])
		} else {
			c.toks[i].lemma = low
		}
	}
	// Mentions: longer mentions win where they overlap.
	type ment struct{ s, e, ent int }
	var ms []ment
	for ei, e := range doc.Entities {
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(doc.Text) || m.Start >= m.End {
				continue
			}
			ms = append(ms, ment{m.Start, m.End, ei})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].e-ms[i].s < ms[j].e-ms[j].s })
	for _, m := range ms {
		i := sort.Search(len(doc.Tokens), func(i int) bool { return doc.Tokens[i].End > m.s })
		for ; i < len(doc.Tokens) && doc.Tokens[i].Start < m.e; i++ {
			c.toks[i].ent = m.ent
		}
	}
	if doc.Published != nil {
		c.refYear = doc.Published.Year()
	}
	return c
}

func (c *coder) tokRange(sp article.Span) (int, int) {
	ts := c.doc.Tokens
	a := sort.Search(len(ts), func(i int) bool { return ts[i].Start >= sp.Start })
	b := sort.Search(len(ts), func(i int) bool { return ts[i].Start >= sp.End })
	return a, b
}

var (
	determiners = set("the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those",
		"that", "more", "new", "no", "any", "some", "several", "further", "fresh", "renewed", "recent",
		"'s", "’s", "of", "another", "many", "other", "two", "three", "first", "second", "latest",
		"roughly", "about", "nearly", "almost", "around", "over", "dozens", "hundreds", "repeated")
	pronouns    = set("it", "they", "he", "she", "we", "its", "their", "his", "her", "them", "our")
	auxiliaries = set("will", "would", "shall", "should", "could", "can", "may", "might", "must", "has",
		"have", "had", "is", "are", "was", "were", "be", "been", "being", "did", "do", "does", "wo",
		"'ll", "not", "n't", "never", "also", "reportedly", "allegedly", "then", "already", "again",
		"still", "now", "to")
	beForms  = set("is", "are", "was", "were", "be", "been", "being", "'s", "’s")
	locPreps = set("in", "at", "near", "inside", "across", "throughout", "outside", "around", "into",
		"within", "from")
	inPreps  = set("in", "near", "inside", "across", "throughout", "outside", "around", "within")
	recPreps = set("against", "on", "with", "to", "toward", "towards", "for", "at", "upon", "between",
		"into", "over", "from")
	boundaryWords = set("while", "whereas", "although", "though", "because", "which", "who", "whom",
		"whose", "but", "despite", "after", "before", "when", "where", "amid", "since", "as", "so",
		"unless", "until", "following")
	negWords   = set("not", "n't", "never", "no", "neither", "nor", "without")
	futWords   = set("will", "shall", "'ll", "wo")
	hypoWords  = set("would", "could", "might", "may", "should", "must", "can")
	condWords  = set("if", "unless", "whether")
	denyWords  = set("deny", "denied", "denies", "denying", "refute", "refuted", "refutes", "dismissed")
	futureGovs = set("plan", "plans", "planned", "planning", "intend", "intends", "intended", "expect",
		"expects", "expected", "prepare", "prepares", "prepared", "preparing", "aim", "aims", "set", "going",
		"is", "are", "was", "were", "want", "wants", "hope", "hopes", "likely", "about", "ready",
		"willing", "decide", "decides", "seek", "seeks", "seeking", "try", "tries", "trying",
		"threaten", "threatens", "threatened", "vow", "vows", "vowed", "pledge", "pledged", "promise",
		"promised", "agree", "agreed", "offer", "offered", "propose", "proposed")
	continueWords = set("continue", "continues", "continued", "continuing", "resume", "resumes", "escalate",
		"intensify", "step")
	stopWords  = set("stop", "halt", "cease", "end", "abandon", "suspend")
	lightVerbs = set("carry", "carried", "carries", "carrying", "out", "launch", "launched", "launches",
		"conduct", "conducted", "conducts", "hold", "held", "holds", "begin", "began", "begins", "start",
		"started", "starts", "stage", "staged", "stages", "mount", "mounted", "resume", "resumed", "step",
		"stepped", "up", "continue", "continued", "stop", "halt", "end", "make", "made", "wage", "waged",
		"complete", "completed", "order", "ordered", "announce", "announced")
	violent = set("ASSAULT", "COERCE")
	// anonymous types are worth recording with no named actor: a protest
	// or a killing by unnamed people still happened.
	anonymous = set("ASSAULT", "COERCE", "PROTEST")
	// verbal types are done by saying them: a speaker's own quote asserts them.
	verbal = set("AGREE", "SUPPORT", "ACCUSE", "REJECT", "REQUEST", "THREATEN")
)

var months = set("march", "may")

// month reports whether the token at i is the month "March" or "May",
// capitalised inside the sentence that starts at a, not the verb.
func (c *coder) month(i, a int) bool {
	return months[c.toks[i].low] && i > a && c.doc.Text[c.doc.Tokens[i].Start] != c.toks[i].low[0]
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func (c *coder) isVerbPOS(i int) bool { return strings.HasPrefix(c.toks[i].pos, "VB") }
func (c *coder) isNounPOS(i int) bool { return strings.HasPrefix(c.toks[i].pos, "NN") }

// sentence codes one sentence.
func (c *coder) sentence(si int, sent article.Span) {
	a, b := c.tokRange(sent)
	if a >= b {
		return
	}
	c.splitClauses(a, b)
	cands := c.findTriggers(a, b)
	if len(cands) == 0 {
		c.updateSubject(a, b)
		return
	}
	c.heads(cands)
	c.fold(cands, a)
	prevActors := []int(nil)
	prevClause := -1
	first := len(c.events)
	var background []article.Event
	main := false
	for i := range cands {
		cd := &cands[i]
		if cd.absorbed {
			continue
		}
		ev, actors, ok := c.code(cd, a, b, sent, prevActors, prevClause)
		if len(actors) > 0 {
			prevActors, prevClause = actors, cd.clause
		}
		if !ok {
			continue
		}
		if c.condition(cands, i, a) {
			background = append(background, ev)
			continue
		}
		if (!violent[ev.Type] && ev.Type != "PROTEST" && ev.Type != "MOBILIZE" || len(ev.Actors) == 0 && ev.ActorGroup == nil) && c.subordinate(cd, a) {
			background = append(background, ev)
			continue
		}
		main = true
		c.addEvent(ev, first)
	}
	// A relative or temporal clause ("which ...", "after ...",
	// "according to ...") sets the scene for the sentence's event; it is
	// recorded only when the sentence has no other. A cause ("due to
	// Washington's support") is a fact of its own, and violence by someone
	// is recorded wherever it is told ("where 24 people were killed" is
	// the scene's past).
	if !main {
		for _, ev := range background {
			c.addEvent(ev, first)
		}
	}
	c.updateSubject(a, b)
}

// condition reports whether cands[i] lies in an "if" or "unless" clause
// that follows another trigger of the sentence ("would meet the mediator
// if he gave them a veto", "threatened to ... unless Baghdad accepted"):
// the condition of that act, not an act of its own.
func (c *coder) condition(cands []cand, i, a int) bool {
	cd := &cands[i]
	p := -1
	for j := cd.ts - 1; j >= a && j >= cd.ts-12; j-- {
		if l := c.toks[j].low; l == "if" || l == "unless" {
			p = j
			break
		}
		if l := c.toks[j].low; l == ";" || l == "but" || l == "." {
			return false
		}
	}
	if p < 0 {
		return false
	}
	for j := 0; j < i; j++ {
		if h := &cands[j]; !h.absorbed && h.last < p {
			return true
		}
	}
	return false
}

var timeWords = set("today", "yesterday", "tonight", "week", "month", "year", "weekend", "morning", "evening", "night")

// contentNouns are words of saying and thinking whose "that" clause is
// their content, not a relative clause.
var contentNouns = set("demand", "demands", "call", "calls", "claim", "claims", "statement", "warning", "announcement",
	"request", "report", "reports", "news", "fear", "fears", "hope", "hopes", "assurance", "assurances", "pledge",
	"promise", "insistence", "ultimatum", "reminder", "allegation", "allegations", "accusation", "accusations",
	"decision", "agreement", "proposal", "word", "sign", "signs", "evidence", "confirmation", "admission")

var subordinators = set("while", "whereas", "although", "though", "which", "who", "whom", "whose",
	"after", "before", "when", "where", "amid", "since", "as", "until", "following", "according")

// subordinate reports whether trigger cd lies in a subordinate clause:
// one opened by a relative pronoun or a subordinating word.
func (c *coder) subordinate(cd *cand, a int) bool {
	cs := cd.ts
	for cs > a && c.clause[cs-1] == cd.clause {
		cs--
	}
	if cs == a || c.clause[cs] == c.clause[a] {
		return false
	}
	// "a helicopter that was captured": "that" after a noun opens a
	// relative clause; after a verb ("said that") it opens the message.
	if pt := c.toks[cs-1]; c.toks[cs].low == "that" && cs > a && (pt.pos == "NN" || pt.pos == "NNS") && pt.ent < 0 &&
		!timeWords[pt.low] {
		// Except the content of a word of saying: "its demand that".
		p := c.prevWord(cs, a, false)
		for p > a && (c.toks[p].pos == "NN" || c.toks[p].pos == "NNP" || c.toks[p].ent >= 0) && !contentNouns[c.toks[p].lemma] &&
			(c.toks[p].low == "today" || c.toks[p].ent >= 0 || c.toks[p].pos == "NNP") {
			p-- // "its demand today that", "the claim by Iraq that"
		}
		return p < 0 || !contentNouns[c.toks[p].lemma] && !contentNouns[c.toks[p].low]
	}
	return subordinators[c.toks[cs].low]
}

// addEvent appends ev unless an event of the same sentence already says
// the same thing ("shot and killed").
func (c *coder) addEvent(ev article.Event, first int) {
	for i := first; i < len(c.events); i++ {
		o := &c.events[i]
		if o.Type == ev.Type && o.Modality == ev.Modality && sameIDs(o.Actors, ev.Actors) &&
			sameIDs(o.Recipients, ev.Recipients) {
			if o.Mode == "" {
				o.Mode = ev.Mode
			}
			if o.Place == nil {
				o.Place, o.Places = ev.Place, ev.Places
			}
			return
		}
	}
	ev.ID = "v" + strconv.Itoa(len(c.events)+1)
	c.events = append(c.events, ev)
}

func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (c *coder) updateSubject(a, b int) {
	for i := a; i < b; i++ {
		if e := c.toks[i].ent; e >= 0 && !c.afterPrep(i, a) && !c.isPlaceOnly(e) {
			c.subject = e
			return
		}
	}
}

// splitClauses numbers the clauses of tokens [a,b).
func (c *coder) splitClauses(a, b int) {
	n := 0
	for i := a; i < b; i++ {
		t := c.toks[i]
		split := false
		switch {
		case t.low == ";" || t.low == ":":
			split = true
		case boundaryWords[t.low] && t.ent < 0 && i > a:
			// "as", "after", "since" ... open a clause only when a verb
			// follows; "denounced as an ugly crime", "after two days of
			// fighting" are phrases.
			split = !prepositional[t.low] || c.finiteAhead(i+1, b)
		case t.low == "that" && i > a && i+1 < b && c.toks[i+1].ent < 0 && !c.nounTriggerAt(i+1):
			split = true
		case (t.low == "," || t.low == "and") && i+1 < b && c.verbStartsAt(i+1):
			split = true
		case t.low == "," && c.reportingTail(i+1, b):
			// "..., relief officials in Nairobi said.": the source, not
			// the event's clause.
			split = true
		case (t.low == "according" || t.low == "due" || t.low == "thanks") && i+1 < b && c.toks[i+1].low == "to":
			split = true
		}
		if split {
			n++
		}
		c.clause[i] = n
	}
}

var prepositional = set("as", "after", "before", "since", "following", "amid", "until")

// finiteAhead reports whether a finite verb comes in [i, b) before a
// comma, semicolon or another clause word; without tags it assumes so.
func (c *coder) finiteAhead(i, b int) bool {
	for j := i; j < b && j < i+12; j++ {
		t := c.toks[j]
		if t.pos == "" {
			return true
		}
		switch {
		case t.low == "," || t.low == ";" || t.low == ":" || boundaryWords[t.low]:
			return false
		case t.pos == "VBD" || t.pos == "VBZ" || t.pos == "VBP" || t.pos == "MD":
			return true
		}
	}
	return false
}

// reportingTail reports whether tokens [i, b) are a closing attribution:
// a short phrase ending in a verb of saying and, at most, its date
// ("the military said", "relief officials in Nairobi said on Monday").
func (c *coder) reportingTail(i, b int) bool {
	var buf [8]string
	for j := i; j < b && j < i+10; j++ {
		t := c.toks[j]
		if t.low == "," || t.low == ";" || t.low == "that" {
			return false
		}
		say := false
		for _, l := range lemmaCandidates(t.low, buf[:0]) {
			if sayVerbs[l] || l == "report" || l == "tell" {
				say = true
				break
			}
		}
		if !say || j == i {
			continue
		}
		// The rest is a date, a place or the end.
		for k := j + 1; k < b; k++ {
			if l := c.toks[k].low; c.toks[k].word && c.toks[k].ent < 0 && l != "on" && l != "in" && l != "today" &&
				l != "here" && l != "late" && l != "earlier" && l != "yesterday" && !strings.HasSuffix(l, "day") {
				return false
			}
		}
		return true
	}
	return false
}

// verbStartsAt reports whether a verb phrase starts at token i.
func (c *coder) verbStartsAt(i int) bool {
	t := c.toks[i]
	if t.ent >= 0 || !t.word {
		return false
	}
	if t.pos != "" {
		return strings.HasPrefix(t.pos, "VB") || t.pos == "MD"
	}
	if futWords[t.low] || hypoWords[t.low] || t.low == "has" || t.low == "have" || t.low == "had" {
		return true
	}
	if _, ok := c.lx.verbs[t.lemma]; ok && t.lemma != t.low {
		return true
	}
	return false
}

func (c *coder) nounTriggerAt(i int) bool {
	_, ok := c.lx.nouns[c.toks[i].lemma]
	return ok
}

// findTriggers returns the triggers of tokens [a,b), in order.
func (c *coder) findTriggers(a, b int) []cand {
	var out []cand
	used := -1 // last token consumed by a multi-word pattern
	var buf [8]string
	for i := a; i < b; i++ {
		t := c.toks[i]
		if i <= used || !t.word || t.ent >= 0 {
			continue
		}
		if c.month(i, a) {
			continue // "in March", "May 5"
		}
		cs := lemmaCandidates(t.low, buf[:0])
		var best *cand
		if c.sayMust(i, a, b, cs) {
			// "said that Sudan must return the helicopter": a demand.
			out = append(out, cand{e: sayMustEntry, ts: i, te: i + 1, last: i, clause: c.clause[i]})
			continue
		}
		for _, l := range cs {
			if vs, ok := c.lx.verbs[l]; ok && c.canBeVerb(i, a) && !c.attributive(i, a, l) {
				if cd := c.match(vs, i, a, b, false); cd != nil {
					best = cd
					break
				}
			}
			if ns, ok := c.lx.nouns[l]; ok && c.canBeNoun(i, a) {
				if cd := c.match(ns, i, a, b, true); cd != nil {
					best = cd
					break
				}
			}
		}
		if best == nil {
			continue
		}
		if best.noun && best.e.NoMod && i+1 < b && strings.HasPrefix(c.toks[i+1].pos, "NN") && c.toks[i+1].ent < 0 {
			continue // "war crimes", "invasion forces"
		}
		if best.noun && len(best.e.Words) == 1 {
			// "withdrawal talks": the head noun is the trigger.
			if i+1 < b && c.toks[i+1].word && c.toks[i+1].ent < 0 && c.nounTriggerAt(i+1) && c.canBeNoun(i+1, a) {
				continue
			}
			// "talk about the withdrawal": a topic, not an event.
			if p := c.prevWord(i, a, true); p >= 0 && (c.toks[p].low == "about" || c.toks[p].low == "regarding" || c.toks[p].low == "concerning") {
				continue
			}
		}
		used = best.last
		out = append(out, *best)
	}
	return out
}

// sayMustEntry is the trigger a verb of saying becomes when its
// complement says what someone must do.
var sayMustEntry = &Entry{Words: []string{"say"}, Type: "REQUEST", CAMEO: "100", Head: true}

var sayVerbs = set("say", "declare", "announce", "reiterate", "conclude", "state", "stress", "insist",
	"tell", "remind", "repeat", "add", "believe", "argue", "write")

// sayMust reports whether token i, with lemma candidates cs, is a verb of
// saying whose complement, within the sentence, has "must" or "has to".
func (c *coder) sayMust(i, a, b int, cs []string) bool {
	say := false
	for _, l := range cs {
		if sayVerbs[l] {
			say = true
			break
		}
	}
	if !say || !c.canBeVerb(i, a) {
		return false
	}
	for j := i + 1; j < b && j <= i+12; j++ {
		l := c.toks[j].low
		switch {
		case l == "must" || (l == "has" || l == "have") && j+1 < b && c.toks[j+1].low == "to" && j > i+1:
			return true
		case l == ";" || l == "." || l == "if" || l == "but" || l == "when" || sayVerbs[c.toks[j].lemma]:
			return false
		}
	}
	return false
}

// prevWord returns the token before i, skipping determiners when skipDet.
func (c *coder) prevWord(i, a int, skipDet bool) int {
	for j := i - 1; j >= a; j-- {
		if l := c.toks[j].low; skipDet && (determiners[l] || c.isAdj(j)) && !recPreps[l] && !locPreps[l] && l != "of" && l != "about" {
			continue
		}
		return j
	}
	return -1
}

func (c *coder) isAdj(j int) bool {
	t := c.toks[j]
	if t.pos != "" {
		return t.pos == "JJ" || t.pos == "JJR" || t.pos == "JJS" || t.pos == "CD" || t.pos == "RB"
	}
	return adjectives[t.low] || (len(t.low) > 0 && t.low[0] >= '0' && t.low[0] <= '9')
}

var adjectives = set("military", "imminent", "deadly", "fresh", "major", "large", "massive", "recent",
	"heavy", "joint", "armed", "fierce", "violent", "peaceful", "jihadist", "diplomatic", "economic",
	"humanitarian", "bilateral", "direct", "indirect", "formal", "unilateral", "immediate", "full",
	"nationwide", "general", "mass", "suspected", "alleged", "apparent", "israeli", "american", "russian",
	"ukrainian", "continued", "increasing", "growing", "rocket", "missile", "drone", "suicide", "air",
	"ground", "naval", "aerial", "cross-border", "multiple", "separate", "coordinated", "further",
	"high-level", "peace", "emergency", "international")

func (c *coder) canBeVerb(i, a int) bool {
	t := c.toks[i]
	if i-1 >= a && c.toks[i-1].low == "the" && strings.HasSuffix(t.low, "ed") {
		return false // "evacuated the wounded", "freed the detained": people
	}
	if t.pos != "" {
		return strings.HasPrefix(t.pos, "VB") || (t.pos == "JJ" && strings.HasSuffix(t.low, "ed"))
	}
	p := i - 1
	if p >= a {
		pl := c.toks[p].low
		if determiners[pl] && pl != "to" && pl != "more" || c.isAdj(p) && !strings.HasSuffix(t.low, "ed") {
			return false
		}
		if c.toks[p].ent < 0 && c.nounTriggerAt(p) && !strings.HasSuffix(t.low, "ed") && c.toks[p].low != "protesters" {
			return false
		}
		if pt := c.toks[p]; pt.ent < 0 && pt.word && strings.HasSuffix(pt.low, "ed") && !auxiliaries[pt.low] && len(pt.low) > 4 {
			return false // "enjoyed support": two finite verbs do not meet
		}
	}
	return true
}

// attributive reports whether the participle at i, lemma l, modifies the
// noun after it ("the besieged town", "alleged war crimes", "the
// defeated Fatah Party"): an adjective, not an act.
func (c *coder) attributive(i, a int, l string) bool {
	t := c.toks[i]
	if t.pos != "JJ" && t.pos != "VBN" && t.pos != "VBD" && t.pos != "VBG" || i+1 >= len(c.toks) {
		return false
	}
	if t.pos == "VBG" && (i-1 < a || !determiners[c.toks[i-1].low] || c.toks[i-1].low == "no") {
		return false // only "an occupying army", not "began fighting rebels"
	}
	n := c.toks[i+1]
	if n.pos == "JJ" && i+2 < len(c.toks) {
		n = c.toks[i+2] // "the alleged human rights violations"
	}
	if !strings.HasPrefix(n.pos, "NN") && n.ent < 0 {
		return false
	}
	if l == "allege" {
		return true
	}
	p := i - 1
	if p < a {
		return true // "Besieged residents ..."
	}
	pl := c.toks[p].low
	return determiners[pl] && pl != "no" || possessives[pl] || c.toks[p].pos == "IN" || c.toks[p].pos == "POS"
}

func (c *coder) canBeNoun(i, a int) bool {
	t := c.toks[i]
	if t.pos != "" {
		return strings.HasPrefix(t.pos, "NN")
	}
	if strings.HasSuffix(t.low, "ed") {
		return false
	}
	p := i - 1
	if p < a {
		return true
	}
	pt := c.toks[p]
	if pronouns[pt.low] && pt.low != "its" && pt.low != "their" && pt.low != "his" && pt.low != "her" && pt.low != "our" {
		return false
	}
	if auxiliaries[pt.low] && !beForms[pt.low] && pt.low != "no" {
		return false
	}
	return true
}

// match tries entries starting at token i; entries are longest first.
func (c *coder) match(es []*Entry, i, a, b int, noun bool) *cand {
	for _, e := range es {
		if e.Plural && (c.toks[i].lemma == c.toks[i].low || !strings.HasSuffix(c.toks[i].low, "s")) {
			continue
		}
		last, ok := c.matchRest(e.Words[1:], i+1, b)
		if !ok {
			continue
		}
		if len(e.Need) > 0 && !c.clauseHas(e.Need, a, b) {
			continue
		}
		return &cand{e: e, ts: i, te: i + 1, last: max(last, i), clause: c.clause[i], noun: noun, mode: e.Mode}
	}
	return nil
}

func (c *coder) matchRest(ws []string, j, b int) (int, bool) {
	last := j - 1
	gap := 0
	for k := 0; k < len(ws); k++ {
		w := ws[k]
		if w == "..." {
			gap = 3
			continue
		}
		found := false
		for g := 0; g <= gap && j < b; g++ {
			if c.toks[j].lemma == w || c.toks[j].low == w {
				found = true
				break
			}
			if c.toks[j].ent >= 0 || c.toks[j].low == "," || c.toks[j].low == "." {
				break
			}
			j++
		}
		if !found {
			return 0, false
		}
		last = j
		j++
		gap = 0
	}
	return last, true
}

func (c *coder) clauseHas(words []string, a, b int) bool {
	for i := a; i < b; i++ {
		for _, w := range words {
			if c.toks[i].low == w || c.toks[i].lemma == w {
				return true
			}
		}
	}
	return false
}

// heads folds complements into speech acts and intents.
func (c *coder) heads(cands []cand) {
	for i := range cands {
		h := &cands[i]
		if !h.e.Head {
			continue // an absorbed head still takes its own complement
		}
		for j := i + 1; j < len(cands); j++ {
			k := &cands[j]
			if h.e == sayMustEntry {
				// "said that X must A to B": all that follows is what is
				// asked, save violence.
				for ; j < len(cands); j++ {
					if k := &cands[j]; !violent[k.e.Type] {
						if h.mode == "" {
							h.mode = c.complementMode(h.e.Type, k)
						}
						k.absorbed = true
					}
				}
				if subj, ok := c.complementSubject(h, &cands[i+1]); ok && i+1 < len(cands) {
					h.complSubj = subj
				}
				break
			}
			if k.ts-h.last > 12 {
				break
			}
			entBetween := false
			for x := h.last + 1; x < k.ts; x++ {
				if c.toks[x].ent >= 0 || c.toks[x].low == ";" {
					entBetween = true
				}
			}
			if h.mode == "" {
				h.mode = c.complementMode(h.e.Type, k)
			}
			if subj, ok := c.complementSubject(h, k); ok {
				// "demanded that Hamas renounce ...": one request, to Hamas;
				// "warned that police will no longer tolerate rallies".
				k.absorbed = true
				h.complSubj = subj
			} else if h.e.Type == "REJECT" && k.noun && (k.e.Type == "REQUEST" || k.e.Type == "AGREE" || k.e.Type == "THREATEN") &&
				c.linked(h.last, k.ts, true) {
				// "rejected a U.S. request to ...", "rejected North Korea's
				// demand": what is rejected is part of the rejection (CAMEO
				// codes a rejection by its object); its author, the
				// recipient, stays in the rejection's object.
				k.absorbed = true
			} else if k.ts-h.last > 8 {
				break
			} else if !entBetween && k.clause == h.clause || !entBetween && k.ts-h.last <= 3 {
				k.absorbed = true
			} else {
				switch h.e.Type {
				case "REJECT":
					k.modality = Hypothetical
				case "REQUEST", "AGREE", "THREATEN":
					k.modality = Future
				}
			}
			break
		}
	}
}

// fold drops the triggers that name no event of their own beside the
// sentence's others:
//
//   - a purpose infinitive after another trigger ("telephoned Kozyrev to
//     discuss", "resigned to allow elections"): the aim of the act, not a
//     second act;
//   - a non-violent noun inside the object of a verb trigger ("suspended
//     aid deliveries", "gave the Ivory Coast $5 million of aid", "signed a
//     treaty of friendship and cooperation"): what the act is about;
//   - a noun in a temporal phrase ("after two days of fighting",
//     "following the invasions", "since last month's invasion"): the
//     background the sentence dates its event by.
//
// Violence in an object ("condemned the attack") is kept: it happened.
func (c *coder) fold(cands []cand, a int) {
	live := 0
	for i := range cands {
		if !cands[i].absorbed {
			live++
		}
	}
	for i := range cands {
		k := &cands[i]
		if k.absorbed || live < 2 {
			continue
		}
		drop := false
		switch {
		case k.noun && c.temporalPhrase(k.ts, a):
			drop = true
		case (k.noun || strings.HasSuffix(c.toks[k.ts].low, "ing")) && c.endedObject(k.ts, a):
			// "efforts to end the fighting", "refugees fleeing the civil
			// war", "called off a four-day strike": what is ended,
			// prevented or fled sets the scene; it is not told as a new
			// happening.
			drop = true
		case !k.noun && !violent[k.e.Type] && k.ts-1 >= a && (temporalPreps[c.toks[k.ts-1].low] || c.toks[k.ts-1].low == "without") &&
			strings.HasSuffix(c.toks[k.ts].low, "ing"):
			// "demanded a truce before allowing aid convoys": the
			// condition or the time, not a second act.
			drop = true
		case !k.noun && k.ts-1 >= a && c.toks[k.ts-1].low == "to":
			for j := i - 1; j >= 0 && !drop; j-- {
				h := &cands[j]
				drop = !h.absorbed && k.ts-h.last <= 10 && c.linked(h.last, k.ts-1, false)
				if drop {
					h.folded = append(h.folded, k)
				}
			}
		case !k.noun && violent[k.e.Type] && k.ts-1 >= a && (c.toks[k.ts-1].low == "and" || c.toks[k.ts-1].low == "or"):
			// "killed one soldier and wounded two others", "killing or
			// wounding 50": one attack told by its toll ("shot two and
			// arrested five" still tells an arrest).
			for j := i - 1; j >= 0 && !drop; j-- {
				h := &cands[j]
				if h.absorbed {
					continue
				}
				drop = !h.noun && h.e.Type == k.e.Type && k.ts-h.last <= 8
				if drop {
					h.folded = append(h.folded, k)
				}
				break
			}
		case k.noun && violent[k.e.Type] && c.violentSubject(cands, i, a) != nil:
			// "a roadside bombing near Samarra killed", "US Predator
			// attacks have killed": the noun is the subject of the
			// violence the verb tells, one happening.
			h := c.violentSubject(cands, i, a)
			if h.mode == "" {
				h.mode = k.mode
			}
			drop = true
		case !k.noun && violent[k.e.Type] && c.participle(k.ts, a):
			// "shelled Juba, killing about 20 people": what the violence
			// before did, one happening ("opened fire, killing one and
			// arresting 12" still tells an arrest).
			for j := i - 1; j >= 0 && !drop; j-- {
				h := &cands[j]
				if drop = !h.absorbed && !h.noun && h.e.Type == k.e.Type; drop {
					h.folded = append(h.folded, k)
				}
			}
		case !k.noun && !violent[k.e.Type] && c.participle(k.ts, a):
			// "demonstrated in Kirkuk, calling for independence": the
			// manner of the act before.
			for j := i - 1; j >= 0 && !drop; j-- {
				if drop = !cands[j].absorbed; drop {
					cands[j].folded = append(cands[j].folded, k)
				}
			}
		case k.noun && !violent[k.e.Type] && k.e.Type != "PROTEST":
			for j := i - 1; j >= 0 && !drop; j-- {
				h := &cands[j]
				// The object of a folded verb folds with it ("to discuss
				// the truce").
				drop = !h.noun && h.clause == k.clause && k.ts-h.last <= 10 && c.linked(h.last, k.ts, true)
			}
			// "criticized the US request", "rejected calls by Belarus":
			// someone else's act, an event of its own.
			drop = drop && !c.ownActor(k, a)
		}
		if drop {
			k.absorbed = true
			live--
		}
	}
	// A non-violent noun inside a prepositional phrase ("in peace
	// negotiations", "for the bombing of", "against Western criticism",
	// "on allegations of treason") names what the sentence's act is about
	// or set in, not a second act: it is dropped when the sentence tells
	// an act of its own, a trigger that is not itself such a noun.
	var inPhrase []int
	head := false
	for i := range cands {
		k := &cands[i]
		if k.absorbed {
			continue
		}
		if (k.noun || c.gerund(k.ts)) && c.prepPhrase(k.ts, a) != "" {
			inPhrase = append(inPhrase, i)
		} else {
			head = true
		}
	}
	if !head {
		return
	}
	for _, i := range inPhrase {
		k := &cands[i]
		if k.e.Type == "PROTEST" {
			// "a hunger strike in protest of X": one protest, aimed at X;
			// a protest beside another act ("arrested during a protest")
			// is a happening of its own.
			h := c.sameTypeBefore(cands, i)
			if h == nil {
				continue
			}
			h.folded = append(h.folded, k)
		}
		if violent[k.e.Type] {
			h := c.violentBefore(cands, i)
			if !k.noun && (h != nil || !c.temporalPhrase(k.ts, a)) {
				// "killed in fighting": the fighting tells the kind of
				// violence; "accused of killing": what is said, kept
				// (a gerund of violence is dropped only as the time of
				// the act, "after two days of fighting").
				continue
			}
			if h == nil && (c.ownActor(k, a) || c.possessed(k.ts, a)) {
				continue // "support for Israel's military operation": a happening of its own
			}
			// "killed 46 civilians in an attack on a village": the
			// violence is the verb's; its kind ("in an air raid") is the
			// verb's mode. "Blamed Israel for the bombing", "complained
			// over two air raids": the violence is what is said about.
			if h != nil && h.mode == "" {
				h.mode = k.mode
			}
			if h != nil && h.means == nil {
				h.means = k
			}
			if h == nil {
				// "complained to the UN over two Israeli air raids": the
				// one who struck is whom the complaint is about.
				for j := i - 1; j >= 0; j-- {
					if g := &cands[j]; !g.absorbed && !g.noun && g.clause == k.clause && atIssue[g.e.Type] && g.means == nil {
						g.means = k
						break
					}
				}
			}
		}
		k.absorbed = true
	}
}

// sameTypeBefore returns the live trigger of cands[i]'s type and clause
// before it that is not itself in a phrase, or nil.
func (c *coder) sameTypeBefore(cands []cand, i int) *cand {
	k := &cands[i]
	for j := i - 1; j >= 0; j-- {
		h := &cands[j]
		if !h.absorbed && h.e.Type == k.e.Type && h.clause == k.clause && k.ts-h.last <= 12 {
			return h
		}
	}
	return nil
}

// endingVerbs take as object a happening that they end, prevent, flee or
// only fear; "call" counts with "off".
var endingVerbs = set("end", "halt", "stop", "prevent", "avert", "avoid", "flee", "escape", "cancel",
	"fear", "risk", "ban", "outlaw", "prohibit", "forbid")

// endedObject reports whether the noun at i is the object of an ending
// verb ("end the fighting", "fleeing the civil war", "called off a
// four-day strike"), determiners and modifiers between.
func (c *coder) endedObject(i, a int) bool {
	for j := i - 1; j >= a && j >= i-6; j-- {
		t := c.toks[j]
		lemma := t.lemma
		if lemma == t.low && strings.HasSuffix(lemma, "ing") {
			lemma = Lemma(t.low)
		}
		switch {
		case (endingVerbs[lemma] || t.low == "cancelled" || t.low == "canceled") && t.pos != "NN" && t.pos != "NNS":
			// "will not stop its operations", "refused to end the
			// strike": the happening goes on.
			for n := j - 1; n >= a && n >= j-3; n-- {
				if l := c.toks[n].low; l == "not" || l == "n't" || l == "never" || Lemma(l) == "refuse" {
					return false
				}
			}
			return true
		case t.low == "off" && j-1 >= a && c.toks[j-1].lemma == "call":
			return true
		case t.ent >= 0, determiners[t.low], c.isAdj(j), t.low == "'s", t.low == "’s", t.low == "-",
			t.low == "its" || t.low == "their" || t.low == "his" || t.low == "her",
			t.pos == "CD" || t.pos == "NN" || t.pos == "NNP" || t.pos == "JJ" || t.pos == "HYPH":
		default:
			return false
		}
	}
	return false
}

// nounModifier returns the entity that a possessive or modifier before
// the noun at i names as its actor ("Israel's war", "an Israeli
// airstrike", "US and British strikes"), or nil; cs bounds the search.
// A modifier inside a prepositional phrase counts only when inPhrase:
// the noun heads that phrase itself ("killed in an Israeli airstrike").
func (c *coder) nounModifier(i, cs int, inPhrase bool) []int {
	for j := i - 1; j >= cs && j >= i-4; j-- {
		t := c.toks[j]
		if t.ent >= 0 {
			poss := j+1 < i && (c.toks[j+1].low == "'s" || c.toks[j+1].low == "’s")
			if !c.isPlaceOnly(t.ent) && (poss || inPhrase || c.prepOf(j, cs) == "") {
				return c.conjLeft(c.mentionStart(j, cs), cs, []int{t.ent})
			}
			return nil
		}
		if pronouns[t.low] && (t.low == "its" || t.low == "their" || t.low == "his" || t.low == "her" || t.low == "our") {
			return nil
		}
		if !(determiners[t.low] || c.isAdj(j)) {
			return nil
		}
	}
	return nil
}

// violentSubject returns the live violent verb of which the violent noun
// cands[i] is the subject ("a roadside bombing near Samarra on Sunday
// killed"), or nil: the noun opens its clause's subject (no verb or
// preposition before it in the clause) and only its modifiers, places
// and times stand between it and the verb.
func (c *coder) violentSubject(cands []cand, i, a int) *cand {
	k := &cands[i]
	if c.prepPhrase(k.ts, a) != "" {
		return nil
	}
	for j := k.ts - 1; j >= a && c.clause[j] == k.clause; j-- {
		if strings.HasPrefix(c.toks[j].pos, "VB") || c.toks[j].low == "and" {
			return nil
		}
	}
	for j := i + 1; j < len(cands); j++ {
		h := &cands[j]
		if h.absorbed {
			continue
		}
		if h.noun || !violent[h.e.Type] || h.clause != k.clause || h.ts-k.last > 14 || c.toks[h.ts-1].low == "to" {
			return nil // "the battle to recapture" is the battle's aim
		}
		for n := k.last + 1; n < h.ts; n++ {
			t := c.toks[n]
			if (strings.HasPrefix(t.pos, "VB") && !auxiliaries[t.low] && t.low != "have") || t.low == "and" || t.low == "that" || t.low == "which" || t.low == "who" {
				return nil
			}
		}
		return h
	}
	return nil
}

// violentBefore returns the live violent verb trigger of the clause
// before cands[i], or nil.
func (c *coder) violentBefore(cands []cand, i int) *cand {
	k := &cands[i]
	for j := i - 1; j >= 0; j-- {
		h := &cands[j]
		if !h.absorbed && !h.noun && violent[h.e.Type] && h.clause == k.clause && k.ts-h.last <= 12 {
			return h
		}
	}
	return nil
}

// gerund reports whether the verb at i is an -ing form used as a noun
// ("after two days of fierce fighting", "accused X of violating").
func (c *coder) gerund(i int) bool {
	t := c.toks[i]
	return strings.HasSuffix(t.low, "ing") && (t.pos == "VBG" || t.pos == "NN" || t.pos == "")
}

// possessed reports whether the noun at i follows a possessive entity
// ("Israel's military operation"), modifiers between.
func (c *coder) possessed(i, a int) bool {
	for j := i - 1; j > a; j-- {
		if l := c.toks[j].low; l == "'s" || l == "’s" {
			return c.toks[j-1].ent >= 0
		}
		if !c.isAdj(j) && c.toks[j].pos != "NN" {
			return false
		}
	}
	return false
}

// sayingVerbs end a sentence's subject when no tagger marked the verbs.
var sayingVerbs = set("say", "said", "tell", "told", "announce", "announced", "state", "stated", "add", "added", "claim", "claimed")

// atIssue are the types whose object's "by" phrase names the one they
// are aimed at: an accusation, demand, rejection or protest of someone's
// act.
var atIssue = set("ACCUSE", "REQUEST", "REJECT", "PROTEST")

// phrasePreps open a prepositional phrase whose noun sets the scene of
// the act it follows.
var phrasePreps = set("in", "of", "for", "over", "against", "into", "on", "with", "from", "about", "at",
	"by", "through", "toward", "towards", "regarding", "concerning", "amid", "during",
	"after", "following", "since", "before")

// prepPhrase returns the preposition whose object the noun at i heads
// ("in the final status talks", "for Western criticism of"), or "".
func (c *coder) prepPhrase(i, a int) string {
	for j := i - 1; j >= a && j >= i-8; j-- {
		t := c.toks[j]
		switch {
		case phrasePreps[t.low] && c.predicatePrep(j, a):
			// "Baghdad and Washington are in talks", "handed in his
			// resignation": the phrase is the clause's act.
			return ""
		case phrasePreps[t.low]:
			return t.low
		case t.ent >= 0, determiners[t.low] && t.low != "of", c.isAdj(j), t.low == "'s", t.low == "’s", t.low == "-",
			t.pos == "NN" || t.pos == "NNS" || t.pos == "NNP" || t.pos == "NNPS" || t.pos == "CD" || t.pos == "POS",
			t.pos == "" && t.word && !auxiliaries[t.low] && !pronouns[t.low] && !boundaryWords[t.low] && t.low != "and" && t.low != "or":
		default:
			return ""
		}
	}
	return ""
}

// particleVerbs take "in" as a particle, not a preposition: "handed in
// his resignation", "turned in their weapons".
var particleVerbs = set("hand", "turn", "send", "put")

// predicateAdverbs may stand between "be" and its predicate phrase.
var predicateAdverbs = set("still", "now", "already", "currently", "reportedly", "also", "again", "once",
	"not", "n't", "never", "yet", "locked", "deep", "deeply")

// predicatePrep reports whether the preposition at j opens the
// predicate of its clause rather than a phrase beside the act: after a
// form of "be" or "remain" ("are in talks", "remained at war"), or as the
// particle of a phrasal verb ("handed in his resignation").
func (c *coder) predicatePrep(j, a int) bool {
	k := j - 1
	// "is reportedly in negotiations", "are still in talks".
	for ; k > a && k >= j-3 && (predicateAdverbs[c.toks[k].low] || c.toks[k].pos == "RB"); k-- {
	}
	if k < a {
		return false
	}
	p := c.toks[k]
	switch {
	case beForms[p.low] && p.low != "'s" && p.low != "’s", p.lemma == "remain":
		return true
	case k == j-1 && c.toks[j].low == "in" && particleVerbs[p.lemma]:
		return true
	}
	return false
}

// linked reports whether the tokens strictly between from and to continue
// one phrase: no clause boundary, verb or other trigger word; within
// objects (obj) only noun-phrase words and "of", "for", "to", "on".
func (c *coder) linked(from, to int, obj bool) bool {
	for x := from + 1; x < to; x++ {
		t := c.toks[x]
		switch {
		case t.ent >= 0, determiners[t.low], c.isAdj(x), t.low == "of", t.low == "for", t.low == "to", t.low == "on":
		case t.low == "and" || t.low == ",":
		case obj && (t.pos == "NN" || t.pos == "NNS" || t.pos == "NNP" || t.pos == "CD" || t.pos == "$" || t.pos == "POS"):
		case !obj && (t.pos == "NN" || t.pos == "NNS" || t.pos == "NNP" || t.pos == "CD" || t.pos == "IN" || t.pos == "RB" || t.pos == "PRP$"):
			if t.low == "that" || boundaryWords[t.low] {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ownActor reports whether the noun trigger k names its own actor: an
// entity or possessive right before it ("the US request", "Iraq's
// offer"), or "by" or "from" an entity right after it.
func (c *coder) ownActor(k *cand, a int) bool {
	if p := c.prevWord(k.ts, a, true); p >= 0 && (c.toks[p].ent >= 0 && c.prepOf(p, a) == "" || c.toks[p].low == "'s" || c.toks[p].low == "’s") {
		return true
	}
	for j := k.last + 1; j < len(c.toks) && j <= k.last+4; j++ {
		l := c.toks[j].low
		if (l == "by" || l == "from") && j+1 < len(c.toks) {
			for x := j + 1; x < len(c.toks) && x <= j+3; x++ {
				if c.toks[x].ent >= 0 {
					return true
				}
				if !determiners[c.toks[x].low] && !c.isAdj(x) {
					break
				}
			}
		}
		if !c.isAdj(j) && !determiners[l] {
			break
		}
	}
	return false
}

// participle reports whether the verb at i is a present participle with
// no subject of its own, opening an adjunct ("..., calling for", "saying
// he must resign").
func (c *coder) participle(i, a int) bool {
	t := c.toks[i]
	if t.pos != "VBG" && (t.pos != "" || !strings.HasSuffix(t.low, "ing")) {
		return false
	}
	p := i - 1
	if p < a {
		return false
	}
	pt := c.toks[p]
	switch {
	case pt.low == ",":
		return true
	case auxiliaries[pt.low] || beForms[pt.low] || determiners[pt.low] || pronouns[pt.low] || !pt.word:
		return false
	case pt.pos == "IN" || pt.pos == "TO" || pt.pos == "PRP$" || c.isAdj(p):
		return false
	}
	return true
}

// temporalPhrase reports whether the noun at i heads the object of a
// temporal preposition ("after two days of fierce fighting").
func (c *coder) temporalPhrase(i, a int) bool {
	for j := i - 1; j >= a && j >= i-6; j-- {
		t := c.toks[j]
		switch {
		case temporalPreps[t.low]:
			return true
		case t.ent >= 0, determiners[t.low], c.isAdj(j), t.low == "of", t.low == "days" || t.low == "weeks" ||
			t.low == "months" || t.low == "years" || t.low == "hours" || t.low == "day" || t.low == "week":
		default:
			return false
		}
	}
	return false
}

var temporalPreps = set("after", "following", "since", "during", "amid", "before", "ahead")

// thatSubject returns the subject of a "that" clause right after a speech
// act ("demanded that the US cancel its plans"): whom it is aimed at.
func (c *coder) thatSubject(last, b int) []int {
	for j := last + 1; j < b && j <= last+5; j++ {
		t := c.toks[j]
		if t.low != "that" {
			if t.ent >= 0 || t.pos == "NNP" || t.pos == "IN" && t.low != "on" || t.pos == "RB" || t.pos == "CD" || t.low == "on" {
				continue // "on Tuesday", "bluntly"
			}
			return nil
		}
		return c.actorsAfter(j, b)
	}
	return nil
}

// complementSubject reports whether the words between head h and trigger
// k are only a complement's subject and its link ("demanded that the
// Turkish government provide", "said Sudan must return", "pressuring
// workers to cancel"), and returns that subject's entities.
func (c *coder) complementSubject(h, k *cand) ([]int, bool) {
	if k.ts-h.last > 12 {
		return nil, false
	}
	var subj []int
	link, group := false, false
	for x := h.last + 1; x < k.ts; x++ {
		t := c.toks[x]
		switch {
		case link && len(subj) == 0 && c.groupSector(x) != "":
			group = true // "warned that police will ..."
		case t.ent >= 0:
			if len(subj) == 0 && !c.isPlaceOnly(t.ent) {
				e := c.mentionEnd(x, k.ts)
				subj = c.conjRight(e, k.ts, []int{t.ent})
				x = e
			}
		case complementLinks[t.low]:
			link = link || t.low == "that" || t.low == "to" || t.low == "must" || t.low == "should"
		case determiners[t.low] || c.isAdj(x) || t.low == "and" || t.low == ",":
		case c.groupSector(x) != "" || t.pos == "NNS" || t.pos == "NN" && x+1 < k.ts && !c.toks[x+1].word:
			// "its European Community partners", "workers of"
		case len(subj) == 0 && !link && (t.pos == "NNP" || t.pos == "RB" || t.low == "here" || t.low == "on"):
			// "said here Wednesday that", "said on Tuesday that"
		default:
			return nil, false
		}
	}
	return subj, link && (len(subj) > 0 || group)
}

var complementLinks = set("that", "to", "must", "should", "will", "would", "not", "of", "'s", "’s", "be",
	"on", "upon", "for", "has", "have", "had", "immediately", "also")

// complementMode is the mode a head of type ht takes from its complement.
func (c *coder) complementMode(ht string, k *cand) string {
	if m, ok := c.lx.modes[c.toks[k.ts].lemma][ht]; ok {
		return m
	}
	switch ht {
	case "THREATEN":
		switch k.e.Type {
		case "ASSAULT", "COERCE", "MOBILIZE":
			return "violence"
		case "SANCTION", "PROTEST":
			return "relations"
		}
	case "REQUEST", "REJECT":
		switch k.e.Type {
		case "CONSULT":
			return "meet"
		case "AID", "COOPERATE", "SUPPORT":
			return "assist"
		case "RETREAT", "CONCEDE":
			return "yield"
		}
	}
	return ""
}

// afterPrep reports whether the entity mention at token i follows a
// preposition (skipping determiners and adjectives), and returns it.
func (c *coder) afterPrep(i, a int) bool { return c.prepOf(i, a) != "" }

func (c *coder) prepOf(i, a int) string {
	// Go to the start of the mention.
	e := c.toks[i].ent
	for i > a && c.toks[i-1].ent == e {
		i--
	}
	lo := i - 4
	placeOf := false // "the capital city of X": "of" unless a preposition comes before
	for j := i - 1; j >= a && j >= lo; j-- {
		l := c.toks[j].low
		if l == "at" && j+1 < i && (c.toks[j+1].low == "least" || c.toks[j+1].low == "most") {
			continue // "at least three Iraqi civilians"
		}
		if (l == "than" || l == "to" || l == "at") && j > a && quantityLead[c.toks[j-1].low] {
			// "more than 100 Palestinians", "up to 16", "at least three"
			j--
			continue
		}
		if l == "least" || l == "most" {
			continue
		}
		if l == "of" && j > a && (officeNouns[c.toks[j-1].low] || c.groupSector(j-1) == "GOV" || c.groupSector(j-1) == "ELI") {
			// "with the president of Armenia", "the leaders of Romania":
			// the country the office stands for, after the preposition
			// before the office.
			j--
			for j > a && (determiners[c.toks[j-1].low] || c.isAdj(j-1)) {
				j--
			}
			lo = j - 2
			placeOf = true
			continue
		}
		if l == "of" && j > a && placeNouns[c.toks[j-1].low] {
			// "in the capital city of Algiers": the preposition before
			// the place noun.
			j--
			for j > a && (placeNouns[c.toks[j-1].low] || determiners[c.toks[j-1].low] || c.isAdj(j-1)) {
				j--
			}
			lo = j - 2
			placeOf = true
			continue
		}
		if locPreps[l] || recPreps[l] || l == "of" || l == "by" || l == "about" || l == "regarding" ||
			l == "than" || l == "like" || l == "despite" || l == "via" {
			return l
		}
		if determiners[l] || c.isAdj(j) {
			continue
		}
		break
	}
	if placeOf {
		return "of"
	}
	return ""
}

// officeNouns head phrases that stand for the country after "of": "the
// president of Armenia".
var officeNouns = set("president", "king", "queen", "emir", "prime", "premier", "chancellor", "head", "heads",
	"ruler", "rulers")

var (
	quantityLead = set("more", "less", "fewer", "up", "at", "over", "than")
	placeNouns   = set("city", "town", "village", "capital", "province", "region", "district", "state", "area",
		"port", "county", "governorate", "municipality", "island", "enclave", "camp", "border", "outskirts")
)

// isPlaceOnly reports whether entity e is a place that is never an actor
// (a city, region or LOC), as opposed to a country that may act.
func (c *coder) isPlaceOnly(e int) bool {
	en := &c.doc.Entities[e]
	if en.Type == "LOC" {
		return true
	}
	if en.Type != "GPE" {
		return false
	}
	switch en.Kind {
	case "", "country", "state", "government", "nation":
		return false
	}
	return true
}

func (c *coder) isPlace(e int) bool {
	en := &c.doc.Entities[e]
	return en.Type == "GPE" || en.Type == "LOC" || en.Lat != nil
}

// mentionEnd returns the last token of the mention containing token i.
func (c *coder) mentionEnd(i, b int) int {
	e := c.toks[i].ent
	for i+1 < b && c.toks[i+1].ent == e {
		i++
	}
	return i
}

func (c *coder) mentionStart(i, a int) int {
	e := c.toks[i].ent
	for i-1 >= a && c.toks[i-1].ent == e {
		i--
	}
	return i
}

// conjLeft collects entities joined to the mention starting at token s
// by "and" or commas, going left; conjRight goes right from the mention
// ending at token t.
func (c *coder) conjLeft(s, a int, ids []int) []int {
	for {
		j := s - 1
		for j > a && (c.toks[j].low == "the" || c.toks[j].low == "a") {
			j-- // "Israel and the Palestinians"
		}
		if j < a {
			return ids
		}
		if l := c.toks[j].low; l != "and" && l != "," && l != "&" {
			return ids
		}
		k := j - 1
		for k >= a && (c.toks[k].low == "the" || c.toks[k].low == ",") {
			k--
		}
		if k < a || c.toks[k].ent < 0 || c.isPlaceOnly(c.toks[k].ent) {
			return ids
		}
		ids = appendUniq(ids, c.toks[k].ent)
		s = c.mentionStart(k, a)
	}
}

func (c *coder) conjRight(t, b int, ids []int) []int {
	for {
		j := t + 1
		if j >= b {
			return ids
		}
		if l := c.toks[j].low; l != "and" && l != "," && l != "&" {
			return ids
		}
		k := j + 1
		for k < b && (c.toks[k].low == "the" || c.toks[k].low == "and") {
			k++
		}
		if k >= b || c.toks[k].ent < 0 {
			return ids
		}
		ids = appendUniq(ids, c.toks[k].ent)
		t = c.mentionEnd(k, b)
	}
}

func appendUniq(ids []int, e int) []int {
	for _, x := range ids {
		if x == e {
			return ids
		}
	}
	return append(ids, e)
}

// passive reports whether verb trigger at i is a passive participle.
// statives are participles that, after "be", tell what the subject does
// or stands for, not what is done to it.
var statives = set("opposed to", "engaged in", "involved in", "committed to", "determined to", "prepared to",
	"resolved to", "poised to", "set to", "entitled to", "devoted to", "dedicated to")

func (c *coder) passive(i, a int) bool {
	t := c.toks[i]
	if t.pos != "" && t.pos != "VBN" {
		return false
	}
	if t.pos == "" && !strings.HasSuffix(t.low, "ed") && t.lemma == t.low {
		return false
	}
	if i+1 < len(c.toks) && statives[t.low+" "+c.toks[i+1].low] {
		return false // "Israel is opposed to", "forces were engaged in": a state of the subject
	}
	for j := i - 1; j >= a && j >= i-3; j-- {
		l := c.toks[j].low
		if beForms[l] && l != "'s" && l != "’s" || l == "got" || l == "get" || l == "gets" || l == "getting" || l == "gotten" {
			return true
		}
		if l == "reportedly" || l == "allegedly" || l == "also" || l == "been" || strings.HasSuffix(l, "ly") {
			continue
		}
		return false
	}
	return false
}

// actorLeft finds the subject-side entity of the trigger at ts in
// [cs, ts). It returns the entity ids, and whether a pronoun was met first.
func (c *coder) actorLeft(ts, cs int, exclude []int) ([]int, bool) {
	owner := false // a possessive pronoun seen: "Washington along with its allies demanded"
	for j := ts - 1; j >= cs; j-- {
		t := c.toks[j]
		if t.ent < 0 {
			if (t.low == "its" || t.low == "their") && !c.isNounPOS(ts) {
				owner = true // a verb's subject may hold one; a noun's owner is the pronoun
				continue
			}
			if pronouns[t.low] && t.low != "them" {
				return nil, true
			}
			continue
		}
		s := c.mentionStart(j, cs)
		p := c.prepOf(j, cs)
		if p == "of" && c.quantifierOf(s, cs) {
			p = "" // "a group of Moroccan diplomats", "leaders of the coalition"
		}
		if p != "" || c.isPlaceOnly(t.ent) && !c.metonym(j, ts) || contains(exclude, t.ent) {
			j = s
			continue
		}
		ids := c.conjLeft(s, cs, []int{t.ent})
		ids = c.conjRight(c.mentionEnd(j, ts), ts, ids)
		return ids, false
	}
	return nil, owner
}

// subjectAt reports whether the mention at token j can be a subject: no
// preposition before it, or only "of" after a group word ("members of
// the Association").
func (c *coder) subjectAt(j, a int) bool {
	switch c.prepOf(j, a) {
	case "":
		return true
	case "of":
		return c.quantifierOf(c.mentionStart(j, a), a)
	}
	return false
}

// quantifierOf reports whether the mention starting at token s follows
// "of" after a word that names a part or group of it ("a group of",
// "leaders of the", "thousands of"): the mention is then the head of the
// subject, not a modifier.
func (c *coder) quantifierOf(s, cs int) bool {
	j := s - 1
	for j >= cs && (determiners[c.toks[j].low] && c.toks[j].low != "of") {
		j--
	}
	if j < cs || c.toks[j].low != "of" || j-1 < cs {
		return false
	}
	return quantifiers[c.toks[j-1].low] || c.groupSector(j-1) != ""
}

var unidentified = set("unidentified", "unknown", "armed", "masked", "suspected")

var approxWords = set("about", "around", "roughly", "nearly", "almost", "some", "approximately", "over",
	"than", "to", "least", "estimated", "dozens", "hundreds", "thousands")

var possessives = set("its", "their", "his", "her", "our", "my", "your")

var quantifiers = set("group", "groups", "members", "member", "some", "many", "most", "all", "one", "two",
	"three", "dozens", "hundreds", "thousands", "number", "delegation", "team", "leaders", "leader",
	"representatives", "part", "units", "unit", "contingent", "batch", "each", "both", "none", "several")

// metonym reports whether a city mention ending at token j is the subject
// of the trigger at ts, standing for its government ("Beirut again
// rejected", "Washington demanded"): only adverbs and auxiliaries come
// between.
func (c *coder) metonym(j, ts int) bool {
	e := c.toks[j].ent
	if en := &c.doc.Entities[e]; en.Type != "GPE" || en.Kind != "city" {
		return false
	}
	if s := c.mentionStart(j, 0); s > 0 && (c.toks[s-1].word && !determiners[c.toks[s-1].low] || c.prepOf(j, 0) != "") {
		return false
	}
	for k := j + 1; k < ts; k++ {
		t := c.toks[k]
		if t.ent == e {
			continue
		}
		if k == j+1 && (t.low == "along" || t.low == "together") {
			return true // "Washington, along with its allies, demanded"
		}
		if !(auxiliaries[t.low] || strings.HasSuffix(t.low, "ly") || t.pos == "RB" || t.pos == "MD") {
			return false
		}
	}
	return true
}

// ownerLeft returns the entity whose place or people a passive subject
// names ("a camp for Congolese refugees was attacked", "the home of the
// Hamas leader was bombed"), or nil.
func (c *coder) ownerLeft(ts, cs int) []int {
	for j := ts - 1; j >= cs; j-- {
		e := c.toks[j].ent
		if e < 0 || c.isPlaceOnly(e) {
			continue
		}
		if p := c.prepOf(j, cs); p == "for" || p == "of" {
			return []int{e}
		}
		return nil
	}
	return nil
}

// subjectOrOwner reports whether the pronoun nearest before ts is a
// subject or a possessive ("they would meet", "their hunger strike"),
// not an object ("force them to surrender").
func (c *coder) subjectOrOwner(ts, cs int) bool {
	for j := ts - 1; j >= cs; j-- {
		if l := c.toks[j].low; pronouns[l] {
			return l != "them" && l != "him" && l != "us" && l != "me"
		}
	}
	return false
}

// subjectPronoun reports whether the nearest pronoun before the trigger
// at ts in its clause is a subject ("it", "they", "we"), not a possessive.
func (c *coder) subjectPronoun(ts, cs int) bool {
	for j := ts - 1; j >= cs; j-- {
		if l := c.toks[j].low; pronouns[l] {
			return l == "it" || l == "they" || l == "he" || l == "she" || l == "we"
		}
	}
	return false
}

// isMedia reports whether entity e is a news outlet or agency.
func (c *coder) isMedia(e int) bool {
	en := &c.doc.Entities[e]
	return en.Kind == "news_org" || en.Kind == "news_agency" || en.Sector == "MED" && en.Type == "ORG"
}

func contains(ids []int, e int) bool {
	for _, x := range ids {
		if x == e {
			return true
		}
	}
	return false
}

// code turns a trigger into an event.
func (c *coder) code(cd *cand, a, b int, sent article.Span, prevActors []int, prevClause int) (article.Event, []int, bool) {
	cs, ce := cd.ts, cd.last+1
	for cs > a && c.clause[cs-1] == cd.clause {
		cs--
	}
	for ce < b && c.clause[ce] == cd.clause {
		ce++
	}
	// Inside a quotation, the quotation is the clause's world.
	qs, inQuote := c.quoteSpan(cd.ts)
	if inQuote {
		for cs < cd.ts && c.doc.Tokens[cs].Start < qs.Start {
			cs++
		}
		for ce > cd.last+1 && c.doc.Tokens[ce-1].End > qs.End {
			ce--
		}
	}
	var actors, recips []int
	place := -1
	var places []int // every place of the clause, place first
	inherited := false
	pass := !cd.noun && c.passive(cd.ts, cs)

	// Noun triggers: a possessive or modifier names the actor.
	if cd.noun {
		actors = c.nounModifier(cd.ts, cs, false)
	}
	pronoun := false
	if actors == nil && !pass {
		actors, pronoun = c.actorLeft(cd.ts, cs, nil)
	}
	var recipLeft []int
	if pass {
		recipLeft, _ = c.actorLeft(cd.ts, cs, nil)
		if recipLeft == nil && violent[cd.e.Type] {
			recipLeft = c.ownerLeft(cd.ts, cs)
		}
	}

	// Object side.
	struck := false  // the object is a place struck directly
	recipTo := false // the recipient is an addressee: "complained to the UN"
	var lastEnt = -1
	for j := cd.last + 1; j < ce && j <= cd.last+16; j++ {
		t := c.toks[j]
		if t.ent < 0 || t.ent == lastEnt {
			continue
		}
		lastEnt = t.ent
		end := c.mentionEnd(j, ce)
		p := c.prepOf(j, cs)
		near := j-cd.last <= 4
		switch {
		case inPreps[p]:
			if c.isPlace(t.ent) {
				if place < 0 {
					place = t.ent
				}
				// "in Iraq and Syria": every place of the phrase.
				for _, e := range c.conjRight(end, ce, []int{t.ent}) {
					if c.isPlace(e) {
						places = appendUniq(places, e)
					}
				}
			}
		case (p == "by" || p == "from") && (pass || cd.noun) && !c.isPlaceOnly(t.ent) && near &&
			!(p == "from" && c.isPlace(t.ent) && cd.e.Type != "SUPPORT" && cd.e.Type != "AID"):
			// "attacks by X", "support from the US", "order from Biden":
			// X acts; a subject found on the left is then the recipient.
			if actors != nil && recips == nil && !pass {
				recips = actors
			}
			actors = c.conjRight(end, ce, []int{t.ent})
		case p == "from" && (c.isPlaceOnly(t.ent) || c.isPlace(t.ent) && cd.e.Type == "RETREAT") || p == "on" && cd.e.Type == "ASSAULT" && c.isPlaceOnly(t.ent):
			if place < 0 {
				place = t.ent
			}
			if near || place == t.ent {
				places = appendUniq(places, t.ent)
			}
		case (p == "of" || p == "by" && cd.e.Head) && !cd.noun && recips == nil && j-cd.last <= 6 && !c.isPlaceOnly(t.ent):
			// "demanded the withdrawal of Serbian forces", "rejected
			// calls by Belarus": whom the speech act is aimed at.
			recips = c.conjRight(end, ce, []int{t.ent})
		case p == "of" && cd.noun && near && (violent[cd.e.Type] || cd.e.Type == "SANCTION" || cd.e.Type == "THREATEN"):
			// "the invasion of South Lebanon", "the naval blockade of
			// Serbia": the one struck.
			if c.isPlaceOnly(t.ent) {
				if place < 0 {
					place = t.ent
					places = appendUniq(places, t.ent)
				}
			} else if recips == nil {
				recips = c.conjRight(end, ce, []int{t.ent})
			}
		case p == "of" && cd.noun && near && !c.isPlaceOnly(t.ent):
			if actors == nil {
				actors = c.conjRight(end, ce, []int{t.ent})
			} else if recips == nil {
				recips = c.conjRight(end, ce, []int{t.ent})
			}
		case p == "by" && pass && actors == nil && !c.isPlaceOnly(t.ent) && !c.clauseHas([]string{",", "–", "—"}, cd.last+1, j):
			// "has been accused of hiding weapons in schools by
			// Israel": the agent, however far within the phrase.
			actors = c.conjRight(end, ce, []int{t.ent})
		case p == "by" && !pass && recips == nil && atIssue[cd.e.Type] && j-cd.last <= 8 && !c.isPlaceOnly(t.ent):
			// "investigating war crimes by Croatian extremists", "a
			// protest against violations by the police", "demanded an
			// admission by Moscow": the one whose act is at issue.
			recips = c.conjRight(end, ce, []int{t.ent})
		case p == "of" || p == "about" || p == "regarding" || p == "than" || p == "like" || p == "despite" || p == "by" || p == "via":
		default:
			if recips == nil && !contains(actors, t.ent) && (p != "" || !cd.noun || j-cd.last <= 2) {
				if c.isPlaceOnly(t.ent) && p == "" {
					// "shelled Juba": the place struck.
					if !cd.noun && (near || c.linked(cd.last, j, true)) && place < 0 {
						place = t.ent
						places = appendUniq(places, t.ent)
						struck = true
					}
					break
				}
				recips = c.conjRight(end, ce, []int{t.ent})
				recipTo = p == "to"
			}
		}
		j = end
	}
	if recipLeft != nil {
		recips = recipLeft
	}
	if cd.means != nil && cd.means.ts > cd.last && cd.means.ts < ce {
		switch {
		case violent[cd.e.Type] && actors == nil:
			// "Three Palestinians were killed in an Israeli airstrike":
			// the one who struck is the modifier of the means.
			actors = without(c.nounModifier(cd.means.ts, cd.last+1, true), recips)
		case atIssue[cd.e.Type] && (recips == nil || recipTo):
			// "complained to the UN over Israeli air raids": the
			// complaint is about the raiders, not its addressee.
			if r := without(c.nounModifier(cd.means.ts, cd.last+1, true), actors); r != nil {
				recips = r
			}
		}
	}
	if recips == nil && len(cd.complSubj) > 0 {
		recips = cd.complSubj
	}
	if recips == nil && cd.e.Head && !cd.noun {
		recips = c.thatSubject(cd.last, b)
	}
	for _, k := range cd.folded {
		if recips != nil || struck {
			break // "would blockade Paris to demand ...": Paris is the target
		}
		if fe, _, ok := c.code(k, a, b, sent, nil, -1); ok {
			for _, id := range fe.Recipients {
				if e := c.entityIndex(id); e >= 0 && !contains(actors, e) {
					recips = append(recips, e)
				}
			}
		}
	}
	// Place before the trigger ("In Baghdad, gunmen killed ...").
	if place < 0 {
		for j := cs; j < cd.ts; j++ {
			if e := c.toks[j].ent; e >= 0 && c.isPlace(e) && locPreps[c.prepOf(j, cs)] && c.prepOf(j, cs) != "from" {
				place = e
				places = append([]int{e}, places...)
				break
			}
		}
	}
	if actors == nil && !pass {
		switch {
		case pronoun:
			// The subject of the sentence before the pronoun, else of the
			// sentence before.
			from := a
			if inQuote {
				from = cs
			}
			for j := from; j < cd.ts; j++ {
				if e := c.toks[j].ent; e >= 0 && !c.afterPrep(j, from) && !c.isPlaceOnly(e) {
					actors = []int{e}
					break
				}
			}
			if actors == nil && c.subject >= 0 && !inQuote {
				actors = []int{c.subject}
			}
			if actors == nil && c.subjectPronoun(cd.ts, cs) {
				// "Hungary has said it will support": the one who says it,
				// unless a news outlet only reports it.
				if _, holder, ok := c.attribution(c.doc.Tokens[cd.ts].Start, c.doc.Tokens[cd.last].End); ok {
					if e := c.entityIndex(holder); e >= 0 && holder != "" && !c.isMedia(e) {
						actors = []int{e}
					}
				}
			}
		case inQuote:
		default:
			// No subject in the clause: the sentence's subject, else the
			// previous clause's actor.
			for j := a; j < cs; j++ {
				if e := c.toks[j].ent; e >= 0 && c.subjectAt(j, a) && !c.isPlaceOnly(e) {
					actors = c.conjRight(c.mentionEnd(j, cs), cs, []int{e})
					break
				}
			}
			if actors == nil && prevActors != nil {
				actors = prevActors
			}
		}
		inherited = actors != nil
	}
	// Recipients are not the actors.
	recips = without(recips, actors)
	// Unnamed groups: "Rebels in the Ivory Coast dismissed", "fired on
	// protesters".
	var actorGroup, recipGroup *article.Group
	if len(actors) == 0 && !pass && !pronoun {
		actorGroup = c.subjectGroup(cd.ts, cs)
		if actorGroup == nil && cs > a && (c.toks[cs].low == "and" || c.toks[cs].low == ",") {
			// "a group of locals intercepted and killed": the subject of
			// the coordinated verb before.
			actorGroup = c.subjectGroup(cs, a)
		}
	}
	if len(actors) == 0 && pronoun && c.subjectOrOwner(cd.ts, cs) {
		// "Rebel leaders said they would meet", "fundamentalists
		// continued their hunger strike": a pronoun with no named
		// antecedent is the unnamed group that is the sentence's subject.
		for j := a; j < cd.ts; j++ {
			if c.isVerbPOS(j) || c.toks[j].pos == "" && sayingVerbs[c.toks[j].lemma] {
				actorGroup = c.subjectGroup(j, a)
				break
			}
		}
	}
	if len(recips) == 0 {
		if pass {
			recipGroup = c.subjectGroup(cd.ts, cs)
		} else {
			recipGroup = c.objectGroup(cd.last, ce)
		}
	}
	if len(actors) == 0 && len(recips) == 0 && actorGroup == nil && recipGroup == nil && !anonymous[cd.e.Type] {
		return article.Event{}, nil, false
	}

	ev := article.Event{
		Type:           cd.e.Type,
		Mode:           cd.mode,
		CAMEO:          cd.e.CAMEO,
		Actors:         c.ids(actors),
		Recipients:     c.ids(recips),
		Sentence:       sent,
		ActorGroup:     actorGroup,
		RecipientGroup: recipGroup,
	}
	// What protesters say is their protest: "protesters demanded
	// justice" is a demonstration for it (CAMEO 141x).
	if verbal[ev.Type] && len(actors) == 0 && actorGroup != nil && crowdWords[Lemma(lastWord(actorGroup.Text))] {
		ev.Type, ev.Mode, ev.CAMEO = "PROTEST", "demo", "141"
	}
	if ev.Mode == "" {
		ev.Mode = c.clauseMode(cd, cs, ce)
	}
	if place >= 0 {
		id := c.doc.Entities[place].ID
		ev.Place = &id
		ev.Places = []string{id}
		for _, e := range places {
			if e != place {
				ev.Places = append(ev.Places, c.doc.Entities[e].ID)
			}
		}
	}
	// A bomb or a mine no one is named for is the work of unidentified
	// attackers in the country of the place ("a roadside bombing near
	// Samarra killed", "killed by an explosive device outside Basra").
	if ev.Type == "ASSAULT" && len(actors) == 0 && ev.ActorGroup == nil {
		ev.ActorGroup = c.deviceGroup(cs, ce, place)
	}
	ts := c.doc.Tokens[cd.ts]
	te := c.doc.Tokens[cd.last]
	ev.Trigger = article.Mention{Start: ts.Start, End: te.End, Text: c.doc.Text[ts.Start:te.End]}

	c.modality(&ev, cd, a, cs, ce, actors, c.unlessAfter(cd.last, b))
	if ev.Type == "THREATEN" && len(recips) == 0 && ev.RecipientGroup == nil {
		// "threatened to strike unless Israel rescinded": the one
		// who must yield is the one threatened.
		if r := c.unlessSubject(cd.last, b); r != nil {
			recips = r
			ev.Recipients = c.ids(r)
		}
	}
	c.dateAndCount(&ev, cd, cs, ce)

	conf := 0.5
	switch {
	case len(actors) > 0 && !inherited:
		conf += 0.2
	case len(actors) > 0:
		conf += 0.1
	}
	if len(actors) == 0 && actorGroup != nil {
		conf += 0.1
	}
	if len(recips) > 0 || recipGroup != nil {
		conf += 0.1
	}
	if p := c.toks[cd.ts].pos; p != "" && (cd.noun && strings.HasPrefix(p, "NN") || !cd.noun && strings.HasPrefix(p, "VB")) {
		conf += 0.1
	}
	if cd.e.Weak {
		conf -= 0.2
	}
	if len(actors) == 0 && len(recips) == 0 && actorGroup == nil && recipGroup == nil {
		conf -= 0.2
	}
	ev.Confidence = min(0.95, max(0.05, conf))
	return ev, actors, true
}

// groupSector returns the sector of the group noun at token i ("rebels",
// "troops"), or "" when it is none.
func (c *coder) groupSector(i int) string {
	t := c.toks[i]
	if !t.word || t.ent >= 0 || t.pos != "" && !strings.HasPrefix(t.pos, "NN") {
		return ""
	}
	return c.lx.group(t.low, c.lemmaBuf[:0])
}

// subjectGroup finds an unnamed group on the subject side of the trigger
// at ts in [cs, ts): the nearest group noun not after a preposition.
func (c *coder) subjectGroup(ts, cs int) *article.Group {
	for j := ts - 1; j >= cs; j-- {
		if c.groupSector(j) == "" {
			continue
		}
		// The head is the last group noun of its phrase ("rebel leaders").
		if p := c.prevWord(c.groupStart(j, cs), cs, true); p >= 0 && (recPreps[c.toks[p].low] || locPreps[c.toks[p].low] || c.toks[p].low == "by") {
			if c.toks[p].low != "of" || !c.quantifierOf(p+1, cs) {
				continue
			}
		}
		return c.group(j, cs, ts)
	}
	return nil
}

// objectGroup finds an unnamed group right after the trigger ending at
// last: a direct object or the object of a preposition, within a few words.
func (c *coder) objectGroup(last, ce int) *article.Group {
	for j := last + 1; j < ce && j <= last+6; j++ {
		t := c.toks[j]
		if t.ent >= 0 || !t.word && t.low != "," {
			return nil
		}
		if c.groupSector(j) != "" {
			for j+1 < ce && c.groupSector(j+1) != "" {
				j++
			}
			if p := c.prevWord(c.groupStart(j, last+1), last+1, false); p >= 0 && possessives[c.toks[p].low] {
				return nil // "withdraw its forces": the actor's own
			}
			return c.group(j, last+1, ce)
		}
		if t.low == "," {
			return nil
		}
	}
	return nil
}

// groupStart returns the first token of the noun phrase whose head is
// token h: modifiers (adjectives, numbers, nationality and place names,
// other group nouns) back to a determiner.
func (c *coder) groupStart(h, lo int) int {
	s := h
	for k := h - 1; k >= lo; k-- {
		t := c.toks[k]
		if t.ent >= 0 || c.isAdj(k) && !determiners[t.low] || c.groupSector(k) != "" || t.pos == "NNP" || t.pos == "NN" {
			s = k
			continue
		}
		break
	}
	return s
}

// group builds the Group headed by token h (its phrase starting no
// earlier than lo): its text, sector, and the country of a name inside it
// ("Darfur rebels") or of a place after "in", "of" or "from" ("rebels in
// the Ivory Coast").
func (c *coder) group(h, lo, hi int) *article.Group {
	s := c.groupStart(h, lo)
	g := &article.Group{Start: c.doc.Tokens[s].Start, End: c.doc.Tokens[h].End, Sector: c.groupSector(h)}
	g.Text = c.doc.Text[g.Start:g.End]
	for k := s; k < h; k++ {
		// "unidentified gunmen", "armed men": unidentified armed forces.
		if unidentified[c.toks[k].low] && g.Sector != "MIL" && g.Sector != "COP" {
			g.Sector = "UAF"
		}
	}
	for k := s; k <= h && g.Country == ""; k++ {
		if e := c.toks[k].ent; e >= 0 {
			g.Country = c.doc.Entities[e].Country
		}
	}
	if g.Country == "" && h+2 < hi && (c.toks[h+1].low == "in" || c.toks[h+1].low == "of" || c.toks[h+1].low == "from") {
		for k := h + 2; k < hi && k <= h+4; k++ {
			if e := c.toks[k].ent; e >= 0 {
				g.Country = c.doc.Entities[e].Country
				break
			}
			if !determiners[c.toks[k].low] && !c.isAdj(k) {
				break
			}
		}
	}
	return g
}

// deviceWords are the explosive devices and blasts that stand for an
// unnamed attacker.
var deviceWords = set("bomb", "bombing", "explosion", "blast", "device", "ied", "mine", "minefield", "landmine",
	"car-bomb", "explosive", "explosives")

// deviceGroup returns the device of clause [cs, ce) as an unidentified
// armed group (UAF) of the country of place, or nil when the clause names
// no device.
func (c *coder) deviceGroup(cs, ce, place int) *article.Group {
	for j := cs; j < ce; j++ {
		if !deviceWords[c.toks[j].lemma] && !deviceWords[c.toks[j].low] || c.toks[j].ent >= 0 {
			continue
		}
		h := j // the head: the last device word of the phrase ("car bomb explosion")
		for h+1 < ce && (deviceWords[c.toks[h+1].lemma] || deviceWords[c.toks[h+1].low]) {
			h++
		}
		s := j
		for s-1 >= cs && (c.isAdj(s-1) && !determiners[c.toks[s-1].low] || c.toks[s-1].pos == "NN" || c.toks[s-1].pos == "JJ") &&
			c.toks[s-1].ent < 0 {
			s--
		}
		g := &article.Group{Start: c.doc.Tokens[s].Start, End: c.doc.Tokens[h].End, Sector: "UAF"}
		g.Text = c.doc.Text[g.Start:g.End]
		if place >= 0 {
			g.Country = c.doc.Entities[place].Country
		}
		return g
	}
	return nil
}

var crowdWords = set("protester", "protestor", "demonstrator")

func lastWord(s string) string {
	if i := strings.LastIndexAny(s, " \t\n"); i >= 0 {
		return s[i+1:]
	}
	return s
}

func without(ids, drop []int) []int {
	var out []int
	for _, x := range ids {
		if !contains(drop, x) {
			out = append(out, x)
		}
	}
	return out
}

func (c *coder) ids(es []int) []string {
	sort.SliceStable(es, func(i, j int) bool { return c.firstMention(es[i]) < c.firstMention(es[j]) })
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, c.doc.Entities[e].ID)
	}
	return out
}

// clauseMode finds a mode cue in the clause, nearest the trigger first.
func (c *coder) clauseMode(cd *cand, cs, ce int) string {
	for d := 0; d < ce-cs; d++ {
		for _, j := range [2]int{cd.ts + d, cd.ts - d} {
			if j < cs || j >= ce || (d == 0 && j != cd.ts) {
				continue
			}
			if m, ok := c.lx.modes[c.toks[j].lemma][cd.e.Type]; ok && m != "" {
				return m
			}
			if m, ok := c.lx.modes[c.toks[j].low][cd.e.Type]; ok && m != "" {
				return m
			}
		}
	}
	return ""
}

// modality sets Modality, Negated, Historical and Attribution, and turns a
// promised act of violence into the threat it is.
func (c *coder) modality(ev *article.Event, cd *cand, a, cs, ce int, actors []int, unless bool) {
	neg, fut, hypo, threat, will := false, false, false, false, false
	cont, stop, modal := false, false, false
	marked := false // future said in words ("will", "plans to"), not a bare infinitive
	// Back over the auxiliary chain (and, for nouns, the noun phrase and
	// light verb).
	for j := cd.ts - 1; j >= cs && j >= cd.ts-7; j-- {
		t := c.toks[j]
		l := t.low
		switch {
		case negWords[l]:
			if l != "no" || cd.noun {
				neg = true
			}
		case futWords[l]:
			fut, will, marked = true, true, true
		case hypoWords[l] && !c.month(j, a):
			// ("the attack in May 2017 killed": the month, not a modal)
			hypo = true
			modal = modal || l == "would" || l == "may" || l == "might" || l == "could"
		case failWords[l]:
			neg = true // "failed to reach agreement"
		case continueWords[l] || t.lemma == "continue":
			cont = true
		case stopWords[l] || stopWords[t.lemma]:
			stop = true
		case l == "to":
			if g := j - 1; g >= cs && (futureGovs[c.toks[g].low] || futureGovs[c.toks[g].lemma]) {
				fut, marked = true, true
				if beForms[c.toks[g].low] && j+1 < len(c.toks) && c.toks[j+1].lemma == "continue" {
					will = true // "is to continue operations"
				}
			}
			if g := j - 1; g >= cs && (c.toks[g].low == "ready" || c.toks[g].low == "willing") {
				fut, marked = true, true
			}
		case t.ent >= 0 && !cd.noun:
			j = cs // the subject ends the chain for verbs
		case auxiliaries[l] || determiners[l] || c.isAdj(j) || lightVerbs[l] || lightVerbs[t.lemma] || pronouns[l]:
		case t.word && !cd.noun:
			j = cs
		}
	}
	for j := cs; j < cd.ts; j++ {
		if condWords[c.toks[j].low] {
			hypo = true
		}
	}
	// A preceding "deny" anywhere earlier in the sentence.
	for j := a; j < cd.ts; j++ {
		if denyWords[c.toks[j].low] && c.toks[j].ent < 0 && !(cd.e.Type == "REJECT") {
			if c.toks[j].low != "dismissed" || j+1 < len(c.toks) && (c.toks[j+1].low == "reports" || c.toks[j+1].low == "claims") {
				neg = true
			}
		}
	}
	// "a withdrawal ... is not imminent", "the talks are expected to"
	if cd.noun {
		for j := cd.last + 1; j < ce && j <= cd.last+8; j++ {
			if beForms[c.toks[j].low] && c.toks[j].low != "'s" && c.toks[j].low != "’s" {
				if j+1 < ce && negWords[c.toks[j+1].low] {
					neg = true
				}
				if j+1 < ce && futureGovs[c.toks[j+1].low] || j+1 < ce && (c.toks[j+1].low == "scheduled" || c.toks[j+1].low == "slated") {
					fut = true
				}
				break
			}
		}
	}
	// A verb in the infinitive is not (yet) done: "to fight ISIS"; but
	// "continued to send arms" is done.
	// A protest as the purpose of a gathering ("took to the streets to
	// protest") is the gathering itself: it happened.
	if !cd.noun && cd.ts-1 >= cs && c.toks[cd.ts-1].low == "to" && !(cd.ts-2 >= cs && (c.toks[cd.ts-2].low == "according" || aspectual[c.toks[cd.ts-2].low])) &&
		!(ev.Type == "PROTEST" && cd.ts-2 >= a && !futureGovs[c.toks[cd.ts-2].low] && !futureGovs[c.toks[cd.ts-2].lemma] && !auxiliaries[c.toks[cd.ts-2].low]) {
		fut = true
	}
	if cd.modality == Future {
		fut = true
	} else if cd.modality == Hypothetical {
		hypo = true
	}
	// Violence promised is a threat made.
	if violent[ev.Type] && will && (cont || neg && stop || !neg && !stop) && !hypo {
		threat = true
		neg = false
	}
	if violent[ev.Type] && !hypo && !neg && c.threatCue(cs, cd.ts) && (cont || fut) {
		threat = true
	}
	if threat {
		ev.Type, ev.Mode, ev.CAMEO = "THREATEN", "violence", "138"
		fut = false
	}
	// A sanction, restriction or boycott announced for later is a threat
	// ("would blockade Paris", "will boycott the elections"), and so is
	// any act promised "unless" the other side yields ("will withdraw its
	// force from Chad unless ...").
	if !threat && !neg && (fut && marked || modal || cd.modality == Future) && (hostile(ev) || unless && !verbal[ev.Type]) {
		ev.Type, ev.Mode, ev.CAMEO = "THREATEN", threatMode(ev), "130"
		fut, hypo = false, false
	}
	// Reported: inside someone else's quote or claim.
	reported := false
	if id, holder, ok := c.attribution(ev.Trigger.Start, ev.Trigger.End); ok {
		ev.Attribution = &id
		if holder == "" || !verbal[ev.Type] || !contains(actors, c.entityIndex(holder)) {
			reported = true
		}
	}
	switch {
	case neg:
		ev.Modality, ev.Negated = Negated, true
	case hypo:
		ev.Modality = Hypothetical
	case fut:
		ev.Modality = Future
	case reported:
		ev.Modality = Reported
	default:
		ev.Modality = Asserted
	}
}

var (
	failWords = set("fail", "fails", "failed", "failing")
	aspectual = set("continue", "continues", "continued", "continuing", "begin", "begins", "began", "start",
		"starts", "started", "resume", "resumes", "resumed", "keep", "keeps", "kept")
)

// hostile reports whether ev is an act against its target short of
// violence: a sanction, a restriction, a boycott or blockade.
func hostile(ev *article.Event) bool {
	switch ev.Type {
	case "SANCTION", "COERCE":
		return true
	case "PROTEST":
		return ev.Mode == "boycott" || ev.Mode == "obstruct"
	}
	return false
}

// threatMode is the PLOVER mode of a threat to carry out ev.
func threatMode(ev *article.Event) string {
	switch {
	case ev.Type == "ASSAULT" || ev.Type == "MOBILIZE":
		return "violence"
	case ev.Type == "COERCE" && (ev.Mode == "ban" || ev.Mode == "restrict"):
		return ev.Mode
	case ev.Type == "COERCE" && (ev.Mode == "curfew" || ev.Mode == "martial-law"):
		return "restrict"
	case ev.Type == "COERCE":
		return "violence"
	}
	return "relations"
}

// unlessSubject returns the subject of an "unless" clause after token
// last ("unless Israel rescinded"), or nil.
func (c *coder) unlessSubject(last, b int) []int {
	for j := last + 1; j < b; j++ {
		if c.toks[j].low != "unless" {
			continue
		}
		return c.actorsAfter(j, b)
	}
	return nil
}

// unlessAfter reports whether "unless" follows token last in [last, b).
func (c *coder) unlessAfter(last, b int) bool {
	for j := last + 1; j < b; j++ {
		if c.toks[j].low == "unless" {
			return true
		}
	}
	return false
}

func (c *coder) threatCue(cs, ts int) bool {
	for j := cs; j < ts; j++ {
		if c.toks[j].lemma == "vow" || c.toks[j].lemma == "threaten" || c.toks[j].lemma == "pledge" || c.toks[j].lemma == "stress" {
			return true
		}
	}
	return false
}

func (c *coder) entityIndex(id string) int {
	for i := range c.doc.Entities {
		if c.doc.Entities[i].ID == id {
			return i
		}
	}
	return -1
}

// attribution returns the innermost quote or claim containing [s,e).
func (c *coder) attribution(s, e int) (id, holder string, ok bool) {
	sp := article.Span{Start: s, End: e}
	lo := sort.Search(len(c.attrs), func(i int) bool { return c.attrs[i].span.Start >= e-c.attrMaxLen })
	var best *attr
	for i := lo; i < len(c.attrs) && c.attrs[i].span.Start <= s; i++ {
		a := &c.attrs[i]
		if !a.span.Contains(sp) {
			continue
		}
		if best == nil || a.span.Len() < best.span.Len() || a.span.Len() == best.span.Len() && a.order < best.order {
			best = a
		}
	}
	if best == nil {
		return "", "", false
	}
	return best.id, best.holder, true
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// dateAndCount fills Date, Historical and Count from the clause.
func (c *coder) dateAndCount(ev *article.Event, cd *cand, cs, ce int) {
	clause := article.Span{Start: c.doc.Tokens[cs].Start, End: c.doc.Tokens[ce-1].End}
	var best *article.Date
	for k := c.datesFrom(clause.Start); k < len(c.dates) && c.doc.Dates[c.dates[k]].Start < clause.End; k++ {
		d := &c.doc.Dates[c.dates[k]]
		ds := article.Span{Start: d.Start, End: d.End}
		if !clause.Contains(ds) {
			continue
		}
		if best == nil || (best.Start < ev.Trigger.Start && d.Start > ev.Trigger.Start) {
			best = d
		}
	}
	if best == nil && ce < len(c.toks) {
		next := c.doc.Tokens[ce].Start
		nextEnd := next
		if ce+2 < len(c.doc.Tokens) {
			nextEnd = c.doc.Tokens[ce+2].End
		}
		for k := c.datesFrom(next); k < len(c.dates) && c.doc.Dates[c.dates[k]].Start < nextEnd; k++ {
			if d := &c.doc.Dates[c.dates[k]]; d.Start >= next && d.Start < nextEnd && c.clause[ce] != cd.clause && c.doc.SentenceAt(d.Start) == c.doc.SentenceAt(next) {
				best = d
				break
			}
		}
	}
	ref := c.refYear
	if best != nil {
		ev.Date = &article.EventDate{Value: best.Value, Precision: best.Precision, Since: best.Since, Until: best.Until}
		if y := year(best.Value); y > 0 && (ref > 0 && y < ref || ref == 0 && c.pastTense(cd)) {
			ev.Historical = true
		}
	}
	if best == nil || year(best.Value) == 0 {
		// An explicit year in the clause ("was defeated in 2019").
		for j := cd.last + 1; j < ce; j++ {
			if y := year(c.toks[j].low); y > 0 && j > 0 && c.toks[j-1].low == "in" {
				if ref > 0 && y < ref || ref == 0 && c.pastTense(cd) {
					ev.Historical = true
				}
				break
			}
		}
	}
	// Count: a number just before the trigger ("roughly 150 attacks").
	lo := sort.Search(len(c.qty), func(i int) bool { return c.doc.Quantities[c.qty[i]].Start >= clause.Start })
	for k := lo; k < len(c.qty) && c.doc.Quantities[c.qty[k]].Start < ev.Trigger.Start; k++ {
		q := &c.doc.Quantities[c.qty[k]]
		if q.End <= ev.Trigger.Start && q.Start >= clause.Start && ev.Trigger.Start-q.End <= 24 {
			v := q.Value
			ev.Count = &v
			ev.CountApprox = q.Approximate || q.Low != nil || q.High != nil
		}
	}
	if ev.Count == nil && cd.noun {
		for j := cd.ts - 1; j >= cs && j >= cd.ts-3; j-- {
			t := c.doc.Tokens[j]
			if t.Kind == article.TokenNumber {
				if v, err := strconv.ParseFloat(strings.ReplaceAll(c.toks[j].low, ",", ""), 64); err == nil && v > 0 {
					ev.Count = &v
					ev.CountApprox = j > cs && approxWords[c.toks[j-1].low]
				}
				break
			}
			if !c.isAdj(j) {
				break
			}
		}
	}
}

func (c *coder) pastTense(cd *cand) bool {
	t := c.toks[cd.ts]
	if t.pos != "" {
		return t.pos == "VBD" || t.pos == "VBN"
	}
	return strings.HasSuffix(t.low, "ed") || irregular[t.low] != "" && t.low != t.lemma
}

func year(s string) int {
	if len(s) < 4 {
		return 0
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1800 || y > 2200 || len(s) > 4 && s[4] != '-' {
		return 0
	}
	return y
}

// String renders an event compactly, for tests and debugging.
func String(doc *article.Document, ev article.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s/%s %v->%v", ev.Modality, ev.Type, ev.Mode, ev.Actors, ev.Recipients)
	if ev.ActorGroup != nil {
		fmt.Fprintf(&b, " actor-group=%q/%s/%s", ev.ActorGroup.Text, ev.ActorGroup.Country, ev.ActorGroup.Sector)
	}
	if ev.RecipientGroup != nil {
		fmt.Fprintf(&b, " recipient-group=%q/%s/%s", ev.RecipientGroup.Text, ev.RecipientGroup.Country, ev.RecipientGroup.Sector)
	}
	if ev.Place != nil {
		fmt.Fprintf(&b, " in %s", *ev.Place)
	}
	if len(ev.Places) > 1 {
		fmt.Fprintf(&b, " places=%v", ev.Places)
	}
	if ev.Count != nil {
		fmt.Fprintf(&b, " x%g", *ev.Count)
		if ev.CountApprox {
			b.WriteString("~")
		}
	}
	if ev.Date != nil {
		fmt.Fprintf(&b, " date=%+v", *ev.Date)
	}
	if ev.Attribution != nil {
		fmt.Fprintf(&b, " by %s", *ev.Attribution)
	}
	if ev.Historical {
		b.WriteString(" historical")
	}
	fmt.Fprintf(&b, " %q", ev.Trigger.Text)
	return b.String()
}

func (c *coder) firstMention(e int) int {
	ms := c.doc.Entities[e].Mentions
	if len(ms) == 0 {
		return 0
	}
	return ms[0].Start
}

// quoteSpan returns the innermost direct quotation (not claim, not
// reported speech without quotation marks, whose bounds are less sure)
// containing token i.
func (c *coder) quoteSpan(i int) (article.Span, bool) {
	if c.quoteEnd == nil {
		c.quotes = make([]article.Span, 0, len(c.doc.Quotes))
		for _, q := range c.doc.Quotes {
			if q.Direct {
				c.quotes = append(c.quotes, article.Span{Start: q.Start, End: q.End})
			}
		}
		sort.SliceStable(c.quotes, func(a, b int) bool { return c.quotes[a].Start < c.quotes[b].Start })
		c.quoteEnd = make([]int, len(c.quotes))
		end := 0
		for k, q := range c.quotes {
			end = max(end, q.End)
			c.quoteEnd[k] = end
		}
	}
	t := c.doc.Tokens[i].Span()
	var best article.Span
	ok := false
	// Only quotes starting at or before t can hold it; walk back from the
	// last of them while some earlier quote still ends at or after t.End.
	k := sort.Search(len(c.quotes), func(k int) bool { return c.quotes[k].Start > t.Start }) - 1
	for ; k >= 0 && c.quoteEnd[k] >= t.End; k-- {
		qs := c.quotes[k]
		// <= keeps the earliest of equally short quotes, as before.
		if qs.Contains(t) && (!ok || qs.Len() <= best.Len()) {
			best, ok = qs, true
		}
	}
	return best, ok
}

// actorsAfter returns the actor named within four words after token j
// (before b), past determiners and adjectives, with those joined to it by
// a conjunction; nil when a place, another word or nothing comes first.
func (c *coder) actorsAfter(j, b int) []int {
	for k := j + 1; k < b && k <= j+4; k++ {
		if e := c.toks[k].ent; e >= 0 {
			if c.isPlaceOnly(e) {
				return nil
			}
			return c.conjRight(c.mentionEnd(k, b), b, []int{e})
		}
		if !determiners[c.toks[k].low] && !c.isAdj(k) {
			return nil
		}
	}
	return nil
}
