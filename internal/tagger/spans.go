package tagger

import "strings"

// Entity is a run of words tagged as one named entity: words
// [StartWord, EndWord) of the sentence, of type PER, ORG, LOC, NORP or MISC.
type Entity struct {
	StartWord int
	EndWord   int
	Type      string
}

// Spans decodes BIO labels (IOB2, as Tag returns them; IOB1 is read too)
// into entities, in order. An entity begins at B-X, or at I-X that does not
// continue an entity of type X; anything else ends it.
func Spans(labels []string) []Entity {
	var out []Entity
	start, typ := -1, ""
	end := func(i int) {
		if start >= 0 {
			out = append(out, Entity{StartWord: start, EndWord: i, Type: typ})
		}
		start, typ = -1, ""
	}
	for i, l := range labels {
		switch {
		case strings.HasPrefix(l, "B-"):
			end(i)
			start, typ = i, l[2:]
		case strings.HasPrefix(l, "I-"):
			if start < 0 || l[2:] != typ {
				end(i)
				start, typ = i, l[2:]
			}
		default:
			end(i)
		}
	}
	end(len(labels))
	return out
}
