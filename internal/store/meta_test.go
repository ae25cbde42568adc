package store

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestParseCoord checks parseCoord against strconv.ParseFloat on the forms
// doc_meta.points holds (Go's shortest form and SQLite's REAL as text) and
// on the ones it leaves to ParseFloat.
func TestParseCoord(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var inputs []string
	for range 20000 {
		v := (r.Float64()*2 - 1) * 180
		inputs = append(inputs, strconv.FormatFloat(v, 'g', -1, 64), strconv.FormatFloat(v, 'g', 15, 64),
			strconv.FormatFloat(v, 'f', r.IntN(8), 64))
	}
	inputs = append(inputs, "0", "-0", "35.95", "39.01", "1e-05", "-7.5e-06", "180", "12.", ".5", "123456789012345678", "-", "", "1.2.3", "abc")
	for _, s := range inputs {
		want, err := strconv.ParseFloat(s, 64)
		got, ok := parseCoord(s)
		if ok != (err == nil) || ok && math.Float64bits(got) != math.Float64bits(want) && !(got == 0 && want == 0) {
			t.Errorf("parseCoord(%q) = %v, %v; ParseFloat = %v, %v", s, got, ok, want, err)
		}
	}
}
