package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/pipeline"
)

func runAnalyze(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	jsonl := fs.Bool("jsonl", false, "print one record a line, even for one input")
	input := fs.String("input", "auto", "input format: auto, html, text or jsonl")
	tokens := fs.Bool("tokens", false, "include tokens in the records")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "articles analysed at once")
	maxMB := fs.Int("max-size", ingest.DefaultMaxBytes>>20, "largest input accepted, in MB")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep analyze [flags] PATH...\n\nAnalyse HTML pages, plain-text articles, .gz files, folders, JSON Lines (--input jsonl) or - for standard input,\nand print each article's record as JSON.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	paths := fs.Args()
	if len(paths) == 0 {
		fs.Usage()
		return 2
	}
	switch *input {
	case "auto", "html", "text", "jsonl":
	default:
		fmt.Fprintf(env.Stderr, "sitrep analyze: unknown --input %q (auto, html, text or jsonl)\n", *input)
		return 2
	}
	oneLine := *jsonl || len(paths) > 1 || *input == "jsonl"
	if !oneLine {
		if info, err := os.Stat(paths[0]); err == nil && info.IsDir() {
			oneLine = true
		}
	}
	limitMemory(env)
	runner, err := newRunner()
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep analyze: %v\n", err)
		return 1
	}
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	defer out.Flush()
	var failures []error
	records := 0
	emit := func(doc *article.Document, err error) error {
		if err != nil {
			failures = append(failures, err)
			fmt.Fprintf(env.Stderr, "sitrep: %v\n", err)
			return nil
		}
		if !*tokens {
			doc.Tokens = nil
		}
		var b []byte
		if oneLine {
			b, err = json.Marshal(doc)
		} else {
			b, err = json.MarshalIndent(doc, "", "  ")
		}
		if err != nil {
			return fmt.Errorf("encoding record for %s: %w", doc.Input, err)
		}
		records++
		out.Write(b)
		out.WriteByte('\n')
		if oneLine && len(failures) == 0 && records%64 == 0 {
			return out.Flush()
		}
		return nil
	}
	opts := ingest.Options{Format: *input, MaxBytes: int64(*maxMB) << 20, Stdin: env.Stdin}
	if err := analyzeAll(ctx, runner, paths, opts, *workers, emit); err != nil {
		out.Flush()
		fmt.Fprintf(env.Stderr, "sitrep analyze: %v\n", err)
		return 1
	}
	out.Flush()
	if len(failures) > 0 {
		if records+len(failures) > 1 {
			fmt.Fprintf(env.Stderr, "sitrep: %d of %d inputs failed:\n", len(failures), records+len(failures))
			for _, f := range failures {
				fmt.Fprintf(env.Stderr, "  %v\n", f)
			}
		}
		return 1
	}
	return 0
}

// analyzeAll reads every input, analyses the articles on several workers,
// and calls emit with each record or failure in input order.
func analyzeAll(ctx context.Context, runner *pipeline.Runner, paths []string, opts ingest.Options, workers int, emit func(*article.Document, error) error) error {
	return analyzeSources(ctx, runner, workers, func(send func(*article.Source, error) error) error {
		return ingest.Walk(ctx, paths, opts, send)
	}, emit)
}

// analyzeSources analyses the sources that produce sends, on several
// workers, and calls emit with each record or failure in the order sent.
// emit is called from one goroutine at a time.
func analyzeSources(ctx context.Context, runner *pipeline.Runner, workers int, produce func(send func(*article.Source, error) error) error, emit func(*article.Document, error) error) error {
	if workers < 1 {
		workers = 1
	}
	type job struct {
		src *article.Source
		err error
		out chan result
	}
	jobs := make(chan job, workers*2)
	order := make(chan chan result, workers*4)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if j.err != nil {
					j.out <- result{err: j.err}
					continue
				}
				doc, err := Analyze(ctx, runner, j.src)
				j.out <- result{doc: doc, err: err}
			}
		}()
	}
	emitErr := make(chan error, 1)
	go func() {
		var first error
		for ch := range order {
			r := <-ch
			if first == nil {
				first = emit(r.doc, r.err)
			}
		}
		emitErr <- first
	}()
	prodErr := produce(func(src *article.Source, err error) error {
		ch := make(chan result, 1)
		order <- ch
		jobs <- job{src: src, err: err, out: ch}
		return nil
	})
	close(jobs)
	wg.Wait()
	close(order)
	if err := <-emitErr; err != nil {
		return err
	}
	return prodErr
}

type result struct {
	doc *article.Document
	err error
}

// Analyze turns one source into a full record.
func Analyze(ctx context.Context, runner *pipeline.Runner, src *article.Source) (*article.Document, error) {
	doc, err := extractSource(src)
	if err != nil {
		return nil, err
	}
	if err := runner.Run(ctx, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// limitMemory sets a soft memory limit of 512 MiB, unless GOMEMLIMIT says
// otherwise, so that garbage is collected sooner on very large inputs
// instead of letting the heap grow to twice what is live.
func limitMemory(env *Env) {
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(512 << 20)
	}
}

// NewRunner returns the analysis pipeline with every stage wired, as
// analyze, ingest and the workers use it. Benchmarks outside this package
// (the go-trafilatura comparison in bench/trafilatura) build it here.
func NewRunner() (*pipeline.Runner, error) { return newRunner() }
