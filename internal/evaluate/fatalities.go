package evaluate

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/quantity"
)

// FatalitiesReport is the outcome of Fatalities on ACLED notes.
type FatalitiesReport struct {
	Notes int `json:"notes"`
	// Exact counts notes whose predicted total equals ACLED's fatalities.
	Exact      int     `json:"exact"`
	ExactShare float64 `json:"exact_share"`
	// Over and Under count notes predicted too high and too low.
	Over  int `json:"over"`
	Under int `json:"under"`
	// ExactNonZero and NonZero measure the notes that report deaths.
	NonZero      int     `json:"non_zero"`
	ExactNonZero int     `json:"exact_non_zero"`
	MeanAbsError float64 `json:"mean_abs_error"`
}

// Fatalities scores death counts on an ACLED export (a CSV file with
// "notes" and "fatalities" columns): for each note, the predicted total is
// Deaths of the analysed note, compared with ACLED's coded fatalities.
func Fatalities(ctx context.Context, csvPath string, analyze AnalyzeFunc) (*FatalitiesReport, error) {
	f, err := os.Open(csvPath)
	if err != nil {
		return nil, fmt.Errorf("opening ACLED export: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("reading ACLED header %s: %w", csvPath, err)
	}
	notesCol, fatCol := -1, -1
	for i, h := range head {
		switch strings.TrimSpace(h) {
		case "notes":
			notesCol = i
		case "fatalities":
			fatCol = i
		}
	}
	if notesCol < 0 || fatCol < 0 {
		return nil, fmt.Errorf("reading %s: no notes or fatalities column", csvPath)
	}
	rep := &FatalitiesReport{}
	var absErr float64
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", csvPath, err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		gold, err := strconv.Atoi(strings.TrimSpace(rec[fatCol]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: fatalities %q is not a number", csvPath, line, rec[fatCol])
		}
		doc, err := analyze(ctx, rec[notesCol])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: analysing note: %w", csvPath, line, err)
		}
		got := Deaths(doc)
		rep.Notes++
		if gold > 0 {
			rep.NonZero++
		}
		switch {
		case got == float64(gold):
			rep.Exact++
			if gold > 0 {
				rep.ExactNonZero++
			}
		case got > float64(gold):
			rep.Over++
		default:
			rep.Under++
		}
		absErr += math.Abs(got - float64(gold))
	}
	rep.ExactShare = ratio(rep.Exact, rep.Notes)
	if rep.Notes > 0 {
		rep.MeanAbsError = absErr / float64(rep.Notes)
	}
	return rep, nil
}

// Deaths totals the deaths a document reports: when a quantity counts
// "fatalities" (a summary, as ACLED notes end "3 fatalities."), the largest
// of those; otherwise the sum of the quantities with a death unit, leaving
// out those that break down a total ("killed 5 people, including 2
// children") or repeat it ("among them").
func Deaths(doc *article.Document) float64 {
	summary := -1.0
	for _, q := range doc.Quantities {
		u := q.Unit
		if strings.HasSuffix(u, "fatalities") || strings.HasSuffix(u, "fatality") {
			summary = max(summary, q.Value)
		}
	}
	if summary >= 0 {
		return summary
	}
	total := 0.0
	for _, q := range doc.Quantities {
		if !quantity.IsDeathUnit(q.Unit) || partOfTotal(doc.Text, q.Start) {
			continue
		}
		total += q.Value
	}
	return total
}

// partOfTotal reports whether the words just before off break down a total
// already counted ("including", "among them", "of whom").
func partOfTotal(text string, off int) bool {
	lo := max(0, off-24)
	before := strings.ToLower(text[lo:off])
	for _, w := range []string{"including", "among them", "among whom", "of whom", "of them", "among the"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}
