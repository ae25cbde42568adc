package tagger

import (
	"strings"
	"testing"
)

// tagUncached is tag without the word cache: every feature looked up for
// every word, as in training.
func (m *Model) tagUncached(words []string) []string {
	st := m.newState()
	st.hist.reset()
	st.sent.prepare(words)
	if m.bio {
		st.sent.hist = &st.hist
	}
	out := make([]string, len(words))
	p1, p2 := -1, -1
	for i, w := range words {
		best := -1
		if l, ok := m.dict[w]; ok && m.allowed[(p1+1)*len(m.labels)+int(l)] {
			best = int(l)
		} else {
			st.feats = st.sent.features(i, p1, p2, st.feats[:0])
			clear(st.scores)
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
	return out
}

// TestWordCacheExact checks that the per-word score cache changes no
// label: the cached model and the uncached one agree on every word, with
// words repeated (cache hits), words longer than the runes the features
// read, and more distinct words than the cache holds (evictions).
func TestWordCacheExact(t *testing.T) {
	text := "US President Joe Biden said on Wednesday that the Islamic Resistance in Iraq ( IRI ) " +
		"had launched roughly 150 attacks against US forces in Iraq and Syria since 7 October , " +
		"according to five US officials who spoke to Politico and Reuters in Washington . " +
		strings.Repeat("Supercalifragilisticexpialidocious", 3) + "X " +
		strings.Repeat("Supercalifragilisticexpialidocious", 3) + "Y visited Baghdad ."
	var vocab []string
	for i := range 6000 {
		vocab = append(vocab, "Word"+strings.Repeat("z", i%7)+string(rune('a'+i%26))+string(rune('A'+(i/26)%26))+string(rune('a'+(i/676)%26)))
	}
	sents := [][]string{strings.Fields(text), vocab[:3000], vocab[3000:], strings.Fields(text)}
	for _, load := range []func() (*Model, error){NER, POS} {
		m, err := load()
		if err != nil {
			t.Skip(err)
		}
		for k, words := range sents {
			st := m.getState()
			st.hist.reset()
			got := make([]string, len(words))
			m.tag(st, words, got)
			m.putState(st)
			want := m.tagUncached(words)
			for i := range words {
				if got[i] != want[i] {
					t.Fatalf("sentence %d word %d %q: cached %s, uncached %s", k, i, words[i], got[i], want[i])
				}
			}
		}
	}
}
