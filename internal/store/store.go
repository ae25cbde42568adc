// Package store keeps Sitrep's records: every analysed Document, as the
// JSON record the pipeline produced and as normalised rows (entities and
// their names and mentions, events and their actors, quotes, claims,
// quantities) so that search filters are SQL over indexed columns, never
// scans of JSON.
//
// Two implementations sit behind the one Store contract and one contract
// test suite (package storetest): SQLite through modernc.org/sqlite (pure
// Go, one file, WAL, FTS5; see docs/search.md) and PostgreSQL through
// github.com/jackc/pgx/v5 (tsvector with a GIN index, websearch_to_tsquery,
// ts_headline). Open picks one from a DSN. Each dialect's schema is a set
// of numbered SQL files embedded in the binary and applied in a transaction
// at Open, recorded in schema_migrations.
//
// Documents are keyed by Document.ID, and also de-duplicated by canonical
// URL and by a hash of the text, so re-ingesting an article never makes a
// second record; see Store.Put for the rules.
//
// Reads are bounded so that they stay fast at 100k documents and beyond.
// Search, Events and Incidents filter and order doc_meta, a narrow copy of
// each document's filter columns (date, outlet, language, event types,
// actor keys, place countries) kept in the same transaction as the
// document, and touch the wide docs rows only for the page shown. Search
// collects at most SearchWindow matches in one query and computes the
// count, facets and ranking from them (Results.Capped says when more
// matched, as a search engine's "2,000+"). Actors reads per-actor tallies
// (actor_stats, actor_values) updated on every write instead of grouping
// every entity row. All streams records in id order a chunk at a time.
package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// Sentinel errors, checked with errors.Is.
var (
	// ErrNotFound means no record has the given key.
	ErrNotFound = errors.New("store: not found")
	// ErrInvalid means an argument was unusable: a nil document, an empty
	// id, a malformed query or DSN. The error wrapping it says which.
	ErrInvalid = errors.New("store: invalid argument")
	// ErrClosed means the Store was used after Close.
	ErrClosed = errors.New("store: closed")
)

// PutResult says what Put did with a document.
type PutResult int

// Put results.
const (
	// Inserted: no stored record had the document's id, canonical URL or
	// text; a new record was made.
	Inserted PutResult = iota + 1
	// Updated: a stored record matched and its content was replaced.
	Updated
	// Unchanged: a stored record matched and already held this content;
	// nothing was written.
	Unchanged
)

func (r PutResult) String() string {
	switch r {
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	case Unchanged:
		return "unchanged"
	}
	return fmt.Sprintf("PutResult(%d)", int(r))
}

// Store is a durable home for analysed documents.
//
// Ownership: a Store never keeps or modifies a *article.Document passed to
// it; it stores a copy (the JSON record) before Put returns. Every value a
// Store returns is newly allocated and owned by the caller.
//
// Concurrency: all methods are safe for concurrent use by many goroutines
// and by several processes sharing one database. Writes of one document are
// atomic: readers see the old record or the new one, never a mixture.
//
// Results: a method returning a single record returns ErrNotFound when
// there is none. A method returning a list returns an empty, non-nil list
// and a nil error when nothing matches; never ErrNotFound.
//
// Every method takes a context; cancelling it abandons the call and rolls
// back any write in progress. After Close every method returns ErrClosed.
type Store interface {
	// Put stores doc, an upsert keyed by doc.ID that also de-duplicates:
	//
	//  1. A stored record with doc.ID is the match.
	//  2. Otherwise a stored record with the same canonical URL (see
	//     CanonicalURL) is the match.
	//  3. Otherwise a stored record with the same text (see TextHash) is the
	//     match; but when both have URLs and the URLs differ, the document
	//     is taken to be a copy of the stored one at another address
	//     (syndication) and the stored record is kept: Unchanged.
	//
	// With no match the document is Inserted. With a match whose content
	// (the JSON record, ignoring Input) is identical, Put writes nothing and
	// reports Unchanged; otherwise the record is replaced in place, keeping
	// the stored ID, and Put reports Updated. When the match has another ID,
	// doc.ID becomes an alias: Get and Delete accept it. A successful Put
	// clears any failure recorded for doc.Input.
	//
	// doc.ID must be non-empty (ErrInvalid otherwise).
	Put(ctx context.Context, doc *article.Document) (PutResult, error)

	// PutBatch is Put for many documents in one transaction: all are stored
	// or none are. results[i] is the outcome for docs[i]. It is the fast
	// path for ingest.
	PutBatch(ctx context.Context, docs []*article.Document) (results []PutResult, err error)

	// Lookup tells which of ids name a stored record (directly or as an
	// alias) and what is stored there, keyed by the id asked for; ids not
	// stored are absent from the map, which is never nil. It reads a few
	// indexed columns, never the record, so that ingest can skip an
	// article whose stored copy already has its text and metadata (see
	// Stored.Same) before analysing it.
	Lookup(ctx context.Context, ids []string) (map[string]Stored, error)

	// Get returns the record stored under id (or an alias of it), or
	// ErrNotFound. The returned document's lists are non-nil, as from
	// article.New; fields the JSON record does not hold (Tokens, POS,
	// Names) are empty.
	Get(ctx context.Context, id string) (*article.Document, error)

	// Delete removes the record stored under id (or an alias of it), with
	// all its rows and aliases, or returns ErrNotFound.
	Delete(ctx context.Context, id string) error

	// Search returns one page of the documents matching q, best first
	// when q.Text is set and newest first otherwise, with the total number
	// of matches and facets over all of them (not just the page), within
	// SearchWindow: see Results.Capped.
	Search(ctx context.Context, q Query) (*Results, error)

	// Events returns one page of the events in documents matching q, whose
	// own type, modality, actors and place match q's filters, newest
	// article first.
	Events(ctx context.Context, q Query) (*EventResults, error)

	// Actors returns one page of actors (entities aggregated across
	// articles by knowledge-base id, or by normalised name when there is
	// none) matching f, most articles first.
	Actors(ctx context.Context, f ActorFilter) ([]Actor, error)

	// Actor returns the actor whose key (Actor.Key), knowledge-base id,
	// entity id, name or alias is key (case-insensitive for names), or
	// ErrNotFound. When a name is shared by several actors, the one named
	// in most articles wins.
	Actor(ctx context.Context, key string) (*Actor, error)

	// Incidents groups the events matching q (selected as Events selects
	// them, newest article first, at most IncidentWindow of them) into
	// incidents: reports from one or more articles of the same happening.
	// Two reports are of one incident when they have the same type, the
	// same place (the same actor key, or within IncidentKm of each other),
	// overlapping actors (an actor or recipient in common, or none named
	// by either) and dates within IncidentDays of each other; events that
	// did not happen (negated, future, hypothetical) are left out. The
	// page (q.Limit, q.Offset) is of incidents, most reported first.
	// Figures the reports give (Event.Count) are kept side by side, never
	// averaged, and flagged when they disagree.
	Incidents(ctx context.Context, q Query) (*IncidentResults, error)

	// All yields every stored document matching q's filters (q.Limit and
	// q.Offset are ignored), in id order, reading a few hundred records at
	// a time, so that memory stays bounded however many match. It holds no
	// lock or connection between reads: documents stored or deleted while
	// it runs may or may not be seen. An error ends the sequence.
	All(ctx context.Context, q Query) iter.Seq2[*article.Document, error]

	// Stats counts what is stored.
	Stats(ctx context.Context) (*Stats, error)

	// RecordFailure notes that input could not be processed, and why.
	// permanent means retrying will not help (bad input). Recording the
	// same input again replaces the reason and counts the attempt.
	RecordFailure(ctx context.Context, input, reason string, permanent bool) error

	// ListFailures returns the recorded failures, most recent first.
	ListFailures(ctx context.Context) ([]Failure, error)

	// ClearFailure forgets the failure recorded for input, or returns
	// ErrNotFound.
	ClearFailure(ctx context.Context, input string) error

	// Close releases the database. It waits for calls in progress.
	Close() error
}

// Stored is what Lookup reports of a stored document.
type Stored struct {
	// ID is the stored record's id; the id looked up may be an alias.
	ID string
	// URL is the canonical URL (see CanonicalURL); TextHash is TextHash of
	// the text.
	URL, Title, Site, TextHash string
	Published                  *time.Time
}

// Same reports whether doc, as extracted and before analysis, has the text,
// title, address, outlet and date of the stored record, so that analysing
// and storing it again would most likely change nothing. It does not see
// a changed byline or dek alone, nor a new version of the analysis: a
// caller that must catch those analyses and Puts anyway (Put compares the
// whole record).
func (s Stored) Same(doc *article.Document) bool {
	if s.TextHash != TextHash(doc.Text) || s.URL != CanonicalURL(doc.URL) || s.Title != doc.Title || s.Site != doc.Site {
		return false
	}
	if (s.Published == nil) != (doc.Published == nil) {
		return false
	}
	return s.Published == nil || s.Published.Unix() == doc.Published.Unix()
}

// Query selects documents or events. The zero Query matches everything.
// String filters are exact matches (case-insensitive); empty means any.
type Query struct {
	// Text is a full-text query in web-search syntax: words (all must
	// match, stemmed), "quoted phrases", -excluded words, OR between
	// alternatives, and word* for prefixes (SQLite only; PostgreSQL
	// ignores the star).
	Text string
	// Actor is an entity's id, its knowledge-base id, an Actor.Key, or a
	// name or alias (case-insensitive) of an actor, which matches every
	// article naming that actor by any name. For Events it must be one of
	// the event's actors or recipients.
	Actor string
	// EventType is a PLOVER event type such as "ASSAULT".
	EventType string
	// Modality is an event modality such as "asserted".
	Modality string
	// Country is an ISO 3166-1 alpha-3 code of a place named in the
	// document (for Events: the event's place).
	Country string
	// Near, when set, keeps documents naming a place (for Events: events
	// whose place is) within Near.RadiusKm of Near.Lat, Near.Lon.
	Near *Circle
	// From and To bound the publication time: From <= published < To.
	// Zero means unbounded. Documents without a date match only when both
	// are zero.
	From, To time.Time
	// Site is the outlet's site name, as on Document.Site.
	Site string
	// Language is the document's language code, as on Document.Language.
	Language string
	// Limit is the page size: 0 means 20; at most 500.
	Limit int
	// Offset skips that many results.
	Offset int
}

// Circle is a point and a radius, for place filters. Distances use an
// equirectangular approximation, accurate to well under 1% for radii of a
// few hundred kilometres away from the poles.
type Circle struct {
	Lat, Lon float64
	RadiusKm float64
}

// Limits of Query.Limit.
const (
	DefaultLimit = 20
	MaxLimit     = 500
)

// Results is one page of search results.
type Results struct {
	// Total is the number of matching documents, all pages together, at
	// most SearchWindow.
	Total int
	// Capped says that more than SearchWindow documents match: Total is
	// a lower bound ("10,000+"), the facets count the SearchWindow
	// collected (see SearchWindow), and a text query's pages end there.
	Capped bool
	Hits   []Hit
	// EventTypes counts matching documents by the event types they hold
	// (a document with two types counts once under each).
	EventTypes []Count
	// Weeks counts matching documents by the week of publication, keyed by
	// the date of that week's Monday ("2006-01-02"), oldest first.
	// Undated documents are not counted.
	Weeks []Count
}

// Count is one facet value and the number of documents having it.
type Count struct {
	Value string
	Count int
}

// Hit is one matching document, without its annotations (use Get).
type Hit struct {
	ID        string
	URL       string
	Site      string
	Title     string
	Published *time.Time
	Language  string
	// Snippet is plain text from the document: the passage that best
	// matches Query.Text, or the opening words when there is none. It is
	// article text and must be escaped before display.
	Snippet string
	// Highlights are the byte ranges of Snippet that matched the query.
	Highlights []article.Span
	// Score is the relevance, larger is better; 0 without Query.Text.
	Score float64
}

// EventResults is one page of events.
type EventResults struct {
	// Total is the number of matching events, all pages together, at
	// most SearchWindow; Capped says that more match.
	Total  int
	Capped bool
	Events []EventHit
}

// EventHit is an event with the article it was found in and its place.
type EventHit struct {
	Event     article.Event
	DocID     string
	URL       string
	Site      string
	Title     string
	Published *time.Time
	// Place is the event's place entity, when it has one.
	Place *article.Entity
	// Actors and Recipients resolve Event.Actors and Event.Recipients to
	// the article's entities, in order; ids that name no entity are
	// left out.
	Actors     []article.Entity
	Recipients []article.Entity
}

// Incident grouping, see Store.Incidents.
const (
	// IncidentWindow is how many of the newest matching events Incidents
	// groups.
	IncidentWindow = 500
	// IncidentDays is how far apart (in days) two reports of one incident
	// may date it: sources often date a happening by the day they report
	// it, a day or two late.
	IncidentDays = 2
	// IncidentKm is how far apart two located places may be and still be
	// the place of one incident.
	IncidentKm = 10
)

// IncidentResults is one page of incidents.
type IncidentResults struct {
	// Total is the number of incidents among the events read.
	Total int
	// Events is how many events were read; Capped says that more matched
	// than IncidentWindow and only the newest were grouped.
	Events int
	Capped bool
	// Incidents are most reported first: by articles, then sources, then
	// the latest day.
	Incidents []Incident
}

// Incident is one happening as one or more articles report it.
type Incident struct {
	Type string
	// Actors and Recipients name every actor the reports give, by the
	// name most reports use, sorted.
	Actors     []string
	Recipients []string
	// Place is the place of the first report that names one.
	Place *article.Entity
	// From and To are the first and last day the reports give, as
	// "2006-01-02" (the event's date, else the article's publication
	// day); both are "" when no report is dated.
	From, To string
	// Mentions are the reports, newest article first.
	Mentions []EventHit
	// Sources are the distinct outlets (Hit.Site) reporting it, sorted;
	// Articles counts the distinct articles.
	Sources  []string
	Articles int
	// Figures are the counts the reports give (Event.Count), one per
	// report that has one, in the order of Mentions.
	Figures []Figure
	// Conflicting is set when Figures disagree.
	Conflicting bool
}

// Figure is one report's count for an incident.
type Figure struct {
	Value   float64
	DocID   string
	EventID string
	Site    string
}

// ActorFilter selects actors. The zero value matches all.
type ActorFilter struct {
	// Name keeps actors with a name or alias containing it
	// (case-insensitive).
	Name string
	// Type, Kind, Country and Sector match Entity fields exactly.
	Type, Kind, Country, Sector string
	// Limit is the page size: 0 means 20; at most 500. Offset skips.
	Limit, Offset int
}

// Actor is an entity aggregated across the articles that name it.
type Actor struct {
	// Key identifies the actor: "kb:" and the knowledge-base id when there
	// is one, else "name:" and the normalised name.
	Key  string
	KBID string
	// Name is the name most articles use.
	Name string
	Type string
	Kind string
	// Country and Sector are the most common non-empty values.
	Country string
	Sector  string
	// Aliases are every other name the actor is known by, sorted.
	Aliases []string
	// Articles counts documents naming the actor; Mentions counts the
	// mentions in them.
	Articles int
	Mentions int
	// Lat and Lon are set for places.
	Lat, Lon *float64
}

// Stats counts what is stored.
type Stats struct {
	Documents  int
	Entities   int // entity records, one per article per entity
	Actors     int // distinct Actor keys
	Events     int
	Quotes     int
	Claims     int
	Quantities int
	Failures   int
	// Oldest and Newest bound publication times; nil when no document is
	// dated.
	Oldest, Newest *time.Time
	// Schema is the highest migration applied.
	Schema int
}

// Failure is an input that could not be processed.
type Failure struct {
	Input     string
	Reason    string
	Permanent bool
	Attempts  int
	FirstSeen time.Time
	LastSeen  time.Time
}

// Open opens the store named by dsn, creating and migrating it as needed:
//
//	""                         SQLite file sitrep.db in the working directory
//	"path/to/file.db"          SQLite file
//	"sqlite:path/to/file.db"   SQLite file
//	"postgres://..."           PostgreSQL (also "postgresql://...")
//
// Choosing the default (such as from SITREP_DB) is the caller's job.
func Open(ctx context.Context, dsn string) (Store, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return OpenPostgres(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite:"):
		return OpenSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case dsn == "":
		return OpenSQLite(ctx, "sitrep.db")
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("opening store %q: unknown scheme (want a file path, sqlite:path or postgres://): %w", dsn, ErrInvalid)
	}
	return OpenSQLite(ctx, dsn)
}
