package fold

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFoldKey(t *testing.T) {
	for in, want := range map[string]string{
		"Rafaḩ":          "rafah",
		"Deir al-Balah":  "deir al balah",
		"the Gaza Strip": "gaza strip",
		"Ma'arrat":       "maarrat",
		"Ṣan‘ā’":         "sana",
		"U.S.":           "us",
		"  Kyiv  ":       "kyiv",
		"Côte d’Ivoire":  "cote divoire",
		"":               "",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsLatin(t *testing.T) {
	for in, want := range map[string]bool{"Ḩalab": true, "Kyiv": true, "Київ": false, "حلب": false, "Gaza-1": true} {
		if got := IsLatin(in); got != want {
			t.Errorf("IsLatin(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Rafaḩ", "the Gaza Strip", "U.S.", "Ṣan‘ā’", "\xff", " the  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if !utf8.ValidString(k) || strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("Key(%q) = %q", s, k)
		}
		if k != strings.ToLower(k) && utf8.ValidString(s) {
			// Some scripts have no simple lower case; only ASCII must be lowered.
			for i := 0; i < len(k); i++ {
				if 'A' <= k[i] && k[i] <= 'Z' {
					t.Fatalf("Key(%q) = %q keeps capitals", s, k)
				}
			}
		}
		if Key(k) != k && !strings.HasPrefix(k, "the ") {
			t.Fatalf("Key is not idempotent: %q -> %q -> %q", s, k, Key(k))
		}
	})
}
