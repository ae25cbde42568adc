package evaluate

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadConllIOB1(t *testing.T) {
	in := "-DOCSTART- O\n\nThe I-ORG\nMad I-ORG\nCapsule I-ORG\nand O\nPeter I-PER\nB-PER B-PER\n\nParis I-LOC\n"
	got, err := ReadConll(strings.NewReader(in), "iob1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Words: []string{"The", "Mad", "Capsule", "and", "Peter", "B-PER"}, Labels: []string{"B-ORG", "I-ORG", "I-ORG", "O", "B-PER", "B-PER"}, Doc: 1},
		{Words: []string{"Paris"}, Labels: []string{"B-LOC"}, Doc: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestReadConllErrors(t *testing.T) {
	if _, err := ReadConll(strings.NewReader("a O\n"), "bio"); err == nil {
		t.Error("unknown format: no error")
	}
	if _, err := ReadConll(strings.NewReader("a\tX-PER\n"), "iob2"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad label: error %v, want one naming line 1", err)
	}
}

func TestReadCoreNLP(t *testing.T) {
	in := "# word\tlemma\tPOS\tNER\tbegin\tend\n# doc x.txt\n" +
		"Hillary\tHillary\tNNP\tPERSON\t0\t7\nClinton\tClinton\tNNP\tPERSON\t8\t15\nand\tand\tCC\tO\t16\t19\n" +
		"New\tNew\tNNP\tLOCATION\t20\t23\nYork\tYork\tNNP\tLOCATION\t24\t28\n\n" +
		"Monday\tMonday\tNNP\tDATE\t30\t36\n"
	got, err := ReadCoreNLP(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sentence{
		{Words: []string{"Hillary", "Clinton", "and", "New", "York"}, POS: []string{"NNP", "NNP", "CC", "NNP", "NNP"},
			Labels: []string{"B-PERSON", "I-PERSON", "O", "B-LOCATION", "I-LOCATION"}, Doc: 1},
		{Words: []string{"Monday"}, POS: []string{"NNP"}, Labels: []string{"B-DATE"}, Doc: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestChunks(t *testing.T) {
	tests := []struct {
		labels string
		want   []chunk
	}{
		{"B-PER I-PER O B-LOC", []chunk{{0, 2, "PER"}, {3, 4, "LOC"}}},
		{"I-ORG I-ORG B-ORG", []chunk{{0, 2, "ORG"}, {2, 3, "ORG"}}},
		{"B-PERSON I-LOCATION", []chunk{{0, 1, "PER"}, {1, 2, "LOC"}}},
		{"B-MISC I-MISC B-GPE", []chunk{{2, 3, "LOC"}}},
		{"O O", nil},
	}
	for _, tt := range tests {
		got := chunks(strings.Fields(tt.labels), DefaultNERTypes)
		want := map[chunk]bool{}
		for _, c := range tt.want {
			want[c] = true
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("chunks(%s) = %v, want %v", tt.labels, got, want)
		}
	}
}

func TestNERConll(t *testing.T) {
	in := "Obama I-PER\nvisited O\nNew I-LOC\nYork I-LOC\nwith O\nthe O\nUN I-ORG\n.\tO\n"
	// The tagger finds Obama, gets New York's extent wrong and calls the
	// UN a place.
	tag := func(words []string) []string {
		return []string{"B-PER", "O", "O", "B-GPE", "O", "O", "B-LOC", "O"}
	}
	rep, err := NERConll(strings.NewReader(in), "iob1", tag)
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Overall
	if o.TP != 1 || o.FP != 2 || o.FN != 2 {
		t.Fatalf("overall %+v, want tp 1 fp 2 fn 2", o)
	}
	if p := rep.PerType["PER"]; p.F1 != 1 {
		t.Errorf("PER F1 %v, want 1", p.F1)
	}
	if p := rep.PerType["LOC"]; p.TP != 0 || p.FP != 2 || p.FN != 1 {
		t.Errorf("LOC %+v, want tp 0 fp 2 fn 1", p)
	}
	if _, err := NERConll(strings.NewReader(in), "iob1", func(w []string) []string { return nil }); err == nil {
		t.Error("tagger returning too few labels: no error")
	}
}

func TestScorePOS(t *testing.T) {
	sents := []Sentence{{Words: []string{"a", "b"}, POS: []string{"DT", "NN"}}}
	rep, err := ScorePOS(sents, func(w []string) []string { return []string{"DT", "VB"} })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Accuracy != 0.5 || rep.Tokens != 2 {
		t.Errorf("got %+v", rep)
	}
}

func TestScoreNERDocs(t *testing.T) {
	in := "-DOCSTART- O\n\nParis I-LOC\n\nParis I-LOC\n\n-DOCSTART- O\n\nParis I-LOC\n"
	sents, err := ReadConll(strings.NewReader(in), "iob1")
	if err != nil {
		t.Fatal(err)
	}
	sents = append(sents, Sentence{Words: []string{"Paris"}, Labels: []string{"B-LOC"}}, Sentence{Words: []string{"Paris"}, Labels: []string{"B-LOC"}})
	// The tagger finds Paris only once it has seen it in the document.
	docs := 0
	rep, err := ScoreNERDocs(sents, nil, func() func([]string) []string {
		docs++
		seen := false
		return func(words []string) []string {
			if seen {
				return []string{"B-LOC"}
			}
			seen = true
			return []string{"O"}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if docs != 4 {
		t.Errorf("%d documents started, want 4 (two marked, two of Doc 0)", docs)
	}
	if rep.Overall.TP != 1 || rep.Overall.FN != 4 {
		t.Errorf("tp %d fn %d, want 1 and 4", rep.Overall.TP, rep.Overall.FN)
	}
}

func TestScoreNERErrors(t *testing.T) {
	sents := []Sentence{{
		Words:  []string{"Bob", "Dylan", "played", "Newport", "with", "The", "Band", "in", "Jazz", "Fest"},
		Labels: []string{"B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O", "B-MISC", "I-MISC"},
	}}
	pred := []string{"B-PER", "O", "O", "B-PER", "O", "O", "O", "O", "B-ORG", "I-ORG"}
	e, err := ScoreNERErrors(sents, nil, func() func([]string) []string {
		return func([]string) []string { return pred }
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{ErrBoundary: 1, ErrBoundary + ", gold side": 1, ErrWrongType: 1, ErrGoldMisc: 1, ErrMissed: 1}
	if !reflect.DeepEqual(e.Kinds, want) {
		t.Errorf("kinds %v, want %v", e.Kinds, want)
	}
	if e.Confusions["LOC -> PER"] != 1 {
		t.Errorf("confusions %v, want LOC -> PER once", e.Confusions)
	}
	if !strings.Contains(e.String(), "Newport [LOC -> PER]") {
		t.Errorf("report lacks the example:\n%s", e)
	}
}
