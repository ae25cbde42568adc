package when

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func evalFile(t testing.TB, rel string) [][]string {
	seed := seedDir(t)
	p := filepath.Join(filepath.Dir(seed), "eval", rel)
	f, err := os.Open(p)
	if err != nil {
		t.Skipf("evaluation file not available (%v); skipping", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestACLEDNotes reads ACLED's event notes, which start "On 23 February
// 2022, ...", published three days after the event, and checks that the
// first date found is the coded event date. The floor only goes up.
func TestACLEDNotes(t *testing.T) {
	rows := evalFile(t, "acled/acled-2022h1-world.csv")
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var total, ok int
	var misses []string
	for _, r := range rows[1:] {
		day, err := time.Parse("2006-01-02", r[col["event_date"]])
		if err != nil {
			continue
		}
		total++
		pub := day.AddDate(0, 0, 3)
		ds := Parse(r[col["notes"]], &pub)
		if len(ds) > 0 && ds[0].Value == r[col["event_date"]] {
			ok++
		} else if len(misses) < 5 {
			misses = append(misses, r[col["notes"]])
		}
	}
	acc := float64(ok) / float64(total)
	t.Logf("ACLED notes: %d, first date is the event date in %.4f", total, acc)
	for _, m := range misses {
		t.Logf("miss: %.120s", m)
	}
	if acc < 0.999 {
		t.Errorf("accuracy %.4f below floor 0.999", acc)
	}
}

// BenchmarkParseGuardian parses 249 real Guardian articles on Syria.
func BenchmarkParseGuardian(b *testing.B) {
	rows := evalFile(b, "corpus/guardian-sdf-2017-2019.csv")
	col := -1
	for i, h := range rows[0] {
		if h == "text" {
			col = i
		}
	}
	if col < 0 {
		b.Fatal("no text column")
	}
	var texts []string
	var size int64
	for _, r := range rows[1:] {
		if len(r) > col {
			texts = append(texts, r[col])
			size += int64(len(r[col]))
		}
	}
	b.ReportAllocs()
	b.SetBytes(size)
	for b.Loop() {
		for _, s := range texts {
			Parse(s, &pub)
		}
	}
}
