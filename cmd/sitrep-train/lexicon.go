package main

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/geo/fold"
	"github.com/sitrep-dev/sitrep/internal/tagger"
)

// bigPlace is the population from which a city counts as big.
const bigPlace = 100000

// buildLexicon reads Sitrep's own generated data, the geo gazetteer and
// the actor knowledge base (both in the repository), into the entity
// tagger's lexicon: place names, their alternate names, big places, and
// the organisations and people of the knowledge base.
func buildLexicon(geoPath, actorsPath, lexData string) (tagger.Lexicon, error) {
	lex := tagger.Lexicon{}
	if lexData != "" {
		if err := addWordLists(lex, lexData); err != nil {
			return nil, err
		}
	}
	if err := addPlaces(lex, geoPath); err != nil {
		return nil, err
	}
	if err := addActors(lex, actorsPath); err != nil {
		return nil, err
	}
	return lex, nil
}

// addPlaces adds the gazetteer's places: each place's own name as written
// (lower case, split at spaces as the tokenizer would) and as folded, and
// every other key of the gazetteer as an alternate name.
func addPlaces(lex tagger.Lexicon, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening gazetteer: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("reading gazetteer %s: %w", path, err)
	}
	own := map[string]bool{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	var keys []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "P\t"):
			// P kind name cc3 admin1 lat lon population
			f := strings.Split(line, "\t")
			if len(f) != 8 {
				return fmt.Errorf("gazetteer %s: bad place line %q", path, line)
			}
			pop, err := strconv.ParseInt(f[7], 10, 64)
			if err != nil {
				return fmt.Errorf("gazetteer %s: bad population in %q", path, line)
			}
			class := tagger.LexPlace
			if f[1] != "city" || pop >= bigPlace {
				class |= tagger.LexPlaceBig
			}
			for _, name := range []string{strings.ToLower(f[2]), fold.Key(f[2])} {
				lex[name] |= class
				own[name] = true
			}
		case strings.HasPrefix(line, "K\t"):
			f := strings.Split(line, "\t")
			if len(f) != 3 {
				return fmt.Errorf("gazetteer %s: bad key line %q", path, line)
			}
			keys = append(keys, f[1])
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading gazetteer %s: %w", path, err)
	}
	for _, k := range keys {
		if !own[k] {
			lex[k] |= tagger.LexPlaceAlt
		}
	}
	return nil
}

// addActors adds the names and aliases of the knowledge base's
// organisations and people.
func addActors(lex tagger.Lexicon, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading actors: %w", err)
	}
	for n, line := range strings.Split(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		// id type kind country sector name aliases heads
		f := strings.Split(line, "\t")
		if len(f) < 7 {
			return fmt.Errorf("actors %s line %d: want at least 7 fields", path, n+1)
		}
		var class tagger.LexClass
		switch f[1] {
		case "ORG":
			class = tagger.LexOrg
		case "PER":
			class = tagger.LexPerson
		default:
			continue
		}
		for _, name := range append([]string{f[5]}, strings.Split(f[6], "|")...) {
			if name = strings.TrimSpace(name); name != "" {
				lex[strings.ToLower(name)] |= class
			}
		}
	}
	return nil
}

// caseCounts counts how often each word (in lower case) is written in
// lower case and capitalised, away from the start of a sentence.
type caseCounts map[string]*[2]int

// add counts one word; initial words are skipped, since their case says
// nothing.
func (c caseCounts) add(w string, initial bool) {
	if initial || w == "" {
		return
	}
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsLetter(r) {
		return
	}
	lower := strings.ToLower(w)
	n := c[lower]
	if n == nil {
		n = new([2]int)
		c[lower] = n
	}
	switch {
	case w == lower:
		n[0]++
	case unicode.IsUpper(r) && strings.ToUpper(w) != w:
		n[1]++ // capitalised, not all capitals
	}
}

// addCaseHabits adds, for every word seen at least minCaseCount times in
// the unlabelled text, whether it is nearly always written in lower case,
// nearly always capitalised, or often both.
func addCaseHabits(lex tagger.Lexicon, c caseCounts) {
	const minCaseCount, share = 3, 0.95
	for w, n := range c {
		total := n[0] + n[1]
		if total < minCaseCount {
			continue
		}
		switch {
		case float64(n[0]) >= share*float64(total):
			lex[w] |= tagger.LexLower
		case float64(n[1]) >= share*float64(total):
			lex[w] |= tagger.LexCap
		default:
			lex[w] |= tagger.LexMixed
		}
	}
}

// countTokens counts the case of tokenized sentences.
func (c caseCounts) countTokens(sents [][]string) {
	for _, s := range sents {
		initial := true
		for _, w := range s {
			c.add(w, initial)
			initial = w == `"` || w == "``" || w == "“" || w == "-" || w == "--" || w == ":"
		}
	}
}

// countText counts the case of the words of a raw text; a word after
// ".", "!" or "?" (and any quote or bracket) starts a sentence.
func (c caseCounts) countText(text string) {
	initial := true
	for len(text) > 0 {
		r, size := utf8.DecodeRuneInString(text)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch {
			case r == '.' || r == '!' || r == '?' || r == '\n':
				initial = true
			case unicode.IsSpace(r) || strings.ContainsRune(`"'“”‘’()[]`, r):
			default:
				initial = false
			}
			text = text[size:]
			continue
		}
		end := strings.IndexFunc(text, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
		})
		if end < 0 {
			end = len(text)
		}
		c.add(strings.TrimRight(text[:end], "-'"), initial)
		initial = false
		text = text[end:]
	}
}

// countCSV counts the case of the words of the "text" column of a CSV
// file.
func (c caseCounts) countCSV(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening unlabelled text: %w", err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	head, err := rd.Read()
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	col := slices.Index(head, "text")
	if col < 0 {
		return fmt.Errorf("reading %s: no text column", path)
	}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		c.countText(rec[col])
	}
}

// addWordLists adds the lists written by tools/genlexicon: personal
// names, and how an English dictionary writes each word.
func addWordLists(lex tagger.Lexicon, dir string) error {
	names, err := readGzLines(filepath.Join(dir, "names.txt.gz"))
	if err != nil {
		return err
	}
	for _, n := range names {
		if n != "" {
			lex[n] |= tagger.LexName
		}
	}
	words, err := readGzLines(filepath.Join(dir, "words.tsv.gz"))
	if err != nil {
		return err
	}
	for _, l := range words {
		w, how, ok := strings.Cut(l, "\t")
		if !ok {
			continue
		}
		if strings.Contains(how, "l") {
			lex[w] |= tagger.LexDictLower
		}
		if strings.Contains(how, "c") {
			lex[w] |= tagger.LexDictCap
		}
	}
	return nil
}

func readGzLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening word list: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return strings.Split(string(b), "\n"), nil
}
