// Package tagger holds Sitrep's statistical sequence taggers: a named-entity
// tagger (BIO labels over PER, ORG, LOC, NORP and MISC) and a part-of-speech
// tagger (Penn Treebank tags).
//
// Both are greedy left-to-right averaged perceptrons over hashed features
// (the word, its shape, prefixes and suffixes, its neighbours, the previous
// two labels and a small hand-written gazetteer). The models are trained by
// this package (see Train and cmd/sitrep-train) and embedded in the binary
// as compact binary files under model/.
//
// We write our own rather than use a library because no pure-Go tagger gives
// us a model trained on our own data, small enough to embed, fast enough for
// the pipeline, and without cgo or a model download at run time.
//
// Words are expected as the pipeline's tokenizer gives them (Penn-Treebank
// like: punctuation split off, "U.S." and "2,500" one token, possessive "'s"
// split). Curly quotes and apostrophes, the Treebank quote and bracket
// tokens (two backquotes, two apostrophes, -LRB-, ...) are normalised inside
// the features, so the taggers see a curly, a Treebank and a straight double
// quote alike.
package tagger
