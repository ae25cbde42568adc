package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/evaluate"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/story"
	"github.com/sitrep-dev/sitrep/internal/tagger"
)

type evaluator struct {
	name, arg, summary string
	run                func(ctx context.Context, env *Env, path string) error
}

// evalOptions are the flags of sitrep eval.
type evalOptions struct {
	// errors asks for a breakdown of the errors where a set has one (ner).
	errors bool
}

// verboseKey asks the evaluators that can for every item's result as well
// as the summary (sitrep eval -v).
type verboseKey struct{}

func verbose(ctx context.Context) bool {
	v, _ := ctx.Value(verboseKey{}).(bool)
	return v
}

func evaluators(opt evalOptions) []evaluator {
	return []evaluator{
		{"extraction", "DIR", "HTML body extraction: precision, recall, F1 beside the peers (../shared/eval/extraction/scrapinghub)", evalExtraction},
		{"metadata", "DIR", "page metadata: title, byline, dek, site, date, language accuracy (../shared/eval/extraction/readability)", evalMetadata},
		{"ner", "FILE", "named entities, PER/ORG/LOC exact spans: CoNLL (wikigold IOB1, re3d IOB2) or CoreNLP silver .tsv; -errors sorts the mistakes", func(ctx context.Context, env *Env, path string) error {
			return evalNER(ctx, env, path, opt.errors)
		}},
		{"quotes", "DIR", "quotes and claims on PolNeAR: content-overlap F1 and speaker accuracy (../shared/eval/quotes/polnear/dev)", evalQuotes},
		{"fatalities", "CSV", "ACLED notes: share whose total fatalities equal ACLED's figure", evalFatalities},
		{"plover", "FILE", "event coding on the PLOVER gold set: type accuracy and (type, source, target) F1", evalPLOVER},
		{"acled", "CSV", "ACLED notes: event-type accuracy through the PLOVER-to-ACLED mapping, and actor1 match", evalACLED},
		{"stories", "DIR", "same-story pairing: pair precision, recall, F1 (../shared/eval/stories)", evalStories},
	}
}

func runEval(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	var opt evalOptions
	fs.BoolVar(&opt.errors, "errors", false, "also sort the errors by kind (ner)")
	fs.Usage = func() {
		var b strings.Builder
		b.WriteString("Usage: sitrep eval [-v] [-errors] SET PATH\n\nScore Sitrep on a labelled data set. Sets:\n")
		for _, e := range evaluators(opt) {
			fmt.Fprintf(&b, "  %-11s %-5s %s\n", e.name, e.arg, e.summary)
		}
		fmt.Fprint(env.Stderr, b.String())
	}
	v := fs.Bool("v", false, "also print each item's gold and predicted result (plover)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx = context.WithValue(ctx, verboseKey{}, *v)
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	for _, e := range evaluators(opt) {
		if e.name == fs.Arg(0) {
			if err := e.run(ctx, env, fs.Arg(1)); err != nil {
				fmt.Fprintf(env.Stderr, "sitrep eval %s: %v\n", e.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(env.Stderr, "sitrep eval: unknown set %q\n", fs.Arg(0))
	fs.Usage()
	return 2
}

func evalStories(_ context.Context, env *Env, dir string) error {
	rep, err := story.EvalPairs(dir, story.DefaultOptions)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "same-story pairs on %s: %d articles, %d labelled pairs (%d same)\n", dir, rep.Articles, rep.Pairs, rep.GoldSame)
	fmt.Fprintf(env.Stdout, "precision %.3f  recall %.3f  F1 %.3f\n", rep.Precision, rep.Recall, rep.F1)
	return nil
}

func evalExtraction(ctx context.Context, env *Env, dir string) error {
	rep, err := evaluate.Extraction(ctx, dir, func(page []byte, url string) (string, error) {
		res, err := extract.HTML(page, "", url)
		if err != nil {
			return "", err
		}
		return strings.Join(res.Paragraphs, "\n\n"), nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "article body extraction on %s: %d pages, %d without an article found\n", dir, rep.Pages, rep.Failures)
	fmt.Fprintf(env.Stdout, "%-18s %9s %9s %9s\n", "extractor", "precision", "recall", "F1")
	rows := append([]evaluate.Score{rep.Ours}, rep.Peers...)
	for _, r := range rows {
		fmt.Fprintf(env.Stdout, "%-18s %9.3f %9.3f %9.3f\n", r.Name, r.Precision, r.Recall, r.F1)
	}
	fmt.Fprintf(env.Stdout, "time: median %.2f ms per page, total %.0f ms\n", float64(rep.Median.Microseconds())/1000, float64(rep.Total.Milliseconds()))
	return nil
}

func evalNER(_ context.Context, env *Env, path string, errors bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m, err := tagger.NER()
	if err != nil {
		return err
	}
	var sents []evaluate.Sentence
	if strings.HasSuffix(path, ".tsv") {
		sents, err = evaluate.ReadCoreNLP(bytes.NewReader(data))
	} else {
		sents, err = evaluate.ReadConll(bytes.NewReader(data), conllScheme(data))
	}
	if err != nil {
		return err
	}
	// Each document is tagged as the pipeline tags an article: in order,
	// the tagger remembering how it tagged each name.
	rep, err := evaluate.ScoreNERDocs(sents, nil, func() func([]string) []string { return m.NewDoc().Tag })
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "named entities on %s (micro, exact spans)\n%s", path, rep)
	if errors {
		e, err := evaluate.ScoreNERErrors(sents, nil, func() func([]string) []string { return m.NewDoc().Tag })
		if err != nil {
			return err
		}
		fmt.Fprint(env.Stdout, e)
	}
	return nil
}

// conllScheme tells IOB2 (every entity opens with B-) from IOB1 (B- only
// between two adjacent entities of one type) by whether any B- label
// follows an O.
func conllScheme(data []byte) string {
	prevO := true
	for _, line := range bytes.Split(data, []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) == 0 {
			prevO = true
			continue
		}
		label := f[len(f)-1]
		if bytes.HasPrefix(label, []byte("B-")) && prevO {
			return "iob2"
		}
		prevO = bytes.Equal(label, []byte("O"))
	}
	return "iob1"
}

func evalMetadata(ctx context.Context, env *Env, dir string) error {
	rep, err := evaluate.Metadata(ctx, dir, func(page []byte, url string) (evaluate.MetaFields, error) {
		res, err := extract.HTML(page, "", url)
		if res == nil {
			return evaluate.MetaFields{}, err
		}
		f := evaluate.MetaFields{Title: res.Title, Byline: res.Byline, Excerpt: res.Dek, SiteName: res.Site, Lang: res.Language}
		if res.Published != nil {
			f.Published = res.Published.Format(time.RFC3339)
		}
		return f, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "page metadata on %s: %d pages\n", dir, rep.Cases)
	for _, f := range rep.Fields {
		fmt.Fprintf(env.Stdout, "%-14s %4d/%-4d %.3f\n", f.Field, f.Correct, f.Expected, f.Accuracy())
	}
	return nil
}

// pipelineAnalyzer is the full analysis of a plain text, for the scorers.
func pipelineAnalyzer() (evaluate.AnalyzeFunc, error) {
	runner, err := newRunner()
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, text string) (*article.Document, error) {
		return Analyze(ctx, runner, &article.Source{Input: "eval", Format: "text", Text: text, ExactText: true})
	}, nil
}

func evalQuotes(ctx context.Context, env *Env, dir string) error {
	analyze, err := pipelineAnalyzer()
	if err != nil {
		return err
	}
	rep, err := evaluate.Quotes(ctx, dir, analyze)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "quotes and claims on %s: %d documents, %d gold attributions, %d predicted\n", dir, rep.Documents, rep.Gold, rep.Predicted)
	fmt.Fprintf(env.Stdout, "content overlap: precision %.3f  recall %.3f  F1 %.3f\n", rep.Precision, rep.Recall, rep.F1)
	fmt.Fprintf(env.Stdout, "speaker accuracy on matched: %d/%d = %.3f\n", rep.SpeakerCorrect, rep.SpeakerScored, rep.SpeakerAccuracy)
	return nil
}

func evalFatalities(ctx context.Context, env *Env, path string) error {
	analyze, err := pipelineAnalyzer()
	if err != nil {
		return err
	}
	rep, err := evaluate.Fatalities(ctx, path, analyze)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "fatalities on %s: %d notes\n", path, rep.Notes)
	fmt.Fprintf(env.Stdout, "exact %d = %.3f (notes with deaths: %d/%d exact); %d over, %d under; mean absolute error %.2f\n",
		rep.Exact, rep.ExactShare, rep.ExactNonZero, rep.NonZero, rep.Over, rep.Under, rep.MeanAbsError)
	return nil
}

func evalPLOVER(ctx context.Context, env *Env, path string) error {
	analyze, err := pipelineAnalyzer()
	if err != nil {
		return err
	}
	rep, err := evaluate.PLOVER(ctx, path, analyze)
	if err != nil {
		return err
	}
	if verbose(ctx) {
		if err := rep.WriteResults(env.Stdout); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "event coding on %s\n", path)
	_, err = rep.WriteTo(env.Stdout)
	return err
}

func evalACLED(ctx context.Context, env *Env, path string) error {
	analyze, err := pipelineAnalyzer()
	if err != nil {
		return err
	}
	rep, err := evaluate.ACLED(ctx, path, analyze)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "ACLED event types on %s\n", path)
	_, err = rep.WriteTo(env.Stdout)
	return err
}
