// Package evaluate measures Sitrep's stages against the labelled data sets in
// ../shared/eval, with the scoring rule each data set's own benchmark uses,
// so that the numbers compare with published ones.
package evaluate
