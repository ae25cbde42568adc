package evaluate

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"testing"
)

func TestScoreBody(t *testing.T) {
	tests := []struct {
		name       string
		pred, gold string
		p, r       float64
	}{
		{"both empty", "", "", 1, 1},
		{"punctuation only", "...", " - ", 1, 1},
		{"nothing predicted", "", "one two three four five", 0, 0},
		{"nothing expected", "one two three four five", "", 0, 0},
		{"equal", "One, two; three four five.", "One two three four five", 1, 1},
		{"short texts are one shingle", "a b", "a b", 1, 1},
		{"half", "a b c d e", "a b c d e f g h", 1, 2.0 / 5},
		{"case matters", "A b c d", "a b c d", 0, 0},
		{"unicode words", "مرحبا بالعالم هنا الآن", "مرحبا بالعالم هنا الآن", 1, 1},
		{"repeats are a multiset", "a b c d a b c d", "a b c d", 1.0 / 5, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, r := ScoreBody(tt.pred, tt.gold)
			if math.Abs(p-tt.p) > 1e-9 || math.Abs(r-tt.r) > 1e-9 {
				t.Errorf("ScoreBody(%q, %q) = %.3f, %.3f; want %.3f, %.3f", tt.pred, tt.gold, p, r, tt.p, tt.r)
			}
		})
	}
}

func TestWords(t *testing.T) {
	got := Words("It's 3.5 km—snake_case, naïve café.")
	want := []string{"It", "s", "3", "5", "km", "snake_case", "naïve", "café"}
	if len(got) != len(want) {
		t.Fatalf("Words = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("Words = %q, want %q", got, want)
		}
	}
}

func scrapinghubDir(t testing.TB) string {
	t.Helper()
	shared := SharedDir()
	if shared == "" {
		t.Skip("../shared not found beside the module root: skipping the scrapinghub evaluation")
	}
	return filepath.Join(shared, "eval", "extraction", "scrapinghub")
}

// TestPeersPublishedF1 validates the scorer: it must reproduce the F1 the
// benchmark publishes for the peers' outputs.
func TestPeersPublishedF1(t *testing.T) {
	dir := scrapinghubDir(t)
	rep, err := Extraction(context.Background(), dir, func([]byte, string) (string, error) {
		return "", errors.New("not extracting")
	})
	if err != nil {
		t.Fatal(err)
	}
	published := map[string]float64{
		"go_trafilatura": 0.960,
		"trafilatura":    0.958,
		"readability_js": 0.947,
		"go_readability": 0.934,
	}
	got := map[string]float64{}
	for _, s := range rep.Peers {
		got[s.Name] = s.F1
		t.Logf("%-16s P=%.3f R=%.3f F1=%.3f", s.Name, s.Precision, s.Recall, s.F1)
	}
	for name, want := range published {
		f1, ok := got[name]
		if !ok {
			t.Errorf("peer %s missing", name)
			continue
		}
		if math.Abs(f1-want) > 0.003 {
			t.Errorf("peer %s: F1 %.4f, published %.3f", name, f1, want)
		}
	}
	if rep.Pages != 181 || rep.Failures != 181 || rep.Ours.F1 != 0 {
		t.Errorf("empty extractor: pages %d failures %d F1 %.3f; want 181, 181, 0", rep.Pages, rep.Failures, rep.Ours.F1)
	}
}
