package tagger

import (
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"
)

//go:embed model
var modelFS embed.FS

// ErrNoModel is returned by NER and POS when the binary was built without
// the model file (it has not been trained yet).
var ErrNoModel = errors.New("tagger: model not embedded")

// ErrBadModel is returned when a model file cannot be decoded.
var ErrBadModel = errors.New("tagger: bad model file")

// Model is a trained tagger. It is safe for concurrent use.
type Model struct {
	labels []string
	// bio is true for an entity model with B-/I- labels: a word may only
	// take I-X after B-X or I-X.
	bio     bool
	allowed []bool // [prev+1][cur], prev -1 at sentence start
	// typeBit is the history bit of each label's entity type (1 for O);
	// only entity models keep a history.
	typeBit []uint8

	// slots is an open-addressing table from feature key to weights; recs
	// lists the features in key order, for Encode.
	slots []slot
	mask  uint64
	recs  []featureRec
	// ws holds the non-zero weights of each feature, slots[i].n of them
	// from slots[i].off, label and weight side by side for the cache.
	ws []weight

	// lex is the model's own lexicon (sorted by key), gaz the static
	// gazetteer with it merged in.
	lex []lexEntry
	gaz *gazIndex
	// dict maps words that nearly always take one label to it; they are
	// not scored (see TrainOptions.DictMinCount).
	dict map[string]uint8

	// free holds tagging states for reuse. Unlike a sync.Pool it survives
	// garbage collections, which matters: a state carries its word cache.
	free chan *state
}

// maxFreeStates bounds the states a model keeps for reuse.
const maxFreeStates = 16

// slot is 8 bytes so that more of the table stays in cache: a 32-bit
// fingerprint of the key (the table index supplies other bits; 0 marks an
// empty slot) and the weights' offset (low 24 bits) and count (high 8).
type slot struct {
	fp  uint32
	loc uint32
}

type featureRec struct {
	key uint64
	off uint32
	n   uint32
}

// maxWeights bounds the number of weights, so that offsets fit in 24 bits.
const maxWeights = 1 << 24

func fingerprint(k uint64) uint32 { return uint32(k>>32) | 1 }

type weight struct {
	label uint8
	w     int16
}

type state struct {
	sent   sentence
	feats  []uint64
	locs   []uint32
	scores []int32
	hist   history
	words  wordCache
}

// wordCache keeps, per word spelling, the summed weights of the features
// that depend on the word alone (wordFeatures), so that a word seen again
// costs only its context look-ups. It is direct-mapped on the hash of the
// raw word, allocated on first use, and lives in a pooled state (one
// goroutine at a time), so it needs no lock.
type wordCache struct {
	keys   []uint64
	scores []int32 // wordCacheSize x labels
}

const wordCacheSize = 4096

var (
	nerOnce, posOnce   sync.Once
	nerModel, posModel *Model
	nerErr, posErr     error
)

// NER returns the embedded named-entity model, loading it on first use.
// Its labels are O and B-/I- of PER, ORG, LOC, NORP and MISC.
func NER() (*Model, error) {
	nerOnce.Do(func() { nerModel, nerErr = loadEmbedded("model/ner.bin") })
	return nerModel, nerErr
}

// POS returns the embedded part-of-speech model (Penn Treebank tags),
// loading it on first use.
func POS() (*Model, error) {
	posOnce.Do(func() { posModel, posErr = loadEmbedded("model/pos.bin") })
	return posModel, posErr
}

func loadEmbedded(name string) (*Model, error) {
	b, err := modelFS.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("loading %s: %w", name, ErrNoModel)
	}
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", name, err)
	}
	m, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", name, err)
	}
	return m, nil
}

// Labels returns the model's label set. The caller must not modify it.
func (m *Model) Labels() []string { return m.labels }

// Tag returns one label for each word. Words are tagged as one sentence,
// a document of its own; the labels are shared strings from Labels.
func (m *Model) Tag(words []string) []string {
	out := make([]string, len(words))
	if len(words) == 0 {
		return out
	}
	st := m.getState()
	if m.bio {
		st.hist.reset()
	}
	m.tag(st, words, out)
	m.putState(st)
	return out
}

// tag tags words into out, with the history in st.
func (m *Model) tag(st *state, words []string, out []string) {
	st.sent.prepare(words)
	st.sent.hist = nil
	if m.bio {
		st.sent.hist = &st.hist
	}
	p1, p2 := -1, -1
	for i, w := range words {
		best := -1
		if l, ok := m.dict[w]; ok && m.allowed[(p1+1)*len(m.labels)+int(l)] {
			best = int(l)
		} else {
			m.wordScores(st, i)
			st.feats = st.sent.contextFeatures(i, p1, p2, st.feats[:0])
			m.add(st.feats, st.locs, st.scores)
			best = m.pick(st.scores, p1)
		}
		out[i] = m.labels[best]
		if m.bio {
			st.hist.record(&st.sent, i, m.typeBit[best])
		}
		p2, p1 = p1, best
	}
	if m.bio {
		trimConnectors(words, out)
		trimTitles(words, out)
	}
}

// rankTitles are the titles of rank and office that are not part of a
// person's name, unlike those of nobility and religion ("King Abdullah",
// "Pope Francis", "Sheikh Mohammed") and the honorifics ("Mr.", "Dr."),
// which the training data and wikigold often count in.
var rankTitles = map[string]bool{
	"prof.": true, "professor": true, "president": true, "vice": true, "senator": true, "sen.": true,
	"governor": true, "gov.": true, "rep.": true, "representative": true, "congressman": true,
	"congresswoman": true, "secretary": true, "minister": true, "mayor": true, "ambassador": true,
	"judge": true, "general": true, "gen.": true, "lt.": true, "maj.": true, "col.": true, "capt.": true,
	"sgt.": true, "cpl.": true, "pvt.": true, "adm.": true, "brig.": true, "admiral": true,
	"colonel": true, "major": true, "captain": true, "lieutenant": true, "sergeant": true,
	"commander": true, "marshal": true, "brigadier": true, "corporal": true, "private": true,
}

// trimTitles takes titles of rank and office ("Colonel", "Lt. Gen.",
// "Brigadier") out of the front of person names: they say what the
// bearer is, they are not part of the name (CoNLL and CoreNLP alike).
func trimTitles(words, labels []string) {
	for i := 0; i < len(labels); i++ {
		if labels[i] != "B-PER" || !rankTitles[strings.ToLower(words[i])] {
			continue
		}
		j := i
		for j < len(labels) && (j == i || labels[j] == "I-PER") && rankTitles[strings.ToLower(words[j])] {
			labels[j] = "O"
			j++
		}
		if j < len(labels) && labels[j] == "I-PER" {
			labels[j] = "B-PER"
		}
	}
}

// connectors are the lower-case words and marks that join the parts of a
// name ("Army of the Potomac", "Joaquín de la Pezuela", "Black & Decker")
// and never end one.
var connectors = map[string]bool{
	"of": true, "the": true, "and": true, "&": true, "for": true, "in": true, "on": true, "at": true,
	"de": true, "del": true, "della": true, "der": true, "des": true, "di": true, "du": true,
	"da": true, "do": true, "dos": true, "la": true, "le": true, "van": true, "von": true, "y": true,
	",": true, "(": true, "-": true,
}

// trimConnectors ends each entity of labels (B-/I-) before the
// connectors it ends with: the greedy decoder, having read "Army of",
// cannot go back when the next word turns out not to be part of the name.
func trimConnectors(words, labels []string) {
	for i := len(labels) - 1; i > 0; i-- {
		l := labels[i]
		if !strings.HasPrefix(l, "I-") || (i+1 < len(labels) && labels[i+1] == l) {
			continue
		}
		for j := i; j > 0 && labels[j] == l && connectors[words[j]]; j-- {
			labels[j] = "O"
		}
	}
}

// Doc tags the sentences of one document in order: an entity model
// remembers how it tagged each capitalised word, and the later sentences
// see it. A Doc is not safe for concurrent use.
type Doc struct {
	m  *Model
	st *state
}

// NewDoc starts a document. Close returns its working memory for reuse.
func (m *Model) NewDoc() *Doc {
	st := m.getState()
	st.hist.reset()
	return &Doc{m: m, st: st}
}

// Close ends the document; the Doc must not be used after.
func (d *Doc) Close() {
	if d.st != nil {
		d.m.putState(d.st)
		d.st = nil
	}
}

// Tag returns one label for each word of the document's next sentence.
func (d *Doc) Tag(words []string) []string {
	out := make([]string, len(words))
	if len(words) > 0 {
		d.m.tag(d.st, words, out)
	}
	return out
}

func (m *Model) getState() *state {
	select {
	case st := <-m.free:
		return st
	default:
		return m.newState()
	}
}

func (m *Model) putState(st *state) {
	select {
	case m.free <- st:
	default:
	}
}

func (m *Model) newState() *state {
	return &state{scores: make([]int32, len(m.labels)), feats: make([]uint64, 0, 64), locs: make([]uint32, 0, 64), sent: sentence{gaz: m.gaz}}
}

// wordScores sets st.scores to the summed weights of word i's
// wordFeatures, from the cache when the word was seen before.
func (m *Model) wordScores(st *state, i int) {
	nl := len(m.labels)
	c := &st.words
	if c.keys == nil {
		c.keys = make([]uint64, wordCacheSize)
		c.scores = make([]int32, wordCacheSize*nl)
	}
	// The key is never 0 (0 marks an empty entry).
	key := st.sent.info[i].raw | 1
	slot := int(mix(key) & (wordCacheSize - 1))
	cached := c.scores[slot*nl : (slot+1)*nl]
	if c.keys[slot] != key {
		st.feats = st.sent.wordFeatures(i, st.feats[:0])
		clear(cached)
		m.add(st.feats, st.locs, cached)
		c.keys[slot] = key
	}
	copy(st.scores, cached)
}

// add adds the weights of feats to scores.
//
// The look-ups miss the cache, so they are done in two passes: the first
// only finds each feature's slot (independent loads the processor can
// overlap), the second adds the weights.
func (m *Model) add(feats []uint64, locs []uint32, scores []int32) {
	locs = locs[:0]
	for _, k := range feats {
		fp := fingerprint(k)
		for j := k & m.mask; ; j = (j + 1) & m.mask {
			s := m.slots[j]
			if s.fp == fp {
				locs = append(locs, s.loc)
				break
			}
			if s.fp == 0 {
				break
			}
		}
	}
	for _, loc := range locs {
		off, n := loc&(maxWeights-1), loc>>24
		for _, w := range m.ws[off : off+n] {
			scores[w.label] += int32(w.w)
		}
	}
}

// pick returns the best-scoring label allowed after prev.
func (m *Model) pick(scores []int32, prev int) int {
	best, bestScore := -1, int32(math.MinInt32)
	allowed := m.allowed[(prev+1)*len(m.labels):]
	for l, sc := range scores {
		if sc > bestScore && allowed[l] {
			best, bestScore = l, sc
		}
	}
	if best < 0 {
		best = 0
	}
	return best
}

// setLabels sets the label set and the allowed transitions.
func (m *Model) setLabels(labels []string) {
	m.free = make(chan *state, maxFreeStates)
	m.labels = labels
	m.bio = false
	for _, l := range labels {
		if strings.HasPrefix(l, "B-") {
			m.bio = true
		}
	}
	n := len(labels)
	m.typeBit = typeBits(labels)
	m.allowed = make([]bool, (n+1)*n)
	for p := -1; p < n; p++ {
		for c, l := range labels {
			ok := true
			if m.bio && strings.HasPrefix(l, "I-") {
				ok = p >= 0 && (labels[p] == "B-"+l[2:] || labels[p] == l)
			}
			m.allowed[(p+1)*n+c] = ok
		}
	}
}

// typeBits returns the history bit of each label: 1 for O (and any label
// that is not B-X or I-X), then one bit for each entity type, in the order
// the types first appear; types past the seventh get none.
func typeBits(labels []string) []uint8 {
	bits := make([]uint8, len(labels))
	var types []string
	for i, l := range labels {
		if !strings.HasPrefix(l, "B-") && !strings.HasPrefix(l, "I-") {
			bits[i] = 1
			continue
		}
		k := slices.Index(types, l[2:])
		if k < 0 {
			k = len(types)
			types = append(types, l[2:])
		}
		if k < 7 {
			bits[i] = 2 << k
		}
	}
	return bits
}

// Model file format, little endian:
//
//	magic "SITRTAG1"
//	uint32 number of labels, then each label as uint8 length and bytes
//	uint32 number of features F, uint32 number of weights W
//	F x uint64 feature keys, ascending
//	F x uint8 number of weights of each feature
//	W x uint8 label of each weight
//	W x int16 weight
//
// A model with a lexicon has the magic "SITRTAG2" and, after the weights:
//
//	uint32 number of lexicon entries L
//	L x uint64 phrase keys (see gazKey), ascending
//	L x uint32 gazetteer classes of the phrase
//	L x uint8 1 when a longer phrase begins with this one, else 0
//
// Either kind of model may end with the tag dictionary:
//
//	"DICT", uint32 number of words D
//	D x (uint8 length, word bytes, uint8 label), words ascending
const (
	magic    = "SITRTAG1"
	magicLex = "SITRTAG2"
)

const dictMagic = "DICT"

// Encode returns the model in its file format.
func (m *Model) Encode() []byte {
	fs := slices.Clone(m.recs)
	slices.SortFunc(fs, func(a, b featureRec) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	var w int
	for _, f := range fs {
		w += int(f.n)
	}
	b := []byte(magic)
	if len(m.lex) > 0 {
		b = []byte(magicLex)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(m.labels)))
	for _, l := range m.labels {
		b = append(b, byte(len(l)))
		b = append(b, l...)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(fs)))
	b = binary.LittleEndian.AppendUint32(b, uint32(w))
	for _, f := range fs {
		b = binary.LittleEndian.AppendUint64(b, f.key)
	}
	for _, f := range fs {
		b = append(b, byte(f.n))
	}
	for _, f := range fs {
		for _, w := range m.ws[f.off : f.off+f.n] {
			b = append(b, w.label)
		}
	}
	for _, f := range fs {
		for _, w := range m.ws[f.off : f.off+f.n] {
			b = binary.LittleEndian.AppendUint16(b, uint16(w.w))
		}
	}
	if len(m.lex) > 0 {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(m.lex)))
		for _, l := range m.lex {
			b = binary.LittleEndian.AppendUint64(b, l.key)
		}
		for _, l := range m.lex {
			b = binary.LittleEndian.AppendUint32(b, l.e.class)
		}
		for _, l := range m.lex {
			more := byte(0)
			if l.e.more {
				more = 1
			}
			b = append(b, more)
		}
	}
	if len(m.dict) > 0 {
		words := make([]string, 0, len(m.dict))
		for w := range m.dict {
			words = append(words, w)
		}
		slices.Sort(words)
		b = append(b, dictMagic...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(words)))
		for _, w := range words {
			b = append(b, byte(len(w)))
			b = append(b, w...)
			b = append(b, m.dict[w])
		}
	}
	return b
}

// Decode reads a model in the format written by Encode.
func Decode(b []byte) (*Model, error) {
	r := reader{b: b}
	mg := string(r.bytes(len(magic)))
	if mg != magic && mg != magicLex {
		return nil, fmt.Errorf("%w: bad magic", ErrBadModel)
	}
	nl := int(r.u32())
	if nl == 0 || nl > 255 {
		return nil, fmt.Errorf("%w: %d labels", ErrBadModel, nl)
	}
	labels := make([]string, nl)
	for i := range labels {
		n := int(r.u8())
		labels[i] = string(r.bytes(n))
	}
	nf, nw := int(r.u32()), int(r.u32())
	if r.err || nf > len(b)/8 || nw > len(b)/3 || nw >= maxWeights {
		return nil, fmt.Errorf("%w: truncated header", ErrBadModel)
	}
	keys := r.bytes(nf * 8)
	counts := r.bytes(nf)
	lab := r.bytes(nw)
	wts := r.bytes(nw * 2)
	var lex []lexEntry
	if mg == magicLex {
		nlex := int(r.u32())
		if r.err || nlex == 0 || nlex > (len(r.b)-r.off)/13 {
			return nil, fmt.Errorf("%w: bad lexicon size", ErrBadModel)
		}
		lkeys, classes, more := r.bytes(nlex*8), r.bytes(nlex*4), r.bytes(nlex)
		if r.err {
			return nil, fmt.Errorf("%w: truncated lexicon", ErrBadModel)
		}
		lex = make([]lexEntry, nlex)
		for i := range lex {
			l := &lex[i]
			l.key = binary.LittleEndian.Uint64(lkeys[8*i:])
			l.e.class = binary.LittleEndian.Uint32(classes[4*i:])
			l.e.more = more[i] != 0
			if i > 0 && l.key <= lex[i-1].key || more[i] > 1 {
				return nil, fmt.Errorf("%w: bad lexicon entry %d", ErrBadModel, i)
			}
		}
	}
	if r.err {
		return nil, fmt.Errorf("%w: wrong length", ErrBadModel)
	}
	var dict map[string]uint8
	if r.off < len(r.b) {
		if string(r.bytes(len(dictMagic))) != dictMagic {
			return nil, fmt.Errorf("%w: trailing bytes", ErrBadModel)
		}
		nd := int(r.u32())
		if nd > len(b)/3 {
			return nil, fmt.Errorf("%w: %d dictionary words", ErrBadModel, nd)
		}
		dict = make(map[string]uint8, nd)
		for range nd {
			w := string(r.bytes(int(r.u8())))
			l := r.u8()
			if int(l) >= nl {
				return nil, fmt.Errorf("%w: dictionary label %d out of range", ErrBadModel, l)
			}
			dict[w] = l
		}
		if r.err || len(r.b) != r.off {
			return nil, fmt.Errorf("%w: wrong length", ErrBadModel)
		}
	}
	m := &Model{ws: make([]weight, nw), dict: dict, lex: lex, gaz: mergeGazetteer(lex)}
	for i := range m.ws {
		if int(lab[i]) >= nl {
			return nil, fmt.Errorf("%w: label %d out of range", ErrBadModel, lab[i])
		}
		m.ws[i] = weight{lab[i], int16(binary.LittleEndian.Uint16(wts[2*i:]))}
	}
	m.setLabels(labels)
	m.initTable(nf)
	off := uint32(0)
	for i := 0; i < nf; i++ {
		k := binary.LittleEndian.Uint64(keys[8*i:])
		n := uint32(counts[i])
		if k == 0 || int(off+n) > nw || (i > 0 && k <= binary.LittleEndian.Uint64(keys[8*i-8:])) {
			return nil, fmt.Errorf("%w: bad feature %d", ErrBadModel, i)
		}
		m.insert(k, off, n)
		off += n
	}
	if int(off) != nw {
		return nil, fmt.Errorf("%w: weight count mismatch", ErrBadModel)
	}
	return m, nil
}

func (m *Model) initTable(n int) {
	size := 1
	for size < 2*n+2 {
		size <<= 1
	}
	m.slots = make([]slot, size)
	m.mask = uint64(size - 1)
	m.recs = make([]featureRec, 0, n)
}

// insert adds a feature; off+n must be below maxWeights and n below 256.
// Keys are distinct (they come from a map or a sorted file).
func (m *Model) insert(k uint64, off, n uint32) {
	m.recs = append(m.recs, featureRec{k, off, n})
	fp := fingerprint(k)
	for j := k & m.mask; ; j = (j + 1) & m.mask {
		if m.slots[j].fp == 0 {
			m.slots[j] = slot{fp, n<<24 | off}
			return
		}
	}
}

type reader struct {
	b   []byte
	off int
	err bool
}

func (r *reader) bytes(n int) []byte {
	if r.err || n < 0 || r.off+n > len(r.b) {
		r.err = true
		return nil
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *reader) u8() uint8 {
	p := r.bytes(1)
	if p == nil {
		return 0
	}
	return p[0]
}

func (r *reader) u32() uint32 {
	p := r.bytes(4)
	if p == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(p)
}
