package event

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"
)

//go:embed data/*.txt
var dataFS embed.FS

// Entry is one trigger in a lexicon.
type Entry struct {
	// Words are the lemmas of the pattern; "..." is a gap of up to three
	// words.
	Words []string
	Noun  bool
	Type  string
	Mode  string
	CAMEO string
	// Head marks speech acts and intents whose complement is folded in.
	Head bool
	// Weak marks ambiguous triggers (lower confidence).
	Weak bool
	// Plural fires a noun trigger only on its plural form.
	Plural bool
	// Need lists words of which one must be in the clause.
	Need []string
	// NoMod keeps a noun trigger from firing when it modifies the next
	// noun ("war crimes", "invasion forces").
	NoMod bool
}

// Lexicon holds the verb and noun triggers and the mode cues.
type Lexicon struct {
	// first maps the first lemma of a pattern to its entries, longest first.
	verbs map[string][]*Entry
	nouns map[string][]*Entry
	modes map[string]map[string]string // lemma -> type -> mode
	// groups maps a group noun to the sector it implies.
	groups map[string]string
	known  map[string]bool // every lemma in any pattern or cue
}

// Types lists the 16 PLOVER event types.
var Types = []string{"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
	"REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}

func validType(t string) bool {
	for _, x := range Types {
		if x == t {
			return true
		}
	}
	return false
}

// DefaultLexicon returns the lexicon embedded in the binary, from
// data/verbs.txt, data/nouns.txt, data/modes.txt and data/groups.txt.
func DefaultLexicon() (*Lexicon, error) {
	lx := newLexicon()
	for _, f := range []string{"verbs.txt", "nouns.txt", "modes.txt", "groups.txt"} {
		r, err := dataFS.Open("data/" + f)
		if err != nil {
			return nil, fmt.Errorf("opening lexicon %s: %w", f, err)
		}
		err = lx.Load(f, r)
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	return lx, nil
}

func newLexicon() *Lexicon {
	return &Lexicon{
		verbs:  map[string][]*Entry{},
		nouns:  map[string][]*Entry{},
		modes:  map[string]map[string]string{},
		groups: map[string]string{},
		known:  map[string]bool{},
	}
}

// Load reads one lexicon file. Files named "nouns*" hold noun triggers,
// "modes*" hold mode cues, "groups*" hold group nouns and their sectors,
// any other name holds verb triggers. Errors name the file and line.
func (lx *Lexicon) Load(name string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	line := 0
	isMode := strings.HasPrefix(name, "modes")
	noun := strings.HasPrefix(name, "nouns")
	isGroup := strings.HasPrefix(name, "groups")
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Fields(s)
		if isGroup {
			if len(f) != 2 {
				return fmt.Errorf("lexicon %s:%d: want WORD SECTOR, got %q", name, line, s)
			}
			lx.groups[strings.ToLower(f[0])] = f[1]
			continue
		}
		if isMode {
			if len(f) != 3 || !validType(f[1]) {
				return fmt.Errorf("lexicon %s:%d: want WORD TYPE MODE, got %q", name, line, s)
			}
			m := lx.modes[f[0]]
			if m == nil {
				m = map[string]string{}
				lx.modes[f[0]] = m
			}
			if _, ok := m[f[1]]; !ok {
				m[f[1]] = dash(f[2])
			}
			lx.known[f[0]] = true
			continue
		}
		if len(f) < 4 || len(f) > 5 || !validType(f[1]) {
			return fmt.Errorf("lexicon %s:%d: want PATTERN TYPE MODE CAMEO [FLAGS], got %q", name, line, s)
		}
		e := &Entry{Words: strings.Split(f[0], "_"), Noun: noun, Type: f[1], Mode: dash(f[2]), CAMEO: dash(f[3])}
		if len(f) == 5 {
			for _, fl := range strings.Split(f[4], ",") {
				switch {
				case fl == "head":
					e.Head = true
				case fl == "weak":
					e.Weak = true
				case fl == "plural":
					e.Plural = true
				case fl == "nomod":
					e.NoMod = true
				case strings.HasPrefix(fl, "need="):
					e.Need = strings.Split(fl[5:], "|")
				default:
					return fmt.Errorf("lexicon %s:%d: unknown flag %q", name, line, fl)
				}
			}
		}
		if e.Words[0] == "..." || e.Words[len(e.Words)-1] == "..." {
			return fmt.Errorf("lexicon %s:%d: pattern may not start or end with a gap", name, line)
		}
		for _, w := range e.Words {
			lx.known[w] = true
		}
		m := lx.verbs
		if noun {
			m = lx.nouns
		}
		list := append(m[e.Words[0]], e)
		// Longest pattern first, stable otherwise.
		for i := len(list) - 1; i > 0 && len(list[i].Words) > len(list[i-1].Words); i-- {
			list[i], list[i-1] = list[i-1], list[i]
		}
		m[e.Words[0]] = list
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading lexicon %s: %w", name, err)
	}
	return nil
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// lemma returns the lemma of a lower-case word that the lexicon knows, or
// the best guess.
func (lx *Lexicon) lemma(w string, buf []string) string {
	c := lemmaCandidates(w, buf)
	for _, x := range c {
		if lx.known[x] {
			return x
		}
	}
	if l, ok := irregular[w]; ok {
		return l
	}
	return w
}

// group returns the sector a group noun implies, trying the word's
// singular forms, or "".
func (lx *Lexicon) group(w string, buf []string) string {
	if s, ok := lx.groups[w]; ok {
		return s
	}
	for _, l := range lemmaCandidates(w, buf) {
		if s, ok := lx.groups[l]; ok {
			return s
		}
	}
	return ""
}
