package main

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/tagger"
)

func TestCaseHabits(t *testing.T) {
	c := caseCounts{}
	// Sentence-initial words do not count: "Killing" and "The" here say
	// nothing.
	c.countText("Killing is wrong. The killing went on, the killing stopped and the killing began. " +
		"We saw Aisby, then Aisby and Aisby again.")
	c.countTokens([][]string{
		{"Black", "smoke", "rose", "over", "the", "Black", "Sea", "and", "black", "hills"},
		{"a", "black", "cat", "and", "a", "Black", "Hawk"},
		{"NATO", "said", "NATO", "would", "act"},
	})
	lex := tagger.Lexicon{}
	addCaseHabits(lex, c)
	want := map[string]tagger.LexClass{
		"killing": tagger.LexLower, // 3 lower, the initial one skipped
		"the":     tagger.LexLower,
		"aisby":   tagger.LexCap,
		"black":   tagger.LexMixed, // 2 and 2
		"nato":    0,               // all capitals count as neither
		"hawk":    0,               // seen once
	}
	for w, cl := range want {
		if lex[w] != cl {
			t.Errorf("%s: class %b, want %b (counts %v)", w, lex[w], cl, c[w])
		}
	}
}

func TestAddPlacesAndActors(t *testing.T) {
	dir := t.TempDir()
	geo := filepath.Join(dir, "gazetteer.tsv.gz")
	f, err := os.Create(geo)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	zw.Write([]byte("# comment\n" +
		"P\tcity\tSaffron Walden\tGBR\tEngland\t52.02\t0.24\t15504\n" +
		"P\tcity\tZürich\tCHE\tZurich\t47.37\t8.55\t341730\n" +
		"K\tsaffron walden\t0\nK\tzurich\t1\nK\tzuerich\t1\n"))
	zw.Close()
	f.Close()
	actors := filepath.Join(dir, "actors.tsv")
	os.WriteFile(actors, []byte("# comment\nreuters\tORG\tnews_agency\t\tMED\tReuters\tThomson Reuters\tagency\n"+
		"joe-biden\tPER\tperson\tUSA\tGOV\tJoe Biden\tBiden\t\nsyria\tGPE\tcountry\tSYR\tGOV\tSyria\t\t\n"), 0o644)
	lex, err := buildLexicon(geo, actors, "")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]tagger.LexClass{
		"saffron walden":  tagger.LexPlace,
		"zürich":          tagger.LexPlace | tagger.LexPlaceBig,
		"zurich":          tagger.LexPlace | tagger.LexPlaceBig,
		"zuerich":         tagger.LexPlaceAlt,
		"reuters":         tagger.LexOrg,
		"thomson reuters": tagger.LexOrg,
		"joe biden":       tagger.LexPerson,
		"biden":           tagger.LexPerson,
		"syria":           0,
	}
	for w, cl := range want {
		if lex[w] != cl {
			t.Errorf("%s: class %b, want %b", w, lex[w], cl)
		}
	}
	if _, err := buildLexicon(filepath.Join(dir, "missing.gz"), actors, ""); err == nil {
		t.Error("missing gazetteer: no error")
	}
}

func TestAddWordLists(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		zw := gzip.NewWriter(f)
		zw.Write([]byte(text))
		zw.Close()
		f.Close()
	}
	write("names.txt.gz", "abbott\nreading\n")
	write("words.tsv.gz", "potomac\tc\nreading\tlc\n")
	lex := tagger.Lexicon{}
	if err := addWordLists(lex, dir); err != nil {
		t.Fatal(err)
	}
	want := map[string]tagger.LexClass{
		"abbott":  tagger.LexName,
		"potomac": tagger.LexDictCap,
		"reading": tagger.LexName | tagger.LexDictCap | tagger.LexDictLower,
	}
	for w, cl := range want {
		if lex[w] != cl {
			t.Errorf("%s: class %b, want %b", w, lex[w], cl)
		}
	}
	if err := addWordLists(lex, filepath.Join(dir, "missing")); err == nil {
		t.Error("missing lists: no error")
	}
}
