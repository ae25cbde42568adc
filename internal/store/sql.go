package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// sqlStore implements Store over either dialect. Everything except
// full-text search, locking and the driver is shared.
type sqlStore struct {
	d dialect

	mu     sync.RWMutex // held for reading by every call, for writing by Close
	closed bool
}

var _ Store = (*sqlStore)(nil)

// enter marks a call in progress; the returned func ends it.
func (s *sqlStore) enter() (func(), error) {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, ErrClosed
	}
	return s.mu.RUnlock, nil
}

func (s *sqlStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.d.close()
}

func (s *sqlStore) Put(ctx context.Context, doc *article.Document) (PutResult, error) {
	res, err := s.PutBatch(ctx, []*article.Document{doc})
	if err != nil {
		return 0, err
	}
	return res[0], nil
}

func (s *sqlStore) PutBatch(ctx context.Context, docs []*article.Document) (_ []PutResult, err error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	recs := make([]*record, len(docs))
	var keys []string
	for i, doc := range docs {
		if recs[i], err = newRecord(doc); err != nil {
			return nil, err
		}
		keys = append(keys, "id:"+recs[i].id, "url:"+recs[i].url, "text:"+recs[i].textHash)
	}
	t, release, err := s.d.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
	}
	defer release()
	defer func() {
		if err != nil {
			_ = t.rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := s.d.lock(ctx, t, keys); err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
	}
	results := make([]PutResult, len(recs))
	for i, r := range recs {
		if results[i], err = s.put(ctx, t, r); err != nil {
			return nil, fmt.Errorf("storing document %s: %w", docs[i].ID, err)
		}
	}
	if err := t.commit(ctx); err != nil {
		return nil, fmt.Errorf("storing documents: committing: %w", err)
	}
	return results, nil
}

// match is a stored document a new one may be a version of.
type match struct {
	id, url, contentHash string
}

func (s *sqlStore) findMatch(ctx context.Context, t tx, r *record) (m *match, byText bool, err error) {
	m = &match{}
	scan := func(q string, arg any) (bool, error) {
		err := t.queryRow(ctx, q, arg).Scan(&m.id, &m.url, &m.contentHash)
		if errors.Is(err, errNoRows) {
			return false, nil
		}
		return err == nil, err
	}
	const cols = `SELECT id, url, content_hash FROM docs `
	if ok, err := scan(cols+`WHERE id = ?`, r.id); ok || err != nil {
		return m, false, err
	}
	if ok, err := scan(cols+`WHERE id = (SELECT doc_id FROM doc_aliases WHERE alias = ?)`, r.id); ok || err != nil {
		return m, false, err
	}
	if r.url != "" {
		if ok, err := scan(cols+`WHERE url = ? LIMIT 1`, r.url); ok || err != nil {
			return m, false, err
		}
	}
	if r.textHash != "" {
		if ok, err := scan(cols+`WHERE text_hash = ? LIMIT 1`, r.textHash); ok || err != nil {
			return m, true, err
		}
	}
	return nil, false, nil
}

func (s *sqlStore) put(ctx context.Context, t tx, r *record) (PutResult, error) {
	m, byText, err := s.findMatch(ctx, t, r)
	if err != nil {
		return 0, fmt.Errorf("looking for a stored copy: %w", err)
	}
	result := Inserted
	submitted := r.id
	switch {
	case m == nil:
		if err := s.insertDoc(ctx, t, r); err != nil {
			return 0, err
		}
	case byText && m.url != "" && r.url != "" && m.url != r.url:
		result = Unchanged // a copy at another address: keep the first
	default:
		if err := r.rebase(m.id); err != nil {
			return 0, err
		}
		if r.contentHash == m.contentHash {
			result = Unchanged
			break
		}
		result = Updated
		if err := s.updateDoc(ctx, t, r); err != nil {
			return 0, err
		}
	}
	if m != nil && submitted != m.id {
		if _, err := t.exec(ctx, `INSERT INTO doc_aliases (alias, doc_id) VALUES (?, ?)
			ON CONFLICT (alias) DO UPDATE SET doc_id = excluded.doc_id`, submitted, m.id); err != nil {
			return 0, fmt.Errorf("recording alias: %w", err)
		}
	}
	if r.doc.Input != "" {
		if _, err := t.exec(ctx, `DELETE FROM failures WHERE input = ?`, r.doc.Input); err != nil {
			return 0, fmt.Errorf("clearing failure: %w", err)
		}
	}
	return result, nil
}

func docArgs(r *record) []any {
	d := r.doc
	var published any
	if d.Published != nil {
		published = d.Published.Unix()
	}
	return []any{r.url, d.Site, strings.ToLower(strings.TrimSpace(d.Site)), d.Title, published,
		strings.ToLower(d.Language), d.Text, r.textHash, r.contentHash, d.Input, string(r.json), time.Now().Unix()}
}

func (s *sqlStore) insertDoc(ctx context.Context, t tx, r *record) error {
	args := append([]any{r.id}, docArgs(r)...)
	if _, err := t.exec(ctx, `INSERT INTO docs (id, url, site, site_norm, title, published, language,
		text, text_hash, content_hash, input, record, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
		return fmt.Errorf("inserting: %w", err)
	}
	return s.insertRows(ctx, t, r)
}

func (s *sqlStore) updateDoc(ctx context.Context, t tx, r *record) error {
	args := append(docArgs(r), r.id)
	if _, err := t.exec(ctx, `UPDATE docs SET url = ?, site = ?, site_norm = ?, title = ?, published = ?,
		language = ?, text = ?, text_hash = ?, content_hash = ?, input = ?, record = ?, stored_at = ?
		WHERE id = ?`, args...); err != nil {
		return fmt.Errorf("updating: %w", err)
	}
	if err := deleteRows(ctx, t, r.id); err != nil {
		return err
	}
	return s.insertRows(ctx, t, r)
}

func deleteRows(ctx context.Context, c conn, id string) error {
	for _, table := range slices.Backward(childTables) {
		if _, err := c.exec(ctx, `DELETE FROM `+table+` WHERE doc_id = ?`, id); err != nil {
			return fmt.Errorf("deleting %s: %w", table, err)
		}
	}
	return nil
}

// maxParams bounds the parameters of one multi-row INSERT, under the
// limits of both SQLite (32766) and PostgreSQL (65535).
const maxParams = 4000

func (s *sqlStore) insertRows(ctx context.Context, t tx, r *record) error {
	for _, tr := range r.tables {
		if len(tr.rows) == 0 {
			continue
		}
		width := len(tr.cols) + 1
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
		per := max(1, maxParams/width)
		for start := 0; start < len(tr.rows); start += per {
			chunk := tr.rows[start:min(len(tr.rows), start+per)]
			var b strings.Builder
			b.WriteString("INSERT INTO " + tr.table + " (doc_id, " + strings.Join(tr.cols, ", ") + ") VALUES ")
			args := make([]any, 0, len(chunk)*width)
			for i, row := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(one)
				args = append(args, r.id)
				args = append(args, row...)
			}
			if _, err := t.exec(ctx, b.String(), args...); err != nil {
				return fmt.Errorf("inserting %s: %w", tr.table, err)
			}
		}
	}
	return nil
}

// resolve returns the stored id for id or an alias of it.
func resolve(ctx context.Context, c conn, id string) (string, error) {
	var got string
	err := c.queryRow(ctx, `SELECT id FROM docs WHERE id = ?
		UNION ALL SELECT doc_id FROM doc_aliases WHERE alias = ? LIMIT 1`, id, id).Scan(&got)
	if errors.Is(err, errNoRows) {
		return "", fmt.Errorf("document %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("looking up document %q: %w", id, err)
	}
	return got, nil
}

func (s *sqlStore) Get(ctx context.Context, id string) (*article.Document, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	var data []byte
	err = s.d.conn().queryRow(ctx, `SELECT record FROM docs WHERE id = ?
		UNION ALL SELECT d.record FROM docs d JOIN doc_aliases a ON a.doc_id = d.id WHERE a.alias = ?
		LIMIT 1`, id, id).Scan(&data)
	if errors.Is(err, errNoRows) {
		return nil, fmt.Errorf("document %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("getting document %q: %w", id, err)
	}
	return decodeDocument(data)
}

func (s *sqlStore) Delete(ctx context.Context, id string) (err error) {
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	t, release, err := s.d.begin(ctx)
	if err != nil {
		return fmt.Errorf("deleting document %q: %w", id, err)
	}
	defer release()
	defer func() {
		if err != nil {
			_ = t.rollback(context.WithoutCancel(ctx))
		}
	}()
	stored, err := resolve(ctx, t, id)
	if err != nil {
		return err
	}
	if err := deleteRows(ctx, t, stored); err != nil {
		return fmt.Errorf("deleting document %q: %w", id, err)
	}
	if _, err := t.exec(ctx, `DELETE FROM doc_aliases WHERE doc_id = ?`, stored); err != nil {
		return fmt.Errorf("deleting document %q: aliases: %w", id, err)
	}
	if _, err := t.exec(ctx, `DELETE FROM docs WHERE id = ?`, stored); err != nil {
		return fmt.Errorf("deleting document %q: %w", id, err)
	}
	if err := t.commit(ctx); err != nil {
		return fmt.Errorf("deleting document %q: committing: %w", id, err)
	}
	return nil
}

// filter is a WHERE clause being built, with its arguments.
type filter struct {
	conds []string
	args  []any
}

func (f *filter) add(cond string, args ...any) {
	f.conds = append(f.conds, cond)
	f.args = append(f.args, args...)
}

func (f *filter) where() string {
	if len(f.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(f.conds, " AND ")
}

const kmPerDegree = 111.195

// geoCond is a condition that the point (lat, lon) in the named columns
// lies within c: a bounding box the indexes can use, then an
// equirectangular distance.
func geoCond(f *filter, latCol, lonCol string, c *Circle) {
	dlat := c.RadiusKm / kmPerDegree
	k := math.Cos(c.Lat * math.Pi / 180)
	dlon := 180.0
	if k > 1e-6 {
		dlon = min(180, dlat/k)
	}
	f.add(fmt.Sprintf(`%[1]s BETWEEN ? AND ? AND %[2]s BETWEEN ? AND ?
		AND (%[1]s - ?) * (%[1]s - ?) + (%[2]s - ?) * (%[2]s - ?) * ? <= ?`, latCol, lonCol),
		c.Lat-dlat, c.Lat+dlat, c.Lon-dlon, c.Lon+dlon,
		c.Lat, c.Lat, c.Lon, c.Lon, k*k, dlat*dlat)
}

// docFilter builds the conditions on docs d for q. With forEvents, the
// event conditions (type, modality, actor, place) are left for
// eventFilter.
func (s *sqlStore) docFilter(q *Query, pq *parsedQuery, forEvents bool) *filter {
	f := &filter{}
	if !pq.empty() {
		f.add(s.d.textCond(), s.d.textArg(pq))
	}
	if !q.From.IsZero() {
		f.add(`d.published >= ?`, q.From.Unix())
	}
	if !q.To.IsZero() {
		f.add(`d.published < ?`, q.To.Unix())
	}
	if q.Site != "" {
		f.add(`d.site_norm = ?`, strings.ToLower(strings.TrimSpace(q.Site)))
	}
	if q.Language != "" {
		f.add(`d.language = ?`, strings.ToLower(q.Language))
	}
	if forEvents {
		return f
	}
	if q.Actor != "" {
		f.add(`d.id IN (SELECT doc_id FROM entities WHERE entity_id = ? OR kb_id = ? OR actor_key = ?
			OR actor_key IN (SELECT actor_key FROM entity_names WHERE name_norm = ?))`,
			q.Actor, q.Actor, q.Actor, normName(q.Actor))
	}
	if q.EventType != "" {
		f.add(`d.id IN (SELECT doc_id FROM events WHERE type = ?)`, strings.ToUpper(q.EventType))
	}
	if q.Modality != "" {
		f.add(`d.id IN (SELECT doc_id FROM events WHERE modality = ?)`, strings.ToLower(q.Modality))
	}
	if q.Country != "" {
		f.add(`d.id IN (SELECT doc_id FROM entities WHERE is_place AND country = ?)`, strings.ToUpper(q.Country))
	}
	if q.Near != nil {
		g := &filter{}
		geoCond(g, "lat", "lon", q.Near)
		f.add(`d.id IN (SELECT doc_id FROM entities WHERE `+g.where()+`)`, g.args...)
	}
	return f
}

// eventFilter adds the conditions on events ev for q.
func eventFilter(f *filter, q *Query) {
	if q.EventType != "" {
		f.add(`ev.type = ?`, strings.ToUpper(q.EventType))
	}
	if q.Modality != "" {
		f.add(`ev.modality = ?`, strings.ToLower(q.Modality))
	}
	if q.Country != "" {
		f.add(`ev.country = ?`, strings.ToUpper(q.Country))
	}
	if q.Near != nil {
		geoCond(f, "ev.lat", "ev.lon", q.Near)
	}
	if q.Actor != "" {
		f.add(`EXISTS (SELECT 1 FROM event_actors ea JOIN entities e
			ON e.doc_id = ea.doc_id AND e.entity_id = ea.entity_id
			WHERE ea.doc_id = ev.doc_id AND ea.event_id = ev.event_id
			AND (e.entity_id = ? OR e.kb_id = ? OR e.actor_key = ?
				OR e.actor_key IN (SELECT actor_key FROM entity_names WHERE name_norm = ?)))`,
			q.Actor, q.Actor, q.Actor, normName(q.Actor))
	}
}

func pageOf(limit, offset int) (int, int, error) {
	if limit < 0 || offset < 0 {
		return 0, 0, fmt.Errorf("paging: negative limit or offset: %w", ErrInvalid)
	}
	if limit == 0 {
		limit = DefaultLimit
	}
	return min(limit, MaxLimit), offset, nil
}

func timePtr(sec *int64) *time.Time {
	if sec == nil {
		return nil
	}
	t := time.Unix(*sec, 0).UTC()
	return &t
}

func (s *sqlStore) Search(ctx context.Context, q Query) (*Results, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	limit, offset, err := pageOf(q.Limit, q.Offset)
	if err != nil {
		return nil, err
	}
	pq, err := parseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	c := s.d.conn()
	f := s.docFilter(&q, pq, false)
	where := f.where()
	res := &Results{Hits: []Hit{}, EventTypes: []Count{}, Weeks: []Count{}}

	if err := c.queryRow(ctx, `SELECT count(*) FROM docs d WHERE `+where, f.args...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("searching: counting: %w", err)
	}
	if res.Total == 0 {
		return res, nil
	}

	var sqlq string
	var args []any
	if pq.empty() {
		sqlq = `SELECT d.id, d.url, d.site, d.title, d.published, d.language, substr(d.text, 1, 400), CAST(0 AS REAL)
			FROM docs d WHERE ` + where + ` ORDER BY d.published DESC NULLS LAST, d.id LIMIT ? OFFSET ?`
		args = append(slices.Clone(f.args), limit, offset)
	} else {
		// The text condition comes first in f; searchPage joins on it
		// itself and takes its argument first.
		sqlq = s.d.searchPage(strings.Join(append([]string{"TRUE"}, f.conds[1:]...), " AND "))
		args = append(slices.Clone(f.args), limit, offset)
	}
	rs, err := c.query(ctx, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	for rs.Next() {
		var h Hit
		var published *int64
		var snippet string
		if err := rs.Scan(&h.ID, &h.URL, &h.Site, &h.Title, &published, &h.Language, &snippet, &h.Score); err != nil {
			rs.Close()
			return nil, fmt.Errorf("searching: %w", err)
		}
		h.Published = timePtr(published)
		if pq.empty() {
			h.Snippet = leadingWords(snippet, 240)
		} else {
			var spans []spanList
			h.Snippet, spans = unmark(snippet)
			for _, sp := range spans {
				h.Highlights = append(h.Highlights, article.Span{Start: sp.start, End: sp.end})
			}
		}
		res.Hits = append(res.Hits, h)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}

	res.EventTypes, err = counts(ctx, c, `SELECT ev.type, count(DISTINCT ev.doc_id) FROM events ev
		WHERE ev.doc_id IN (SELECT d.id FROM docs d WHERE `+where+`)
		GROUP BY ev.type ORDER BY 2 DESC, 1`, f.args)
	if err != nil {
		return nil, fmt.Errorf("searching: event type facet: %w", err)
	}
	// Days since the epoch of the Monday starting the week (1970-01-01
	// was a Thursday).
	weeks, err := counts(ctx, c, `SELECT w, count(*) FROM (SELECT (d.published / 86400) - ((d.published / 86400 + 3) % 7) AS w
		FROM docs d WHERE d.published IS NOT NULL AND `+where+`) x GROUP BY w ORDER BY w`, f.args)
	if err != nil {
		return nil, fmt.Errorf("searching: week facet: %w", err)
	}
	for _, w := range weeks {
		var day int64
		fmt.Sscan(w.Value, &day)
		res.Weeks = append(res.Weeks, Count{Value: time.Unix(day*86400, 0).UTC().Format(time.DateOnly), Count: w.Count})
	}
	return res, nil
}

// counts runs a query returning (value, count) rows.
func counts(ctx context.Context, c conn, q string, args []any) ([]Count, error) {
	rs, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := []Count{}
	for rs.Next() {
		var v any
		var n int
		if err := rs.Scan(&v, &n); err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case []byte:
			out = append(out, Count{string(v), n})
		default:
			out = append(out, Count{fmt.Sprint(v), n})
		}
	}
	return out, rs.Err()
}

func (s *sqlStore) Events(ctx context.Context, q Query) (*EventResults, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	limit, offset, err := pageOf(q.Limit, q.Offset)
	if err != nil {
		return nil, err
	}
	pq, err := parseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	c := s.d.conn()
	f := s.docFilter(&q, pq, true)
	eventFilter(f, &q)
	from := ` FROM events ev JOIN docs d ON d.id = ev.doc_id WHERE ` + f.where()
	res := &EventResults{Events: []EventHit{}}
	if err := c.queryRow(ctx, `SELECT count(*)`+from, f.args...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("listing events: counting: %w", err)
	}
	if res.Total == 0 {
		return res, nil
	}
	rs, err := c.query(ctx, `SELECT ev.doc_id, ev.record, d.url, d.site, d.title, d.published`+from+
		` ORDER BY d.published DESC NULLS LAST, d.id, ev.seq LIMIT ? OFFSET ?`, append(slices.Clone(f.args), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	docIDs := map[string]bool{}
	for rs.Next() {
		var h EventHit
		var rec []byte
		var published *int64
		if err := rs.Scan(&h.DocID, &rec, &h.URL, &h.Site, &h.Title, &published); err != nil {
			rs.Close()
			return nil, fmt.Errorf("listing events: %w", err)
		}
		if err := json.Unmarshal(rec, &h.Event); err != nil {
			rs.Close()
			return nil, fmt.Errorf("listing events: decoding event of %s: %w", h.DocID, err)
		}
		h.Published = timePtr(published)
		docIDs[h.DocID] = true
		res.Events = append(res.Events, h)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	ents, err := s.entitiesOf(ctx, c, docIDs)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	for i := range res.Events {
		h := &res.Events[i]
		byID := ents[h.DocID]
		if h.Event.Place != nil {
			if e, ok := byID[*h.Event.Place]; ok {
				h.Place = &e
			}
		}
		for _, id := range h.Event.Actors {
			if e, ok := byID[id]; ok {
				h.Actors = append(h.Actors, e)
			}
		}
		for _, id := range h.Event.Recipients {
			if e, ok := byID[id]; ok {
				h.Recipients = append(h.Recipients, e)
			}
		}
	}
	return res, nil
}

// entitiesOf loads the entity rows of the given documents, without
// mentions or aliases.
func (s *sqlStore) entitiesOf(ctx context.Context, c conn, docs map[string]bool) (map[string]map[string]article.Entity, error) {
	out := map[string]map[string]article.Entity{}
	if len(docs) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	rs, err := c.query(ctx, `SELECT doc_id, entity_id, name, type, kind, country, sector, kb_id, lat, lon
		FROM entities WHERE doc_id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var doc string
		e := article.Entity{Aliases: []string{}, Mentions: []article.Mention{}}
		if err := rs.Scan(&doc, &e.ID, &e.Name, &e.Type, &e.Kind, &e.Country, &e.Sector, &e.KBID, &e.Lat, &e.Lon); err != nil {
			return nil, err
		}
		if out[doc] == nil {
			out[doc] = map[string]article.Entity{}
		}
		out[doc][e.ID] = e
	}
	return out, rs.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func (s *sqlStore) Actors(ctx context.Context, af ActorFilter) ([]Actor, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	limit, offset, err := pageOf(af.Limit, af.Offset)
	if err != nil {
		return nil, err
	}
	f := &filter{}
	if af.Name != "" {
		f.add(`e.actor_key IN (SELECT actor_key FROM entity_names WHERE name_norm LIKE ? ESCAPE '\')`,
			"%"+likeEscape(normName(af.Name))+"%")
	}
	for _, c := range []struct{ col, v string }{{"type", af.Type}, {"kind", af.Kind}, {"country", af.Country}, {"sector", af.Sector}} {
		if c.v != "" {
			f.add(`e.`+c.col+` = ?`, c.v)
		}
	}
	return s.actors(ctx, f, limit, offset)
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// actors aggregates the entity rows matching f into one page of actors.
func (s *sqlStore) actors(ctx context.Context, f *filter, limit, offset int) ([]Actor, error) {
	c := s.d.conn()
	rs, err := c.query(ctx, `SELECT e.actor_key, count(DISTINCT e.doc_id), sum(e.mentions) FROM entities e
		WHERE `+f.where()+` GROUP BY e.actor_key ORDER BY 2 DESC, 1 LIMIT ? OFFSET ?`,
		append(slices.Clone(f.args), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	out := []Actor{}
	index := map[string]int{}
	var keys []any
	for rs.Next() {
		var a Actor
		if err := rs.Scan(&a.Key, &a.Articles, &a.Mentions); err != nil {
			rs.Close()
			return nil, fmt.Errorf("listing actors: %w", err)
		}
		index[a.Key] = len(out)
		keys = append(keys, a.Key)
		out = append(out, a)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// The most common value of each attribute, by articles.
	type tally map[string]int
	names, types, kinds, countries, sectors := map[string]tally{}, map[string]tally{}, map[string]tally{}, map[string]tally{}, map[string]tally{}
	rs, err = c.query(ctx, `SELECT actor_key, name, type, kind, country, sector, kb_id, lat, lon, count(*)
		FROM entities WHERE actor_key IN (`+placeholders(len(keys))+`)
		GROUP BY actor_key, name, type, kind, country, sector, kb_id, lat, lon`, keys...)
	if err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	for rs.Next() {
		var key, name, typ, kind, country, sector, kb string
		var lat, lon *float64
		var n int
		if err := rs.Scan(&key, &name, &typ, &kind, &country, &sector, &kb, &lat, &lon, &n); err != nil {
			rs.Close()
			return nil, fmt.Errorf("listing actors: %w", err)
		}
		a := &out[index[key]]
		a.KBID = kb
		if lat != nil && lon != nil && a.Lat == nil {
			a.Lat, a.Lon = lat, lon
		}
		for _, t := range []struct {
			m map[string]tally
			v string
		}{{names, name}, {types, typ}, {kinds, kind}, {countries, country}, {sectors, sector}} {
			if t.v == "" {
				continue
			}
			if t.m[key] == nil {
				t.m[key] = tally{}
			}
			t.m[key][t.v] += n
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("listing actors: %w", err)
	}
	top := func(t tally) string {
		best, bn := "", -1
		for v, n := range t {
			if n > bn || n == bn && v < best {
				best, bn = v, n
			}
		}
		return best
	}
	for i := range out {
		a := &out[i]
		a.Name, a.Type, a.Kind = top(names[a.Key]), top(types[a.Key]), top(kinds[a.Key])
		a.Country, a.Sector = top(countries[a.Key]), top(sectors[a.Key])
		a.Aliases = []string{}
	}
	rs, err = c.query(ctx, `SELECT DISTINCT actor_key, name FROM entity_names WHERE actor_key IN (`+placeholders(len(keys))+`)`, keys...)
	if err != nil {
		return nil, fmt.Errorf("listing actors: aliases: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		var key, name string
		if err := rs.Scan(&key, &name); err != nil {
			return nil, fmt.Errorf("listing actors: aliases: %w", err)
		}
		a := &out[index[key]]
		if name != a.Name && !slices.Contains(a.Aliases, name) {
			a.Aliases = append(a.Aliases, name)
		}
	}
	for i := range out {
		sort.Strings(out[i].Aliases)
	}
	return out, rs.Err()
}

func (s *sqlStore) Actor(ctx context.Context, key string) (*Actor, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	var actorKey string
	var n int
	err = s.d.conn().queryRow(ctx, `SELECT k, count(DISTINCT doc_id) FROM (
			SELECT actor_key AS k, doc_id FROM entities WHERE actor_key = ? OR kb_id = ? OR entity_id = ?
			UNION ALL SELECT actor_key, doc_id FROM entity_names WHERE name_norm = ?) x
		GROUP BY k ORDER BY 2 DESC, 1 LIMIT 1`, key, key, key, normName(key)).Scan(&actorKey, &n)
	if errors.Is(err, errNoRows) {
		return nil, fmt.Errorf("actor %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("looking up actor %q: %w", key, err)
	}
	f := &filter{}
	f.add(`e.actor_key = ?`, actorKey)
	as, err := s.actors(ctx, f, 1, 0)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, fmt.Errorf("actor %q: %w", key, ErrNotFound)
	}
	return &as[0], nil
}

func (s *sqlStore) Stats(ctx context.Context) (*Stats, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	c := s.d.conn()
	st := &Stats{}
	var oldest, newest *int64
	err = c.queryRow(ctx, `SELECT
		(SELECT count(*) FROM docs), (SELECT count(*) FROM entities),
		(SELECT count(DISTINCT actor_key) FROM entities), (SELECT count(*) FROM events),
		(SELECT count(*) FROM quotes), (SELECT count(*) FROM claims),
		(SELECT count(*) FROM quantities), (SELECT count(*) FROM failures),
		(SELECT min(published) FROM docs), (SELECT max(published) FROM docs),
		(SELECT max(version) FROM schema_migrations)`).Scan(&st.Documents, &st.Entities, &st.Actors, &st.Events,
		&st.Quotes, &st.Claims, &st.Quantities, &st.Failures, &oldest, &newest, &st.Schema)
	if err != nil {
		return nil, fmt.Errorf("counting records: %w", err)
	}
	st.Oldest, st.Newest = timePtr(oldest), timePtr(newest)
	return st, nil
}

func (s *sqlStore) RecordFailure(ctx context.Context, input, reason string, permanent bool) error {
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	if input == "" {
		return fmt.Errorf("recording failure: empty input: %w", ErrInvalid)
	}
	now := time.Now().UnixMilli()
	_, err = s.d.conn().exec(ctx, `INSERT INTO failures (input, reason, permanent, attempts, first_seen, last_seen)
		VALUES (?, ?, ?, 1, ?, ?)
		ON CONFLICT (input) DO UPDATE SET reason = excluded.reason, permanent = excluded.permanent,
			attempts = failures.attempts + 1, last_seen = excluded.last_seen`,
		input, reason, permanent, now, now)
	if err != nil {
		return fmt.Errorf("recording failure of %q: %w", input, err)
	}
	return nil
}

func (s *sqlStore) ListFailures(ctx context.Context) ([]Failure, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	rs, err := s.d.conn().query(ctx, `SELECT input, reason, permanent, attempts, first_seen, last_seen
		FROM failures ORDER BY last_seen DESC, input`)
	if err != nil {
		return nil, fmt.Errorf("listing failures: %w", err)
	}
	defer rs.Close()
	out := []Failure{}
	for rs.Next() {
		var f Failure
		var first, last int64
		if err := rs.Scan(&f.Input, &f.Reason, &f.Permanent, &f.Attempts, &first, &last); err != nil {
			return nil, fmt.Errorf("listing failures: %w", err)
		}
		f.FirstSeen, f.LastSeen = time.UnixMilli(first).UTC(), time.UnixMilli(last).UTC()
		out = append(out, f)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("listing failures: %w", err)
	}
	return out, nil
}

func (s *sqlStore) ClearFailure(ctx context.Context, input string) error {
	done, err := s.enter()
	if err != nil {
		return err
	}
	defer done()
	n, err := s.d.conn().exec(ctx, `DELETE FROM failures WHERE input = ?`, input)
	if err != nil {
		return fmt.Errorf("clearing failure of %q: %w", input, err)
	}
	if n == 0 {
		return fmt.Errorf("failure of %q: %w", input, ErrNotFound)
	}
	return nil
}

// lockKey maps a lock name to a 64-bit key.
func lockKey(s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return int64(h.Sum64())
}
