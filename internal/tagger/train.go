package tagger

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Example is one training sentence: words and their gold labels.
type Example struct {
	Words  []string
	Labels []string
	// Doc groups sentences into documents: examples next to each other
	// with the same non-zero Doc are one document, tagged in order with
	// its history (see Doc). 0 makes the sentence a document of its own.
	Doc int
}

// TrainOptions control Train. The zero value is not useful; see
// DefaultTrainOptions.
type TrainOptions struct {
	Epochs int
	// Seed fixes the order in which sentences are visited, so that training
	// is reproducible.
	Seed uint64
	// MinWeight drops averaged weights whose magnitude is below it.
	MinWeight float64
	// WordDropout is the probability with which a training word's identity
	// is hidden (its shape, affixes and context stay), so that the model
	// learns to tag words it has not seen.
	WordDropout float64
	// Lexicon, when set, adds phrases to the gazetteer; the model keeps it
	// in its file.
	Lexicon Lexicon
	// DictMinCount and DictMinShare, when DictMinCount > 0, build a tag
	// dictionary: a word seen at least DictMinCount times in training with
	// one label at least DictMinShare of the time takes that label at
	// tagging time without being scored. It makes the common words free;
	// use it for part of speech, not for entities (a frequent word like
	// "of" is part of names).
	DictMinCount int
	DictMinShare float64
	// Log, when set, receives one line of progress per epoch.
	Log io.Writer
}

// DefaultTrainOptions are the options used for the embedded models.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{Epochs: 8, Seed: 1, MinWeight: 0.05, WordDropout: 0.1}
}

// ErrNoData is returned by Train when there is nothing to learn from.
var ErrNoData = errors.New("tagger: no training data")

type entry struct {
	label uint8
	w     int32
	ts    int32
	total int64
}

type trainer struct {
	nl    int
	index map[uint64]int32
	rows  [][]entry
	now   int64
}

func (t *trainer) score(feats []uint64, scores []float64) {
	clear(scores)
	for _, k := range feats {
		if i, ok := t.index[k]; ok {
			for _, e := range t.rows[i] {
				scores[e.label] += float64(e.w)
			}
		}
	}
}

func (t *trainer) update(feats []uint64, label int, d int32) {
	for _, k := range feats {
		i, ok := t.index[k]
		if !ok {
			i = int32(len(t.rows))
			t.index[k] = i
			t.rows = append(t.rows, nil)
		}
		row := t.rows[i]
		found := false
		for j := range row {
			e := &row[j]
			if int(e.label) == label {
				e.total += (t.now - int64(e.ts)) * int64(e.w)
				e.w += d
				e.ts = int32(t.now)
				found = true
				break
			}
		}
		if !found {
			t.rows[i] = append(row, entry{label: uint8(label), w: d, ts: int32(t.now)})
		}
	}
}

// Train learns a model from examples with the averaged perceptron, decoding
// greedily left to right with the model's own previous labels as features.
// Labels containing "B-" make it an entity model with BIO constraints at
// tagging time. Training uses one goroutine.
func Train(data []Example, opt TrainOptions) (*Model, error) {
	if len(data) == 0 {
		return nil, ErrNoData
	}
	labelSet := map[string]bool{}
	for i, ex := range data {
		if len(ex.Words) != len(ex.Labels) {
			return nil, fmt.Errorf("training example %d: %d words but %d labels", i, len(ex.Words), len(ex.Labels))
		}
		for _, l := range ex.Labels {
			labelSet[l] = true
		}
	}
	var labels []string
	for l := range labelSet {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	if len(labels) > 255 {
		return nil, fmt.Errorf("training: %d labels, at most 255", len(labels))
	}
	labelID := map[string]int{}
	for i, l := range labels {
		labelID[l] = i
	}
	gold := make([][]int, len(data))
	for i, ex := range data {
		gold[i] = make([]int, len(ex.Labels))
		for j, l := range ex.Labels {
			gold[i][j] = labelID[l]
		}
	}

	t := &trainer{nl: len(labels), index: make(map[uint64]int32, 1<<20)}
	// order holds the first example of each document; docEnd[i] is one
	// past the last example of the document that begins at i.
	var order []int
	docEnd := make([]int, len(data))
	for i := 0; i < len(data); {
		j := i + 1
		for data[i].Doc != 0 && j < len(data) && data[j].Doc == data[i].Doc {
			j++
		}
		order = append(order, i)
		docEnd[i] = j
		i = j
	}
	rng := rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x5eed))
	lex := opt.Lexicon.entries()
	sent := sentence{gaz: mergeGazetteer(lex)}
	bio := slices.ContainsFunc(labels, func(l string) bool { return strings.HasPrefix(l, "B-") })
	var hist history
	if bio {
		sent.hist = &hist
	}
	typeBit := typeBits(labels)
	feats := make([]uint64, 0, 64)
	scores := make([]float64, len(labels))
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		start := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var n, correct int
		for _, first := range order {
			if bio {
				hist.reset()
			}
			for si := first; si < docEnd[first]; si++ {
				ex := data[si]
				sent.prepare(ex.Words)
				if opt.WordDropout > 0 {
					for i := range sent.info {
						if rng.Float64() < opt.WordDropout {
							sent.info[i].lower, sent.info[i].raw = hashUNK, hashUNK
						}
					}
				}
				p1, p2 := -1, -1
				for i := range ex.Words {
					t.now++
					feats = sent.features(i, p1, p2, feats[:0])
					t.score(feats, scores)
					guess := 0
					for l, s := range scores {
						if s > scores[guess] {
							guess = l
						}
					}
					truth := gold[si][i]
					if guess != truth {
						t.update(feats, truth, 1)
						t.update(feats, guess, -1)
					} else {
						correct++
					}
					n++
					if bio {
						hist.record(&sent, i, typeBit[guess])
					}
					p2, p1 = p1, guess
				}
			}
		}
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, "epoch %d: %d words, train accuracy %.4f, %d features, %s\n",
				epoch, n, float64(correct)/float64(n), len(t.rows), time.Since(start).Round(time.Millisecond))
		}
	}
	m := t.finish(labels, opt.MinWeight)
	if len(lex) > 0 {
		m.lex, m.gaz = lex, sent.gaz
	}
	if opt.DictMinCount > 0 {
		m.dict = buildDict(data, labelID, opt.DictMinCount, opt.DictMinShare)
	}
	return m, nil
}

// buildDict returns the words that nearly always take one label.
func buildDict(data []Example, labelID map[string]int, minCount int, minShare float64) map[string]uint8 {
	counts := map[string]map[int]int{}
	for _, ex := range data {
		for i, w := range ex.Words {
			c := counts[w]
			if c == nil {
				c = map[int]int{}
				counts[w] = c
			}
			c[labelID[ex.Labels[i]]]++
		}
	}
	dict := map[string]uint8{}
	for w, c := range counts {
		total, top, topN := 0, 0, -1
		for l, n := range c {
			total += n
			if n > topN || (n == topN && l < top) {
				top, topN = l, n
			}
		}
		if total >= minCount && float64(topN) >= minShare*float64(total) && len(w) < 256 {
			dict[w] = uint8(top)
		}
	}
	return dict
}

// finish averages, prunes and quantises the weights.
func (t *trainer) finish(labels []string, minWeight float64) *Model {
	type fw struct {
		key  uint64
		labs []uint8
		ws   []float64
	}
	var feats []fw
	maxAbs := 0.0
	for k, i := range t.index {
		var f fw
		for _, e := range t.rows[i] {
			total := e.total + (t.now-int64(e.ts))*int64(e.w)
			avg := float64(total) / float64(t.now)
			if math.Abs(avg) < minWeight {
				continue
			}
			f.labs = append(f.labs, e.label)
			f.ws = append(f.ws, avg)
			maxAbs = max(maxAbs, math.Abs(avg))
		}
		if len(f.labs) > 0 {
			f.key = k
			feats = append(feats, f)
		}
	}
	slices.SortFunc(feats, func(a, b fw) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	scale := 32767 / maxAbs
	m := &Model{}
	m.setLabels(labels)
	m.initTable(len(feats))
	for _, f := range feats {
		off := uint32(len(m.ws))
		for j, l := range f.labs {
			q := math.Round(f.ws[j] * scale)
			if q == 0 {
				continue
			}
			m.ws = append(m.ws, weight{l, int16(q)})
		}
		if len(m.ws) >= maxWeights {
			m.ws = m.ws[:off]
			break // cannot happen with models of sensible size
		}
		if n := uint32(len(m.ws)) - off; n > 0 {
			m.insert(f.key, off, n)
		}
	}
	return m
}
