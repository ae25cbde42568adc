// Command sitrep-train trains the tagger models embedded in package tagger
// from the evaluation data in ../shared/eval, and reports their scores on
// the held-out sets.
//
// From the repository root:
//
//	go run ./cmd/sitrep-train ner -out internal/tagger/model/ner.bin
//	go run ./cmd/sitrep-train pos -out internal/tagger/model/pos.bin
//	go run ./cmd/sitrep-train cue -out internal/cue/model/attribution.bin
//
// The NER model learns from the silver CoreNLP training file and re3d-train
// (types mapped to PER, ORG, LOC, NORP and MISC), a document at a time; the
// POS model from the silver training file. The NER model's lexicon (see
// tagger.Lexicon) comes from the repository's own geo gazetteer
// (internal/geo/data) and actor knowledge base (internal/actor/data), and
// the case habits of words from unlabelled text: the words of the silver
// training file and the Guardian corpus (../shared/eval/corpus). Neither
// model ever sees wikigold or the silver dev file, which are the scored
// sets, not even as unlabelled text. The attribution model of package cue
// learns from the PolNeAR training split only (quotes/polnear/train; dev is
// the scored set). Training is single-threaded and reproducible: fixed
// seed, fixed number of epochs, so the same inputs give the same model file
// byte for byte.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/evaluate"
	"github.com/sitrep-dev/sitrep/internal/tagger"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "sitrep-train:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "ner" && args[0] != "pos" && args[0] != "cue") {
		return fmt.Errorf("usage: sitrep-train ner|pos|cue [-data DIR] [-out FILE] [-epochs N]")
	}
	kind := args[0]
	fl := flag.NewFlagSet("sitrep-train "+kind, flag.ContinueOnError)
	def := tagger.DefaultTrainOptions()
	data := fl.String("data", "../shared/eval", "evaluation data folder")
	out := fl.String("out", "", "write the model here")
	defEpochs := def.Epochs
	if kind == "cue" {
		defEpochs = cueEpochs
	}
	epochs := fl.Int("epochs", defEpochs, "training epochs")
	seed := fl.Uint64("seed", def.Seed, "shuffling seed")
	defMinWeight := def.MinWeight
	if kind == "cue" {
		defMinWeight = cueMinWeight
	}
	minWeight := fl.Float64("minweight", defMinWeight, "drop averaged weights smaller than this")
	// Hiding words helps the entity tagger with names it has not seen; it
	// costs the POS tagger a little accuracy, so POS trains without it.
	defDropout := def.WordDropout
	if kind == "pos" {
		defDropout = 0
	}
	dropout := fl.Float64("dropout", defDropout, "probability of hiding a training word's identity")
	geoPath := fl.String("geo", "internal/geo/data/gazetteer.tsv.gz", "geo gazetteer, for the entity tagger's lexicon")
	actorsPath := fl.String("actors", "internal/actor/data/actors.tsv", "actor knowledge base, for the entity tagger's lexicon")
	if err := fl.Parse(args[1:]); err != nil {
		return err
	}
	opt := tagger.TrainOptions{Epochs: *epochs, Seed: *seed, MinWeight: *minWeight, WordDropout: *dropout, Log: stdout}
	// Words seen often with one tag nearly every time skip scoring: about
	// half the running words of news, for a large speed-up at no measured
	// cost in accuracy. Entity labels need a stricter rule, because common
	// words ("of", "the") are parts of names.
	switch kind {
	case "pos":
		opt.DictMinCount, opt.DictMinShare = 20, 0.99
	case "ner":
		opt.DictMinCount, opt.DictMinShare = 50, 0.999
	}

	var examples []tagger.Example
	var silverTrain []evaluate.Sentence
	if kind != "cue" {
		var err error
		silverTrain, err = readCoreNLP(filepath.Join(*data, "quotes/polnear/silver/train.corenlp.tsv"))
		if err != nil {
			return err
		}
	}
	if kind == "ner" {
		lex, err := buildLexicon(*geoPath, *actorsPath)
		if err != nil {
			return err
		}
		// How words are usually written, from unlabelled text: the
		// words of the silver training file and the Guardian corpus.
		cc := caseCounts{}
		for _, s := range silverTrain {
			cc.countTokens([][]string{s.Words})
		}
		if err := cc.countCSV(filepath.Join(*data, "corpus/guardian-sdf-2017-2019.csv")); err != nil {
			return err
		}
		addCaseHabits(lex, cc)
		opt.Lexicon = lex
		fmt.Fprintf(stdout, "lexicon: %d phrases\n", len(lex))
	}
	switch kind {
	case "cue":
		var err error
		examples, err = cueExamples(context.Background(), filepath.Join(*data, "quotes/polnear/train"))
		if err != nil {
			return err
		}
	case "pos":
		for _, s := range silverTrain {
			examples = append(examples, tagger.Example{Words: s.Words, Labels: s.POS})
		}
	case "ner":
		for _, s := range silverTrain {
			examples = append(examples, tagger.Example{Words: s.Words, Labels: mapLabels(s.Words, s.Labels), Doc: s.Doc})
		}
		// re3d marks no documents: each sentence is one of its own.
		re3d, err := readConll(filepath.Join(*data, "ner/re3d-train.conll"), "iob2")
		if err != nil {
			return err
		}
		for _, s := range re3d {
			examples = append(examples, tagger.Example{Words: s.Words, Labels: mapLabels(s.Words, s.Labels)})
		}
	}
	start := time.Now()
	m, err := tagger.Train(examples, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "trained %s on %d sentences in %s\n", kind, len(examples), time.Since(start).Round(time.Millisecond))
	b := m.Encode()
	fmt.Fprintf(stdout, "model: %d bytes\n", len(b))
	if *out != "" {
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return fmt.Errorf("writing model: %w", err)
		}
		if kind == "cue" {
			if err := writeCueWords(filepath.Join(filepath.Dir(*out), "cuewords.txt"), examples); err != nil {
				return err
			}
		}
	}
	m, err = tagger.Decode(b)
	if err != nil {
		return err
	}
	return report(kind, m, *data, stdout)
}

// report scores the model on the held-out sets.
func report(kind string, m *tagger.Model, data string, w io.Writer) error {
	if kind == "cue" {
		fmt.Fprintln(w, "score the attribution model with: go build -o bin/sitrep ./cmd/sitrep && bin/sitrep eval quotes ../shared/eval/quotes/polnear/dev")
		return nil
	}
	dev, err := readCoreNLP(filepath.Join(data, "quotes/polnear/silver/dev.corenlp.tsv"))
	if err != nil {
		return err
	}
	if kind == "pos" {
		rep, err := evaluate.ScorePOS(dev, m.Tag)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "silver dev POS accuracy %.4f (%d tokens)\n", rep.Accuracy, rep.Tokens)
		return nil
	}
	newDoc := func() func([]string) []string { return m.NewDoc().Tag }
	rep, err := evaluate.ScoreNERDocs(dev, nil, newDoc)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "silver dev:\n%s", rep)
	wg, err := readConll(filepath.Join(data, "ner/wikigold.conll"), "iob1")
	if err != nil {
		return err
	}
	rep, err = evaluate.ScoreNERDocs(wg, nil, newDoc)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "wikigold:\n%s", rep)
	rep, err = evaluate.ScoreNER(wg, nil, m.Tag)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "wikigold, each sentence alone:\n%s", rep)
	// MISC on wikigold covers nationalities, which the tagger calls NORP.
	asMisc := func() func([]string) []string {
		doc := m.NewDoc()
		return func(words []string) []string {
			labels := doc.Tag(words)
			for i, l := range labels {
				if strings.HasSuffix(l, "-NORP") {
					labels[i] = l[:2] + "MISC"
				}
			}
			return labels
		}
	}
	rep, err = evaluate.ScoreNERDocs(wg, []string{"PER", "ORG", "LOC", "MISC"}, asMisc)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "wikigold with MISC (NORP counted as MISC):\n%s", rep)
	return nil
}

// mapLabels maps corpus labels (IOB2) to the tagger's types: PER, ORG, LOC,
// NORP and MISC; other types (dates, numbers, weapons...) become O. A MISC
// entity of one or two words ending in a nationality ("Iraqi", "Shia",
// "Republicans") becomes NORP.
func mapLabels(words, labels []string) []string {
	out := make([]string, len(labels))
	for i := 0; i < len(labels); {
		l := labels[i]
		if l == "O" {
			out[i] = "O"
			i++
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == "I-"+l[2:] {
			j++
		}
		t := evaluate.NormType(l[2:])
		switch t {
		case "PER", "ORG", "LOC", "NORP":
		case "MISC":
			if j-i <= 2 && nationality(words[j-1]) {
				t = "NORP"
			}
		default:
			t = ""
		}
		for k := i; k < j; k++ {
			switch {
			case t == "":
				out[k] = "O"
			case k == i:
				out[k] = "B-" + t
			default:
				out[k] = "I-" + t
			}
		}
		i = j
	}
	return out
}

func nationality(w string) bool {
	if tagger.Nationality(w) {
		return true
	}
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for _, suf := range []string{"ian", "ians", "ese", "ish", "an", "ans", "i", "is"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

func readCoreNLP(path string) ([]evaluate.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening silver data: %w", err)
	}
	defer f.Close()
	s, err := evaluate.ReadCoreNLP(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func readConll(path, format string) ([]evaluate.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening CoNLL data: %w", err)
	}
	defer f.Close()
	s, err := evaluate.ReadConll(f, format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
