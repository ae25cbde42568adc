package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/store"
)

// queryFlags declares the filters shared by search and export, and returns
// a function that builds the Query once the flags are parsed.
func queryFlags(fs *flag.FlagSet) func(text string) (store.Query, error) {
	actor := fs.String("actor", "", "actor name, alias or id")
	evType := fs.String("type", "", "PLOVER event type, e.g. ASSAULT")
	modality := fs.String("modality", "", "event modality: asserted, negated, future, threatened, hypothetical, reported")
	country := fs.String("country", "", "ISO 3166-1 alpha-3 code of a place named")
	near := fs.String("near", "", "LAT,LON,KM: places within KM kilometres of a point")
	from := fs.String("from", "", "published on or after this date (YYYY-MM-DD)")
	to := fs.String("to", "", "published before this date (YYYY-MM-DD)")
	site := fs.String("site", "", "outlet (site name)")
	language := fs.String("lang", "", "language code, e.g. en")
	limit := fs.Int("limit", 20, "results per page (at most 500)")
	offset := fs.Int("offset", 0, "results to skip")
	return func(text string) (store.Query, error) {
		q := store.Query{Text: text, Actor: *actor, EventType: strings.ToUpper(*evType), Modality: *modality,
			Country: strings.ToUpper(*country), Site: *site, Language: *language, Limit: *limit, Offset: *offset}
		var err error
		if *from != "" {
			if q.From, err = time.Parse("2006-01-02", *from); err != nil {
				return q, fmt.Errorf("--from %q: want YYYY-MM-DD", *from)
			}
		}
		if *to != "" {
			if q.To, err = time.Parse("2006-01-02", *to); err != nil {
				return q, fmt.Errorf("--to %q: want YYYY-MM-DD", *to)
			}
		}
		if *near != "" {
			parts := strings.Split(*near, ",")
			var v [3]float64
			if len(parts) != 3 {
				return q, fmt.Errorf("--near %q: want LAT,LON,KM", *near)
			}
			for i, p := range parts {
				if v[i], err = strconv.ParseFloat(strings.TrimSpace(p), 64); err != nil {
					return q, fmt.Errorf("--near %q: want LAT,LON,KM", *near)
				}
			}
			if v[0] < -90 || v[0] > 90 || v[1] < -180 || v[1] > 180 || v[2] <= 0 {
				return q, fmt.Errorf("--near %q: latitude, longitude or radius out of range", *near)
			}
			q.Near = &store.Circle{Lat: v[0], Lon: v[1], RadiusKm: v[2]}
		}
		if q.Limit < 1 || q.Limit > store.MaxLimit {
			return q, fmt.Errorf("--limit %d: want 1 to %d", q.Limit, store.MaxLimit)
		}
		return q, nil
	}
}

func runSearch(ctx context.Context, env *Env, args []string) int {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	db := fs.String("db", "", "SQLite file (default $SITREP_DB or sitrep.db)")
	dbURL := fs.String("database-url", "", "PostgreSQL URL (default $SITREP_DATABASE_URL)")
	build := queryFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sitrep search [flags] [QUERY...]\n\nSearch the stored articles: words, \"phrases\", -excluded, OR; with filters.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	q, err := build(strings.Join(fs.Args(), " "))
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep search: %v\n", err)
		return 2
	}
	st, err := store.Open(ctx, storeDSN(env, *db, *dbURL))
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep search: opening the store: %v\n", err)
		return 1
	}
	defer st.Close()
	res, err := st.Search(ctx, q)
	if err != nil {
		fmt.Fprintf(env.Stderr, "sitrep search: %v\n", err)
		return 1
	}
	more := ""
	if res.Capped {
		more = "+" // more match than the store counts
	}
	fmt.Fprintf(env.Stdout, "%d%s articles\n", res.Total, more)
	for _, h := range res.Hits {
		date := "undated"
		if h.Published != nil {
			date = h.Published.Format("2006-01-02")
		}
		fmt.Fprintf(env.Stdout, "\n%s  %s  %s  [%s]\n", h.ID, date, oneLine(h.Title), h.Site)
		fmt.Fprintf(env.Stdout, "    %s\n", oneLine(h.Snippet))
	}
	if len(res.EventTypes) > 0 {
		var parts []string
		for _, c := range res.EventTypes {
			parts = append(parts, fmt.Sprintf("%s %d", c.Value, c.Count))
		}
		fmt.Fprintf(env.Stdout, "\nevent types: %s\n", strings.Join(parts, ", "))
	}
	return 0
}

// oneLine strips control characters (article text is untrusted: no
// terminal escapes reach the screen) and folds white space.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
