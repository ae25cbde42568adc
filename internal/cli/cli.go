// Package cli implements the sitrep command: its subcommands, flags and
// exit codes, and the one place where analysis stages are wired together.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
)

// Version is the program version, set at build time with -ldflags.
var Version = "dev"

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) int
}

func commands() []command {
	return []command{
		{"analyze", "analyse articles and print their records as JSON", runAnalyze},
		{"ingest", "analyse articles, pages, feeds and archives into the store", runIngest},
		{"search", "search the stored articles, with filters", runSearch},
		{"export", "write stored records as CSV, JSON Lines, GeoJSON, ACLED or PLOVER", runExport},
		{"eval", "score Sitrep on a labelled data set", runEval},
		{"worker", "take articles from a NATS queue, analyse and store them", runWorker},
		{"status", "print the backlog of a NATS job queue", runStatus},
		{"serve", "serve the stored record: web pages and a JSON API", runServe},
		{"version", "print the version", func(_ context.Context, env *Env, _ []string) int {
			fmt.Fprintln(env.Stdout, "sitrep", Version)
			return 0
		}},
	}
}

// Run runs the sitrep command with args (without the program name) and
// returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "sitrep: unknown command %q (run 'sitrep help')\n", args[0])
	return 2
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("Sitrep turns news articles into a sourced record: who did what to whom, who said what, which numbers.\n\nUsage:\n  sitrep <command> [flags] [arguments]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'sitrep <command> -h' for a command's flags.\n")
	io.WriteString(w, b.String())
}
