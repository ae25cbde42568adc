package tagger

import (
	"unicode"
	"unicode/utf8"
)

// maxRunes bounds how much of a word the features look at; longer words are
// truncated (their prefixes and suffixes are still right for the first and
// last maxRunes/2 runes only, which is enough).
const maxRunes = 64

// Token flags.
const (
	flagCap      = 1 << iota // first letter upper case
	flagAllCaps              // has letters, all upper case
	flagDigit                // has a digit
	flagHyphen               // has a hyphen
	flagPeriod               // has a period
	flagAllDigit             // digits and number punctuation only
	flagNoAlnum              // no letter or digit
	flagLower                // all letters lower case
)

// Feature templates. Their values are part of the model format: never
// renumber them, only add new ones.
const (
	tBias uint64 = iota + 1
	tLower
	tRaw
	tShape
	tShort
	tPre1
	tPre2
	tPre3
	tPre4
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tFlags
	tCap
	tAllCaps
	tDigit
	tHyphen
	tInitial
	tLowerM1
	tLowerM2
	tLowerP1
	tLowerP2
	tShortM1
	tShortP1
	tBigramM1
	tBigramP1
	tShapeTri
	tGaz
	tGazM1
	tGazP1
	tPrev
	tPrev2
	tPrevWord
	tPrevShape
	tSufM1
	tSufP1
	tCapSeq
	tPrevNext
	tRunEnd
	tRunEndGaz
	tRunPos
	tRunAfter
	tCaseHabit
	tCaseHabitP1
	tHistory
	tRunGaz
	tRunEndHabit
	tRunEndSuf
	tGazSet
	tRunGazSet
)

// tokenInfo is what the features need to know about one word, computed once
// per sentence.
type tokenInfo struct {
	lower, raw, shape, short uint64
	// key is the lower-case form for the document history; unlike lower,
	// training never hides it.
	key      uint64
	pre, suf [4]uint64
	flags    uint16
	gaz      uint32 // gazetteer classes this word is part of
	gazB     uint32 // classes for which this word begins a match
	// runEnd is the index of the last word of the run of capitalised words
	// this word is in, or -1 when the word is not capitalised.
	runEnd, runStart int32
	// runGaz holds the classes of a phrase that is exactly this word's run
	// of capitalised words ("Saffron Walden", not "George Washington");
	// gazLen[k] those of the phrase of k+1 words that begins here.
	runGaz uint32
	gazLen [maxGazWords]uint32
}

// Hash values standing for words beyond the sentence edges.
var (
	hashBOS = hashString("<s>")
	hashEOS = hashString("</s>")
	hashUNK = hashString("<unk>")
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// feat returns the key of feature template t with value a. Keys are never 0,
// which marks an empty slot in the model's table.
func feat(t, a uint64) uint64 {
	k := mix(a ^ t*0x9e3779b97f4a7c15)
	if k == 0 {
		k = 1
	}
	return k
}

func feat2(t, a, b uint64) uint64 { return feat(t, mix(a+0x632be59bd9b4e019)^b) }

func hashRunes(rs []rune) uint64 {
	h := uint64(fnvOffset)
	for _, r := range rs {
		h ^= uint64(r)
		h *= fnvPrime
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range s {
		h ^= uint64(r)
		h *= fnvPrime
	}
	return h
}

// normToken maps whole Treebank tokens to the characters they stand for.
func normToken(w string) string {
	switch w {
	case "``", "''", "“", "”", "„":
		return `"`
	case "`", "‘", "’":
		return "'"
	case "-LRB-":
		return "("
	case "-RRB-":
		return ")"
	case "-LSB-":
		return "["
	case "-RSB-":
		return "]"
	case "-LCB-":
		return "{"
	case "-RCB-":
		return "}"
	}
	return w
}

// normRune maps typographic variants to their ASCII form.
func normRune(r rune) rune {
	switch r {
	case '’', '‘', '‛', '′', '`', 'ʼ':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '–', '—', '‐', '‑', '−':
		return '-'
	case '\u00a0':
		return ' '
	}
	return r
}

// wordInfo computes the per-word part of the features.
func wordInfo(w string, ti *tokenInfo) {
	var raw, low [maxRunes]rune
	n := 0
	w = normToken(w)
	var flags uint16
	letters, upper, lower, digits, other := 0, 0, 0, 0, 0
	for i := 0; i < len(w) && n < maxRunes; {
		r, size := utf8.DecodeRuneInString(w[i:])
		i += size
		r = normRune(r)
		raw[n] = r
		lr := r
		switch {
		case r < utf8.RuneSelf:
			switch {
			case r >= 'A' && r <= 'Z':
				lr = r + 'a' - 'A'
				letters++
				upper++
			case r >= 'a' && r <= 'z':
				letters++
				lower++
			case r >= '0' && r <= '9':
				digits++
			default:
				other++
				if r == '-' {
					flags |= flagHyphen
				} else if r == '.' {
					flags |= flagPeriod
				}
			}
		case unicode.IsUpper(r):
			lr = unicode.ToLower(r)
			letters++
			upper++
		case unicode.IsLetter(r):
			letters++
			lower++
		case unicode.IsDigit(r):
			digits++
		default:
			other++
		}
		low[n] = lr
		n++
	}
	if n > 0 && raw[0] != low[0] {
		flags |= flagCap
	}
	if letters > 0 && upper == letters {
		flags |= flagAllCaps
	}
	if letters > 0 && lower == letters {
		flags |= flagLower
	}
	if digits > 0 {
		flags |= flagDigit
		if letters == 0 {
			flags |= flagAllDigit
		}
	}
	if letters == 0 && digits == 0 {
		flags |= flagNoAlnum
	}
	ti.flags = flags
	ti.raw = hashRunes(raw[:n])
	ti.lower = hashRunes(low[:n])
	ti.key = ti.lower
	for k := 0; k < 4; k++ {
		if k < n {
			ti.pre[k] = hashRunes(low[:k+1])
			ti.suf[k] = hashRunes(low[n-k-1 : n])
		} else {
			ti.pre[k] = 0
			ti.suf[k] = 0
		}
	}
	// Shapes: Xxxxx for long, Xx for short.
	hs, hl := uint64(fnvOffset), uint64(fnvOffset)
	var last rune = -1
	run := 0
	for k := 0; k < n; k++ {
		r := raw[k]
		var c rune
		switch {
		case r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r):
			c = 'd'
		case r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf && unicode.IsUpper(r):
			c = 'X'
		case r >= 'a' && r <= 'z' || r >= utf8.RuneSelf && unicode.IsLetter(r):
			c = 'x'
		default:
			c = r
		}
		if c == last {
			run++
		} else {
			run = 1
			hs ^= uint64(c)
			hs *= fnvPrime
		}
		if run <= 4 {
			hl ^= uint64(c)
			hl *= fnvPrime
		}
		last = c
	}
	ti.shape = hl
	ti.short = hs
}

// sentence holds the per-word information of one sentence; it is reused
// between calls to avoid allocation.
type sentence struct {
	info []tokenInfo
	// gaz is the gazetteer table; nil means the static one.
	gaz *gazIndex
	// hist is the document's history (see history); nil means none.
	hist *history
}

// history remembers, for each capitalised word of a document, the entity
// types (or O) it was tagged with so far: a bit set over the model's types,
// bit 0 standing for O. Words tagged O at the start of a sentence are not
// recorded, since there their capital says nothing.
type history struct {
	types map[uint64]uint8
}

func (h *history) reset() {
	if len(h.types) > 512 {
		h.types = nil
	}
	if h.types == nil {
		h.types = make(map[uint64]uint8, 64)
	}
	clear(h.types)
}

// record notes that word i of s took the entity type with bit t (0 for O).
func (h *history) record(s *sentence, i int, t uint8) {
	ti := &s.info[i]
	if ti.flags&flagCap == 0 || (t == 1 && i == 0) {
		return
	}
	h.types[ti.key] |= t
}

func (s *sentence) prepare(words []string) {
	if cap(s.info) < len(words) {
		s.info = make([]tokenInfo, len(words), len(words)+16)
	}
	s.info = s.info[:len(words)]
	for i, w := range words {
		wordInfo(w, &s.info[i])
		s.info[i].gaz, s.info[i].gazB = 0, 0
	}
	if s.gaz == nil {
		s.gaz = staticGazetteer()
	}
	markGazetteer(s.info, s.gaz)
	markRuns(s.info)
	markRunGazetteer(s.info)
}

// markRuns finds the runs of capitalised words ("Santa Clara Convention
// Center"), so that each word can see how its run ends: the greedy decoder
// must choose the type at the first word.
func markRuns(info []tokenInfo) {
	for i := 0; i < len(info); {
		if info[i].flags&flagCap == 0 {
			info[i].runStart, info[i].runEnd = -1, -1
			i++
			continue
		}
		j := i + 1
		for j < len(info) && info[j].flags&flagCap != 0 {
			j++
		}
		for k := i; k < j; k++ {
			info[k].runStart, info[k].runEnd = int32(i), int32(j-1)
		}
		i = j
	}
}

func (s *sentence) lowerAt(i int) uint64 {
	if i < 0 {
		return hashBOS
	}
	if i >= len(s.info) {
		return hashEOS
	}
	return s.info[i].lower
}

func (s *sentence) shortAt(i int) uint64 {
	if i < 0 {
		return hashBOS
	}
	if i >= len(s.info) {
		return hashEOS
	}
	return s.info[i].short
}

func (s *sentence) suf3At(i int) uint64 {
	if i < 0 {
		return hashBOS
	}
	if i >= len(s.info) {
		return hashEOS
	}
	return s.info[i].suf[2] ^ s.info[i].short
}

// capAt returns the case flags of word i, with sentence edges marked.
func (s *sentence) capAt(i int) uint64 {
	if i < 0 || i >= len(s.info) {
		return 1 << 15
	}
	return uint64(s.info[i].flags & (flagCap | flagAllCaps | flagLower | flagNoAlnum | flagDigit))
}

func (s *sentence) gazAt(i int) uint32 {
	if i < 0 || i >= len(s.info) {
		return 0
	}
	return s.info[i].gaz
}

// features appends the keys of the features of word i to out, given the
// labels of the two previous words (-1 before the sentence start).
func (s *sentence) features(i, prev1, prev2 int, out []uint64) []uint64 {
	return s.contextFeatures(i, prev1, prev2, s.wordFeatures(i, out))
}

// wordFeatures appends the features of word i that depend on the word
// alone (its spelling), not on where it stands: the tagger caches their
// scores per word.
func (s *sentence) wordFeatures(i int, out []uint64) []uint64 {
	ti := &s.info[i]
	out = append(out,
		feat(tBias, 0),
		feat(tLower, ti.lower),
		feat(tRaw, ti.raw),
		feat(tShape, ti.shape),
		feat(tShort, ti.short),
		feat(tFlags, uint64(ti.flags)),
	)
	for k := 0; k < 4; k++ {
		if ti.pre[k] != 0 {
			out = append(out, feat(tPre1+uint64(k), ti.pre[k]), feat(tSuf1+uint64(k), ti.suf[k]))
		}
	}
	if ti.flags&flagCap != 0 {
		out = append(out, feat(tCap, 0))
	}
	if ti.flags&flagAllCaps != 0 {
		out = append(out, feat(tAllCaps, 0))
	}
	if ti.flags&flagDigit != 0 {
		out = append(out, feat(tDigit, 0))
	}
	if ti.flags&flagHyphen != 0 {
		out = append(out, feat(tHyphen, 0))
	}
	return out
}

// contextFeatures appends the features of word i that depend on its
// neighbours, the document and the previous labels.
func (s *sentence) contextFeatures(i, prev1, prev2 int, out []uint64) []uint64 {
	ti := &s.info[i]
	if i == 0 {
		out = append(out, feat(tInitial, ti.short))
	}
	lm1, lp1 := s.lowerAt(i-1), s.lowerAt(i+1)
	out = append(out,
		feat(tLowerM1, lm1),
		feat(tLowerM2, s.lowerAt(i-2)),
		feat(tLowerP1, lp1),
		feat(tLowerP2, s.lowerAt(i+2)),
		feat(tShortM1, s.shortAt(i-1)),
		feat(tShortP1, s.shortAt(i+1)),
		feat2(tBigramM1, lm1, ti.lower),
		feat2(tBigramP1, ti.lower, lp1),
		feat2(tShapeTri, s.shortAt(i-1)*31+ti.short, s.shortAt(i+1)),
		feat(tSufM1, s.suf3At(i-1)),
		feat(tSufP1, s.suf3At(i+1)),
		feat(tCapSeq, s.capAt(i-1)<<32|s.capAt(i)<<16|s.capAt(i+1)),
	)
	// The run of capitalised words this word is in.
	if ti.runEnd >= 0 {
		start, end := int(ti.runStart), int(ti.runEnd)
		n := min(end-start+1, 5)
		out = append(out,
			feat(tRunPos, uint64(min(i-start, 4))<<8|uint64(n)),
			feat(tRunAfter, s.lowerAt(end+1)),
		)
		if end > i {
			out = append(out, feat(tRunEnd, s.info[end].lower))
			for g := s.info[end].gaz &^ gCaseHabits; g != 0; g &= g - 1 {
				out = append(out, feat(tRunEndGaz, uint64(g&-g)))
			}
			// How the run's last word is usually written and how it
			// ends: "Carnival Cruise Lines" ends in a common noun,
			// "Fremantle Dockers" in a plural, names of people seldom
			// do. Entity models only, as for tRunGaz below.
			if s.hist != nil {
				out = append(out,
					feat(tRunEndHabit, uint64(s.info[end].gaz&gCaseHabits)),
					feat(tRunEndSuf, s.info[end].suf[2]),
				)
			}
		}
	}
	// How this word and the next are usually written, against how they
	// are written here.
	if c := ti.gaz & gCaseHabits; c != 0 {
		out = append(out, feat(tCaseHabit, uint64(c)<<3|uint64(ti.flags&flagCap)<<1|b2u(i == 0)))
	}
	if i+1 < len(s.info) {
		if c := s.info[i+1].gaz & gCaseHabits; c != 0 {
			out = append(out, feat(tCaseHabitP1, uint64(c)<<3|uint64(s.info[i+1].flags&flagCap)<<1|uint64(ti.flags&flagCap)))
		}
	}
	// Classes of the phrase that is exactly this word's run; for entity
	// models only (those keep a history), so that the part-of-speech
	// model keeps the features it was trained with.
	if s.hist != nil {
		for g := ti.runGaz &^ gCaseHabits; g != 0; g &= g - 1 {
			out = append(out, feat(tRunGaz, uint64(g&-g)))
		}
		// All the classes together, so that "a place and no name"
		// ("Bali") weighs apart from "a place and a surname"
		// ("Clinton"), which single classes cannot tell.
		out = append(out, feat(tGazSet, uint64(ti.gaz&^(gMostlyLower|gMostlyCap|gMixedCase))<<1|uint64(ti.flags&flagCap)))
		if ti.runGaz != 0 {
			out = append(out, feat(tRunGazSet, uint64(ti.runGaz)))
		}
	}
	// Gazetteer classes of this word and its neighbours.
	for g := ti.gaz &^ gCaseHabits; g != 0; g &= g - 1 {
		bit := uint64(g & -g)
		b := uint64(0)
		if ti.gazB&uint32(bit) != 0 {
			b = 1
		}
		out = append(out, feat(tGaz, bit<<1|b))
	}
	for g := s.gazAt(i-1) &^ gCaseHabits; g != 0; g &= g - 1 {
		out = append(out, feat(tGazM1, uint64(g&-g)))
	}
	for g := s.gazAt(i+1) &^ gCaseHabits; g != 0; g &= g - 1 {
		out = append(out, feat(tGazP1, uint64(g&-g)))
	}
	// What this word was tagged earlier in the document.
	if s.hist != nil && ti.flags&flagCap != 0 {
		out = append(out, feat(tHistory, uint64(s.hist.types[ti.key])<<1|b2u(i == 0)))
	}
	// Label history.
	p1, p2 := uint64(prev1+2), uint64(prev2+2)
	out = append(out,
		feat(tPrev, p1),
		feat2(tPrev2, p1, p2),
		feat2(tPrevWord, p1, ti.lower),
		feat2(tPrevShape, p1, ti.short),
		feat2(tPrevNext, p1, lp1),
	)
	return out
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
