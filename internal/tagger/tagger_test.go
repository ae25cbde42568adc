package tagger

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func info(w string) tokenInfo {
	var ti tokenInfo
	wordInfo(w, &ti)
	return ti
}

func TestNormalisation(t *testing.T) {
	same := [][2]string{
		{"“", `"`},
		{"``", `"`},
		{"''", "”"},
		{"’s", "'s"},
		{"don’t", "don't"},
		{"-LRB-", "("},
		{"-RRB-", ")"},
		{"Hezbollah’s", "Hezbollah's"},
	}
	for _, c := range same {
		if a, b := info(c[0]), info(c[1]); a != b {
			t.Errorf("%q and %q have different features", c[0], c[1])
		}
	}
	if info("Iraq").lower != info("IRAQ").lower {
		t.Error("lower-case form differs between Iraq and IRAQ")
	}
	if info("Iraq").raw == info("IRAQ").raw {
		t.Error("raw form should keep case")
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		a, b      string
		sameShort bool
		sameLong  bool
	}{
		{"Hillary", "Clinton", true, true},
		{"U.S.", "U.K.", true, true},
		{"2,500", "3,100", true, true},
		{"2,500", "12,500", true, false},
		{"Iraq", "IRAQ", false, false},
		{"al-Assad", "al-Maliki", true, true},
		{"Bo", "Hillary", true, false},
	}
	for _, tt := range tests {
		a, b := info(tt.a), info(tt.b)
		if (a.short == b.short) != tt.sameShort {
			t.Errorf("short shape %q vs %q: same=%v, want %v", tt.a, tt.b, a.short == b.short, tt.sameShort)
		}
		if (a.shape == b.shape) != tt.sameLong {
			t.Errorf("shape %q vs %q: same=%v, want %v", tt.a, tt.b, a.shape == b.shape, tt.sameLong)
		}
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		w    string
		want uint16
	}{
		{"Iraq", flagCap},
		{"NATO", flagCap | flagAllCaps},
		{"2,500", flagDigit | flagAllDigit},
		{"F-16", flagCap | flagAllCaps | flagDigit | flagHyphen},
		{"U.S.", flagCap | flagAllCaps | flagPeriod},
		{"the", flagLower},
		{",", flagNoAlnum},
	}
	for _, tt := range tests {
		if got := info(tt.w).flags; got != tt.want {
			t.Errorf("flags(%q) = %b, want %b", tt.w, got, tt.want)
		}
	}
}

func TestGazetteer(t *testing.T) {
	var s sentence
	s.prepare(strings.Fields("President Barack Obama flew to Saudi Arabia and met Iraqi officials in Baghdad ."))
	want := map[int]uint32{
		0: gTitle, 1: gFirstName, 4: gLocWord &^ gLocWord, 5: gCountry, 6: gCountry, 9: gNorp, 12: gCity,
	}
	for i, g := range want {
		if g != 0 && s.info[i].gaz&g == 0 {
			t.Errorf("word %d: gazetteer classes %b, want %b among them", i, s.info[i].gaz, g)
		}
	}
	if s.info[5].gazB&gCountry == 0 || s.info[6].gazB&gCountry != 0 {
		t.Error("Saudi Arabia: want a country match beginning at Saudi only")
	}
	for _, w := range []string{"Iraqi", "Shia", "Kurds", "Republicans"} {
		if !Nationality(w) {
			t.Errorf("Nationality(%q) = false", w)
		}
	}
	if Nationality("Baghdad") {
		t.Error("Nationality(Baghdad) = true")
	}
}

func TestFeaturesNoAlloc(t *testing.T) {
	var s sentence
	words := strings.Fields("Kurdish forces said on Monday they had taken the town of Manbij from Islamic State .")
	s.prepare(words)
	buf := make([]uint64, 0, 128)
	allocs := testing.AllocsPerRun(100, func() {
		s.prepare(words)
		for i := range words {
			buf = s.features(i, 0, 0, buf[:0])
		}
	})
	if allocs != 0 {
		t.Errorf("feature extraction allocates %.1f times per sentence", allocs)
	}
}

func TestSpans(t *testing.T) {
	tests := []struct {
		labels string
		want   []Entity
	}{
		{"O O O", nil},
		{"B-PER I-PER O B-LOC", []Entity{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{"B-PER B-PER", []Entity{{0, 1, "PER"}, {1, 2, "PER"}}},
		{"I-ORG I-ORG O", []Entity{{0, 2, "ORG"}}},              // IOB1
		{"B-ORG I-LOC", []Entity{{0, 1, "ORG"}, {1, 2, "LOC"}}}, // broken
		{"O I-NORP", []Entity{{1, 2, "NORP"}}},
		{"B-MISC I-MISC I-MISC", []Entity{{0, 3, "MISC"}}},
	}
	for _, tt := range tests {
		t.Run(tt.labels, func(t *testing.T) {
			got := Spans(strings.Fields(tt.labels))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Spans(%s) = %v, want %v", tt.labels, got, tt.want)
			}
		})
	}
}

// toyData is a tiny training set in which capitalised words after "Mr."
// are people and words after "in" are places.
func toyData() []Example {
	var data []Example
	people := []string{"Smith", "Jones", "Brown", "Taylor", "Wilson"}
	places := []string{"Paris", "Aleppo", "Kabul", "Lagos", "Lima"}
	for i := range 40 {
		p, l := people[i%5], places[(i/5)%5]
		data = append(data, Example{
			Words:  []string{"Mr.", p, "lives", "in", l, "."},
			Labels: []string{"O", "B-PER", "O", "O", "B-LOC", "O"},
		})
	}
	return data
}

func trainToy(t testing.TB) *Model {
	t.Helper()
	opt := DefaultTrainOptions()
	opt.MinWeight = 0
	m, err := Train(toyData(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainToy(t *testing.T) {
	m := trainToy(t)
	got := m.Tag([]string{"Mr.", "Jones", "lives", "in", "Kabul", "."})
	want := []string{"O", "B-PER", "O", "O", "B-LOC", "O"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tag = %v, want %v", got, want)
	}
	if got := m.Tag(nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v", got)
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, DefaultTrainOptions()); !errors.Is(err, ErrNoData) {
		t.Errorf("Train(nil) error = %v, want ErrNoData", err)
	}
	bad := []Example{{Words: []string{"a"}, Labels: nil}}
	if _, err := Train(bad, DefaultTrainOptions()); err == nil {
		t.Error("Train with misaligned labels: no error")
	}
}

func TestEncodeDecode(t *testing.T) {
	m := trainToy(t)
	b := m.Encode()
	m2, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Labels(), m2.Labels()) {
		t.Fatalf("labels %v, decoded %v", m.Labels(), m2.Labels())
	}
	for _, ex := range toyData()[:10] {
		if a, b := m.Tag(ex.Words), m2.Tag(ex.Words); !reflect.DeepEqual(a, b) {
			t.Errorf("decoded model tags %v as %v, original %v", ex.Words, b, a)
		}
	}
	if b2 := m2.Encode(); string(b) != string(b2) {
		t.Error("Encode(Decode(b)) != b")
	}
	for _, n := range []int{0, 5, 8, 13, len(b) / 2, len(b) - 1} {
		if _, err := Decode(b[:n]); !errors.Is(err, ErrBadModel) {
			t.Errorf("Decode(truncated to %d) error = %v, want ErrBadModel", n, err)
		}
	}
}

func TestBIOConstraint(t *testing.T) {
	m := &Model{}
	m.setLabels([]string{"B-LOC", "B-PER", "I-LOC", "I-PER", "O"})
	allowed := func(prev, cur int) bool { return m.allowed[(prev+1)*len(m.labels)+cur] }
	if allowed(-1, 3) || allowed(4, 3) || allowed(0, 3) {
		t.Error("I-PER allowed at start, after O or after B-LOC")
	}
	if !allowed(1, 3) || !allowed(3, 3) || !allowed(4, 1) {
		t.Error("I-PER not allowed after B-PER or I-PER, or B-PER after O")
	}
}

// TestLoadTime reports how long the embedded models take to decode. It
// does not assert a bound: timing on a shared machine is noisy.
func TestLoadTime(t *testing.T) {
	for _, name := range []string{"model/ner.bin", "model/pos.bin"} {
		b, err := modelFS.ReadFile(name)
		if err != nil {
			t.Logf("%s: not embedded", name)
			continue
		}
		start := time.Now()
		m, err := Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: %d bytes, %d labels, decoded in %s", name, len(b), len(m.Labels()), time.Since(start))
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(trainToy(f).Encode())
	f.Add(trainToyLexicon(f).Encode())
	f.Add([]byte(magic))
	f.Add([]byte(magicLex))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrBadModel) {
				t.Fatalf("error %v is not ErrBadModel", err)
			}
			return
		}
		words := []string{"Mr.", "Jones", "lives", "in", "Kabul", "."}
		if got := m.Tag(words); len(got) != len(words) {
			t.Fatalf("%d labels for %d words", len(got), len(words))
		}
	})
}

func TestLexicon(t *testing.T) {
	lex := Lexicon{"saffron walden": LexPlace, "kabul": LexPlace | LexPlaceBig, "korn": LexOrg, "hotel": LexLower}
	s := sentence{gaz: mergeGazetteer(lex.entries())}
	words := strings.Fields("Korn played the Hotel in Saffron Walden , not in Kabul or Baghdad .")
	s.prepare(words)
	want := map[string]uint32{
		"Korn": gKBOrg, "Hotel": gMostlyLower, "Saffron": gPlace, "Walden": gPlace,
		"Kabul": gPlace | gPlaceBig | gCity, "Baghdad": gCity, "played": 0, "in": 0,
	}
	for i, w := range words {
		if g, ok := want[w]; ok && s.info[i].gaz != g {
			t.Errorf("%s: classes %b, want %b", w, s.info[i].gaz, g)
		}
	}
	if s.info[5].gazB&gPlace == 0 || s.info[6].gazB&gPlace != 0 {
		t.Error("Saffron Walden: want a place match beginning at Saffron only")
	}
	// Without a lexicon only the hand-written gazetteer counts.
	var plain sentence
	plain.prepare(words)
	if plain.info[0].gaz != 0 || plain.info[10].gaz != gCity {
		t.Errorf("static gazetteer: Korn %b, Kabul %b", plain.info[0].gaz, plain.info[10].gaz)
	}
}

// trainToyLexicon trains the toy model with a small lexicon.
func trainToyLexicon(t testing.TB) *Model {
	t.Helper()
	opt := DefaultTrainOptions()
	opt.MinWeight = 0
	opt.Lexicon = Lexicon{"kabul": LexPlace, "lima": LexPlace, "new york": LexPlace | LexPlaceBig}
	m, err := Train(toyData(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEncodeDecodeLexicon(t *testing.T) {
	m := trainToyLexicon(t)
	b := m.Encode()
	if string(b[:len(magicLex)]) != magicLex {
		t.Fatalf("magic %q, want %q", b[:len(magicLex)], magicLex)
	}
	m2, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.lex, m2.lex) || len(m2.lex) != 4 { // kabul, lima, new, new york
		t.Errorf("lexicon %v, decoded %v", m.lex, m2.lex)
	}
	words := []string{"Mr.", "Jones", "lives", "in", "New", "York", "."}
	if a, b := m.Tag(words), m2.Tag(words); !reflect.DeepEqual(a, b) {
		t.Errorf("decoded model tags %v, original %v", b, a)
	}
	if b2 := m2.Encode(); string(b) != string(b2) {
		t.Error("Encode(Decode(b)) != b")
	}
	for _, n := range []int{len(b) - 1, len(b) - 5, len(b) - 40} {
		if _, err := Decode(b[:n]); !errors.Is(err, ErrBadModel) {
			t.Errorf("Decode(truncated to %d) error = %v, want ErrBadModel", n, err)
		}
	}
}

func TestDocHistory(t *testing.T) {
	m := &Model{}
	m.setLabels([]string{"B-LOC", "B-PER", "I-LOC", "I-PER", "O"})
	if m.typeBit[0] != m.typeBit[2] || m.typeBit[1] != m.typeBit[3] || m.typeBit[4] != 1 || m.typeBit[0] == m.typeBit[1] {
		t.Fatalf("type bits %v", m.typeBit)
	}
	var h history
	h.reset()
	s := sentence{hist: &h}
	s.prepare(strings.Fields("Jones met Smith in Kabul ."))
	h.record(&s, 0, 1)            // sentence-initial O: says nothing
	h.record(&s, 2, m.typeBit[1]) // Smith: PER
	h.record(&s, 3, 1)            // "in" is not capitalised
	h.record(&s, 4, m.typeBit[0]) // Kabul: LOC
	s.prepare(strings.Fields("Then Smith and Jones left Kabul ."))
	has := func(i int, k uint64) bool {
		return slices.Contains(s.features(i, -1, -1, nil), k)
	}
	if !has(1, feat(tHistory, uint64(m.typeBit[1])<<1)) {
		t.Error("Smith: no PER history")
	}
	if !has(3, feat(tHistory, 0)) {
		t.Error("Jones: want an empty history (its only mention was sentence-initial O)")
	}
	if !has(5, feat(tHistory, uint64(m.typeBit[0])<<1)) {
		t.Error("Kabul: no LOC history")
	}
	h.reset()
	if !has(1, feat(tHistory, 0)) {
		t.Error("reset kept the history")
	}
}

func TestDocTag(t *testing.T) {
	m := trainToy(t)
	doc := m.NewDoc()
	words := []string{"Mr.", "Jones", "lives", "in", "Kabul", "."}
	for range 3 {
		if got, want := doc.Tag(words), m.Tag(words); !reflect.DeepEqual(got, want) {
			t.Errorf("Doc.Tag %v, Tag %v", got, want)
		}
	}
	if got := doc.Tag(nil); len(got) != 0 {
		t.Errorf("Doc.Tag(nil) = %v", got)
	}
}

func TestRunGazetteer(t *testing.T) {
	lex := Lexicon{"saffron walden": LexPlace, "washington": LexPlace}
	s := sentence{gaz: mergeGazetteer(lex.entries())}
	words := strings.Fields("George Washington left Saffron Walden for Washington .")
	s.prepare(words)
	want := []uint32{0, 0, 0, gPlace, gPlace, 0, gPlace | gCity, 0}
	for i, w := range want {
		if got := s.info[i].runGaz &^ gCaseHabits; got != w {
			t.Errorf("%s: run classes %b, want %b", words[i], got, w)
		}
	}
	// Only entity models (with a history) see the feature: the
	// part-of-speech model keeps the features it was trained with.
	k := feat(tRunGaz, uint64(gPlace))
	if slices.Contains(s.features(3, -1, -1, nil), k) {
		t.Error("run phrase feature without a history")
	}
	var h history
	h.reset()
	s.hist = &h
	if !slices.Contains(s.features(3, -1, -1, nil), k) {
		t.Error("Saffron: no run phrase feature")
	}
}

func TestGazIndex(t *testing.T) {
	g := newGazIndex(1000)
	for k := uint64(1); k <= 1000; k++ {
		g.add(mix(k), gazEntry{class: uint32(k), more: k%2 == 0})
	}
	g.add(mix(7), gazEntry{class: 1 << 20})
	if g.n != 1000 {
		t.Errorf("%d entries, want 1000", g.n)
	}
	for k := uint64(1); k <= 1000; k++ {
		e, ok := g.get(mix(k))
		want := gazEntry{class: uint32(k), more: k%2 == 0}
		if k == 7 {
			want.class |= 1 << 20
		}
		if !ok || e != want {
			t.Fatalf("key %d: %+v %v, want %+v", k, e, ok, want)
		}
	}
	if _, ok := g.get(mix(1001)); ok {
		t.Error("absent key found")
	}
}

func TestTrimConnectors(t *testing.T) {
	words := strings.Fields("the Army of the Potomac and Bank of America , Joaquin de")
	labels := strings.Fields("O B-ORG I-ORG I-ORG B-LOC O B-ORG I-ORG I-ORG O B-PER I-PER")
	trimConnectors(words, labels)
	want := strings.Fields("O B-ORG O O B-LOC O B-ORG I-ORG I-ORG O B-PER O")
	if !reflect.DeepEqual(labels, want) {
		t.Errorf("got %v\nwant %v", labels, want)
	}
}

func TestTrimTitles(t *testing.T) {
	words := strings.Fields("Brigadier General Ross Hoyt met Colonel Smith , Mr. Jones and King Abdullah")
	labels := strings.Fields("B-PER I-PER I-PER I-PER O B-PER I-PER O B-PER I-PER O B-PER I-PER")
	trimTitles(words, labels)
	want := strings.Fields("O O B-PER I-PER O O B-PER O B-PER I-PER O B-PER I-PER")
	if !reflect.DeepEqual(labels, want) {
		t.Errorf("got %v\nwant %v", labels, want)
	}
}
