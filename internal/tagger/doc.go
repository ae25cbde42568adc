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
// The entity model adds two things. Its file carries a Lexicon built at
// training time from Sitrep's own generated data: the places of the geo
// gazetteer (own names, alternate names, big places), the organisations
// and people of the actor knowledge base, and how each word is usually
// written in unlabelled news text (nearly always lower case, nearly always
// capitalised, or both), so that "Grantham" reads as a place and the
// capitalised "Killing" of a band's name does not read as a first name.
// And it reads a document as a whole (Doc, and Stage): each capitalised
// word sees the entity types it was tagged with earlier in the document.
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
