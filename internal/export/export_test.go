package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func ptr[T any](v T) *T { return &v }

// fixture is a small hand-written document: an airstrike with actors, a
// located place and a casualty count; an accusation (not an ACLED event);
// a negated event; a quote.
func fixture() *article.Document {
	text := `Coalition aircraft struck Raqqa on Sunday, killing 12 fighters, a monitor said. ` +
		`Damascus accused the coalition of "crimes". The coalition did not strike Tabqa.`
	at := func(s string) int { return strings.Index(text, s) }
	span := func(s string) article.Span { i := at(s); return article.Span{Start: i, End: i + len(s)} }
	mention := func(s string) article.Mention {
		sp := span(s)
		return article.Mention{Start: sp.Start, End: sp.End, Text: s}
	}
	published := time.Date(2019, 3, 4, 10, 0, 0, 0, time.UTC)
	d := article.New()
	d.ID = "a1b2c3d4e5f60718"
	d.URL = "https://news.example.com/raqqa"
	d.Site = "Example News"
	d.Title = "Coalition strikes Raqqa"
	d.Published = &published
	d.Language = "en"
	d.Text = text
	d.Sentences = []article.Span{span(`Coalition aircraft struck Raqqa on Sunday, killing 12 fighters, a monitor said.`),
		span(`Damascus accused the coalition of "crimes".`), span(`The coalition did not strike Tabqa.`)}
	d.Paragraphs = []article.Span{{Start: 0, End: len(text)}}
	d.Entities = []article.Entity{
		{ID: "e1", Name: "US-led coalition", Type: "ORG", Kind: "military", Country: "USA", Sector: "MIL", KBID: "Q-coalition",
			Aliases: []string{"coalition"}, Mentions: []article.Mention{mention("Coalition")}},
		{ID: "e2", Name: "Islamic State", Type: "ORG", Kind: "armed_group", Sector: "REB", KBID: "Q2429253",
			Aliases: []string{}, Mentions: []article.Mention{mention("fighters")}},
		{ID: "e3", Name: "Raqqa", Type: "GPE", Kind: "city", Country: "SYR", Aliases: []string{},
			Mentions: []article.Mention{mention("Raqqa")}, Lat: ptr(35.9528), Lon: ptr(39.0079), Precision: "city"},
		{ID: "e4", Name: "Syrian government", Type: "GPE", Kind: "government", Country: "SYR", Sector: "GOV",
			Aliases: []string{"Damascus"}, Mentions: []article.Mention{mention("Damascus")}},
		{ID: "e5", Name: "Tabqa", Type: "GPE", Kind: "city", Country: "SYR", Aliases: []string{},
			Mentions: []article.Mention{mention("Tabqa")}, Lat: ptr(35.8356), Lon: ptr(38.5481), Precision: "city"},
	}
	d.Events = []article.Event{
		{ID: "ev1", Type: "ASSAULT", Mode: "aerial", CAMEO: "195", Actors: []string{"e1"}, Recipients: []string{"e2"},
			Place: ptr("e3"), Date: &article.EventDate{Value: "2019-03-03", Precision: "day"}, Modality: "asserted",
			Trigger: mention("struck"), Sentence: d.Sentences[0], Confidence: 0.9, Count: ptr(12.0)},
		{ID: "ev2", Type: "ACCUSE", Mode: "", CAMEO: "112", Actors: []string{"e4"}, Recipients: []string{"e1"},
			Modality: "asserted", Trigger: mention("accused"), Sentence: d.Sentences[1], Confidence: 0.8},
		{ID: "ev3", Type: "ASSAULT", Mode: "aerial", Actors: []string{"e1"}, Recipients: []string{}, Place: ptr("e5"),
			Modality: "asserted", Negated: true, Trigger: mention("strike"), Sentence: d.Sentences[2], Confidence: 0.7},
	}
	qs := at(`"crimes"`)
	d.Quotes = []article.Quote{{ID: "q1", Text: "crimes", Start: qs + 1, End: qs + 7, Direct: true, Speaker: ptr("e4"),
		SpeakerText: "Damascus", Cue: "accused", Via: []string{}}}
	return d
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to write it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update and review the diff):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestWrite(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(t.Context(), &buf, format, All(fixture(), nil)); err != nil {
				t.Fatalf("Write: %v", err)
			}
			golden(t, format+".golden", buf.Bytes())
		})
	}
}

// TestWriteValid checks properties that hold whatever the golden files
// say: the output parses, and event formats skip what they should.
func TestWriteValid(t *testing.T) {
	write := func(format string) []byte {
		var buf bytes.Buffer
		if err := Write(t.Context(), &buf, format, All(fixture())); err != nil {
			t.Fatalf("Write(%s): %v", format, err)
		}
		return buf.Bytes()
	}
	rows := func(b []byte) [][]string {
		rs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("parsing CSV: %v", err)
		}
		return rs
	}
	if rs := rows(write(CSV)); len(rs) != 4 || len(rs[1]) != len(CSVHeader) {
		t.Errorf("csv: %d rows, want a header and 3 events", len(rs))
	}
	rs := rows(write(ACLED))
	if len(rs) != 2 {
		t.Fatalf("acled: %d rows, want a header and the airstrike only (the accusation and the negated strike left out)", len(rs))
	}
	row := map[string]string{}
	for i, h := range ACLEDHeader {
		row[h] = rs[1][i]
	}
	if row["event_type"] != "Explosions/Remote violence" || row["sub_event_type"] != "Air/drone strike" ||
		row["event_date"] != "2019-03-03" || row["fatalities"] != "12" || row["latitude"] != "35.9528" || row["actor2"] != "Islamic State" {
		t.Errorf("acled row = %v", row)
	}

	var fc struct {
		Type     string
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates []float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(write(GeoJSON), &fc); err != nil {
		t.Fatalf("geojson does not parse: %v", err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 2 {
		t.Fatalf("geojson: %s with %d features, want 2 (events with a located place)", fc.Type, len(fc.Features))
	}
	if c := fc.Features[0].Geometry.Coordinates; len(c) != 2 || c[0] != 39.0079 || c[1] != 35.9528 {
		t.Errorf("geojson coordinates = %v, want [lon lat]", c)
	}

	lines := strings.Split(strings.TrimSpace(string(write(JSONL))), "\n")
	var d article.Document
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &d) != nil || d.ID != fixture().ID || len(d.Quotes) != 1 {
		t.Errorf("jsonl does not round-trip: %d lines", len(lines))
	}
	for _, l := range strings.Split(strings.TrimSpace(string(write(PLOVER))), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(l), &r); err != nil || r["event"] == nil || r["id"] == nil {
			t.Errorf("plover record %s: %v", l, err)
		}
	}

	// No documents: headers only, an empty collection.
	var buf bytes.Buffer
	if err := Write(t.Context(), &buf, GeoJSON, All()); err != nil || json.Unmarshal(buf.Bytes(), &fc) != nil || len(fc.Features) != 0 {
		t.Errorf("empty geojson = %q, %v", buf.String(), err)
	}
}

func TestWriteErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(t.Context(), &buf, "xlsx", All(fixture())); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format error = %v, want ErrUnknownFormat", err)
	}
	boom := errors.New("boom")
	failing := iter.Seq2[*article.Document, error](func(yield func(*article.Document, error) bool) {
		if yield(fixture(), nil) {
			yield(nil, boom)
		}
	})
	for _, f := range Formats() {
		if err := Write(t.Context(), &buf, f, failing); !errors.Is(err, boom) {
			t.Errorf("%s: iterator error = %v, want it returned", f, err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := Write(ctx, &buf, CSV, All(fixture())); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context error = %v", err)
	}
}

func TestACLEDType(t *testing.T) {
	tests := []struct {
		typ, mode, sector string
		want              string
	}{
		{"ASSAULT", "aerial", "", "Explosions/Remote violence/Air/drone strike"},
		{"ASSAULT", "firearms", "MIL", "Battles/Armed clash"},
		{"ASSAULT", "firearms", "CVL", "Violence against civilians/Attack"},
		{"ASSAULT", "abduct", "", "Violence against civilians/Abduction/forced disappearance"},
		{"assault", "Suicide-Attack", "", "Explosions/Remote violence/Suicide bomb"},
		{"PROTEST", "riot", "", "Riots/Violent demonstration"},
		{"PROTEST", "demo", "", "Protests/Peaceful protest"},
		{"COERCE", "arrest", "", "Strategic developments/Arrests"},
		{"AGREE", "", "", "Strategic developments/Agreement"},
		{"ACCUSE", "", "", ""},
		{"CONSULT", "", "", ""},
	}
	for _, tc := range tests {
		typ, sub, ok := ACLEDType(tc.typ, tc.mode, tc.sector)
		got := ""
		if ok {
			got = typ + "/" + sub
		}
		if got != tc.want {
			t.Errorf("ACLEDType(%s, %s, %s) = %q, want %q", tc.typ, tc.mode, tc.sector, got, tc.want)
		}
	}
}
