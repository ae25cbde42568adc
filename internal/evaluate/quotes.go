package evaluate

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sitrep-dev/sitrep/internal/article"
)

// AnalyzeFunc turns an article text into a record; the CLI passes the real
// pipeline, tests a smaller one.
type AnalyzeFunc func(ctx context.Context, text string) (*article.Document, error)

// QuotesReport is the outcome of Quotes on a PolNeAR split.
type QuotesReport struct {
	Documents int `json:"documents"`
	// Gold is the number of gold attributions with content; Predicted the
	// number of predicted attributions (quotes, and claims that do not
	// repeat a quote).
	Gold      int `json:"gold"`
	Predicted int `json:"predicted"`
	// GoldMatched counts gold attributions whose content a prediction
	// overlaps; PredictedMatched predictions that overlap some gold content.
	GoldMatched      int     `json:"gold_matched"`
	PredictedMatched int     `json:"predicted_matched"`
	Precision        float64 `json:"precision"`
	Recall           float64 `json:"recall"`
	F1               float64 `json:"f1"`
	// SpeakerScored counts matched gold attributions that have a source;
	// SpeakerCorrect those whose best-matching prediction's speaker span
	// overlaps the gold source span.
	SpeakerScored   int     `json:"speaker_scored"`
	SpeakerCorrect  int     `json:"speaker_correct"`
	SpeakerAccuracy float64 `json:"speaker_accuracy"`
}

// Attribution is one gold PolNeAR attribution: its content, source and
// cue spans (a span may come in several fragments), by byte offset.
type Attribution struct {
	Content []article.Span
	Source  []article.Span
	Cue     []article.Span
}

type predicted struct {
	span    article.Span
	speaker *article.Span
}

// Quotes scores quote and claim attribution on a PolNeAR split: dir holds
// text/NAME.txt and attributions/NAME_ANNOTATOR.ann (brat standoff, with
// character offsets). A gold attribution is matched when a predicted quote
// or claim overlaps its content; the speaker of a matched one is right when
// the prediction's speaker (or holder) span overlaps the gold source.
// Predictions are the document's quotes plus its claims, less any claim
// that mostly repeats a quote. Articles annotated twice count twice.
func Quotes(ctx context.Context, dir string, analyze AnalyzeFunc) (*QuotesReport, error) {
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, fmt.Errorf("listing attributions in %s: %w", dir, err)
	}
	if len(anns) == 0 {
		return nil, fmt.Errorf("reading %s: no attributions/*.ann files", dir)
	}
	sort.Strings(anns)
	rep := &QuotesReport{}
	docs := map[string]*article.Document{}
	for _, ann := range anns {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := textName(dir, ann)
		if name == "" {
			continue
		}
		doc, ok := docs[name]
		if !ok {
			b, err := os.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("reading article: %w", err)
			}
			doc, err = analyze(ctx, string(b))
			if err != nil {
				return nil, fmt.Errorf("analysing %s: %w", name, err)
			}
			docs[name] = doc
		}
		gold, err := ReadBrat(ann, doc.Text)
		if err != nil {
			return nil, err
		}
		rep.Documents++
		preds := predictions(doc)
		scoreQuotes(rep, gold, preds)
	}
	rep.Precision = ratio(rep.PredictedMatched, rep.Predicted)
	rep.Recall = ratio(rep.GoldMatched, rep.Gold)
	if rep.Precision+rep.Recall > 0 {
		rep.F1 = 2 * rep.Precision * rep.Recall / (rep.Precision + rep.Recall)
	}
	rep.SpeakerAccuracy = ratio(rep.SpeakerCorrect, rep.SpeakerScored)
	return rep, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// textName maps attributions/NAME_ANNOTATOR.ann to text/NAME.txt.
func textName(dir, ann string) string {
	base := strings.TrimSuffix(filepath.Base(ann), ".ann")
	for _, cand := range []string{base, base[:max(strings.LastIndexByte(base, '_'), 0)]} {
		if cand == "" {
			continue
		}
		p := filepath.Join(dir, "text", cand+".txt")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func predictions(doc *article.Document) []predicted {
	var ps []predicted
	for _, q := range doc.Quotes {
		ps = append(ps, predicted{span: article.Span{Start: q.Start, End: q.End}, speaker: q.SpeakerSpan})
	}
	nq := len(ps)
claims:
	for _, c := range doc.Claims {
		cs := article.Span{Start: c.Start, End: c.End}
		for _, p := range ps[:nq] {
			if ov := overlap(p.span, cs); ov*2 > cs.Len() {
				continue claims
			}
		}
		ps = append(ps, predicted{span: cs, speaker: c.HolderSpan})
	}
	return ps
}

func overlap(a, b article.Span) int {
	if !a.Overlaps(b) {
		return 0
	}
	return min(a.End, b.End) - max(a.Start, b.Start)
}

func scoreQuotes(rep *QuotesReport, gold []Attribution, preds []predicted) {
	used := make([]bool, len(preds))
	for _, g := range gold {
		rep.Gold++
		best, bestOv := -1, 0
		for i, p := range preds {
			ov := 0
			for _, c := range g.Content {
				ov += overlap(p.span, c)
			}
			if ov > bestOv {
				best, bestOv = i, ov
			}
		}
		if best < 0 {
			continue
		}
		rep.GoldMatched++
		if len(g.Source) == 0 {
			continue
		}
		rep.SpeakerScored++
		if sp := preds[best].speaker; sp != nil {
			for _, s := range g.Source {
				if sp.Overlaps(s) {
					rep.SpeakerCorrect++
					break
				}
			}
		}
	}
	for i, p := range preds {
		for _, g := range gold {
			for _, c := range g.Content {
				if p.span.Overlaps(c) {
					used[i] = true
				}
			}
		}
	}
	rep.Predicted += len(preds)
	for _, u := range used {
		if u {
			rep.PredictedMatched++
		}
	}
}

// ReadBrat reads the attributions of a brat standoff file, converting its
// character offsets to byte offsets into text. Attributions without
// content are left out.
func ReadBrat(path, text string) ([]Attribution, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading attributions: %w", err)
	}
	defer f.Close()
	// byte offset of each character offset
	offs := make([]int, 0, len(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	toByte := func(c int) (int, bool) {
		if c < 0 || c >= len(offs) {
			return 0, false
		}
		return offs[c], true
	}
	spans := map[string][]article.Span{}
	types := map[string]string{}
	var events [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 {
			continue
		}
		switch fields[0][0] {
		case 'T':
			typ, locs, ok := strings.Cut(fields[1], " ")
			if !ok {
				return nil, fmt.Errorf("%s:%d: bad text-bound annotation", path, line)
			}
			types[fields[0]] = typ
			for _, frag := range strings.Split(locs, ";") {
				a, b, ok := strings.Cut(frag, " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if !ok || err1 != nil || err2 != nil {
					return nil, fmt.Errorf("%s:%d: bad span %q", path, line, frag)
				}
				bs, ok1 := toByte(s)
				be, ok2 := toByte(e)
				if !ok1 || !ok2 || be < bs {
					return nil, fmt.Errorf("%s:%d: span %q outside the text", path, line, frag)
				}
				spans[fields[0]] = append(spans[fields[0]], article.Span{Start: bs, End: be})
			}
		case 'E':
			events = append(events, strings.Fields(fields[1]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var gold []Attribution
	for _, ev := range events {
		var g Attribution
		for _, arg := range ev {
			role, id, ok := strings.Cut(arg, ":")
			if !ok {
				continue
			}
			role = strings.TrimRight(role, "0123456789")
			switch role {
			case "Content":
				g.Content = append(g.Content, spans[id]...)
			case "Source":
				g.Source = append(g.Source, spans[id]...)
			case "Cue":
				g.Cue = append(g.Cue, spans[id]...)
			}
		}
		if len(g.Content) > 0 {
			gold = append(gold, g)
		}
	}
	return gold, nil
}
