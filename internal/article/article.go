// Package article is the shared vocabulary of Sitrep: the Document every
// stage reads and writes, and the annotations stages attach to it.
//
// Every annotation carries byte offsets into Document.Text (Start inclusive,
// End exclusive), so that each fact can be traced to the words it came from.
// The package holds data types and small helpers only; it imports nothing
// from the rest of the project.
package article

import "time"

// SchemaVersion is the version of the JSON record written by Sitrep. It
// changes when a field is removed or changes meaning; new fields may be added
// within a version. See docs/schema.md.
const SchemaVersion = "1"

// Span is a half-open byte range [Start, End) into Document.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return o.Start >= s.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Token is a word, number or punctuation mark. Kind is one of the Token*
// constants.
type Token struct {
	Start int       `json:"start"`
	End   int       `json:"end"`
	Kind  TokenKind `json:"kind"`
}

// Span returns the token's byte range.
func (t Token) Span() Span { return Span{t.Start, t.End} }

// TokenKind says what sort of token a Token is.
type TokenKind uint8

// Token kinds.
const (
	TokenWord TokenKind = iota
	TokenNumber
	TokenPunct
	TokenSymbol
)

// Link is a link to another article that is not part of this one, such as
// a "Check Also" or "Related" box.
type Link struct {
	Title    string `json:"title"`
	URL      string `json:"url"`
	Language string `json:"language"`
}

// Source is one input as it arrived, before extraction: the bytes of a file,
// page or JSON Lines object, with whatever metadata came with it.
type Source struct {
	// Input names where the item came from: a path, "-", "path:line" for
	// JSON Lines, or a URL. It appears in records and error messages.
	Input string
	// ID is the caller's identifier, if any (JSON Lines "id").
	ID string
	// Format is "html" or "text"; empty means detect from content.
	Format string
	// Body is the raw bytes (HTML or text). It is nil when Text is set.
	Body []byte
	// Text, when ExactText is true, is taken verbatim as the document text:
	// no layout detection, so offsets match the caller's copy.
	Text      string
	ExactText bool
	URL       string
	Title     string
	Published *time.Time
	// ContentType is a declared content type (HTTP header or archive
	// record), used to find the character encoding.
	ContentType string
}

// Document is the record Sitrep builds for one article.
type Document struct {
	Schema    string     `json:"schema"`
	ID        string     `json:"id"`
	Input     string     `json:"input"`
	URL       string     `json:"url"`
	Site      string     `json:"site"`
	Title     string     `json:"title"`
	Dek       string     `json:"dek"`
	Byline    string     `json:"byline"`
	Published *time.Time `json:"published"`
	Language  string     `json:"language"`
	// Text is the article body, paragraphs separated by a blank line. All
	// spans in the record are byte offsets into Text.
	Text       string  `json:"text"`
	Paragraphs []Span  `json:"paragraphs"`
	Sentences  []Span  `json:"sentences"`
	Tokens     []Token `json:"tokens,omitempty"`
	Related    []Link  `json:"related"`
	// POS holds a Penn part-of-speech tag for each token, when a tagger ran.
	POS []string `json:"-"`
	// Names holds the raw named-entity spans found by the tagger, before
	// resolution to entities. Kept in memory only.
	Names []Name `json:"-"`

	Entities   []Entity   `json:"entities"`
	Dates      []Date     `json:"dates"`
	Quotes     []Quote    `json:"quotes"`
	Claims     []Claim    `json:"claims"`
	Quantities []Quantity `json:"quantities"`
	Events     []Event    `json:"events"`
}

// New returns an empty document with the schema version set and every list
// non-nil, so that the JSON record always has each list, even when empty.
func New() *Document {
	return &Document{
		Schema:     SchemaVersion,
		Paragraphs: []Span{},
		Sentences:  []Span{},
		Related:    []Link{},
		Entities:   []Entity{},
		Dates:      []Date{},
		Quotes:     []Quote{},
		Claims:     []Claim{},
		Quantities: []Quantity{},
		Events:     []Event{},
	}
}

// Slice returns the text a span covers, or "" when the span is out of range.
func (d *Document) Slice(s Span) string {
	if s.Start < 0 || s.End > len(d.Text) || s.Start > s.End {
		return ""
	}
	return d.Text[s.Start:s.End]
}

// SentenceAt returns the index of the sentence containing byte offset off,
// or -1.
func (d *Document) SentenceAt(off int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case d.Sentences[m].End <= off:
			lo = m + 1
		case d.Sentences[m].Start > off:
			hi = m
		default:
			return m
		}
	}
	return -1
}

// Name is a span the named-entity tagger labelled, before resolution.
type Name struct {
	Start int
	End   int
	// Type is PER, ORG, LOC, GPE, NORP or MISC.
	Type string
}

// Entity is one actor, place or group, named once, with every mention.
type Entity struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Type is the coarse NER type: PER, ORG, GPE, LOC, NORP.
	Type string `json:"type"`
	// Kind is finer: person, state, government, military, armed_group,
	// news_org, igo, party, company, city, region, country, ...
	Kind string `json:"kind"`
	// Country is an ISO 3166-1 alpha-3 code, or "" when unknown.
	Country string `json:"country"`
	// Sector is a PLOVER/CAMEO agent code: GOV, MIL, REB, MED, IGO, CVL, ...
	Sector   string    `json:"sector"`
	Role     string    `json:"role,omitempty"`
	KBID     string    `json:"kb_id,omitempty"`
	Aliases  []string  `json:"aliases"`
	Mentions []Mention `json:"mentions"`
	// Places only.
	Lat       *float64 `json:"lat,omitempty"`
	Lon       *float64 `json:"lon,omitempty"`
	Precision string   `json:"precision,omitempty"`
}

// Mention is one place in the text where an entity is named or referred to.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Reason says how the mention was tied to the entity: "name",
	// "alias", "acronym", "metonym", "title", "coreference", ...
	Reason string `json:"reason,omitempty"`
}

// Date is a date or period expression found in the text.
type Date struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Value is an ISO 8601 date ("2024-01-24", "2024-01", "2024") or ""
	// when unresolved.
	Value string `json:"value"`
	// Precision is "day", "month", "year", or "" when unresolved.
	Precision string `json:"precision"`
	// Since and Until bound a period ("since 7 October").
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
	// Unresolved gives the reason when Value is empty.
	Unresolved string `json:"unresolved,omitempty"`
}

// Quote is something someone said, directly (in quotation marks) or not.
type Quote struct {
	ID          string   `json:"id"`
	Text        string   `json:"text"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Direct      bool     `json:"direct"`
	Speaker     *string  `json:"speaker"`
	SpeakerText string   `json:"speaker_text"`
	SpeakerSpan *Span    `json:"speaker_span,omitempty"`
	Cue         string   `json:"cue"`
	CueSpan     *Span    `json:"cue_span,omitempty"`
	Via         []string `json:"via"`
}

// Claim is an assertion attributed to a holder, often without quotation
// marks ("US officials claim ...", "according to ...").
type Claim struct {
	ID         string   `json:"id"`
	Text       string   `json:"text"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Holder     *string  `json:"holder"`
	HolderText string   `json:"holder_text"`
	HolderSpan *Span    `json:"holder_span,omitempty"`
	Via        []string `json:"via"`
	Cue        string   `json:"cue"`
	Hedge      string   `json:"hedge"`
}

// Quantity is a number with what it counts.
type Quantity struct {
	Text        string   `json:"text"`
	Start       int      `json:"start"`
	End         int      `json:"end"`
	Value       float64  `json:"value"`
	Low         *float64 `json:"low"`
	High        *float64 `json:"high"`
	Approximate bool     `json:"approximate"`
	Hedge       string   `json:"hedge,omitempty"`
	Unit        string   `json:"unit"`
	Subject     *string  `json:"subject"`
	Place       *string  `json:"place"`
	Since       string   `json:"since"`
	Until       string   `json:"until"`
}

// Event is a coded event: who did what to whom, where and when.
type Event struct {
	ID          string     `json:"id"`
	Type        string     `json:"type"`
	Mode        string     `json:"mode"`
	CAMEO       string     `json:"cameo"`
	Actors      []string   `json:"actors"`
	Recipients  []string   `json:"recipients"`
	Place       *string    `json:"place"`
	Date        *EventDate `json:"date"`
	Modality    string     `json:"modality"`
	Negated     bool       `json:"negated"`
	Historical  bool       `json:"historical,omitempty"`
	Attribution *string    `json:"attribution"`
	Trigger     Mention    `json:"trigger"`
	Sentence    Span       `json:"sentence"`
	Confidence  float64    `json:"confidence"`
	Count       *float64   `json:"count,omitempty"`
	// CountApprox marks Count as approximate ("roughly 150 attacks").
	CountApprox bool `json:"count_approx,omitempty"`
	// Places lists every place linked to the event's clause ("in Iraq
	// and Syria"), Place first.
	Places []string `json:"places,omitempty"`
	// ActorGroup and RecipientGroup name the actor or recipient when no
	// entity stands for it: a group named by a common noun ("protesters",
	// "unidentified gunmen", "Darfur rebels").
	ActorGroup     *Group `json:"actor_group,omitempty"`
	RecipientGroup *Group `json:"recipient_group,omitempty"`
}

// Group is an actor named by a common noun phrase rather than a name, with
// the country and sector (PLOVER/CAMEO agent code) the phrase implies when
// it says them: "Israeli troops" is ISR MIL, "protesters" is CVL.
type Group struct {
	Text    string `json:"text"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Country string `json:"country,omitempty"`
	Sector  string `json:"sector,omitempty"`
}

// EventDate is when an event happened: a value with precision, or a period.
type EventDate struct {
	Value     string `json:"value,omitempty"`
	Precision string `json:"precision,omitempty"`
	Since     string `json:"since,omitempty"`
	Until     string `json:"until,omitempty"`
}
