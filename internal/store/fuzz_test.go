package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// FuzzSearchText runs arbitrary query text, as a user types it into the
// search box or the API's q parameter, against a real SQLite store. The
// text reaches FTS5 only through the store's own query parser, so every
// input must give either results or ErrInvalid: never an SQL or FTS5
// syntax error, never a panic.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{
		"rockets", `"Islamic Resistance" -Syria`, "talks OR withdrawal", "attack*",
		`"unbalanced`, "-", "- -", "OR", "OR OR a", "*", "a**", `""`, "NEAR(a b)", "a:b",
		"col:rockets", "^start", "a AND NOT b", "(a OR b)", "{a b}", "a + b", "'",
		"\x00", "é*", "日本", "-\"x y\"*", strings.Repeat("a ", 40),
	} {
		f.Add(s)
	}
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	doc := article.New()
	doc.ID = "fuzz1"
	doc.Title = "Rockets hit base"
	doc.Text = "The Islamic Resistance in Iraq said rockets hit a base in Syria; talks on a withdrawal continue."
	if _, err := st.Put(ctx, doc); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		type answer struct {
			res *store.Results
			err error
		}
		done := make(chan answer, 1)
		go func() {
			res, err := st.Search(ctx, store.Query{Text: text})
			done <- answer{res, err}
		}()
		var a answer
		select {
		case a = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Search(%q) still running after 5 s on a one-document store", text)
		}
		res, err := a.res, a.err
		if err != nil {
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Search(%q): %v (want results or ErrInvalid)", text, err)
			}
			return
		}
		if res.Total < len(res.Hits) {
			t.Fatalf("Search(%q): total %d below %d hits", text, res.Total, len(res.Hits))
		}
	})
}
