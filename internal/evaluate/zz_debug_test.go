package evaluate

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/event"
)

func TestZZDebugPLOVER(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	dir := sharedOrSkip(t, "eval/events/plover")
	raw, _ := os.ReadFile(filepath.Join(dir, "PLOVER_GSR_CAMEO.json"))
	var items []ploverItem
	json.Unmarshal(raw, &items)
	tf, _ := os.Open(filepath.Join(dir, "CAMEO2PLOVER-2021.txt"))
	table, _ := ReadCAMEO2PLOVER(tf)
	an := eventAnalyzer(t)
	out, _ := os.Create("/tmp/ev_plover.txt")
	defer out.Close()
	for _, it := range items {
		code, ok := oldPLOVER[it.Event]
		if !ok {
			continue
		}
		gold := table[code][0]
		doc, _ := an(context.Background(), it.Text)
		hit, th, pred := scorePLOVERItem(doc, it, gold, table)
		var markup string
		json.Unmarshal(it.TextInfo, &struct {
			Markup *string `json:"markup"`
		}{&markup})
		status := "OK "
		if !hit {
			status = "MISS"
		}
		fmt.Fprintf(out, "%s type=%v %s gold=%s pred=%s n=%d\n  %s\n", status, th, it.ID, gold, pred, len(doc.Events), markup)
		fmt.Fprintf(out, "  src=%s tar=%s\n", it.Source, it.Target)
		var ents []string
		for _, e := range doc.Entities {
			ents = append(ents, fmt.Sprintf("%s=%q/%s/%s/%s/%s", e.ID, e.Name, e.Type, e.Kind, e.Country, e.Sector))
		}
		fmt.Fprintf(out, "  ents: %s\n", strings.Join(ents, " "))
		var pos []string
		for i, tk := range doc.Tokens {
			p := ""
			if i < len(doc.POS) {
				p = doc.POS[i]
			}
			pos = append(pos, doc.Slice(tk.Span())+"/"+p)
		}
		fmt.Fprintf(out, "  pos: %s\n", strings.Join(pos, " "))
		for _, ev := range doc.Events {
			fmt.Fprintf(out, "  -> %s [%s] %.2f\n", event.String(doc, ev), ploverType(ev), ev.Confidence)
		}
		_ = article.Span{}
	}
}

func TestZZDebugACLED(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	path := sharedOrSkip(t, "eval/acled/acled-2022h1-world.csv")
	f, _ := os.Open(path)
	defer f.Close()
	cr := csv.NewReader(f)
	head, _ := cr.Read()
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	an := eventAnalyzer(t)
	out, _ := os.Create("/tmp/ev_acled.txt")
	defer out.Close()
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if err != nil {
			break
		}
		notes, gold, actor1 := rec[col["notes"]], rec[col["event_type"]], rec[col["actor1"]]
		doc, _ := an(context.Background(), notes)
		pred, ev := primaryACLED(doc)
		am := ev != nil && actor1Match(doc, ev, actor1, pred)
		fmt.Fprintf(out, "%s | %s | a1=%v %s\n  %s\n", gold, pred, am, actor1, notes)
		for _, e := range doc.Events {
			fmt.Fprintf(out, "  -> %s\n", event.String(doc, e))
		}
	}
}
