package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// CanonicalURL returns the form of u used to de-duplicate documents: the
// scheme and host lower-cased, the fragment and a trailing slash removed,
// and "" for an empty or unparseable URL. Upstream stages canonicalise
// further (tracking parameters, AMP pages); this only irons out spelling.
func CanonicalURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	p.Scheme = strings.ToLower(p.Scheme)
	p.Host = strings.ToLower(p.Host)
	p.Fragment = ""
	p.RawFragment = ""
	s := p.String()
	if p.RawQuery == "" {
		s = strings.TrimSuffix(s, "/")
	}
	return s
}

// TextHash returns the hash used to de-duplicate documents by text: 32 hex
// characters of SHA-256 over the text with runs of white space collapsed to
// one space and the ends trimmed, so re-extraction that only changes layout
// still matches. It is "" for a text with no words.
func TextHash(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range strings.TrimSpace(text) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return ""
	}
	h := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(h[:16])
}

// normName is the form in which names are compared: lower case, single
// spaces, no leading "the".
func normName(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimPrefix(s, "the ")
}

// actorKey is the key under which an entity is aggregated across articles.
func actorKey(e *article.Entity) string {
	if e.KBID != "" {
		return "kb:" + e.KBID
	}
	return "name:" + normName(e.Name)
}

func isPlace(e *article.Entity) bool {
	return e.Lat != nil || e.Type == "GPE" || e.Type == "LOC"
}

// record is a document prepared for writing: its JSON, its hashes and its
// rows in the normalised tables, shared by both dialects.
type record struct {
	doc         *article.Document
	id          string
	url         string // canonical
	textHash    string
	contentHash string
	json        []byte
	tables      []tableRows
}

// tableRows are rows for one child table; the doc_id column comes first
// and is filled in by the writer.
type tableRows struct {
	table string
	cols  []string
	rows  [][]any
}

// child tables, in the order they are written. Deleting a document deletes
// from these (by doc_id) in reverse order.
var childTables = []string{"entities", "entity_names", "mentions", "events", "event_actors", "quotes", "claims", "quantities"}

func newRecord(doc *article.Document) (*record, error) {
	if doc == nil {
		return nil, fmt.Errorf("storing document: nil document: %w", ErrInvalid)
	}
	if doc.ID == "" {
		return nil, fmt.Errorf("storing document from %q: empty id: %w", doc.Input, ErrInvalid)
	}
	// The record leaves the tokens out, as 'sitrep analyze' does unless
	// asked: nothing reads them back, they can be computed again from the
	// text, and they are more than half of an analysed article's JSON.
	d := *doc
	d.Tokens = nil
	doc = &d
	r := &record{doc: doc, id: doc.ID, url: CanonicalURL(doc.URL), textHash: TextHash(doc.Text)}
	var err error
	if r.json, err = json.Marshal(doc); err != nil {
		return nil, fmt.Errorf("encoding document %s: %w", doc.ID, err)
	}
	r.contentHash, err = contentHash(doc, doc.ID)
	if err != nil {
		return nil, err
	}
	r.tables = rowsOf(doc)
	return r, nil
}

// contentHash hashes the JSON record as it would be stored under id,
// ignoring Input (where the copy came from is not content).
func contentHash(doc *article.Document, id string) (string, error) {
	d := *doc
	d.ID = id
	d.Input = ""
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(&d); err != nil {
		return "", fmt.Errorf("encoding document %s: %w", doc.ID, err)
	}
	h := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(h[:16]), nil
}

// rebase returns the record as it will be stored under another id (the
// stored match's), recomputing the JSON and content hash.
func (r *record) rebase(id string) error {
	if id == r.id {
		return nil
	}
	d := *r.doc
	d.ID = id
	var err error
	if r.json, err = json.Marshal(&d); err != nil {
		return fmt.Errorf("encoding document %s: %w", id, err)
	}
	if r.contentHash, err = contentHash(&d, id); err != nil {
		return err
	}
	r.id = id
	return nil
}

func nullString(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func rowsOf(doc *article.Document) []tableRows {
	ents := tableRows{table: "entities", cols: []string{"entity_id", "actor_key", "name", "type", "kind", "country", "sector", "kb_id", "is_place", "lat", "lon", "mentions"}}
	names := tableRows{table: "entity_names", cols: []string{"entity_id", "actor_key", "name", "name_norm"}}
	ments := tableRows{table: "mentions", cols: []string{"entity_id", "start_off", "end_off", "text", "reason"}}
	evs := tableRows{table: "events", cols: []string{"event_id", "seq", "type", "mode", "cameo", "modality", "negated", "place_id", "country", "lat", "lon", "date_value", "confidence", "record"}}
	evActors := tableRows{table: "event_actors", cols: []string{"event_id", "entity_id", "role"}}
	quotes := tableRows{table: "quotes", cols: []string{"quote_id", "seq", "text", "start_off", "end_off", "direct", "speaker", "speaker_text", "cue"}}
	claims := tableRows{table: "claims", cols: []string{"claim_id", "seq", "text", "start_off", "end_off", "holder", "holder_text", "cue", "hedge"}}
	quants := tableRows{table: "quantities", cols: []string{"seq", "text", "start_off", "end_off", "value", "low", "high", "unit", "approximate", "subject", "place"}}

	byID := make(map[string]*article.Entity, len(doc.Entities))
	seenEnt := make(map[string]bool, len(doc.Entities))
	for i := range doc.Entities {
		e := &doc.Entities[i]
		if seenEnt[e.ID] { // ids are unique per document; keep the first
			continue
		}
		seenEnt[e.ID] = true
		byID[e.ID] = e
		key := actorKey(e)
		ents.rows = append(ents.rows, []any{e.ID, key, e.Name, e.Type, e.Kind, e.Country, e.Sector, e.KBID, isPlace(e), nullFloat(e.Lat), nullFloat(e.Lon), len(e.Mentions)})
		seen := map[string]bool{}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			nn := normName(n)
			if nn == "" || seen[nn] {
				continue
			}
			seen[nn] = true
			names.rows = append(names.rows, []any{e.ID, key, strings.TrimSpace(n), nn})
		}
		for _, m := range e.Mentions {
			ments.rows = append(ments.rows, []any{e.ID, m.Start, m.End, m.Text, m.Reason})
		}
	}
	seenEv := map[string]bool{}
	for i, ev := range doc.Events {
		id := ev.ID
		if id == "" || seenEv[id] {
			id = fmt.Sprintf("#%d", i)
		}
		seenEv[id] = true
		var country string
		var lat, lon any
		if ev.Place != nil {
			if p := byID[*ev.Place]; p != nil {
				country, lat, lon = p.Country, nullFloat(p.Lat), nullFloat(p.Lon)
			}
		}
		var date string
		if ev.Date != nil {
			date = ev.Date.Value
		}
		rec, _ := json.Marshal(ev) // an Event always encodes
		evs.rows = append(evs.rows, []any{id, i, ev.Type, ev.Mode, ev.CAMEO, ev.Modality, ev.Negated, nullString(ev.Place), country, lat, lon, date, ev.Confidence, string(rec)})
		seenRole := map[string]bool{}
		for _, a := range ev.Actors {
			if !seenRole["a"+a] {
				seenRole["a"+a] = true
				evActors.rows = append(evActors.rows, []any{id, a, "actor"})
			}
		}
		for _, a := range ev.Recipients {
			if !seenRole["r"+a] {
				seenRole["r"+a] = true
				evActors.rows = append(evActors.rows, []any{id, a, "recipient"})
			}
		}
	}
	for i, q := range doc.Quotes {
		quotes.rows = append(quotes.rows, []any{q.ID, i, q.Text, q.Start, q.End, q.Direct, nullString(q.Speaker), q.SpeakerText, q.Cue})
	}
	for i, c := range doc.Claims {
		claims.rows = append(claims.rows, []any{c.ID, i, c.Text, c.Start, c.End, nullString(c.Holder), c.HolderText, c.Cue, c.Hedge})
	}
	for i, q := range doc.Quantities {
		quants.rows = append(quants.rows, []any{i, q.Text, q.Start, q.End, q.Value, nullFloat(q.Low), nullFloat(q.High), q.Unit, q.Approximate, nullString(q.Subject), nullString(q.Place)})
	}
	return []tableRows{ents, names, ments, evs, evActors, quotes, claims, quants}
}

// decodeDocument decodes a stored JSON record, making every list non-nil.
func decodeDocument(data []byte) (*article.Document, error) {
	d := article.New()
	if err := json.Unmarshal(data, d); err != nil {
		return nil, fmt.Errorf("decoding stored document: %w", err)
	}
	if d.Paragraphs == nil {
		d.Paragraphs = []article.Span{}
	}
	if d.Sentences == nil {
		d.Sentences = []article.Span{}
	}
	if d.Related == nil {
		d.Related = []article.Link{}
	}
	if d.Entities == nil {
		d.Entities = []article.Entity{}
	}
	if d.Dates == nil {
		d.Dates = []article.Date{}
	}
	if d.Quotes == nil {
		d.Quotes = []article.Quote{}
	}
	if d.Claims == nil {
		d.Claims = []article.Claim{}
	}
	if d.Quantities == nil {
		d.Quantities = []article.Quantity{}
	}
	if d.Events == nil {
		d.Events = []article.Event{}
	}
	return d, nil
}
