// Command genlexicon writes the word lists that cmd/sitrep-train adds to
// the entity tagger's lexicon, from unpacked packages (see fetch.sh, which
// fetches the pinned versions and runs this program):
//
//   - @cspell/dict-people-names 1.1.16 (npm, MIT): 39,000 first and last
//     names;
//   - humannames 1.0.5 (npm, MIT): about 200,000 first and last names,
//     scraped, so noisy ("the", "air", "reading"): only those the
//     dictionary below does not know at all are kept;
//   - Debian's wamerican-huge (SCOWL, Kevin Atkinson and others; a
//     permissive licence, see /usr/share/doc/wamerican-huge/copyright):
//     350,000 English words, proper nouns capitalised.
//
// It writes, one entry a line, sorted:
//
//   - names.txt.gz: personal names, lower case;
//   - words.tsv.gz: the words the dictionary writes capitalised (lower
//     case here), with "c" when it has them only capitalised ("potomac")
//     and "lc" when in lower case too ("reading"). Words it has in lower
//     case only are left out: the model gained nothing from them, and they
//     would triple the lexicon.
//
// Usage: go run ./tools/genlexicon -src DIR -words FILE -out cmd/sitrep-train/lexdata
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	src := flag.String("src", "", "directory holding the unpacked npm packages")
	words := flag.String("words", "/usr/share/dict/american-english-huge", "Debian wamerican-huge word list")
	out := flag.String("out", "cmd/sitrep-train/lexdata", "output directory")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "genlexicon: -src is required")
		os.Exit(2)
	}
	if err := run(*src, *words, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genlexicon:", err)
		os.Exit(1)
	}
}

func run(src, wordsPath, out string) error {
	lines, err := readLines(wordsPath)
	if err != nil {
		return err
	}
	// bit 1: seen in lower case; bit 2: seen capitalised.
	seen := map[string]int{}
	for _, w := range lines {
		w = strings.TrimSpace(w)
		r, _ := utf8.DecodeRuneInString(w)
		if w == "" || !unicode.IsLetter(r) || strings.ContainsRune(w, ' ') {
			continue
		}
		low := strings.ToLower(w)
		switch {
		case w == low:
			seen[low] |= 1
		case unicode.IsUpper(r):
			seen[low] |= 2
		}
	}
	names := map[string]bool{}
	for _, p := range []string{"@cspell/dict-people-names/package/dict/people-names.txt", "humannames/package/list.txt"} {
		lines, err := readLines(filepath.Join(src, p))
		if err != nil {
			return err
		}
		curated := strings.HasPrefix(p, "@cspell")
		for _, l := range lines {
			if n := clean(l); n != "" && (curated || seen[n] == 0) {
				names[n] = true
			}
		}
	}
	var rows []string
	for w, s := range seen {
		if s&2 != 0 {
			rows = append(rows, w+"\t"+[]string{"", "l", "c", "lc"}[s])
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writeGz(filepath.Join(out, "names.txt.gz"), keys(names)); err != nil {
		return err
	}
	slices.Sort(rows)
	return writeGz(filepath.Join(out, "words.tsv.gz"), rows)
}

// clean returns a list entry in lower case, or "" for comments and
// entries that are no name (one letter, digits).
func clean(l string) string {
	l = strings.TrimSpace(l)
	if l == "" || strings.HasPrefix(l, "#") || utf8.RuneCountInString(l) < 2 {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(l)
	if !unicode.IsLetter(r) {
		return ""
	}
	return strings.ToLower(strings.Join(strings.Fields(l), " "))
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading source: %w", err)
	}
	return strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n"), nil
}

// writeGz writes lines to a gzip file with a fixed header, so that the
// output is the same byte for byte on every run.
func writeGz(path string, lines []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, l := range lines {
		bw.WriteString(l)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
