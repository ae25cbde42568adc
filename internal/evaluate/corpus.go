// Package evaluate measures how well Sitrep reads the news against the
// labelled sets in ../shared/eval, with the scoring rules given in
// ../shared/eval/README.md.
package evaluate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Sentence is one sentence of a labelled corpus. Labels are IOB2 (B-X
// begins every entity) with the corpus's own type names; POS is empty when
// the corpus has no part-of-speech tags.
type Sentence struct {
	Words  []string
	POS    []string
	Labels []string
	// Doc numbers the documents of the corpus from 1, in order (0 when the
	// corpus does not mark them): sentences with the same Doc are one
	// document.
	Doc int
}

// ReadConll reads a CoNLL file with the word first and the entity label
// last on each line (separated by spaces or tabs), blank lines between
// sentences and -DOCSTART- lines between documents. format is "iob1" or
// "iob2"; the labels are returned as IOB2.
func ReadConll(r io.Reader, format string) ([]Sentence, error) {
	if format != "iob1" && format != "iob2" {
		return nil, fmt.Errorf("reading CoNLL: unknown format %q (want iob1 or iob2)", format)
	}
	var out []Sentence
	var cur Sentence
	doc := 0
	flush := func() {
		if len(cur.Words) > 0 {
			cur.Labels = toIOB2(cur.Labels)
			out = append(out, cur)
		}
		cur = Sentence{Doc: doc}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			flush()
			continue
		}
		if fields[0] == "-DOCSTART-" {
			flush()
			doc++
			cur.Doc = doc
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("reading CoNLL line %d: want word and label, got %q", line, text)
		}
		label := fields[len(fields)-1]
		if label != "O" && !strings.HasPrefix(label, "B-") && !strings.HasPrefix(label, "I-") {
			return nil, fmt.Errorf("reading CoNLL line %d: bad label %q", line, label)
		}
		cur.Words = append(cur.Words, fields[0])
		cur.Labels = append(cur.Labels, label)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading CoNLL: %w", err)
	}
	flush()
	return out, nil
}

// toIOB2 rewrites IOB1 or IOB2 labels as IOB2: an I-X that does not follow
// B-X or I-X becomes B-X. IOB2 input is returned unchanged.
func toIOB2(labels []string) []string {
	prev := "O"
	for i, l := range labels {
		if strings.HasPrefix(l, "I-") && (prev == "O" || prev[2:] != l[2:]) {
			labels[i] = "B-" + l[2:]
		}
		prev = l
	}
	return labels
}

// ReadCoreNLP reads the silver CoreNLP TSV files (word, lemma, POS, NER,
// begin, end; "#" comment lines, "# doc NAME" before each document; blank
// lines between sentences). CoreNLP
// labels are IO (no B-); a run of one type becomes one IOB2 entity, and
// the non-entity types DATE, NUMBER and the like are kept as they are.
func ReadCoreNLP(r io.Reader) ([]Sentence, error) {
	var out []Sentence
	var cur Sentence
	doc := 0
	flush := func() {
		if len(cur.Words) > 0 {
			out = append(out, cur)
		}
		cur = Sentence{Doc: doc}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	prevType := "O"
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "#") {
			flush()
			if strings.HasPrefix(text, "# doc ") {
				doc++
				cur.Doc = doc
			}
			prevType = "O"
			continue
		}
		if strings.TrimSpace(text) == "" {
			flush()
			prevType = "O"
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) < 4 {
			return nil, fmt.Errorf("reading CoreNLP TSV line %d: want at least 4 tab-separated fields, got %d", line, len(fields))
		}
		typ := fields[3]
		label := "O"
		if typ != "O" {
			if typ == prevType {
				label = "I-" + typ
			} else {
				label = "B-" + typ
			}
		}
		prevType = typ
		cur.Words = append(cur.Words, fields[0])
		cur.POS = append(cur.POS, fields[2])
		cur.Labels = append(cur.Labels, label)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading CoreNLP TSV: %w", err)
	}
	flush()
	return out, nil
}

// NormType maps the entity type names of the corpora and of CoreNLP to
// Sitrep's: PER, ORG, LOC (which includes GPE), NORP and MISC. Other names
// are returned unchanged.
func NormType(t string) string {
	switch t {
	case "PER", "PERSON", "Person":
		return "PER"
	case "ORG", "ORGANIZATION", "Organisation", "Organization":
		return "ORG"
	case "LOC", "LOCATION", "Location", "GPE":
		return "LOC"
	case "NORP", "Nationality":
		return "NORP"
	case "MISC":
		return "MISC"
	}
	return t
}
