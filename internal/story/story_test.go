package story

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestClusterSmall(t *testing.T) {
	day := time.Date(2024, 1, 25, 0, 0, 0, 0, time.UTC)
	items := []Item{
		{ID: "a", Title: "Iraqi resistance dismisses US withdrawal talks", Text: "The Islamic Resistance in Iraq criticised the US request for talks on the withdrawal of US forces from Iraq.", Published: day},
		{ID: "b", Title: "Iraq armed groups reject US troop withdrawal talks", Text: "Armed groups in Iraq rejected talks between Baghdad and Washington on the withdrawal of US forces.", Published: day.Add(24 * time.Hour)},
		{ID: "c", Title: "Wärtsilä joins hydrogen vessel project", Text: "The technology group signed a memorandum on propulsion systems for compressed hydrogen ships.", Published: day},
		{ID: "d", Title: "US withdrawal talks in Iraq", Text: "Talks on the withdrawal of US forces from Iraq.", Published: day.Add(400 * 24 * time.Hour)},
	}
	got := Cluster(items, DefaultOptions)
	var groups []string
	for _, c := range got {
		var ids []string
		for _, i := range c {
			ids = append(ids, items[i].ID)
		}
		groups = append(groups, strings.Join(ids, ","))
	}
	if strings.Join(groups, " ") != "a,b c d" {
		t.Errorf("clusters = %q, want a,b together, c and d (outside the window) alone", groups)
	}
}

func TestNearDuplicate(t *testing.T) {
	a := "Rebels seized the town of Kidal on Monday after three days of fighting with the army, residents said, as the government vowed to retake it."
	b := a + " Reporting by Jane Doe; editing by John Roe."
	c := "The central bank raised interest rates by half a point on Thursday, citing stubborn inflation and a tight labour market across the country."
	if s := NearDuplicate(a, b); s < 0.6 {
		t.Errorf("copy with a credit line: similarity %.2f, want >= 0.6", s)
	}
	if s := NearDuplicate(a, c); s > 0.1 {
		t.Errorf("unrelated texts: similarity %.2f, want <= 0.1", s)
	}
}

// TestStoriesFloor measures same-story pairing on the shared stories set.
// The floor only rises.
func TestStoriesFloor(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "stories")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s is absent", dir)
	}
	rep, err := EvalPairs(dir, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pairs %d, P %.3f R %.3f F1 %.3f", rep.Pairs, rep.Precision, rep.Recall, rep.F1)
	if rep.F1 < 0.95 {
		t.Errorf("same-story pair F1 %.3f below the floor 0.95", rep.F1)
	}
}

func BenchmarkCluster100(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "stories")
	items, err := readArticles(filepath.Join(dir, "articles.csv"))
	if err != nil {
		b.Skipf("skipping: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Cluster(items, DefaultOptions)
	}
}
