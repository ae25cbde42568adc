package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
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
	var changed []string
	// pending are the documents written in this batch whose doc_meta row
	// and actor tallies are written after the loop, in a few statements
	// for the whole batch.
	pending := map[string]*record{}
	for i, r := range recs {
		if results[i], err = s.put(ctx, t, r, pending); err != nil {
			return nil, fmt.Errorf("storing document %s: %w", docs[i].ID, err)
		}
		if results[i] != Unchanged {
			changed = append(changed, r.id)
			pending[r.id] = r
		}
	}
	if err := s.d.index(ctx, t, changed); err != nil {
		return nil, fmt.Errorf("storing documents: indexing text: %w", err)
	}
	if err := writeMeta(ctx, t, pending); err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
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

func (s *sqlStore) put(ctx context.Context, t tx, r *record, pending map[string]*record) (PutResult, error) {
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
		if err := s.updateDoc(ctx, t, r, pending[r.id] != nil); err != nil {
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

// updateDoc replaces a stored document's row and rows. pending says that
// it was written earlier in the same batch and its tallies are not yet
// counted.
func (s *sqlStore) updateDoc(ctx context.Context, t tx, r *record, pending bool) error {
	if err := s.d.unindex(ctx, t, r.id); err != nil {
		return fmt.Errorf("updating: unindexing text: %w", err)
	}
	args := append(docArgs(r), r.id)
	if _, err := t.exec(ctx, `UPDATE docs SET url = ?, site = ?, site_norm = ?, title = ?, published = ?,
		language = ?, text = ?, text_hash = ?, content_hash = ?, input = ?, record = ?, stored_at = ?
		WHERE id = ?`, args...); err != nil {
		return fmt.Errorf("updating: %w", err)
	}
	if !pending {
		if err := subtractTallies(ctx, t, r.id); err != nil {
			return err
		}
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

// insertSizes are the row counts of the multi-row INSERTs, largest first:
// few distinct statements, so that prepared statements are reused (by the
// SQLite transaction, and by pgx's statement cache) instead of parsed
// again for every document.
var insertSizes = []int{128, 32, 8, 1}

// insertSize is how many of n remaining rows the next INSERT takes: the
// largest of insertSizes that fits, at most per (the parameter bound).
func insertSize(n, per int) int {
	for _, s := range insertSizes {
		if s <= n && s <= per {
			return s
		}
	}
	return 1
}

func (s *sqlStore) insertRows(ctx context.Context, t tx, r *record) error {
	for _, tr := range r.tables {
		if len(tr.rows) == 0 {
			continue
		}
		width := len(tr.cols) + 1
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
		per := max(1, maxParams/width)
		for start := 0; start < len(tr.rows); {
			n := insertSize(len(tr.rows)-start, per)
			chunk := tr.rows[start : start+n]
			start += n
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

// lookupChunk is how many ids Lookup asks for in one query (each id is
// two parameters).
const lookupChunk = 500

func (s *sqlStore) Lookup(ctx context.Context, ids []string) (map[string]Stored, error) {
	done, err := s.enter()
	if err != nil {
		return nil, err
	}
	defer done()
	found := make(map[string]Stored, len(ids))
	c := s.d.conn()
	for len(ids) > 0 {
		n := min(len(ids), lookupChunk)
		args := make([]any, 0, 2*n)
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		args = append(args, args...)
		const cols = `d.id, d.url, d.title, d.site, d.text_hash, d.published`
		rs, err := c.query(ctx, `SELECT d.id, `+cols+` FROM docs d WHERE d.id IN (`+placeholders(n)+`)
			UNION ALL SELECT a.alias, `+cols+` FROM doc_aliases a JOIN docs d ON d.id = a.doc_id
			WHERE a.alias IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("looking up %d documents: %w", n, err)
		}
		for rs.Next() {
			var key string
			var st Stored
			var published *int64
			if err := rs.Scan(&key, &st.ID, &st.URL, &st.Title, &st.Site, &st.TextHash, &published); err != nil {
				rs.Close()
				return nil, fmt.Errorf("looking up documents: %w", err)
			}
			st.Published = timePtr(published)
			found[key] = st
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return nil, fmt.Errorf("looking up documents: %w", err)
		}
		ids = ids[n:]
	}
	return found, nil
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
	if err := subtractTallies(ctx, t, stored); err != nil {
		return fmt.Errorf("deleting document %q: %w", id, err)
	}
	if err := deleteRows(ctx, t, stored); err != nil {
		return fmt.Errorf("deleting document %q: %w", id, err)
	}
	if _, err := t.exec(ctx, `DELETE FROM doc_meta WHERE id = ?`, stored); err != nil {
		return fmt.Errorf("deleting document %q: doc_meta: %w", id, err)
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
		(SELECT count(*) FROM actor_stats), (SELECT count(*) FROM events),
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
