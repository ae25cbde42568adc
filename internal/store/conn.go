package store

import (
	"context"
	"errors"
)

// errNoRows is what a row's Scan returns when the query found nothing, in
// both dialects.
var errNoRows = errors.New("no rows")

// conn is the little of a database connection the shared code needs; each
// dialect adapts its driver to it. Queries are written with ? placeholders
// and the PostgreSQL adapter numbers them.
type conn interface {
	exec(ctx context.Context, q string, args ...any) (affected int64, err error)
	query(ctx context.Context, q string, args ...any) (rows, error)
	queryRow(ctx context.Context, q string, args ...any) row
}

type rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

type row interface {
	Scan(dest ...any) error
}

// tx is a write transaction.
type tx interface {
	conn
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
}

// dialect holds what differs between SQLite and PostgreSQL beyond the
// driver: full-text search and locking.
type dialect interface {
	name() string
	// textCond is a condition on doc_meta d true for documents matching a
	// full-text query, taking the argument textArg returns.
	textCond() string
	textArg(p *parsedQuery) string
	// contains is a condition that the text column col contains the
	// argument, case-sensitively.
	contains(col string) string
	// nearCond is a condition on doc_meta d true for documents naming a
	// place within c, with its arguments.
	nearCond(c *Circle) (string, []any)
	// rankQuery returns the query collecting the documents matching a
	// full-text query and conds (on doc_meta d), the newest stored first:
	// columns seq, published, event_types, score (larger is better, or 0
	// when rank computes it); args are the text argument, then conds'
	// arguments, then the limit.
	rankQuery(conds string) string
	// rank sets the scores of the documents rankQuery collected for p,
	// when rankQuery did not; ms is in collecting order.
	rank(ctx context.Context, p *parsedQuery, ms []matched) error
	// snippetQuery returns the query reading n documents by seq with a
	// snippet of the passage matching a full-text query: columns seq, id,
	// url, site, title, published, language, snippet with \x02 \x03
	// around matches; args are the text argument, the lowest and highest
	// of the seqs, then the n seqs.
	snippetQuery(n int) string
	// lock takes transaction-scoped locks on keys, in order, so that
	// concurrent writers of the same document queue up.
	lock(ctx context.Context, t tx, keys []string) error
	// unindex is called before a stored document's title or text is
	// replaced, and index after a batch, with every id inserted or updated
	// in it; they keep a full-text index that is not maintained by the
	// database in step.
	unindex(ctx context.Context, t tx, id string) error
	index(ctx context.Context, t tx, ids []string) error
	// begin starts a write transaction; the returned release must be
	// called after commit or rollback.
	begin(ctx context.Context) (tx, func(), error)
	// conn is for reads and single statements.
	conn() conn
	close() error
}
