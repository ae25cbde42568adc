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
	// textCond is a condition on docs d true for documents matching a
	// full-text query, taking the argument textArg returns.
	textCond() string
	textArg(p *parsedQuery) string
	// searchPage returns the query for one ranked page of full-text
	// results: columns id, url, site, title, published, language, snippet
	// with \x02 \x03 around matches, score; args are the text argument,
	// then conds' arguments, then limit and offset.
	searchPage(conds string) string
	// lock takes transaction-scoped locks on keys, in order, so that
	// concurrent writers of the same document queue up.
	lock(ctx context.Context, t tx, keys []string) error
	// begin starts a write transaction; the returned release must be
	// called after commit or rollback.
	begin(ctx context.Context) (tx, func(), error)
	// conn is for reads and single statements.
	conn() conn
	close() error
}
