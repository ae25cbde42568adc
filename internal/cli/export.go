package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/export"
	"github.com/sitrep-dev/sitrep/internal/store"
)

func runExport(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	db := fs.String("db", "", "SQLite file (default $SITREP_DB or sitrep.db)")
	dbURL := fs.String("database-url", "", "PostgreSQL URL (default $SITREP_DATABASE_URL)")
	format := fs.String("format", "jsonl", "output format: "+strings.Join(export.Formats(), ", "))
	build := queryFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep export [flags] [QUERY...]\n\nWrite the stored records that match to standard output, in id order;\nthey are streamed, so memory stays bounded however many match.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !slices.Contains(export.Formats(), *format) {
		fmt.Fprintf(env.Stderr, "sitrep export: unknown --format %q (%s)\n", *format, strings.Join(export.Formats(), ", "))
		return 2
	}
	q, err := build(strings.Join(fs.Args(), " "))
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep export: %v\n", err)
		return 2
	}
	st, err := store.Open(ctx, storeDSN(env, *db, *dbURL))
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep export: opening the store: %v\n", err)
		return 1
	}
	defer st.Close()
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	if err := export.Write(ctx, out, *format, st.All(ctx, q)); err != nil {
		out.Flush()
		fmt.Fprintf(env.Stderr, "sitrep export: %v\n", err)
		return 1
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(env.Stderr, "sitrep export: %v\n", err)
		return 1
	}
	return 0
}
