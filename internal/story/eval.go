package story

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// PairReport is the pair precision, recall and F1 of same-story detection.
type PairReport struct {
	Articles, Pairs, GoldSame, PredSame, TP int
	Precision, Recall, F1                   float64
}

// EvalPairs clusters the articles of a stories data set (articles.csv and
// pairs.csv with "url1;url2;same" rows, in dir) and scores every labelled
// pair: predicted same when both articles land in one cluster.
func EvalPairs(dir string, opts Options) (*PairReport, error) {
	items, err := readArticles(filepath.Join(dir, "articles.csv"))
	if err != nil {
		return nil, err
	}
	clusters := Cluster(items, opts)
	clusterOf := map[string]int{}
	for c, members := range clusters {
		for _, i := range members {
			clusterOf[items[i].ID] = c
		}
	}
	f, err := os.Open(filepath.Join(dir, "pairs.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	rep := &PairReport{Articles: len(items)}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading pairs: %w", err)
		}
		if len(rec) != 3 {
			continue
		}
		a := strings.TrimPrefix(rec[0], "\ufeff")
		b := rec[1]
		ca, oka := clusterOf[a]
		cb, okb := clusterOf[b]
		if !oka || !okb || (rec[2] != "0" && rec[2] != "1") {
			continue
		}
		rep.Pairs++
		gold := rec[2] == "1"
		pred := ca == cb
		if gold {
			rep.GoldSame++
		}
		if pred {
			rep.PredSame++
		}
		if gold && pred {
			rep.TP++
		}
	}
	if rep.PredSame > 0 {
		rep.Precision = float64(rep.TP) / float64(rep.PredSame)
	}
	if rep.GoldSame > 0 {
		rep.Recall = float64(rep.TP) / float64(rep.GoldSame)
	}
	if rep.Precision+rep.Recall > 0 {
		rep.F1 = 2 * rep.Precision * rep.Recall / (rep.Precision + rep.Recall)
	}
	return rep, nil
}

func readArticles(path string) ([]Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.LazyQuotes = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, need := range []string{"url", "title", "text", "date"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: no %q column", path, need)
		}
	}
	var items []Item
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		it := Item{ID: rec[col["url"]], Title: rec[col["title"]], Text: rec[col["text"]]}
		if t, err := time.Parse("2006-01-02 15:04:05", rec[col["date"]]); err == nil {
			it.Published = t
		}
		items = append(items, it)
	}
	return items, nil
}
