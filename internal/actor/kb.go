package actor

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed data/*.tsv data/*.txt
var dataFS embed.FS

// ErrBadData is wrapped by the errors Load returns for malformed data files.
var ErrBadData = errors.New("bad knowledge-base data")

// Actor is one entry of the knowledge base.
type Actor struct {
	// ID is stable across releases: "USA", "USA/GOV", "hezbollah".
	ID   string
	Name string
	// Type is the coarse NER type: PER, ORG, GPE, LOC or NORP.
	Type string
	// Kind is finer: country, government, military, armed_group, igo,
	// ngo, news_org, news_agency, party, person, people, city, region, ...
	Kind string
	// Country is an ISO 3166-1 alpha-3 code, "" for international bodies.
	Country string
	// Sector is a PLOVER/CAMEO agent code, "" when none applies.
	Sector  string
	Aliases []string
	// Heads are nouns that may refer back to the actor ("the group").
	Heads []string
}

// Country is what the knowledge base knows about a country or territory.
type Country struct {
	ISO3, ISO2 string
	Name       string
	Official   string
	Aliases    []string
	Demonyms   []string
	Capitals   []string
	Region     string
	UNMember   bool
}

// Office is a title that gives a person a role ("Defense Secretary").
type Office struct {
	Title  string
	Role   string
	Sector string
}

// groupNoun is a noun that stands for a sector of a state ("forces").
type groupNoun struct {
	Noun, Sector, Kind string
}

// KB is the actor knowledge base. It is immutable once loaded and safe for
// concurrent use.
type KB struct {
	actors    []Actor
	byID      map[string]int
	countries map[string]*Country // by ISO3
	offices   []Office
	groups    []groupNoun
	common    map[string]bool
	// demonymOf maps a lower-case demonym to ISO3.
	demonymOf map[string]string
	trie      trie
}

// entry kinds in the trie.
const (
	entActor   = iota // ref: actor index
	entCapital        // ref: actor index of the country; alias is the capital
	entDemonym        // ref: actor index of the country
	entPlural         // ref: actor index of the country
	entOffice         // ref: office index
	entGroup          // ref: group noun index
)

type entry struct {
	kind  uint8
	cs    bool // case-sensitive
	cap   bool // text must start with an upper-case letter
	ref   int32
	alias string // normalized alias
}

var defaultKB = sync.OnceValues(func() (*KB, error) {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		return nil, err
	}
	return Load(sub)
})

// Default returns the knowledge base embedded in the binary, loading it on
// first use.
func Default() (*KB, error) { return defaultKB() }

// Load reads a knowledge base from fsys, which holds the files described in
// the package comment (countries.tsv, country_extra.tsv, actors.tsv,
// offices.tsv, groupnouns.tsv, commonwords.txt).
func Load(fsys fs.FS) (*KB, error) {
	kb := &KB{
		byID:      map[string]int{},
		countries: map[string]*Country{},
		common:    map[string]bool{},
		demonymOf: map[string]string{},
	}
	// actors.tsv first: curated names win over generated ones when an alias
	// is shared.
	if err := readTSV(fsys, "actors.tsv", 8, kb.addActorRow); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "countries.tsv", 9, kb.addCountryRow); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "country_extra.tsv", 4, kb.addCountryExtra); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "offices.tsv", 3, func(f []string) error {
		kb.offices = append(kb.offices, Office{Title: f[0], Role: f[1], Sector: f[2]})
		kb.addKey(f[0], entOffice, len(kb.offices)-1, false)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "groupnouns.tsv", 3, func(f []string) error {
		kb.groups = append(kb.groups, groupNoun{Noun: f[0], Sector: f[1], Kind: f[2]})
		kb.addKey(f[0], entGroup, len(kb.groups)-1, false)
		return nil
	}); err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(fsys, "commonwords.txt")
	if err != nil {
		return nil, fmt.Errorf("reading commonwords.txt: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			kb.common[strings.ToLower(w)] = true
		}
	}
	// Countries as actors: add their names once all extras are known.
	for _, iso := range kb.countryOrder() {
		c := kb.countries[iso]
		i := kb.byID[iso]
		kb.addKey(c.Name, entActor, i, true)
		kb.addKey(c.Official, entActor, i, true)
		for _, a := range c.Aliases {
			kb.addKey(a, entActor, i, true)
		}
		for _, d := range c.Demonyms {
			kb.addKey(d, entDemonym, i, true)
			if _, ok := kb.demonymOf[strings.ToLower(d)]; !ok {
				kb.demonymOf[strings.ToLower(d)] = iso
			}
			if p := plural(d); p != "" {
				kb.addKey(p, entPlural, i, true)
			}
		}
		for _, cp := range c.Capitals {
			kb.addKey(cp, entCapital, i, true)
		}
	}
	return kb, nil
}

func (kb *KB) countryOrder() []string {
	out := make([]string, 0, len(kb.countries))
	for _, a := range kb.actors {
		if a.Kind == "country" {
			out = append(out, a.ID)
		}
	}
	return out
}

func readTSV(fsys fs.FS, name string, cols int, fn func([]string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("opening %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) > cols {
			return fmt.Errorf("%s:%d: %d columns, want %d: %w", name, n, len(fields), cols, ErrBadData)
		}
		for len(fields) < cols {
			fields = append(fields, "")
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if err := fn(fields); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, x := range strings.Split(s, "|") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

var validTypes = map[string]bool{"PER": true, "ORG": true, "GPE": true, "LOC": true, "NORP": true}

func (kb *KB) addActorRow(f []string) error {
	a := Actor{ID: f[0], Type: f[1], Kind: f[2], Country: f[3], Sector: f[4], Name: f[5],
		Aliases: splitList(f[6]), Heads: splitList(f[7])}
	if a.ID == "" || a.Name == "" || !validTypes[a.Type] {
		return fmt.Errorf("actor %q: missing id or name, or bad type %q: %w", a.ID, a.Type, ErrBadData)
	}
	if _, dup := kb.byID[a.ID]; dup {
		return fmt.Errorf("duplicate actor id %q: %w", a.ID, ErrBadData)
	}
	i := len(kb.actors)
	kb.actors = append(kb.actors, a)
	kb.byID[a.ID] = i
	kb.addKey(a.Name, entActor, i, true)
	for _, al := range a.Aliases {
		kb.addKey(al, entActor, i, true)
	}
	return nil
}

func (kb *KB) addCountryRow(f []string) error {
	c := &Country{ISO3: f[0], ISO2: f[1], Name: f[2], Official: f[3], Aliases: splitList(f[4]),
		Demonyms: splitList(f[5]), Capitals: splitList(f[6]), Region: f[7], UNMember: f[8] == "1"}
	if len(c.ISO3) != 3 || c.Name == "" {
		return fmt.Errorf("country %q: bad code or name: %w", c.ISO3, ErrBadData)
	}
	if _, dup := kb.byID[c.ISO3]; dup {
		return fmt.Errorf("duplicate id %q: %w", c.ISO3, ErrBadData)
	}
	kb.countries[c.ISO3] = c
	kb.byID[c.ISO3] = len(kb.actors)
	kb.actors = append(kb.actors, Actor{ID: c.ISO3, Name: c.Name, Type: "GPE", Kind: "country", Country: c.ISO3})
	return nil
}

func (kb *KB) addCountryExtra(f []string) error {
	c := kb.countries[f[0]]
	if c == nil {
		return fmt.Errorf("unknown country %q: %w", f[0], ErrBadData)
	}
	c.Aliases = append(c.Aliases, splitList(f[1])...)
	c.Demonyms = append(c.Demonyms, splitList(f[2])...)
	c.Capitals = append(c.Capitals, splitList(f[3])...)
	return nil
}

// plural returns the plural of a demonym naming people ("Iraqi" ->
// "Iraqis"), or "" when the plural is the same word ("Chinese") or the
// demonym is already plural.
func plural(d string) string {
	l := strings.ToLower(d)
	switch {
	case strings.HasSuffix(l, "ese"), strings.HasSuffix(l, "ss"), strings.HasSuffix(l, "sh"),
		strings.HasSuffix(l, "ch"), strings.HasSuffix(l, "s"), strings.Contains(l, " "):
		return ""
	}
	return d + "s"
}

// addKey adds an alias to the trie. Aliases with no lower-case letter match
// case-sensitively; capital-initial aliases must match a capital in the
// text when proper is true.
func (kb *KB) addKey(alias string, kind uint8, ref int, proper bool) {
	alias = normalizeAlias(alias)
	if alias == "" {
		return
	}
	hasLower := false
	for _, r := range alias {
		if unicode.IsLower(r) {
			hasLower = true
			break
		}
	}
	first, _ := utf8.DecodeRuneInString(alias)
	e := entry{kind: kind, ref: int32(ref), alias: alias,
		cs:  !hasLower && strings.IndexFunc(alias, unicode.IsLetter) >= 0,
		cap: unicode.IsUpper(first)}
	if !proper && kind == entGroup {
		e.cap = false
	}
	kb.trie.add(alias, e)
}

// normalizeAlias collapses white space and folds typographic apostrophes.
func normalizeAlias(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(normRune(r))
	}
	return b.String()
}

// normRune folds apostrophes and dashes that vary between sources.
func normRune(r rune) rune {
	switch r {
	case '’', '‘', 'ʼ', '`':
		return '\''
	case '‐', '‑':
		return '-'
	}
	return r
}

// Actor returns the actor with the given id, including derived ids: a
// state's sector ("USA/GOV"), its people ("USA/PPL") and a capital city
// ("cap:Baghdad").
func (kb *KB) Actor(id string) (Actor, bool) {
	if i, ok := kb.byID[id]; ok {
		return kb.actors[i], true
	}
	if name, ok := strings.CutPrefix(id, "cap:"); ok {
		for _, c := range kb.countries {
			for _, cp := range c.Capitals {
				if cp == name {
					return Actor{ID: id, Name: cp, Type: "GPE", Kind: "city", Country: c.ISO3}, true
				}
			}
		}
		return Actor{}, false
	}
	iso, sector, ok := strings.Cut(id, "/")
	c := kb.countries[iso]
	if !ok || c == nil {
		return Actor{}, false
	}
	if sector == "PPL" {
		name := c.Name + " people"
		if len(c.Demonyms) > 0 {
			if p := plural(c.Demonyms[0]); p != "" {
				name = p
			} else {
				name = c.Demonyms[0]
			}
		}
		return Actor{ID: id, Name: name, Type: "NORP", Kind: "people", Country: iso}, true
	}
	for _, g := range kb.groups {
		if g.Sector == sector {
			return kb.sectorActor(c, g), true
		}
	}
	return Actor{}, false
}

var sectorNames = map[string]string{
	"government": "government", "military": "military", "legislature": "legislature",
	"police": "police", "intelligence": "intelligence services",
}

func (kb *KB) sectorActor(c *Country, g groupNoun) Actor {
	n := sectorNames[g.Kind]
	if n == "" {
		n = g.Kind
	}
	heads := []string{n}
	switch g.Kind {
	case "government":
		heads = append(heads, "administration", "authorities")
	case "military":
		heads = append(heads, "army", "armed forces")
	}
	return Actor{ID: c.ISO3 + "/" + g.Sector, Name: c.Name + " " + n, Type: "ORG", Kind: g.Kind,
		Country: c.ISO3, Sector: g.Sector, Heads: heads}
}

// Lookup returns the actors a name or alias denotes exactly, under the
// knowledge base's case rules. Demonyms, capitals and offices are not
// actors and are not returned.
func (kb *KB) Lookup(name string) []Actor {
	name = normalizeAlias(name)
	var out []Actor
	n := kb.trie.find(name)
	if n < 0 {
		return nil
	}
	for _, e := range kb.trie.nodes[n].ents {
		en := kb.trie.ents[e]
		if en.kind != entActor || !en.accepts(name) {
			continue
		}
		out = append(out, kb.actors[en.ref])
	}
	return out
}

// Country returns the country with the given ISO 3166-1 alpha-3 code.
func (kb *KB) Country(iso3 string) (Country, bool) {
	c := kb.countries[iso3]
	if c == nil {
		return Country{}, false
	}
	return *c, true
}

// Stats counts the knowledge base's entries by kind of actor, plus
// "offices", "group_nouns" and "aliases" (trie keys).
func (kb *KB) Stats() map[string]int {
	m := map[string]int{}
	for _, a := range kb.actors {
		m[a.Kind]++
	}
	m["offices"] = len(kb.offices)
	m["group_nouns"] = len(kb.groups)
	m["aliases"] = len(kb.trie.ents)
	m["actors"] = len(kb.actors)
	return m
}

// RootID returns the actor a derived id belongs to: "USA" for "USA/GOV" and
// "USA/MIL"; other ids are returned unchanged.
func RootID(id string) string {
	if i := strings.IndexByte(id, '/'); i > 0 {
		return id[:i]
	}
	return id
}

// accepts reports whether normalized text s (the matched span) satisfies the
// entry's case rules.
func (e *entry) accepts(s string) bool {
	if e.cs {
		return s == e.alias
	}
	if e.cap {
		r, _ := utf8.DecodeRuneInString(s)
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return true
}

// trie is a character trie over case-folded, normalized aliases.
type trie struct {
	nodes []tnode
	ents  []entry
}

type tnode struct {
	kids []tedge
	ents []int32
}

type tedge struct {
	r rune
	n int32
}

func (t *trie) child(n int, r rune) int {
	for _, e := range t.nodes[n].kids {
		if e.r == r {
			return int(e.n)
		}
	}
	return -1
}

func (t *trie) add(key string, e entry) {
	if len(t.nodes) == 0 {
		t.nodes = append(t.nodes, tnode{})
	}
	n := 0
	for _, r := range key {
		r = unicode.ToLower(r)
		c := t.child(n, r)
		if c < 0 {
			c = len(t.nodes)
			t.nodes = append(t.nodes, tnode{})
			t.nodes[n].kids = append(t.nodes[n].kids, tedge{r: r, n: int32(c)})
		}
		n = c
	}
	for _, ei := range t.nodes[n].ents {
		x := t.ents[ei]
		if x.kind == e.kind && x.ref == e.ref && x.alias == e.alias {
			return
		}
	}
	t.ents = append(t.ents, e)
	t.nodes[n].ents = append(t.nodes[n].ents, int32(len(t.ents)-1))
}

// find returns the node for a normalized key, or -1.
func (t *trie) find(key string) int {
	if len(t.nodes) == 0 {
		return -1
	}
	n := 0
	for _, r := range key {
		if n = t.child(n, unicode.ToLower(r)); n < 0 {
			return -1
		}
	}
	return n
}

// walk follows text from byte offset start, folding case, apostrophes and
// runs of white space (but never crossing a blank line), and calls fn with
// the end offset and node of every trie node that holds entries. It stops
// when fn returns false or the trie has no continuation.
func (t *trie) walk(text string, start int, fn func(end, node int) bool) {
	if len(t.nodes) == 0 {
		return
	}
	n := 0
	i := start
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			j, nl := i, 0
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				if r2 == '\n' {
					nl++
				}
				j += s2
			}
			if nl > 1 || i == start {
				return
			}
			if n = t.child(n, ' '); n < 0 {
				return
			}
			i = j
			continue
		}
		if n = t.child(n, unicode.ToLower(normRune(r))); n < 0 {
			return
		}
		i += size
		if len(t.nodes[n].ents) > 0 && !fn(i, n) {
			return
		}
	}
}
