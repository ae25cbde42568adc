// Package export writes stored records in formats other tools read: CSV
// and GeoJSON of events, JSON Lines of whole records, ACLED-shaped CSV and
// PLOVER event records.
//
// Every format is written as a stream: documents are read one at a time
// from an iterator, so an export of a large store never holds it in
// memory. Event formats write one row or feature per event; a document
// without events writes nothing.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Formats, as named on the command line.
const (
	CSV     = "csv"     // one row per event
	JSONL   = "jsonl"   // one Document record per line
	GeoJSON = "geojson" // a FeatureCollection of events with a located place
	ACLED   = "acled"   // ACLED-shaped CSV, see acled.go
	PLOVER  = "plover"  // PLOVER event records, one JSON object per line
)

// ErrUnknownFormat means Write was asked for a format it does not know.
var ErrUnknownFormat = errors.New("export: unknown format")

var writers = map[string]func(ctx context.Context, w io.Writer, docs iter.Seq2[*article.Document, error]) error{
	CSV:     writeCSV,
	JSONL:   writeJSONL,
	GeoJSON: writeGeoJSON,
	ACLED:   writeACLED,
	PLOVER:  writePLOVER,
}

// Formats returns the names of the formats Write knows, sorted.
func Formats() []string {
	out := make([]string, 0, len(writers))
	for f := range writers {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// Write writes the documents docs yields to w in format (one of Formats,
// case-insensitive). It stops at the first error from docs, from w, or
// from ctx, and returns it; what was written before stays written. Write
// does not modify the documents.
func Write(ctx context.Context, w io.Writer, format string, docs iter.Seq2[*article.Document, error]) error {
	fn, ok := writers[strings.ToLower(format)]
	if !ok {
		return fmt.Errorf("exporting as %q (want one of %s): %w", format, strings.Join(Formats(), ", "), ErrUnknownFormat)
	}
	if err := fn(ctx, w, docs); err != nil {
		return fmt.Errorf("exporting as %s: %w", format, err)
	}
	return nil
}

// All yields the given documents, for Write.
func All(docs ...*article.Document) iter.Seq2[*article.Document, error] {
	return func(yield func(*article.Document, error) bool) {
		for _, d := range docs {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// each calls fn for every document, checking ctx between documents.
func each(ctx context.Context, docs iter.Seq2[*article.Document, error], fn func(*article.Document) error) error {
	for d, err := range docs {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d == nil {
			continue
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// entities indexes a document's entities by id.
func entities(d *article.Document) map[string]*article.Entity {
	m := make(map[string]*article.Entity, len(d.Entities))
	for i := range d.Entities {
		if _, ok := m[d.Entities[i].ID]; !ok {
			m[d.Entities[i].ID] = &d.Entities[i]
		}
	}
	return m
}

// names returns the names of the entities with the given ids, or the ids
// themselves for ids that name no entity.
func names(byID map[string]*article.Entity, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if e := byID[id]; e != nil {
			out = append(out, e.Name)
		} else {
			out = append(out, id)
		}
	}
	return out
}

// placeOf returns the event's place entity, or nil.
func placeOf(byID map[string]*article.Entity, ev *article.Event) *article.Entity {
	if ev.Place == nil {
		return nil
	}
	return byID[*ev.Place]
}

func published(d *article.Document) string {
	if d.Published == nil {
		return ""
	}
	return d.Published.Format("2006-01-02T15:04:05Z07:00")
}
