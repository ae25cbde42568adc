// Package story groups articles that tell the same story: syndicated copies
// and near-duplicates (the same wire story on many sites), and different
// outlets' reports of the same happening.
//
// Articles are compared by TF-IDF cosine similarity of their content words
// and of the actors they name, title words weighted up, within a sliding
// time window; clusters are formed by average linkage so that one loose
// pair does not chain unrelated stories together. Near-duplicates are found
// separately by the Jaccard similarity of their 5-word shingles (MinHash),
// since a syndicated copy is a stronger relation than "same story".
package story

import (
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Item is one article to cluster.
type Item struct {
	ID        string
	Title     string
	Text      string
	Published time.Time // zero when unknown: then the window is ignored
	// Actors are language-independent keys of the actors the article
	// names (knowledge-base ids), so that stories match across languages.
	Actors []string
}

// Options tune clustering.
type Options struct {
	// Threshold is the average-linkage cosine similarity above which two
	// clusters merge.
	Threshold float64
	// Window is the largest gap in publication time inside one story.
	Window time.Duration
}

// DefaultOptions are the settings measured on the shared stories set (see
// EVALUATION.md).
var DefaultOptions = Options{Threshold: 0.17, Window: 31 * 24 * time.Hour}

// Vector is a sparse, L2-normalised term vector.
type Vector map[uint64]float64

const backgroundDocs = 20

// Vectors builds TF-IDF vectors for items, with document frequencies taken
// from the items themselves.
func Vectors(items []Item) []Vector {
	tfs := make([]map[uint64]float64, len(items))
	df := map[uint64]int{}
	for i, it := range items {
		tf := map[uint64]float64{}
		for _, w := range contentWords(it.Title) {
			tf[hashTerm("w:", w)] += 3
		}
		for _, w := range contentWords(it.Text) {
			tf[hashTerm("w:", w)]++
		}
		for _, a := range it.Actors {
			tf[hashTerm("a:", a)] += 2
		}
		for k := range tf {
			df[k]++
		}
		tfs[i] = tf
	}
	// A prior of backgroundDocs unrelated documents keeps IDF meaningful
	// when only a handful of articles are compared.
	n := float64(len(items)) + backgroundDocs
	vecs := make([]Vector, len(items))
	for i, tf := range tfs {
		v := Vector{}
		var norm float64
		for k, c := range tf {
			idf := math.Log((n + 1) / (float64(df[k]) + 0.5))
			if idf <= 0 {
				continue
			}
			w := (1 + math.Log(c)) * idf
			v[k] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for k := range v {
			v[k] /= norm
		}
		vecs[i] = v
	}
	return vecs
}

// Cosine returns the cosine similarity of two normalised vectors.
func Cosine(a, b Vector) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for k, x := range a {
		s += x * b[k]
	}
	return s
}

// Cluster groups items into stories by average linkage. It returns the
// clusters as lists of item indexes, each sorted, largest first.
func Cluster(items []Item, opts Options) [][]int {
	vecs := Vectors(items)
	n := len(items)
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s := Cosine(vecs[i], vecs[j])
			if !withinWindow(items[i].Published, items[j].Published, opts.Window) {
				s = 0
			}
			sim[i][j], sim[j][i] = s, s
		}
	}
	clusters := make([][]int, n)
	for i := range clusters {
		clusters[i] = []int{i}
	}
	for {
		bi, bj, best := -1, -1, opts.Threshold
		for i := 0; i < len(clusters); i++ {
			for j := i + 1; j < len(clusters); j++ {
				var s float64
				for _, a := range clusters[i] {
					for _, b := range clusters[j] {
						s += sim[a][b]
					}
				}
				s /= float64(len(clusters[i]) * len(clusters[j]))
				if s > best {
					bi, bj, best = i, j, s
				}
			}
		}
		if bi < 0 {
			break
		}
		clusters[bi] = append(clusters[bi], clusters[bj]...)
		clusters = append(clusters[:bj], clusters[bj+1:]...)
	}
	for _, c := range clusters {
		sort.Ints(c)
	}
	sort.SliceStable(clusters, func(i, j int) bool { return len(clusters[i]) > len(clusters[j]) })
	return clusters
}

func withinWindow(a, b time.Time, w time.Duration) bool {
	if a.IsZero() || b.IsZero() || w <= 0 {
		return true
	}
	d := a.Sub(b)
	if d < 0 {
		d = -d
	}
	return d <= w
}

// NearDuplicate reports the estimated Jaccard similarity of the 5-word
// shingles of two texts; 0.8 and above means one is a copy of the other.
func NearDuplicate(a, b string) float64 {
	return Signature(a).Similarity(Signature(b))
}

// MinHash is a 64-value MinHash signature of a text's 5-word shingles.
type MinHash [64]uint64

// Signature computes the MinHash signature of text.
func Signature(text string) MinHash {
	var sig MinHash
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	words := allWords(text)
	for i := 0; i+5 <= len(words) || (i == 0 && len(words) > 0); i++ {
		end := min(i+5, len(words))
		h := fnv.New64a()
		for _, w := range words[i:end] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		x := h.Sum64()
		for k := range sig {
			// Cheap independent hash functions: multiply-xorshift.
			y := (x ^ uint64(k)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
			y ^= y >> 31
			if y < sig[k] {
				sig[k] = y
			}
		}
		if end == len(words) {
			break
		}
	}
	return sig
}

// Similarity estimates the Jaccard similarity of the texts behind two
// signatures.
func (m MinHash) Similarity(o MinHash) float64 {
	same := 0
	for i := range m {
		if m[i] == o[i] {
			same++
		}
	}
	return float64(same) / float64(len(m))
}

func hashTerm(prefix, w string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(prefix))
	h.Write([]byte(w))
	return h.Sum64()
}

func allWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// contentWords returns lowercased words of three letters or more that are
// not function words, crudely stemmed.
func contentWords(text string) []string {
	var out []string
	for _, w := range allWords(text) {
		if len(w) < 3 || stop[w] {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

var stop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and for that with this from have has had was were are been will would
	can could should may might its their they them his her him she our you your not but also more than
	which who whom what when where while about after before into over under said says say one two new
	all any some such other into out per just only most very can't don't it's there here then than
	year years month months week weeks day days time first last next many much part being does did
	les des une dans pour que qui sur par est sont avec der die das und ist nicht los las del por con`) {
		m[w] = true
	}
	return m
}()
