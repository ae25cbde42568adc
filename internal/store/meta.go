package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// This file keeps the tables reads use instead of scanning the big ones
// (see migration 002): doc_meta, a narrow copy of each document's filter
// columns, and actor_stats and actor_values, tallies of the entity rows by
// actor. They are written in the same transaction as the rows they
// summarise.

// eventTypes is doc_meta.event_types for doc: its distinct event types,
// space-separated and space-enclosed, so that " ASSAULT " finds one.
func eventTypes(doc *article.Document) string {
	var ts []string
	for _, ev := range doc.Events {
		if ev.Type != "" {
			ts = append(ts, ev.Type)
		}
	}
	if len(ts) == 0 {
		return " "
	}
	slices.Sort(ts)
	return " " + strings.Join(slices.Compact(ts), " ") + " "
}

// metaSep separates and encloses the values of doc_meta.actors and
// doc_meta.places, so that "\x1fIRQ\x1f" finds one.
const metaSep = "\x1f"

// metaList is values, distinct and sorted, separated and enclosed by
// metaSep.
func metaList(values []string) string {
	if len(values) == 0 {
		return metaSep
	}
	slices.Sort(values)
	return metaSep + strings.Join(slices.Compact(values), metaSep) + metaSep
}

// metaChunk bounds the documents of one statement of writeMeta.
const metaChunk = 400

// writeMeta inserts or replaces the doc_meta rows of the stored records
// (keyed by their stored id) and counts their entity rows into the actor
// tallies, a chunk of documents per statement.
func writeMeta(ctx context.Context, t tx, recs map[string]*record) error {
	ids := make([]string, 0, len(recs))
	for id := range recs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), metaChunk)]
		ids = ids[len(chunk):]
		var b strings.Builder
		args := make([]any, 0, 10*len(chunk))
		for i, id := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("((SELECT seq FROM docs WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, id, id)
			args = append(args, metaValues(recs[id].doc)...)
		}
		if _, err := t.exec(ctx, `INSERT INTO doc_meta (seq, id, published, site_norm, language, event_types, actors, places, modalities, points)
			VALUES `+b.String()+`
			ON CONFLICT (seq) DO UPDATE SET published = excluded.published, site_norm = excluded.site_norm,
				language = excluded.language, event_types = excluded.event_types, actors = excluded.actors,
				places = excluded.places, modalities = excluded.modalities, points = excluded.points`, args...); err != nil {
			return fmt.Errorf("writing doc_meta: %w", err)
		}
		if err := addTallies(ctx, t, chunk); err != nil {
			return err
		}
	}
	return nil
}

// metaValues are doc's doc_meta columns after seq and id.
func metaValues(doc *article.Document) []any {
	var actors, places, modalities []string
	var points strings.Builder
	seen := map[string]bool{}
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if seen[e.ID] { // as rowsOf: the first of an id
			continue
		}
		seen[e.ID] = true
		actors = append(actors, actorKey(e))
		if isPlace(e) && e.Country != "" {
			places = append(places, e.Country)
		}
		if e.Lat != nil && e.Lon != nil {
			if points.Len() > 0 {
				points.WriteByte(';')
			}
			points.WriteString(strconv.FormatFloat(*e.Lat, 'g', -1, 64) + " " + strconv.FormatFloat(*e.Lon, 'g', -1, 64))
		}
	}
	for _, ev := range doc.Events {
		if ev.Modality != "" {
			modalities = append(modalities, ev.Modality)
		}
	}
	var published any
	if doc.Published != nil {
		published = doc.Published.Unix()
	}
	return []any{published, strings.ToLower(strings.TrimSpace(doc.Site)), strings.ToLower(doc.Language),
		eventTypes(doc), metaList(actors), metaList(places), metaList(modalities), points.String()}
}

// pointsNear reports whether one of the points in doc_meta.points lies
// within c, by the same test as geoCond.
func pointsNear(points string, c *Circle) bool {
	dlat, dlon, k := circleBox(c)
	for points != "" {
		var p string
		p, points, _ = strings.Cut(points, ";")
		a, b, ok := strings.Cut(p, " ")
		if !ok {
			continue
		}
		lat, ok1 := parseCoord(a)
		lon, ok2 := parseCoord(b)
		if !ok1 || !ok2 {
			continue
		}
		if lat >= c.Lat-dlat && lat <= c.Lat+dlat && lon >= c.Lon-dlon && lon <= c.Lon+dlon &&
			(lat-c.Lat)*(lat-c.Lat)+(lon-c.Lon)*(lon-c.Lon)*k*k <= dlat*dlat {
			return true
		}
	}
	return false
}

// actorValueRows selects (k, f, v, n) for actor_values from the entity
// rows of documents: each branch has an IN list, written with in.
func actorValueRows(in string) string {
	return `SELECT actor_key AS k, 'name' AS f, name AS v, count(*) AS n FROM entities WHERE doc_id IN (` + in + `) AND name <> '' GROUP BY actor_key, name
	UNION ALL SELECT actor_key, 'type', type, count(*) FROM entities WHERE doc_id IN (` + in + `) AND type <> '' GROUP BY actor_key, type
	UNION ALL SELECT actor_key, 'kind', kind, count(*) FROM entities WHERE doc_id IN (` + in + `) AND kind <> '' GROUP BY actor_key, kind
	UNION ALL SELECT actor_key, 'country', country, count(*) FROM entities WHERE doc_id IN (` + in + `) AND country <> '' GROUP BY actor_key, country
	UNION ALL SELECT actor_key, 'sector', sector, count(*) FROM entities WHERE doc_id IN (` + in + `) AND sector <> '' GROUP BY actor_key, sector
	UNION ALL SELECT actor_key, 'alias', name, count(*) FROM entity_names WHERE doc_id IN (` + in + `) GROUP BY actor_key, name
	UNION ALL SELECT actor_key, 'norm', name_norm, count(*) FROM entity_names WHERE doc_id IN (` + in + `) GROUP BY actor_key, name_norm`
}

func repeatArgs(ids []string, times int) []any {
	out := make([]any, 0, len(ids)*times)
	for range times {
		for _, id := range ids {
			out = append(out, id)
		}
	}
	return out
}

// addTallies counts the stored entity rows of the documents ids into
// actor_stats and actor_values. Rows are written in key order, so that
// concurrent writers (PostgreSQL) lock them in the same order.
func addTallies(ctx context.Context, t tx, ids []string) error {
	in := placeholders(len(ids))
	if _, err := t.exec(ctx, `INSERT INTO actor_stats (actor_key, articles, mentions, lat, lon)
		SELECT actor_key, count(DISTINCT doc_id), sum(mentions), max(lat), max(lon) FROM entities
		WHERE doc_id IN (`+in+`) GROUP BY actor_key ORDER BY actor_key
		ON CONFLICT (actor_key) DO UPDATE SET articles = actor_stats.articles + excluded.articles,
			mentions = actor_stats.mentions + excluded.mentions,
			lat = coalesce(actor_stats.lat, excluded.lat), lon = coalesce(actor_stats.lon, excluded.lon)`, repeatArgs(ids, 1)...); err != nil {
		return fmt.Errorf("counting actors: %w", err)
	}
	if _, err := t.exec(ctx, `INSERT INTO actor_values (actor_key, field, value, n)
		SELECT k, f, v, sum(n) FROM (`+actorValueRows(in)+`) x GROUP BY k, f, v ORDER BY k, f, v
		ON CONFLICT (actor_key, field, value) DO UPDATE SET n = actor_values.n + excluded.n`, repeatArgs(ids, 7)...); err != nil {
		return fmt.Errorf("counting actor names: %w", err)
	}
	return nil
}

// subtractTallies takes the stored entity rows of document id out of
// actor_stats and actor_values, before they are deleted.
func subtractTallies(ctx context.Context, t tx, id string) error {
	for _, st := range []struct {
		what string
		q    string
		args []any
	}{
		{"actors", `UPDATE actor_stats SET articles = actor_stats.articles - 1, mentions = actor_stats.mentions - x.m
			FROM (SELECT actor_key AS k, sum(mentions) AS m FROM entities WHERE doc_id = ? GROUP BY actor_key) x
			WHERE actor_stats.actor_key = x.k`, []any{id}},
		{"actors", `DELETE FROM actor_stats WHERE actor_key IN (SELECT actor_key FROM entities WHERE doc_id = ?) AND articles <= 0`, []any{id}},
		{"actor names", `UPDATE actor_values SET n = actor_values.n - x.n FROM (` + actorValueRows("?") + `) x
			WHERE actor_values.actor_key = x.k AND actor_values.field = x.f AND actor_values.value = x.v`, repeatArgs([]string{id}, 7)},
		{"actor names", `DELETE FROM actor_values WHERE actor_key IN (SELECT actor_key FROM entities WHERE doc_id = ?) AND n <= 0`, []any{id}},
	} {
		if _, err := t.exec(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("uncounting %s: %w", st.what, err)
		}
	}
	return nil
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseCoord parses a number as strconv.ParseFloat does, with a fast path
// for the plain decimals doc_meta.points holds: with at most 15 digits,
// digits / 10^n is one correctly rounded division of two exact values, so
// the result is the same. (Parsing was a third of a near filter's cost.)
func parseCoord(s string) (float64, bool) {
	neg := false
	i := 0
	if i < len(s) && s[i] == '-' {
		neg, i = true, 1
	}
	var mant int64
	digits, frac := 0, -1
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + int64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			digits = 99 // an exponent or anything else: the slow path
		}
		if digits > 15 {
			v, err := strconv.ParseFloat(s, 64)
			return v, err == nil
		}
	}
	if digits == 0 {
		return 0, false
	}
	v := float64(mant)
	if frac > 0 {
		v /= pow10[frac]
	}
	if neg {
		v = -v
	}
	return v, true
}
