package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// SearchWindow bounds the work of one search, as large search engines do:
// Search collects at most this many matching documents (the newest
// stored, for a text query; the newest published, otherwise), counts and
// facets them, and ranks a text query among them. When more match,
// Results.Capped is set and Total is SearchWindow ("2,000+"). Events
// counts at most this many events the same way.
const SearchWindow = 2000

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
	dlat, dlon, k := circleBox(c)
	f.add(fmt.Sprintf(`%[1]s BETWEEN ? AND ? AND %[2]s BETWEEN ? AND ?
		AND (%[1]s - ?) * (%[1]s - ?) + (%[2]s - ?) * (%[2]s - ?) * ? <= ?`, latCol, lonCol),
		c.Lat-dlat, c.Lat+dlat, c.Lon-dlon, c.Lon+dlon,
		c.Lat, c.Lat, c.Lon, c.Lon, k*k, dlat*dlat)
}

// circleBox is the half-height and half-width in degrees of the box
// around c, and the cosine of its latitude (degrees of longitude per
// degree of latitude).
func circleBox(c *Circle) (dlat, dlon, k float64) {
	dlat = c.RadiusKm / kmPerDegree
	k = math.Cos(c.Lat * math.Pi / 180)
	dlon = 180.0
	if k > 1e-6 {
		dlon = min(180, dlat/k)
	}
	return dlat, dlon, k
}

// actorKeys resolves Query.Actor to the actor keys it names (an actor
// key, a knowledge-base id, or a normalised name or alias) and the
// articles naming them. (An entity id is matched row by row.)
func actorKeys(ctx context.Context, c conn, actor string) (keys []any, articles int, err error) {
	rs, err := c.query(ctx, `SELECT actor_key, articles FROM actor_stats WHERE actor_key = ? OR actor_key = ?
		UNION SELECT a.actor_key, a.articles FROM actor_values v JOIN actor_stats a ON a.actor_key = v.actor_key
		WHERE v.field = 'norm' AND v.value = ?`, actor, "kb:"+actor, normName(actor))
	if err != nil {
		return nil, 0, fmt.Errorf("resolving actor %q: %w", actor, err)
	}
	defer rs.Close()
	for rs.Next() {
		var k string
		var n int
		if err := rs.Scan(&k, &n); err != nil {
			return nil, 0, fmt.Errorf("resolving actor %q: %w", actor, err)
		}
		keys = append(keys, k)
		articles += n
	}
	return keys, articles, rs.Err()
}

// rareActor is how many articles an actor may be named in for a filter on
// it to read the articles from the entities index; a more common actor is
// checked document by document as the scan goes.
const rareActor = 5000

// docFilter builds the conditions on doc_meta d for q. With forEvents, the
// event conditions (type, modality, place) are left for eventFilter. When
// pq is not empty its condition comes first.
func (s *sqlStore) docFilter(ctx context.Context, q *Query, pq *parsedQuery, forEvents bool) (*filter, error) {
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
	if q.Actor != "" {
		keys, articles, err := actorKeys(ctx, s.d.conn(), q.Actor)
		if err != nil {
			return nil, err
		}
		// Row-local checks on doc_meta.actors, and an index probe for an
		// entity id only when some entity has it.
		var alts []string
		var args []any
		for _, k := range keys {
			alts = append(alts, s.d.contains(`d.actors`))
			args = append(args, metaSep+k.(string)+metaSep)
		}
		var one int
		err = s.d.conn().queryRow(ctx, `SELECT 1 FROM entities WHERE entity_id = ? LIMIT 1`, q.Actor).Scan(&one)
		switch {
		case err == nil:
			alts = append(alts, `EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = d.id AND e.entity_id = ?)`)
			args = append(args, q.Actor)
		case !errors.Is(err, errNoRows):
			return nil, fmt.Errorf("resolving actor %q: %w", q.Actor, err)
		case len(keys) > 0 && articles <= rareActor:
			// Few articles: read them from the index, not the scan.
			alts = []string{`d.id IN (SELECT doc_id FROM entities WHERE actor_key IN (` + placeholders(len(keys)) + `))`}
			args = keys
		}
		if len(alts) == 0 {
			alts = append(alts, `FALSE`)
		}
		f.add(`(`+strings.Join(alts, ` OR `)+`)`, args...)
		ent := `e.entity_id = ?`
		eargs := []any{q.Actor}
		if len(keys) > 0 {
			ent = `(e.entity_id = ? OR e.actor_key IN (` + placeholders(len(keys)) + `))`
			eargs = append(eargs, keys...)
		}
		if forEvents {
			f.add(`EXISTS (SELECT 1 FROM event_actors ea JOIN entities e
				ON e.doc_id = ea.doc_id AND e.entity_id = ea.entity_id
				WHERE ea.doc_id = ev.doc_id AND ea.event_id = ev.event_id AND `+ent+`)`, eargs...)
		}
	}
	if q.EventType != "" {
		// For events too: it spares the events of other documents.
		f.add(s.d.contains(`d.event_types`), " "+strings.ToUpper(q.EventType)+" ")
	}
	if forEvents {
		return f, nil
	}
	// Conditions checked document by document as the collecting query
	// walks its index in order, so that it stops after SearchWindow
	// matches (an IN list would read every match first); all but
	// PostgreSQL's Near read only the doc_meta row.
	if q.Modality != "" {
		f.add(s.d.contains(`d.modalities`), metaSep+strings.ToLower(q.Modality)+metaSep)
	}
	if q.Country != "" {
		f.add(s.d.contains(`d.places`), metaSep+strings.ToUpper(q.Country)+metaSep)
	}
	if q.Near != nil {
		cond, args := s.d.nearCond(q.Near)
		f.add(cond, args...)
	}
	return f, nil
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

// matched is a document collected by Search. (Its id is read only for
// the page shown: scanning a string per match costs about 0.7 µs.)
type matched struct {
	seq       int64
	published *int64
	types     string
	score     float64
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
	f, err := s.docFilter(ctx, &q, pq, false)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	res := &Results{Hits: []Hit{}, EventTypes: []Count{}, Weeks: []Count{}}

	// Collect the matches once: count, facets and page come from them.
	var sqlq string
	args := slices.Clone(f.args)
	if pq.empty() {
		sqlq = `SELECT d.seq, d.published, d.event_types, 0 FROM doc_meta d WHERE ` + f.where() +
			` ORDER BY d.published DESC NULLS LAST, d.id LIMIT ?`
	} else {
		// The text condition comes first in f; rankQuery joins on it
		// itself and takes its argument first.
		sqlq = s.d.rankQuery(strings.Join(append([]string{"TRUE"}, f.conds[1:]...), " AND "))
	}
	args = append(args, SearchWindow+1)
	rs, err := c.query(ctx, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	var ms []matched
	for rs.Next() {
		var m matched
		if err := rs.Scan(&m.seq, &m.published, &m.types, &m.score); err != nil {
			rs.Close()
			return nil, fmt.Errorf("searching: %w", err)
		}
		ms = append(ms, m)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	if len(ms) > SearchWindow {
		ms, res.Capped = ms[:SearchWindow], true
	}
	res.Total = len(ms)
	if res.Total == 0 {
		return res, nil
	}
	res.EventTypes, res.Weeks = facets(ms)

	if !pq.empty() {
		if err := s.d.rank(ctx, pq, ms); err != nil {
			return nil, fmt.Errorf("searching: ranking: %w", err)
		}
		// Equal scores keep the collecting order: newest stored first.
		slices.SortStableFunc(ms, func(a, b matched) int {
			return cmp.Compare(b.score, a.score)
		})
	}
	var page []matched
	switch {
	case offset < len(ms):
		page = ms[offset:min(len(ms), offset+limit)]
	case res.Capped && pq.empty():
		// Past the window in date order: page through the index.
		if page, err = s.deepPage(ctx, f, limit, offset); err != nil {
			return nil, err
		}
	}
	if len(page) == 0 {
		return res, nil
	}
	if res.Hits, err = s.hits(ctx, pq, page); err != nil {
		return nil, err
	}
	return res, nil
}

// deepPage reads one page of documents in date order past SearchWindow.
func (s *sqlStore) deepPage(ctx context.Context, f *filter, limit, offset int) ([]matched, error) {
	rs, err := s.d.conn().query(ctx, `SELECT d.seq FROM doc_meta d WHERE `+f.where()+
		` ORDER BY d.published DESC NULLS LAST, d.id LIMIT ? OFFSET ?`, append(slices.Clone(f.args), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("searching: %w", err)
	}
	defer rs.Close()
	var out []matched
	for rs.Next() {
		var m matched
		if err := rs.Scan(&m.seq); err != nil {
			return nil, fmt.Errorf("searching: %w", err)
		}
		out = append(out, m)
	}
	return out, rs.Err()
}

// hits reads the page's documents, in the page's order.
func (s *sqlStore) hits(ctx context.Context, pq *parsedQuery, page []matched) ([]Hit, error) {
	args := make([]any, 0, len(page)+1)
	var q string
	if pq.empty() {
		q = `SELECT d.seq, d.id, d.url, d.site, d.title, d.published, d.language, substr(d.text, 1, 400)
			FROM docs d WHERE d.seq IN (` + placeholders(len(page)) + `)`
	} else {
		q = s.d.snippetQuery(len(page))
		lo, hi := page[0].seq, page[0].seq
		for _, m := range page {
			lo, hi = min(lo, m.seq), max(hi, m.seq)
		}
		args = append(args, s.d.textArg(pq), lo, hi)
	}
	at := make(map[int64]int, len(page))
	for i, m := range page {
		args = append(args, m.seq)
		at[m.seq] = i
	}
	rs, err := s.d.conn().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("searching: reading hits: %w", err)
	}
	defer rs.Close()
	hits := make([]Hit, len(page))
	found := make([]bool, len(page))
	for rs.Next() {
		var h Hit
		var seq int64
		var published *int64
		var snippet string
		if err := rs.Scan(&seq, &h.ID, &h.URL, &h.Site, &h.Title, &published, &h.Language, &snippet); err != nil {
			return nil, fmt.Errorf("searching: reading hits: %w", err)
		}
		i, ok := at[seq]
		if !ok {
			continue
		}
		h.Published = timePtr(published)
		h.Score = page[i].score
		if pq.empty() {
			h.Snippet = leadingWords(snippet, 240)
		} else {
			var spans []spanList
			h.Snippet, spans = unmark(snippet)
			for _, sp := range spans {
				h.Highlights = append(h.Highlights, article.Span{Start: sp.start, End: sp.end})
			}
		}
		hits[i], found[i] = h, true
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("searching: reading hits: %w", err)
	}
	// A document deleted since it was collected is left out.
	out := hits[:0]
	for i := range hits {
		if found[i] {
			out = append(out, hits[i])
		}
	}
	return out, nil
}

// facets counts the matches by event type (most first) and by week of
// publication (oldest first).
func facets(ms []matched) (types, weeks []Count) {
	// Documents share few distinct event_types values: count those, then
	// split each once.
	byTypes := map[string]int{}
	byWeek := map[int64]int{}
	for _, m := range ms {
		byTypes[m.types]++
		if m.published != nil {
			// Days since the epoch of the Monday starting the week
			// (1970-01-01 was a Thursday).
			day := floorDiv(*m.published, 86400)
			byWeek[day-(day+3)%7]++
		}
	}
	byType := map[string]int{}
	for ts, n := range byTypes {
		for _, t := range strings.Fields(ts) {
			byType[t] += n
		}
	}
	types = make([]Count, 0, len(byType))
	for t, n := range byType {
		types = append(types, Count{t, n})
	}
	slices.SortFunc(types, func(a, b Count) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	days := make([]int64, 0, len(byWeek))
	for d := range byWeek {
		days = append(days, d)
	}
	slices.Sort(days)
	weeks = make([]Count, 0, len(days))
	for _, d := range days {
		weeks = append(weeks, Count{time.Unix(d*86400, 0).UTC().Format(time.DateOnly), byWeek[d]})
	}
	return types, weeks
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func (s *sqlStore) Events(ctx context.Context, q Query) (*EventResults, error) {
	limit, offset, err := pageOf(q.Limit, q.Offset)
	if err != nil {
		return nil, err
	}
	return s.events(ctx, q, limit, offset)
}

// events reads one page of events matching q, newest article first,
// driven by doc_meta's date index.
func (s *sqlStore) events(ctx context.Context, q Query, limit, offset int) (*EventResults, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	pq, err := parseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	c := s.d.conn()
	f, err := s.docFilter(ctx, &q, pq, true)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	eventFilter(f, &q)
	from := ` FROM doc_meta d CROSS JOIN events ev WHERE ev.doc_id = d.id AND ` + f.where()
	res := &EventResults{Events: []EventHit{}}
	rs, err := c.query(ctx, `SELECT ev.doc_id, d.seq, ev.record, d.published`+from+
		` ORDER BY d.published DESC NULLS LAST, d.id, ev.seq LIMIT ? OFFSET ?`, append(slices.Clone(f.args), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	docIDs := map[string]bool{}
	seqs := map[int64][]int{}
	for rs.Next() {
		var h EventHit
		var rec []byte
		var seq int64
		var published *int64
		if err := rs.Scan(&h.DocID, &seq, &rec, &published); err != nil {
			rs.Close()
			return nil, fmt.Errorf("listing events: %w", err)
		}
		if err := json.Unmarshal(rec, &h.Event); err != nil {
			rs.Close()
			return nil, fmt.Errorf("listing events: decoding event of %s: %w", h.DocID, err)
		}
		h.Published = timePtr(published)
		docIDs[h.DocID] = true
		seqs[seq] = append(seqs[seq], len(res.Events))
		res.Events = append(res.Events, h)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	// Count only when the page does not say: a second pass.
	res.Total = offset + len(res.Events)
	if len(res.Events) == limit || len(res.Events) == 0 && offset > 0 {
		if err := c.queryRow(ctx, `SELECT count(*) FROM (SELECT 1`+from+` LIMIT ?) x`,
			append(slices.Clone(f.args), SearchWindow+1)...).Scan(&res.Total); err != nil {
			return nil, fmt.Errorf("listing events: counting: %w", err)
		}
		if res.Total > SearchWindow {
			res.Total, res.Capped = SearchWindow, true
		}
		// A page past the window is counted by its own end.
		res.Total = max(res.Total, offset+len(res.Events))
	}
	if len(res.Events) == 0 {
		return res, nil
	}
	if err := s.eventArticles(ctx, c, seqs, res.Events); err != nil {
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

// eventArticles fills in the URL, site and title of the events' articles,
// given the positions of the events of each document (by seq).
func (s *sqlStore) eventArticles(ctx context.Context, c conn, seqs map[int64][]int, evs []EventHit) error {
	args := make([]any, 0, len(seqs))
	for seq := range seqs {
		args = append(args, seq)
	}
	for len(args) > 0 {
		n := min(len(args), 500)
		rs, err := c.query(ctx, `SELECT seq, url, site, title FROM docs WHERE seq IN (`+placeholders(n)+`)`, args[:n]...)
		if err != nil {
			return err
		}
		for rs.Next() {
			var seq int64
			var url, site, title string
			if err := rs.Scan(&seq, &url, &site, &title); err != nil {
				rs.Close()
				return err
			}
			for _, i := range seqs[seq] {
				evs[i].URL, evs[i].Site, evs[i].Title = url, site, title
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

// entitiesOf loads the entity rows of the given documents, without
// mentions or aliases.
func (s *sqlStore) entitiesOf(ctx context.Context, c conn, docs map[string]bool) (map[string]map[string]article.Entity, error) {
	out := map[string]map[string]article.Entity{}
	ids := make([]any, 0, len(docs))
	for id := range docs {
		ids = append(ids, id)
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		rs, err := c.query(ctx, `SELECT doc_id, entity_id, name, type, kind, country, sector, kb_id, lat, lon
			FROM entities WHERE doc_id IN (`+placeholders(n)+`)`, ids[:n]...)
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var doc string
			e := article.Entity{Aliases: []string{}, Mentions: []article.Mention{}}
			if err := rs.Scan(&doc, &e.ID, &e.Name, &e.Type, &e.Kind, &e.Country, &e.Sector, &e.KBID, &e.Lat, &e.Lon); err != nil {
				rs.Close()
				return nil, err
			}
			if out[doc] == nil {
				out[doc] = map[string]article.Entity{}
			}
			out[doc][e.ID] = e
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// allChunk is how many records All reads per query.
const allChunk = 200

func (s *sqlStore) All(ctx context.Context, q Query) iter.Seq2[*article.Document, error] {
	return func(yield func(*article.Document, error) bool) {
		after := ""
		for {
			docs, err := s.allChunk(ctx, &q, after)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, d := range docs {
				if !yield(d, nil) {
					return
				}
			}
			if len(docs) < allChunk {
				return
			}
			after = docs[len(docs)-1].ID
		}
	}
}

// allChunk reads the next allChunk records matching q with ids after
// after, decoded, holding the store only while it reads.
func (s *sqlStore) allChunk(ctx context.Context, q *Query, after string) ([]*article.Document, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	pq, err := parseQuery(q.Text)
	if err != nil {
		return nil, err
	}
	f, err := s.docFilter(ctx, q, pq, false)
	if err != nil {
		return nil, fmt.Errorf("reading all documents: %w", err)
	}
	f.add(`d.id > ?`, after)
	rs, err := s.d.conn().query(ctx, `SELECT x.record FROM doc_meta d CROSS JOIN docs x WHERE x.seq = d.seq AND `+f.where()+
		` ORDER BY d.id LIMIT ?`, append(slices.Clone(f.args), allChunk)...)
	if err != nil {
		return nil, fmt.Errorf("reading all documents: %w", err)
	}
	var raw [][]byte
	for rs.Next() {
		var data []byte
		if err := rs.Scan(&data); err != nil {
			rs.Close()
			return nil, fmt.Errorf("reading all documents: %w", err)
		}
		raw = append(raw, data)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("reading all documents: %w", err)
	}
	out := make([]*article.Document, 0, len(raw))
	for _, data := range raw {
		d, err := decodeDocument(data)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
