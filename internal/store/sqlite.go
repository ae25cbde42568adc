package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"

	"modernc.org/sqlite" // the "sqlite" database/sql driver
)

// OpenSQLite opens (creating if needed) the SQLite database in the file at
// path and brings its schema up to date. The database is in WAL mode, so
// readers run alongside the one writer; writes from this process are
// serialised in Go, and other processes wait up to busy timeout (10 s).
func OpenSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("opening SQLite database %q: want a file path without ? or #: %w", path, ErrInvalid)
	}
	if err := registerFuncs(); err != nil {
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)",
		"foreign_keys(ON)", "cache_size(-65536)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	db.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	db.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	d := &sqliteDialect{db: db}
	if err := migrate(ctx, d); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	return &sqlStore{d: d}, nil
}

// registerFuncs registers the SQL functions the SQLite queries use, once
// per process (the driver keeps them for every connection it opens).
var registerFuncs = sync.OnceValue(func() error {
	return sqlite.RegisterDeterministicScalarFunction("sitrep_near", 4, sqlNear)
})

// sqlNear is sitrep_near(points, lat, lon, radius_km): whether one of the
// points of a doc_meta.points value lies within radius_km of (lat, lon).
func sqlNear(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	points, _ := args[0].(string)
	var c Circle
	for i, p := range []*float64{&c.Lat, &c.Lon, &c.RadiusKm} {
		switch v := args[i+1].(type) {
		case float64:
			*p = v
		case int64:
			*p = float64(v)
		default:
			return nil, fmt.Errorf("sitrep_near: argument %d is %T, want a number", i+2, v)
		}
	}
	if pointsNear(points, &c) {
		return int64(1), nil
	}
	return int64(0), nil
}

type sqliteDialect struct {
	db *sql.DB
	// stmts caches the prepared read statements by their text (see
	// readConn); preparing a search statement costs 50 to 150 µs.
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
	// writeMu serialises write transactions: SQLite has one writer, and
	// waiting here is cheaper and fairer than in the busy handler.
	writeMu sync.Mutex
}

func (*sqliteDialect) name() string { return "sqlite" }
func (*sqliteDialect) textCond() string {
	return `d.seq IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH ?)`
}
func (*sqliteDialect) contains(col string) string { return `instr(` + col + `, ?) > 0` }
func (*sqliteDialect) textArg(p *parsedQuery) string {
	return p.fts5()
}

// nearCond reads the points of the doc_meta row (see sqlNear): about a
// microsecond a row, where probing the entities took seven.
func (*sqliteDialect) nearCond(c *Circle) (string, []any) {
	return `sitrep_near(d.points, ?, ?, ?)`, []any{c.Lat, c.Lon, c.RadiusKm}
}

// rankQuery collects the newest matches in rowid order, unscored: rank
// scores them. CROSS JOIN keeps docs_fts the outer loop, read in rowid
// order: with doc_meta outer (as the planner may choose when another
// filter is selective) FTS5 would re-run the full-text query once per row.
func (*sqliteDialect) rankQuery(conds string) string {
	return `SELECT d.seq, d.published, d.event_types, 0
		FROM docs_fts CROSS JOIN doc_meta d ON d.seq = docs_fts.rowid
		WHERE docs_fts MATCH ? AND ` + conds + `
		ORDER BY docs_fts.rowid DESC LIMIT ?`
}

// titleWeight is how much more a query group (a word, a phrase, or
// alternatives joined by OR) counts in a document's title than only in
// its text.
const titleWeight = 10

// rank scores each collected document by the query groups found in its
// title: titleWeight for each, 1 for each found only in the text. FTS5's
// bm25 would also weigh how often the words occur and how rare they are,
// but it reads each phrase's whole document list for its frequency and
// each match's column sizes, which took two thirds of a text search at
// 100k documents (docs/search.md). Here each group costs one look-up in
// docs_title_fts, the titles' own index, limited to the rowids the window
// spans.
func (d *sqliteDialect) rank(ctx context.Context, p *parsedQuery, ms []matched) error {
	if len(ms) == 0 {
		return nil
	}
	at := make(map[int64]int, len(ms))
	lo, hi := ms[0].seq, ms[0].seq
	for i, m := range ms {
		at[m.seq] = i
		lo, hi = min(lo, m.seq), max(hi, m.seq)
		ms[i].score = float64(len(p.groups))
	}
	c := d.conn()
	for _, g := range p.groups {
		alts := make([]string, len(g))
		for i, t := range g {
			alts[i] = t.fts5()
		}
		rs, err := c.query(ctx, `SELECT rowid FROM docs_title_fts WHERE docs_title_fts MATCH ? AND rowid BETWEEN ? AND ?`,
			strings.Join(alts, " OR "), lo, hi)
		if err != nil {
			return err
		}
		for rs.Next() {
			var seq int64
			if err := rs.Scan(&seq); err != nil {
				rs.Close()
				return err
			}
			if i, ok := at[seq]; ok {
				ms[i].score += titleWeight - 1
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	return nil
}

// snippetQuery: the rowid range is what FTS5 uses (the unary + keeps
// SQLite from running the full-text query once per value of the IN list);
// snippet then tokenizes each document of the page.
func (*sqliteDialect) snippetQuery(n int) string {
	return `SELECT d.seq, d.id, d.url, d.site, d.title, d.published, d.language,
		snippet(docs_fts, -1, char(2), char(3), '…', 24)
		FROM docs_fts CROSS JOIN docs d ON d.seq = docs_fts.rowid
		WHERE docs_fts MATCH ? AND docs_fts.rowid BETWEEN ? AND ? AND +docs_fts.rowid IN (` + placeholders(n) + `)`
}

func (*sqliteDialect) unindex(ctx context.Context, t tx, id string) error {
	if _, err := t.exec(ctx, `INSERT INTO docs_fts (docs_fts, rowid, title, text)
		SELECT 'delete', seq, title, text FROM docs WHERE id = ?`, id); err != nil {
		return err
	}
	_, err := t.exec(ctx, `INSERT INTO docs_title_fts (docs_title_fts, rowid, title)
		SELECT 'delete', seq, title FROM docs WHERE id = ?`, id)
	return err
}

// index adds the documents to docs_fts in one statement per chunk.
func (*sqliteDialect) index(ctx context.Context, t tx, ids []string) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		if _, err := t.exec(ctx, `INSERT INTO docs_fts (rowid, title, text)
			SELECT seq, title, text FROM docs WHERE id IN (`+placeholders(n)+`)`, args...); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO docs_title_fts (rowid, title)
			SELECT seq, title FROM docs WHERE id IN (`+placeholders(n)+`)`, args...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// lock is a no-op: writeMu and BEGIN IMMEDIATE already serialise writers.
func (*sqliteDialect) lock(context.Context, tx, []string) error { return nil }

func (d *sqliteDialect) begin(ctx context.Context) (tx, func(), error) {
	d.writeMu.Lock()
	t, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		d.writeMu.Unlock()
		return nil, nil, err
	}
	return &sqliteTx{sqliteConn: sqliteConn{t}, t: t, stmts: map[string]*sql.Stmt{}}, d.writeMu.Unlock, nil
}

func (d *sqliteDialect) conn() conn { return readConn{sqliteConn{d.db}, d} }
func (d *sqliteDialect) close() error {
	d.stmtMu.Lock()
	for _, st := range d.stmts {
		st.Close()
	}
	d.stmts = nil
	d.stmtMu.Unlock()
	return d.db.Close()
}

// maxStmts bounds the statement cache: statements differ by the filters
// and the lengths of IN lists, so the set is finite but can be large.
const maxStmts = 256

// stmt returns the cached prepared statement for q, preparing it on first
// use; nil when the cache is full or preparing failed (the caller then
// runs q unprepared, and reports any error from there).
func (d *sqliteDialect) stmt(ctx context.Context, q string) *sql.Stmt {
	d.stmtMu.Lock()
	defer d.stmtMu.Unlock()
	if st, ok := d.stmts[q]; ok {
		return st
	}
	if len(d.stmts) >= maxStmts {
		return nil
	}
	st, err := d.db.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if d.stmts == nil {
		d.stmts = map[string]*sql.Stmt{}
	}
	d.stmts[q] = st
	return st
}

// readConn runs reads through the dialect's statement cache.
type readConn struct {
	sqliteConn
	d *sqliteDialect
}

func (c readConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	st := c.d.stmt(ctx, q)
	if st == nil {
		return c.sqliteConn.query(ctx, q, args...)
	}
	rs, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rs}, nil
}

func (c readConn) queryRow(ctx context.Context, q string, args ...any) row {
	st := c.d.stmt(ctx, q)
	if st == nil {
		return c.sqliteConn.queryRow(ctx, q, args...)
	}
	return sqlRow{st.QueryRowContext(ctx, args...)}
}

// sqlRunner is what *sql.DB and *sql.Tx share.
type sqlRunner interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

type sqliteConn struct{ r sqlRunner }

func (c sqliteConn) exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := c.r.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c sqliteConn) query(ctx context.Context, q string, args ...any) (rows, error) {
	rs, err := c.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rs}, nil
}

func (c sqliteConn) queryRow(ctx context.Context, q string, args ...any) row {
	return sqlRow{c.r.QueryRowContext(ctx, q, args...)}
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

type sqlRow struct{ *sql.Row }

func (r sqlRow) Scan(dest ...any) error {
	err := r.Row.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoRows
	}
	return err
}

// sqliteTx is a write transaction. It keeps the statements it executes
// prepared until it ends: a batch of documents runs the same few INSERTs
// (see insertSizes) many times, and modernc.org/sqlite would otherwise
// parse each statement again at each call.
type sqliteTx struct {
	sqliteConn
	t     *sql.Tx
	stmts map[string]*sql.Stmt
}

func (t *sqliteTx) exec(ctx context.Context, q string, args ...any) (int64, error) {
	st := t.stmts[q]
	if st == nil {
		var err error
		if st, err = t.t.PrepareContext(ctx, q); err != nil {
			return 0, err
		}
		t.stmts[q] = st
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// commit and rollback also close the prepared statements (database/sql
// closes a transaction's statements when it ends).
func (t *sqliteTx) commit(context.Context) error   { return t.t.Commit() }
func (t *sqliteTx) rollback(context.Context) error { return t.t.Rollback() }
