package evaluate

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// DefaultNERTypes are the entity types scored unless told otherwise.
var DefaultNERTypes = []string{"PER", "ORG", "LOC"}

// PRF is a count of true positives, false positives and false negatives
// with the precision, recall and F1 they give.
type PRF struct {
	TP, FP, FN int
	Precision  float64
	Recall     float64
	F1         float64
}

func (p *PRF) compute() {
	if p.TP+p.FP > 0 {
		p.Precision = float64(p.TP) / float64(p.TP+p.FP)
	}
	if p.TP+p.FN > 0 {
		p.Recall = float64(p.TP) / float64(p.TP+p.FN)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

// NERReport is a conlleval-style score: exact span and type match, micro
// averaged over the scored types.
type NERReport struct {
	Types     []string
	Sentences int
	Tokens    int
	Overall   PRF
	PerType   map[string]*PRF
}

// String formats the report as a small table.
func (r *NERReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d sentences, %d tokens\n", r.Sentences, r.Tokens)
	row := func(name string, p *PRF) {
		fmt.Fprintf(&b, "%-8s P %.4f  R %.4f  F1 %.4f  (tp %d fp %d fn %d)\n", name, p.Precision, p.Recall, p.F1, p.TP, p.FP, p.FN)
	}
	for _, t := range r.Types {
		row(t, r.PerType[t])
	}
	row("overall", &r.Overall)
	return b.String()
}

// NERConll scores tag on a CoNLL file in format "iob1" or "iob2" over the
// default types PER, ORG and LOC. Gold and predicted type names are mapped
// with NormType, so a tagger's GPE counts as LOC. tag must return one label
// per word, in IOB1 or IOB2.
func NERConll(r io.Reader, format string, tag func(words []string) []string) (*NERReport, error) {
	return NERConllTypes(r, format, DefaultNERTypes, tag)
}

// NERConllTypes is NERConll over a chosen set of types (after NormType).
func NERConllTypes(r io.Reader, format string, types []string, tag func(words []string) []string) (*NERReport, error) {
	sents, err := ReadConll(r, format)
	if err != nil {
		return nil, err
	}
	return ScoreNER(sents, types, tag)
}

// NERSilver scores tag on a silver CoreNLP TSV file (see ReadCoreNLP), with
// CoreNLP's PERSON, ORGANIZATION and LOCATION read as PER, ORG and LOC.
func NERSilver(r io.Reader, types []string, tag func(words []string) []string) (*NERReport, error) {
	sents, err := ReadCoreNLP(r)
	if err != nil {
		return nil, err
	}
	return ScoreNER(sents, types, tag)
}

// ScoreNER tags each sentence and scores the result against its gold
// labels, over types (nil means DefaultNERTypes).
func ScoreNER(sents []Sentence, types []string, tag func(words []string) []string) (*NERReport, error) {
	return ScoreNERDocs(sents, types, func() func([]string) []string { return tag })
}

// tagDocs tags sents document by document, as ScoreNERDocs describes, and
// calls visit with each sentence and its predicted labels, in order.
func tagDocs(sents []Sentence, newDoc func() func(words []string) []string, visit func(s Sentence, pred []string)) error {
	var tag func([]string) []string
	for i, s := range sents {
		if i == 0 || s.Doc == 0 || s.Doc != sents[i-1].Doc {
			tag = newDoc()
		}
		pred := tag(s.Words)
		if len(pred) != len(s.Words) {
			return fmt.Errorf("scoring sentence %d: %d words but %d labels", i, len(s.Words), len(pred))
		}
		visit(s, pred)
	}
	return nil
}

// ScoreNERDocs is ScoreNER for a tagger that reads whole documents, as the
// pipeline does: newDoc is called at the start of each document (a run of
// sentences with the same non-zero Doc; a sentence with Doc 0 is a
// document of its own) and returns the function that tags its sentences,
// in order.
func ScoreNERDocs(sents []Sentence, types []string, newDoc func() func(words []string) []string) (*NERReport, error) {
	if types == nil {
		types = DefaultNERTypes
	}
	rep := &NERReport{Types: types, PerType: map[string]*PRF{}}
	for _, t := range types {
		rep.PerType[t] = &PRF{}
	}
	err := tagDocs(sents, newDoc, func(s Sentence, pred []string) {
		rep.Sentences++
		rep.Tokens += len(s.Words)
		gold := chunks(s.Labels, types)
		got := chunks(pred, types)
		for c := range got {
			p := rep.PerType[c.typ]
			if gold[c] {
				p.TP++
			} else {
				p.FP++
			}
		}
		for c := range gold {
			if !got[c] {
				rep.PerType[c.typ].FN++
			}
		}
	})
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		p := rep.PerType[t]
		p.compute()
		rep.Overall.TP += p.TP
		rep.Overall.FP += p.FP
		rep.Overall.FN += p.FN
	}
	rep.Overall.compute()
	return rep, nil
}

type chunk struct {
	start, end int
	typ        string
}

// chunks returns the entities in IOB1 or IOB2 labels whose (normalised)
// type is in types, conlleval style: an entity begins at B-X, or at I-X
// after a label of another type or O.
func chunks(labels []string, types []string) map[chunk]bool {
	out := map[chunk]bool{}
	start, typ := -1, ""
	end := func(i int) {
		if start >= 0 && slices.Contains(types, typ) {
			out[chunk{start, i, typ}] = true
		}
		start, typ = -1, ""
	}
	for i, l := range labels {
		switch {
		case strings.HasPrefix(l, "B-"):
			end(i)
			start, typ = i, NormType(l[2:])
		case strings.HasPrefix(l, "I-"):
			t := NormType(l[2:])
			if start < 0 || t != typ {
				end(i)
				start, typ = i, t
			}
		default:
			end(i)
		}
	}
	end(len(labels))
	return out
}

// POSReport is the accuracy of a part-of-speech tagger.
type POSReport struct {
	Tokens   int
	Correct  int
	Accuracy float64
}

// POSSilver scores a part-of-speech tagger on a silver CoreNLP TSV file:
// the share of tokens whose tag matches CoreNLP's.
func POSSilver(r io.Reader, tag func(words []string) []string) (*POSReport, error) {
	sents, err := ReadCoreNLP(r)
	if err != nil {
		return nil, err
	}
	return ScorePOS(sents, tag)
}

// ScorePOS tags each sentence and counts the tags equal to the gold ones.
func ScorePOS(sents []Sentence, tag func(words []string) []string) (*POSReport, error) {
	rep := &POSReport{}
	for i, s := range sents {
		pred := tag(s.Words)
		if len(pred) != len(s.Words) {
			return nil, fmt.Errorf("scoring sentence %d: %d words but %d tags", i, len(s.Words), len(pred))
		}
		for j := range pred {
			rep.Tokens++
			if pred[j] == s.POS[j] {
				rep.Correct++
			}
		}
	}
	if rep.Tokens > 0 {
		rep.Accuracy = float64(rep.Correct) / float64(rep.Tokens)
	}
	return rep, nil
}
