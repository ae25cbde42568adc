package actor

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const seedPath = "../../../shared/seed/000_8a460393155f9b4e.txt"

// seedDoc builds a document from the seed article's body
// paragraphs (after the headline and standfirst, before "Check Also"), with
// tokens from the package tokenizer and no tagger names.
func seedDoc(tb testing.TB) *article.Document {
	tb.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Skipf("seed article not available (%v); it lives in ../shared/seed next to the repository", err)
	}
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	var body []string
	for _, p := range paras[2:] {
		if p == "Check Also" {
			break
		}
		body = append(body, p)
	}
	// The seed README says thirteen body paragraphs; the file has twelve
	// between the standfirst and "Check Also".
	if len(body) != 12 {
		tb.Fatalf("seed: %d body paragraphs, want 12", len(body))
	}
	doc := article.New()
	doc.Text = strings.Join(body, "\n\n")
	doc.Tokens = tokenize(doc.Text)
	return doc
}

// compact renders entities one line each, for golden files and reports.
func compact(ents []article.Entity) string {
	var b strings.Builder
	for _, e := range ents {
		fmt.Fprintf(&b, "%s %s [%s/%s %s %s", e.ID, e.Name, e.Type, e.Kind, e.Country, e.Sector)
		if e.Role != "" {
			fmt.Fprintf(&b, " role=%s", e.Role)
		}
		fmt.Fprintf(&b, "]")
		for _, m := range e.Mentions {
			fmt.Fprintf(&b, " %q/%s", m.Text, m.Reason)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestSeedGolden(t *testing.T) {
	doc := seedDoc(t)
	if err := NewStage(nil).Process(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + compact(doc.Entities))
	got, err := json.MarshalIndent(doc.Entities, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seed_entities.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
		t.Errorf("entities differ from %s; run go test ./internal/actor -run TestSeedGolden -update and review the diff", golden)
	}
}
