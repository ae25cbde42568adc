package actor

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

// Reasons recorded on article.Mention.Reason.
const (
	ReasonName        = "name"        // the knowledge base's canonical name, or the full name that defines an entity
	ReasonAlias       = "alias"       // a knowledge-base alias
	ReasonAcronym     = "acronym"     // an acronym defined in the text: "Long Name (LN)", later "LN"
	ReasonShortForm   = "short_form"  // a surname after the full name: "Biden" after "Joe Biden"
	ReasonMetonym     = "metonym"     // a capital standing for its government: "Washington said"
	ReasonTitle       = "title"       // office and name: "US President Joe Biden"
	ReasonDemonym     = "demonym"     // country or demonym and group noun: "US forces"; plural demonyms
	ReasonCoreference = "coreference" // a definite description: "the resistance"
	ReasonTagger      = "tagger"      // a name found by the tagger only
)

// Stage resolves names to entities. It fills doc.Entities, replacing what
// was there, from doc.Names and knowledge-base matches over doc.Tokens
// (tokenizing the text itself when doc.Tokens is empty). A Stage is safe
// for concurrent use on different documents.
type Stage struct {
	kb *KB
}

var _ pipeline.Stage = (*Stage)(nil)

// NewStage returns a resolver over kb; a nil kb means Default, loaded on
// first use.
func NewStage(kb *KB) *Stage { return &Stage{kb: kb} }

// Name returns "actor".
func (s *Stage) Name() string { return "actor" }

// Process resolves doc.Names and knowledge-base matches in doc.Text to
// doc.Entities. Entity ids are "e1", "e2", ... in order of first mention;
// mentions are sorted, lie inside doc.Text and never overlap one another.
// It fails only when the knowledge base cannot be loaded or ctx is done.
func (s *Stage) Process(ctx context.Context, doc *article.Document) error {
	kb := s.kb
	if kb == nil {
		var err error
		if kb, err = Default(); err != nil {
			return fmt.Errorf("loading actor knowledge base: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	r := newResolver(kb, doc)
	r.run()
	doc.Entities = r.output()
	return nil
}

// ent is an entity being built for one document.
type ent struct {
	key       string // KB id, or "per:", "acr:", "ner:" and a name
	kb        bool
	e         article.Entity
	actor     Actor
	heads     map[string]bool // built on first use by words
	nameWords map[string]bool
	surname   string
	lastTok   int
	first     int
}

type acroDef struct {
	acr        string
	start, end int // token range of the long name
	paren      int // token index of the acronym in parentheses
	key        string
}

type cand struct {
	n    int // tokens consumed from the current position
	prio int // lower wins when n ties
	act  func()
}

type tmatch struct {
	end int // token index, exclusive
	e   *entry
}

type resolver struct {
	kb     *KB
	doc    *article.Document
	text   string
	toks   []article.Token
	sent   []int32 // sentence number of each token
	sstart []bool  // token starts a sentence or line
	names  map[int][]article.Name
	ents   []*ent
	byKey  map[string]*ent
	acros  []acroDef
	// tm memoizes trieAt per token; tmDone says which are computed.
	tm     [][]tmatch
	tmDone []bool
}

func newResolver(kb *KB, doc *article.Document) *resolver {
	r := &resolver{kb: kb, doc: doc, text: doc.Text, byKey: map[string]*ent{}}
	r.toks = validTokens(doc.Tokens, len(doc.Text))
	if len(r.toks) == 0 {
		r.toks = tokenize(doc.Text)
	}
	r.sentences()
	for _, n := range doc.Names {
		if n.Start < 0 || n.End > len(r.text) || n.Start >= n.End {
			continue
		}
		i := r.tokenStartingAt(n.Start)
		if i < 0 {
			continue
		}
		if r.names == nil {
			r.names = map[int][]article.Name{}
		}
		r.names[i] = append(r.names[i], n)
	}
	r.findAcronyms()
	return r
}

// validTokens drops tokens outside the text or out of order.
func validTokens(toks []article.Token, n int) []article.Token {
	prev := 0
	for _, t := range toks {
		if t.Start < prev || t.End > n || t.Start >= t.End {
			out := make([]article.Token, 0, len(toks))
			prev = 0
			for _, t := range toks {
				if t.Start >= prev && t.End <= n && t.Start < t.End {
					out = append(out, t)
					prev = t.End
				}
			}
			return out
		}
		prev = t.End
	}
	return toks
}

func (r *resolver) tok(i int) string { return r.text[r.toks[i].Start:r.toks[i].End] }

func (r *resolver) tokenStartingAt(off int) int {
	i := sort.Search(len(r.toks), func(i int) bool { return r.toks[i].Start >= off })
	if i < len(r.toks) && r.toks[i].Start == off {
		return i
	}
	return -1
}

func (r *resolver) tokenEndingAt(off int) int {
	i := sort.Search(len(r.toks), func(i int) bool { return r.toks[i].End >= off })
	if i < len(r.toks) && r.toks[i].End == off {
		return i
	}
	return -1
}

// sentences numbers the sentence of each token, from doc.Sentences when
// present, and marks tokens that start a sentence or a line.
func (r *resolver) sentences() {
	r.sent = make([]int32, len(r.toks))
	r.sstart = make([]bool, len(r.toks))
	n := int32(0)
	si := 0
	ss := r.doc.Sentences
	for i, t := range r.toks {
		lineStart := i == 0 || strings.IndexByte(r.text[r.toks[i-1].End:t.Start], '\n') >= 0
		start := lineStart
		if len(ss) > 0 {
			for si < len(ss) && ss[si].End <= t.Start {
				si++
			}
			if si < len(ss) && ss[si].Start == t.Start {
				start = true
			}
		} else if i > 0 {
			p := r.tok(i - 1)
			if p == "." || p == "!" || p == "?" {
				start = true
			}
		}
		if start && i > 0 {
			n++
		}
		r.sent[i] = n
		r.sstart[i] = start
	}
}

// trieAt returns the knowledge-base entries matching at token i, ending at
// a token end and satisfying their case rules. Callers must not modify the
// slice.
func (r *resolver) trieAt(i int) []tmatch {
	if i >= len(r.toks) {
		return nil
	}
	if r.tmDone == nil {
		r.tm = make([][]tmatch, len(r.toks))
		r.tmDone = make([]bool, len(r.toks))
	}
	if r.tmDone[i] {
		return r.tm[i]
	}
	r.tmDone[i] = true
	var out []tmatch
	start := r.toks[i].Start
	r.kb.trie.walk(r.text, start, func(end, node int) bool {
		j := r.tokenEndingAt(end)
		if j < i {
			return true
		}
		for _, ei := range r.kb.trie.nodes[node].ents {
			e := &r.kb.trie.ents[ei]
			if e.cs && !spanEquals(r.text[start:end], e.alias) {
				continue
			}
			if !e.cs && e.cap {
				c, _ := utf8.DecodeRuneInString(r.text[start:])
				if !unicode.IsUpper(c) && !unicode.IsDigit(c) {
					continue
				}
			}
			out = append(out, tmatch{end: j + 1, e: e})
		}
		return true
	})
	r.tm[i] = out
	return out
}

// spanEquals compares text with a normalized alias, folding white space runs
// and apostrophes but not case.
func spanEquals(text, alias string) bool {
	i, j := 0, 0
	for i < len(text) && j < len(alias) {
		r, s := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			if alias[j] != ' ' {
				return false
			}
			for i < len(text) {
				r, s = utf8.DecodeRuneInString(text[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += s
			}
			j++
			continue
		}
		a, as := utf8.DecodeRuneInString(alias[j:])
		if normRune(r) != a {
			return false
		}
		i += s
		j += as
	}
	return i == len(text) && j == len(alias)
}

func (r *resolver) run() {
	for i := 0; i < len(r.toks); {
		var best cand
		consider := func(c cand) {
			if c.n > best.n || (c.n > 0 && c.n == best.n && c.prio < best.prio) {
				best = c
			}
		}
		consider(r.titleRule(i))
		consider(r.acronymDefRule(i))
		consider(r.acronymUseRule(i))
		consider(r.kbRule(i))
		consider(r.groupRule(i))
		consider(r.anaphoraRule(i))
		consider(r.shortFormRule(i))
		consider(r.taggerRule(i))
		if best.n == 0 {
			i++
			continue
		}
		best.act()
		i += best.n
	}
}

// entity returns the document entity for key, creating it from a with mk.
func (r *resolver) entity(key string, mk func() Actor, fromKB bool) *ent {
	if e := r.byKey[key]; e != nil {
		return e
	}
	a := mk()
	e := &ent{key: key, kb: fromKB, first: -1, lastTok: -1}
	e.e = article.Entity{Name: a.Name, Type: a.Type, Kind: a.Kind, Country: a.Country, Sector: a.Sector}
	if fromKB {
		e.e.KBID = a.ID
	}
	e.actor = a
	if a.Type == "PER" {
		f := strings.Fields(a.Name)
		if len(f) > 1 {
			e.surname = f[len(f)-1]
		}
	}
	r.byKey[key] = e
	r.ents = append(r.ents, e)
	return e
}

// words builds e.heads and e.nameWords, the nouns that may refer back to e
// and the words of its names.
func (e *ent) words() {
	if e.heads != nil {
		return
	}
	a := e.actor
	e.heads = map[string]bool{}
	for _, h := range a.Heads {
		e.heads[strings.ToLower(h)] = true
	}
	for _, h := range kindHeads[a.Kind] {
		e.heads[h] = true
	}
	e.nameWords = map[string]bool{}
	for _, n := range append([]string{a.Name}, a.Aliases...) {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			if !functionWords[w] {
				e.nameWords[w] = true
			}
		}
	}
}

func (r *resolver) kbEntity(id string) *ent {
	return r.entity(id, func() Actor { a, _ := r.kb.Actor(id); return a }, true)
}

func (r *resolver) mention(e *ent, s, t int, reason string) {
	if s >= t {
		return
	}
	m := article.Mention{Start: r.toks[s].Start, End: r.toks[t-1].End, Reason: reason}
	m.Text = r.text[m.Start:m.End]
	e.e.Mentions = append(e.e.Mentions, m)
	if e.first < 0 {
		e.first = s
	}
	e.lastTok = s
}

func reasonFor(a Actor, alias string) string {
	if strings.EqualFold(normalizeAlias(a.Name), alias) {
		return ReasonName
	}
	return ReasonAlias
}

// kbRule matches knowledge-base names: actors, capitals (as places or, used
// as actors, as governments) and plural demonyms (as peoples).
func (r *resolver) kbRule(i int) cand {
	var best *tmatch
	ms := r.trieAt(i)
	for k := range ms {
		m := &ms[k]
		switch m.e.kind {
		case entActor, entCapital, entPlural:
		default:
			continue
		}
		if best == nil || m.end > best.end || (m.end == best.end && m.e.kind < best.e.kind) {
			best = m
		}
	}
	if best == nil {
		return cand{}
	}
	m := *best
	switch m.e.kind {
	case entActor:
		a := r.kb.actors[m.e.ref]
		return cand{n: m.end - i, prio: 3, act: func() {
			r.mention(r.kbEntity(a.ID), i, m.end, reasonFor(a, m.e.alias))
		}}
	case entCapital:
		c := r.kb.actors[m.e.ref]
		if r.actsAsAgent(i, m.end) {
			return cand{n: m.end - i, prio: 3, act: func() {
				r.mention(r.kbEntity(c.ID+"/GOV"), i, m.end, ReasonMetonym)
			}}
		}
		name := r.capitalName(c.ID, m.e.alias)
		return cand{n: m.end - i, prio: 3, act: func() {
			r.mention(r.kbEntity("cap:"+name), i, m.end, ReasonName)
		}}
	default: // entPlural
		c := r.kb.actors[m.e.ref]
		return cand{n: m.end - i, prio: 4, act: func() {
			r.mention(r.kbEntity(c.ID+"/PPL"), i, m.end, ReasonDemonym)
		}}
	}
}

// capitalName returns the canonical name of the capital that alias names
// ("Washington D.C." for "Washington").
func (r *resolver) capitalName(iso, alias string) string {
	c := r.kb.countries[iso]
	if c == nil || len(c.Capitals) == 0 {
		return alias
	}
	for _, cp := range c.Capitals {
		if strings.EqualFold(normalizeAlias(cp), alias) {
			return cp
		}
	}
	return c.Capitals[0]
}

var placePreps = map[string]bool{
	"in": true, "at": true, "from": true, "to": true, "into": true, "near": true, "outside": true,
	"inside": true, "across": true, "around": true, "toward": true, "towards": true, "via": true,
	"through": true, "of": true, "visit": true, "visited": true, "visiting": true, "between": true,
}

var agentVerbs = map[string]bool{
	"is": true, "was": true, "has": true, "had": true, "will": true, "would": true, "could": true,
	"should": true, "may": true, "might": true, "must": true, "can": true, "did": true, "does": true,
	"said": true, "says": true, "say": true, "wants": true, "plans": true, "hopes": true, "fears": true,
	"insists": true, "denied": true, "denies": true, "accused": true, "accuses": true, "warned": true,
	"warns": true, "announced": true, "announces": true, "rejected": true, "rejects": true,
	"believes": true, "sees": true, "sent": true, "sends": true, "backs": true, "backed": true,
}

// actsAsAgent reports whether the place name in tokens [i, end) is used as an
// actor: followed by a possessive or a verb, and not after a preposition of
// place.
func (r *resolver) actsAsAgent(i, end int) bool {
	if end >= len(r.toks) {
		return false
	}
	next := r.tok(end)
	if isPossessive(next) {
		return true
	}
	if i > 0 && placePreps[strings.ToLower(r.tok(i-1))] {
		return false
	}
	if len(r.doc.POS) == len(r.doc.Tokens) && len(r.doc.Tokens) == len(r.toks) && end < len(r.doc.POS) {
		p := r.doc.POS[end]
		return strings.HasPrefix(p, "VB") || p == "MD"
	}
	return agentVerbs[next]
}

func isPossessive(s string) bool {
	switch s {
	case "'s", "’s", "'", "’":
		return true
	}
	return false
}

// groupRule matches a country or demonym before a group noun: "US forces",
// "Iraqi government", "American troops".
func (r *resolver) groupRule(i int) cand {
	modEnd := -1
	var country string
	for _, m := range r.trieAt(i) {
		if m.end <= modEnd {
			continue
		}
		switch {
		case m.e.kind == entDemonym, m.e.kind == entActor && r.kb.actors[m.e.ref].Kind == "country":
			modEnd, country = m.end, r.kb.actors[m.e.ref].ID
		}
	}
	if modEnd < 0 || modEnd >= len(r.toks) {
		return cand{}
	}
	gEnd, gi := -1, -1
	for _, m := range r.trieAt(modEnd) {
		if m.e.kind == entGroup && m.end > gEnd {
			gEnd, gi = m.end, int(m.e.ref)
		}
	}
	if gi < 0 {
		return cand{}
	}
	g := r.kb.groups[gi]
	return cand{n: gEnd - i, prio: 3, act: func() {
		r.mention(r.kbEntity(country+"/"+g.Sector), i, gEnd, ReasonDemonym)
	}}
}

var particles = map[string]bool{
	"al": true, "bin": true, "ibn": true, "bint": true, "abu": true, "de": true, "da": true,
	"del": true, "van": true, "von": true, "le": true, "la": true, "el": true, "ben": true, "der": true,
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// titleRule matches [country, demonym or organisation ['s]] office Name:
// "US President Joe Biden", "Pentagon spokesperson Sabrina Singh".
func (r *resolver) titleRule(i int) cand {
	pos := i
	var mod *Actor
	kbEnd := 0
	for _, m := range r.trieAt(i) {
		if m.e.kind == entActor {
			kbEnd = max(kbEnd, m.end)
		}
		if m.end <= pos {
			continue
		}
		switch m.e.kind {
		case entDemonym, entActor:
			a := &r.kb.actors[m.e.ref]
			if a.Type == "PER" {
				continue
			}
			pos, mod = m.end, a
		}
	}
	if pos < len(r.toks) && pos > i && isPossessive(r.tok(pos)) {
		pos++
	}
	oEnd, oi := -1, -1
	for _, m := range r.trieAt(pos) {
		if m.e.kind == entOffice && m.end > oEnd {
			oEnd, oi = m.end, int(m.e.ref)
		}
	}
	if oi < 0 || oEnd >= len(r.toks) {
		return cand{}
	}
	// The name: capitalised words and particles, up to four tokens.
	j := oEnd
	for j < len(r.toks) && j-oEnd < 4 {
		w := r.tok(j)
		lw := strings.ToLower(w)
		if isCapitalised(w) && isWord(w) || (j > oEnd && particles[lw]) || strings.HasPrefix(lw, "al-") || strings.HasPrefix(lw, "el-") {
			j++
			continue
		}
		break
	}
	for j > oEnd && particles[strings.ToLower(r.tok(j-1))] {
		j--
	}
	if j == oEnd || kbEnd >= j {
		return cand{}
	}
	// The name must not be another known thing ("President of Iraq" has
	// no name; "General Assembly" is an organ).
	for _, m := range r.trieAt(oEnd) {
		if m.e.kind == entActor && r.kb.actors[m.e.ref].Type != "PER" || m.e.kind == entDemonym || m.e.kind == entCapital || m.e.kind == entOffice {
			return cand{}
		}
	}
	allCommon := true
	for k := oEnd; k < j; k++ {
		if !r.kb.common[strings.ToLower(r.tok(k))] {
			allCommon = false
		}
	}
	if allCommon {
		return cand{}
	}
	office := r.kb.offices[oi]
	name := r.text[r.toks[oEnd].Start:r.toks[j-1].End]
	end := j
	return cand{n: end - i, prio: 0, act: func() {
		e := r.person(name)
		if e.e.Role == "" {
			e.e.Role = office.Role
		}
		if mod != nil {
			if mod.Kind == "country" || e.e.Country == "" {
				e.e.Country = mod.Country
			}
		}
		switch {
		case office.Sector != "":
			e.e.Sector = office.Sector
		case mod != nil && mod.Kind != "country" && mod.Sector != "":
			e.e.Sector = mod.Sector
		}
		r.mention(e, i, end, ReasonTitle)
	}}
}

// person returns the entity for a person's name: a knowledge-base person,
// a person already in the document with that surname, or a new one.
func (r *resolver) person(name string) *ent {
	for _, a := range r.kb.Lookup(name) {
		if a.Type == "PER" {
			return r.kbEntity(a.ID)
		}
	}
	if !strings.Contains(name, " ") {
		for _, e := range r.ents {
			if e.e.Type == "PER" && e.surname == name {
				return e
			}
		}
	}
	key := "per:" + normalizeAlias(name)
	return r.entity(key, func() Actor {
		return Actor{Name: normalizeAlias(name), Type: "PER", Kind: "person"}
	}, false)
}

// findAcronyms finds "Long Name (LN)" definitions.
func (r *resolver) findAcronyms() {
	for p := 1; p+2 < len(r.toks); p++ {
		if r.tok(p) != "(" || r.tok(p+2) != ")" {
			continue
		}
		acr := r.tok(p + 1)
		if !isAcronym(acr) {
			continue
		}
		letters := acronymLetters(acr)
		lo := p - 1
		for lo > 0 && p-lo < 10 && isWord(r.tok(lo-1)) && !r.sstartBetween(lo) {
			lo--
		}
		for s := lo; s < p; s++ {
			if !isCapitalised(r.tok(s)) || functionWords[strings.ToLower(r.tok(s))] {
				continue
			}
			words := make([]string, 0, p-s)
			for k := s; k < p; k++ {
				if !isPossessive(r.tok(k)) {
					words = append(words, r.tok(k))
				}
			}
			if initialsMatch(words, letters) {
				r.acros = append(r.acros, acroDef{acr: acr, start: s, end: p, paren: p + 1})
				break
			}
		}
	}
}

// sstartBetween reports whether token k starts a sentence or line (so a
// long name cannot reach back over it).
func (r *resolver) sstartBetween(k int) bool { return r.sstart[k] }

func isAcronym(s string) bool {
	up := 0
	for _, c := range s {
		switch {
		case unicode.IsUpper(c):
			up++
		case unicode.IsDigit(c), c == '-', c == '&', c == '.':
		default:
			return false
		}
	}
	return up >= 2 && up <= 8
}

func acronymLetters(s string) string {
	var b strings.Builder
	for _, c := range s {
		if unicode.IsUpper(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var functionWords = map[string]bool{
	"of": true, "in": true, "the": true, "and": true, "for": true, "on": true, "to": true,
	"al": true, "de": true, "du": true, "des": true, "la": true, "le": true, "el": true, "&": true, "a": true,
}

// initialsMatch reports whether letters are the initials of words in order,
// where function words may be skipped.
func initialsMatch(words []string, letters string) bool {
	var rec func(wi, li int) bool
	rec = func(wi, li int) bool {
		if li == len(letters) {
			for _, w := range words[wi:] {
				if !functionWords[strings.ToLower(w)] {
					return false
				}
			}
			return true
		}
		if wi == len(words) {
			return false
		}
		w := words[wi]
		if functionWords[strings.ToLower(w)] && rec(wi+1, li) {
			return true
		}
		// A hyphenated word may give one initial per part ("Co-operation").
		for _, part := range strings.Split(w, "-") {
			c, _ := utf8.DecodeRuneInString(part)
			if unicode.ToUpper(c) != rune(letters[li]) {
				break
			}
			li++
			if li == len(letters) && wi+1 == len(words) {
				return true
			}
			if rec(wi+1, li) {
				return true
			}
			if li == len(letters) {
				break
			}
		}
		return false
	}
	return len(letters) > 0 && rec(0, 0)
}

// acronymDefRule matches the long name of an acronym definition.
func (r *resolver) acronymDefRule(i int) cand {
	for k := range r.acros {
		d := &r.acros[k]
		if d.start != i {
			continue
		}
		return cand{n: d.end - d.start, prio: 1, act: func() {
			var e *ent
			reason := ReasonName
			for _, m := range r.trieAt(i) {
				if m.e.kind == entActor && m.end == d.end {
					a := r.kb.actors[m.e.ref]
					e, reason = r.kbEntity(a.ID), reasonFor(a, m.e.alias)
					break
				}
			}
			if e == nil {
				name := normalizeAlias(r.text[r.toks[d.start].Start:r.toks[d.end-1].End])
				typ := r.taggedType(d.start, d.end)
				e = r.entity("acr:"+name, func() Actor { return guessActor(name, typ, d.acr) }, false)
			}
			d.key = e.key
			r.mention(e, d.start, d.end, reason)
		}}
	}
	return cand{}
}

// taggedType returns the tagger's type for tokens [s, e), or "".
func (r *resolver) taggedType(s, e int) string {
	for k := s; k < e; k++ {
		for _, n := range r.names[k] {
			if n.End >= r.toks[e-1].End-1 && n.Type != "MISC" {
				return n.Type
			}
		}
	}
	return ""
}

// acronymUseRule matches an acronym defined earlier in the text (or in the
// parentheses of its definition).
func (r *resolver) acronymUseRule(i int) cand {
	w := r.tok(i)
	for k := range r.acros {
		d := &r.acros[k]
		if d.acr != w || d.paren > i || d.key == "" {
			continue
		}
		e := r.byKey[d.key]
		if e == nil {
			continue
		}
		return cand{n: 1, prio: 1, act: func() { r.mention(e, i, i+1, ReasonAcronym) }}
	}
	return cand{}
}

var kindHeads = map[string][]string{
	"armed_group": {"group", "militia", "movement", "faction", "organisation", "organization", "militants"},
	"igo":         {"organisation", "organization", "body"},
	"news_agency": {"agency"},
}

var evaluative = map[string]bool{
	"notorious": true, "extremist": true, "militant": true, "armed": true, "jihadist": true,
	"terrorist": true, "rebel": true, "islamist": true, "radical": true, "hardline": true,
	"iran-backed": true, "iranian-backed": true, "pro-iranian": true, "pro-iran": true,
	"shia": true, "shiite": true, "sunni": true, "paramilitary": true, "powerful": true,
}

var memberNouns = map[string]bool{
	"fighters": true, "members": true, "member": true, "leader": true, "leaders": true,
	"commander": true, "commanders": true, "official": true, "officials": true, "forces": true,
	"spokesman": true, "spokesperson": true, "spokeswoman": true, "militants": true,
}

// anaphoraRule matches a definite description of an entity already
// mentioned: "the resistance", "the Iraqi resistance", "the notorious
// extremist group". The head noun must belong to the entity (a word of its
// name, or a head noun of its kind); a head of its kind only (not of its
// name) needs the entity to be the only candidate mentioned in this
// sentence or the one before. Without "the", only a demonym and a head of
// the entity's name will do ("Iraqi resistance").
func (r *resolver) anaphoraRule(i int) cand {
	if len(r.ents) == 0 {
		return cand{}
	}
	j := i
	hasThe := strings.EqualFold(r.tok(i), "the")
	if hasThe {
		j = i + 1
		if j >= len(r.toks) || r.kbRule(j).n > 0 || r.groupRule(j).n > 0 || r.titleRule(j).n > 0 || r.acronymUseRule(j).n > 0 {
			return cand{}
		}
	} else if r.kb.demonymOf[strings.ToLower(r.tok(i))] == "" {
		return cand{}
	}
	for k := 2; k >= 0; k-- {
		h := j + k
		if h >= len(r.toks) {
			continue
		}
		ok := true
		for x := j; x <= h; x++ {
			if !isWord(r.tok(x)) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		if e := r.antecedent(i, j, h, hasThe); e != nil {
			end := h + 1
			return cand{n: end - i, prio: 5, act: func() { r.mention(e, i, end, ReasonCoreference) }}
		}
	}
	return cand{}
}

func (r *resolver) antecedent(i, j, h int, hasThe bool) *ent {
	if isAcronym(r.tok(h)) {
		return nil
	}
	head := strings.ToLower(r.tok(h))
	next := ""
	if h+1 < len(r.toks) {
		next = strings.ToLower(r.tok(h + 1))
	}
	if memberNouns[next] {
		return nil
	}
	var found []*ent
	distinct := map[*ent]bool{}
	for _, e := range r.ents {
		e.words()
		if !e.heads[head] && !e.nameWords[head] {
			continue
		}
		// Only a noun of the name, or a head noun given to the entity.
		if !e.heads[head] && !(e.nameWords[head] && r.nounOfName(e, head)) {
			continue
		}
		ok, demonym := true, false
		for x := j; x < h; x++ {
			w := strings.ToLower(r.tok(x))
			switch {
			case e.nameWords[w]:
			case e.e.Country != "" && r.kb.demonymOf[w] == e.e.Country:
				demonym = true
			case evaluative[w] && e.e.Kind == "armed_group":
			default:
				ok = false
			}
		}
		if !ok || (!hasThe && !demonym) {
			continue
		}
		if !hasThe && !e.nameWords[head] {
			continue
		}
		found = append(found, e)
		distinct[e] = e.nameWords[head]
	}
	if len(found) == 0 {
		return nil
	}
	// A word of the entity's name, and only one entity with it.
	var named []*ent
	for _, e := range found {
		if distinct[e] {
			named = append(named, e)
		}
	}
	if len(named) == 1 {
		return named[0]
	}
	if next == "of" {
		return nil
	}
	// A kind noun ("the group"): the one entity mentioned recently.
	cur := r.sent[i]
	var recent *ent
	for _, e := range found {
		if e.lastTok >= 0 && cur-r.sent[e.lastTok] <= 1 {
			if recent != nil {
				return nil
			}
			recent = e
		}
	}
	return recent
}

// nounOfName reports whether w is a head-like word of e's name: not a
// country name or demonym ("Iraq" in "Islamic Resistance in Iraq").
func (r *resolver) nounOfName(e *ent, w string) bool {
	if r.kb.demonymOf[w] != "" {
		return false
	}
	for _, a := range r.kb.Lookup(w) {
		if a.Kind == "country" {
			return false
		}
	}
	// Adjectives that begin many names are not heads.
	switch w {
	case "islamic", "popular", "national", "democratic", "people's", "united", "international", "syrian", "iraqi", "palestinian":
		return false
	}
	return true
}

// shortFormRule matches a surname of a person already named in full.
func (r *resolver) shortFormRule(i int) cand {
	w := r.tok(i)
	if !isCapitalised(w) {
		return cand{}
	}
	if i+1 < len(r.toks) && isCapitalised(r.tok(i+1)) && isWord(r.tok(i+1)) {
		return cand{}
	}
	for _, e := range r.ents {
		if e.e.Type == "PER" && e.surname == w {
			return cand{n: 1, prio: 6, act: func() { r.mention(e, i, i+1, ReasonShortForm) }}
		}
	}
	return cand{}
}

// taggerRule takes a name from the tagger that no other rule explains,
// unless it is junk.
func (r *resolver) taggerRule(i int) cand {
	var best cand
	for _, n := range r.names[i] {
		if n.Type == "MISC" || !validTypes[n.Type] {
			continue
		}
		s := i
		e := r.tokenEndingAt(n.End)
		if e < 0 {
			// The span ends inside a token: extend to it.
			e = sort.Search(len(r.toks), func(k int) bool { return r.toks[k].End >= n.End })
			if e >= len(r.toks) {
				continue
			}
		}
		e++ // exclusive
		if strings.EqualFold(r.tok(s), "the") {
			s++
		}
		for e > s && (isPossessive(r.tok(e-1)) || !isWord(r.tok(e-1)) && !unicode.IsDigit(rune(r.tok(e - 1)[0]))) {
			e--
		}
		if s >= e || s != i || e-i <= best.n || r.junk(s, e) {
			continue
		}
		typ, end := n.Type, e
		name := normalizeAlias(r.text[r.toks[s].Start:r.toks[e-1].End])
		best = cand{n: end - i, prio: 7, act: func() {
			if typ == "PER" {
				if e := r.person(name); e != nil {
					reason := ReasonTagger
					if e.kb {
						reason = ReasonAlias
					} else if e.surname == name {
						reason = ReasonShortForm
					}
					r.mention(e, i, end, reason)
					return
				}
			}
			e := r.entity("ner:"+typ+":"+strings.ToLower(name), func() Actor {
				a := guessActor(name, typ, "")
				if typ == "NORP" {
					// A demonym alone ("Afghan", "French") is of its
					// country: "Afghan civilians", "a French minister".
					a.Country = r.kb.demonymOf[strings.ToLower(name)]
					if f := strings.Fields(name); a.Country == "" && len(f) > 1 {
						// "Bosnian Serbs", "Iraqi Kurds": the people of
						// the first demonym's country.
						a.Country = r.kb.demonymOf[strings.ToLower(f[0])]
					}
				}
				return a
			}, false)
			r.mention(e, i, end, ReasonTagger)
		}}
	}
	return best
}

// junk reports whether tokens [s, e) are not a name: common words only,
// a lower-case start, or a lone capitalised word at the start of a sentence
// or line that appears nowhere else in the text except at such starts.
func (r *resolver) junk(s, e int) bool {
	allCommon := true
	letters := false
	for k := s; k < e; k++ {
		w := r.tok(k)
		if isWord(w) {
			letters = true
			if !r.kb.common[strings.ToLower(w)] {
				allCommon = false
			}
		}
	}
	if !letters || allCommon || e-s > 8 {
		return true
	}
	first := r.tok(s)
	if !isCapitalised(first) && !unicode.IsDigit(rune(first[0])) {
		lf := strings.ToLower(first)
		if !strings.HasPrefix(lf, "al-") && !strings.HasPrefix(lf, "el-") {
			return true
		}
	}
	if e-s == 1 && r.sstart[s] {
		for k := range r.toks {
			if k != s && !r.sstart[k] && r.tok(k) == first {
				return false
			}
		}
		return true
	}
	return false
}

// guessActor makes an actor for a name that is not in the knowledge base,
// from its tagger type and its head words.
func guessActor(name, typ, acr string) Actor {
	a := Actor{Name: name, Type: typ}
	words := strings.Fields(name)
	last := ""
	for k := len(words) - 1; k >= 0; k-- {
		w := strings.ToLower(words[k])
		if !functionWords[w] && isCapitalised(words[k]) {
			last = w
		}
		if k > 0 && functionWords[strings.ToLower(words[k-1])] {
			continue
		}
		if last != "" {
			break
		}
	}
	lower := strings.ToLower(name)
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(lower, w) {
				return true
			}
		}
		return false
	}
	switch {
	case typ == "PER":
		a.Kind = "person"
	case typ == "GPE" || typ == "LOC":
		a.Kind = "place"
	case typ == "NORP":
		a.Kind = "group"
	case has("resistance", "brigade", "front", "militia", "battalion", "liberation", "jihad", "mujahideen", "army of", "rebels", "insurgent", "mobilization", "mobilisation"):
		a.Type, a.Kind, a.Sector = "ORG", "armed_group", "REB"
	case has("ministry", "government", "council of ministers", "presidency", "cabinet"):
		a.Type, a.Kind, a.Sector = "ORG", "government", "GOV"
	case has("army", "armed forces", "navy", "air force", "command", "guard"):
		a.Type, a.Kind, a.Sector = "ORG", "military", "MIL"
	case has("party"):
		a.Type, a.Kind, a.Sector = "ORG", "party", "PTY"
	case has("news", "times", "post", "herald", "tribune", "journal", "gazette", "radio", "television", " tv"):
		a.Type, a.Kind, a.Sector = "ORG", "news_org", "MED"
	case has("agency", "organisation", "organization", "committee", "foundation", "institute", "watch"):
		a.Type, a.Kind = "ORG", "organisation"
	default:
		if a.Type == "" {
			a.Type = "ORG"
		}
		a.Kind = "organisation"
	}
	if a.Type == "" {
		a.Type = "ORG"
	}
	if last != "" && a.Type == "ORG" {
		a.Heads = []string{last}
	}
	if acr != "" {
		a.Aliases = []string{acr}
	}
	return a
}

// output builds the entity list: entities ordered by first mention, ids
// e1, e2, ..., mentions sorted.
func (r *resolver) output() []article.Entity {
	ents := make([]*ent, 0, len(r.ents))
	for _, e := range r.ents {
		if len(e.e.Mentions) > 0 {
			ents = append(ents, e)
		}
	}
	for _, e := range ents {
		sort.Slice(e.e.Mentions, func(a, b int) bool { return e.e.Mentions[a].Start < e.e.Mentions[b].Start })
	}
	sort.SliceStable(ents, func(a, b int) bool { return ents[a].e.Mentions[0].Start < ents[b].e.Mentions[0].Start })
	out := make([]article.Entity, len(ents))
	for k, e := range ents {
		x := e.e
		x.ID = "e" + strconv.Itoa(k+1)
		x.Aliases = []string{}
		seen := map[string]bool{x.Name: true}
		for _, m := range x.Mentions {
			switch m.Reason {
			case ReasonTitle, ReasonCoreference:
				continue
			}
			t := normalizeAlias(m.Text)
			if !seen[t] {
				seen[t] = true
				x.Aliases = append(x.Aliases, t)
			}
		}
		out[k] = x
	}
	return out
}
