package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// The hostile-input corpus: inputs built to break a reader or a stage.
// Every case goes through cli.Run("analyze", path) and must end in one of
// two ways: a clear one-line error naming the input, or a record whose
// spans all lie inside its text and whose strings are valid UTF-8 (see
// checkRecord). No case may panic, hang or take runaway memory, so each is
// timed and its heap peak sampled.
//
// Small fixtures live in testdata/hostile; big ones are generated into
// t.TempDir() at test time and never committed.

// hostileCase is one hostile input.
type hostileCase struct {
	name string
	// path returns the input, from testdata/hostile or written into dir.
	path func(t *testing.T, dir string) string
	// wantErr, when set, is the message the one stderr line must hold;
	// when empty the input must give a record that passes checkRecord.
	wantErr string
	// maxTime and maxHeap bound the run; zero means 10 s and 512 MB.
	maxTime time.Duration
	maxHeap uint64
	// check, when set, makes further checks on the record.
	check func(t *testing.T, doc *article.Document)
}

func fixture(name string) func(*testing.T, string) string {
	return func(*testing.T, string) string { return filepath.Join("testdata", "hostile", name) }
}

func generated(name string, gen func() []byte) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, gen(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// hostileCases lists the corpus. The bounds are generous on purpose: the
// test machine is shared and loaded. Measured there (2 busy cores, go test
// without -race; time, then heap peak above the start; see the line each
// case logs):
//
//	empty, binary, truncated gzip, invalid UTF-8, NUL, 200 MB sparse  < 60 ms, < 30 MB (loading the models)
//	gzip bomb (inflates past 50 MB)                                    0.13-0.3 s, +112 MB
//	mixed and mislabelled encodings, RTL/zero-width, all-script, laughs < 50 ms, +9 MB
//	100k nested div / b / span / table                                 0.9-1.4 s / 0.07-0.3 s, +33-44 MB
//	a quote mark every other character (100 KB), straight / curly      0.2-0.4 s / 0.1 s, +73 / +44 MB
//	500-digit numbers                                                  < 5 ms
//	1 MB line without spaces ("Kidal," repeated)                       2-3.2 s, +236-261 MB, 700 MB allocated
//	1 MB of one letter                                                 0.2-0.3 s, +45 MB
//	10 MB article (40k paragraphs)                                     23-28 s, +610 MB, 2.1 GB allocated
//
// The 10 MB article took 86 s before the quadratic scans in cue.Index,
// quote.finder.insideQuote and event.coder.quoteSpan were indexed; its
// bound is 60 s rather than 20 s because this machine runs it at 23-28 s.
func hostileCases() []hostileCase {
	return []hostileCase{
		{name: "empty file", path: fixture("empty.txt"), wantErr: "empty input"},
		{name: "binary ELF", path: generated("a.out", elfBytes), wantErr: "binary data"},
		{name: "truncated gzip", path: generated("article.txt.gz", truncatedGzip), wantErr: "truncated or corrupt gzip"},
		{name: "invalid UTF-8 text", path: generated("latin1.txt", func() []byte {
			return []byte("Rebels take the town\n\nRebels seized the caf\xe9 in Kidal on Monday.\n")
		}), wantErr: "invalid UTF-8 text at byte 43"},
		{name: "UTF-8 page with a windows-1252 chunk", path: fixture("mixed-utf8-cp1252.html")},
		{name: "declares windows-1252 holds UTF-8", path: fixture("declared-cp1252-holds-utf8.html")},
		{name: "declares UTF-8 holds windows-1252", path: fixture("declared-utf8-holds-cp1252.html")},
		{name: "200 MB sparse text", path: sparseFile("huge.txt", 200<<20), wantErr: "input too large: 200 MB", maxTime: 2 * time.Second, maxHeap: 64 << 20},
		{name: "gzip bomb", path: generated("bomb.txt.gz", gzipBomb), wantErr: "input too large", maxTime: 10 * time.Second, maxHeap: 256 << 20},
		{name: "100k nested div", path: generated("div.html", nested("div", 100000)), maxTime: 20 * time.Second},
		{name: "100k nested b", path: generated("b.html", nested("b", 100000)), maxTime: 20 * time.Second},
		{name: "100k nested span", path: generated("span.html", nested("span", 100000)), maxTime: 20 * time.Second},
		{name: "100k nested table", path: generated("table.html", nested("table", 100000)), maxTime: 20 * time.Second},
		{name: "all script", path: fixture("all-script.html"), wantErr: "no article text found"},
		{name: "billion laughs as a page", path: fixture("billion-laughs.xml"), maxTime: 5 * time.Second, maxHeap: 64 << 20},
		{name: "quote every other character", path: generated("quotes.txt", everyOther('"', 100<<10)), maxTime: 20 * time.Second},
		{name: "curly quote every other character", path: generated("curly.txt", everyOther('“', 100<<10)), maxTime: 20 * time.Second},
		{name: "500-digit numbers", path: generated("digits.txt", longNumbers), maxTime: 10 * time.Second},
		{name: "1 MB line without spaces", path: generated("line.txt", func() []byte {
			return bytes.Repeat([]byte("Kidal,"), (1<<20)/6)
		}), maxTime: 20 * time.Second},
		{name: "1 MB of one letter", path: generated("aaa.txt", func() []byte {
			return bytes.Repeat([]byte("a"), 1<<20)
		}), maxTime: 20 * time.Second},
		{name: "NUL bytes in text", path: fixture("nul-in-text.txt"), wantErr: "binary data"},
		{name: "RTL override and zero-width chars", path: fixture("rtl-zero-width.txt"), check: func(t *testing.T, doc *article.Document) {
			if !strings.Contains(doc.Text, "\u202e") || !strings.Contains(doc.Text, "\u200b") {
				t.Errorf("text lost the invisible characters: %q", doc.Text)
			}
		}},
		{name: "10 MB article", path: generated("big.txt", bigArticle), maxTime: 60 * time.Second, maxHeap: 1 << 30, check: func(t *testing.T, doc *article.Document) {
			if len(doc.Paragraphs) < 10000 || len(doc.Sentences) < 30000 {
				t.Errorf("got %d paragraphs, %d sentences; want the whole article", len(doc.Paragraphs), len(doc.Sentences))
			}
		}},
	}
}

func TestHostileAnalyze(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range hostileCases() {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.maxTime > 10*time.Second {
				t.Skip("skipping a slow hostile input in -short mode")
			}
			path := tt.path(t, dir)
			maxTime, maxHeap := tt.maxTime, tt.maxHeap
			if maxTime == 0 {
				maxTime = 10 * time.Second
			}
			if maxHeap == 0 {
				maxHeap = 512 << 20
			}
			// The record goes to a file, as it would to a terminal or a
			// pipe, so that the heap measured is the program's alone.
			outFile, err := os.CreateTemp(t.TempDir(), "record")
			if err != nil {
				t.Fatal(err)
			}
			defer outFile.Close()
			var errb bytes.Buffer
			stop := sampleHeap()
			start := time.Now()
			code := Run(context.Background(), []string{"analyze", path}, strings.NewReader(""), outFile, &errb)
			took := time.Since(start)
			peak, total := stop()
			out, err := os.ReadFile(outFile.Name())
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v, heap peak +%d MB, allocated %d MB, exit %d", tt.name, took.Round(time.Millisecond), peak>>20, total>>20, code)
			if took > maxTime {
				t.Errorf("took %v, bound %v", took, maxTime)
			}
			if peak > maxHeap {
				t.Errorf("heap peak +%d MB, bound %d MB", peak>>20, maxHeap>>20)
			}
			if tt.wantErr != "" {
				checkOneLineError(t, code, string(out), errb.String(), path, tt.wantErr)
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			var doc article.Document
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatalf("decoding record: %v", err)
			}
			checkRecord(t, &doc)
			if tt.check != nil {
				tt.check(t, &doc)
			}
		})
	}
}

// TestHostileIngest sends a few hostile inputs through ingest: each bad one
// is reported by name, and a good one beside them is still stored.
func TestHostileIngest(t *testing.T) {
	dir := t.TempDir()
	byName := map[string]hostileCase{}
	for _, tt := range hostileCases() {
		byName[tt.name] = tt
	}
	for _, name := range []string{"empty file", "binary ELF", "truncated gzip", "invalid UTF-8 text", "200 MB sparse text", "NUL bytes in text", "RTL override and zero-width chars", "UTF-8 page with a windows-1252 chunk"} {
		tt := byName[name]
		t.Run(name, func(t *testing.T) {
			path := tt.path(t, dir)
			db := filepath.Join(t.TempDir(), "sitrep.db")
			start := time.Now()
			_, errs, code := run(t, "", "ingest", "--db", db, path)
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v", took)
			}
			st, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			stats, err := st.Stats(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantErr == "" {
				if code != 0 || stats.Documents != 1 {
					t.Errorf("exit %d, %d stored, stderr %q; want the record stored", code, stats.Documents, errs)
				}
				return
			}
			if code == 0 || stats.Documents != 0 {
				t.Errorf("exit %d, %d stored; want a failure and nothing stored", code, stats.Documents)
			}
			named := false
			for _, line := range strings.Split(errs, "\n") {
				if strings.Contains(line, path) && strings.Contains(line, tt.wantErr) {
					named = true
				}
			}
			if !named || strings.Contains(errs, "goroutine ") {
				t.Errorf("stderr = %q, want a line naming %s and saying %q", errs, path, tt.wantErr)
			}
		})
	}
}

// TestHostileFeed checks that a feed declaring entities is refused at once,
// whatever its spelling, and that undeclared entity references do not
// expand either.
func TestHostileFeed(t *testing.T) {
	laughs, err := os.ReadFile(filepath.Join("testdata", "hostile", "billion-laughs.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"billion laughs", laughs},
		{"billion laughs in UTF-16", utf16LE(laughs)},
		{"entity references without a DTD", []byte(strings.ReplaceAll(string(laughs[bytes.Index(laughs, []byte("<rss")):]), "&lol9;", strings.Repeat("&lol9;", 1000)))},
		{"external entity", []byte(`<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file:///etc/passwd"><rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><link>https://example.com/a</link></item></channel></rss>`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stop := sampleHeap()
			start := time.Now()
			items, err := ingest.ParseFeed(context.Background(), "laughs.xml", tt.data)
			took := time.Since(start)
			peak, _ := stop()
			t.Logf("%v, heap peak +%d KB, %d items, err %v", took.Round(time.Microsecond), peak>>10, len(items), err)
			if took > 2*time.Second || peak > 64<<20 {
				t.Errorf("took %v and +%d MB", took, peak>>20)
			}
			for _, it := range items {
				if strings.Contains(it.Title, "lollol") || strings.Contains(it.Content, "lollol") || strings.Contains(it.Title, "root:") {
					t.Errorf("entity expanded: %+v", it)
				}
			}
			if bytes.Contains(tt.data, []byte("<!ENTITY")) && err == nil {
				t.Errorf("a feed declaring entities was accepted")
			}
		})
	}
}

// checkRecord asserts what every record must hold, however hostile its
// input: every span of every list lies inside Text, on UTF-8 boundaries,
// with Start <= End; paragraphs, sentences and tokens are sorted and do not
// overlap; a date's or mention's text is the text it spans; and every
// string is valid UTF-8. Other tests in package cli may call it.
func checkRecord(t testing.TB, doc *article.Document) {
	t.Helper()
	text := doc.Text
	n := 0
	bad := func(format string, args ...any) {
		t.Helper()
		if n++; n <= 20 {
			t.Errorf(format, args...)
		}
	}
	span := func(what string, s article.Span) {
		t.Helper()
		if s.Start < 0 || s.End > len(text) || s.Start > s.End {
			bad("%s span [%d,%d) outside text of %d bytes", what, s.Start, s.End, len(text))
			return
		}
		if !boundary(text, s.Start) || !boundary(text, s.End) {
			bad("%s span [%d,%d) splits a UTF-8 character", what, s.Start, s.End)
		}
	}
	str := func(what, s string) {
		t.Helper()
		if !utf8.ValidString(s) {
			bad("%s %q is not valid UTF-8", what, s)
		}
	}
	sorted := func(what string, spans []article.Span) {
		t.Helper()
		prev := 0
		for i, s := range spans {
			span(fmt.Sprintf("%s %d", what, i), s)
			if s.Start < prev {
				bad("%s %d [%d,%d) starts before the end of the previous one (%d)", what, i, s.Start, s.End, prev)
			}
			prev = s.End
		}
	}
	for _, s := range []struct{ what, s string }{
		{"schema", doc.Schema}, {"id", doc.ID}, {"input", doc.Input}, {"url", doc.URL}, {"site", doc.Site},
		{"title", doc.Title}, {"dek", doc.Dek}, {"byline", doc.Byline}, {"language", doc.Language}, {"text", text},
	} {
		str(s.what, s.s)
	}
	sorted("paragraph", doc.Paragraphs)
	sorted("sentence", doc.Sentences)
	toks := make([]article.Span, len(doc.Tokens))
	for i, tk := range doc.Tokens {
		toks[i] = tk.Span()
	}
	sorted("token", toks)
	for _, l := range doc.Related {
		str("related title", l.Title)
		str("related url", l.URL)
	}
	for _, e := range doc.Entities {
		str("entity id", e.ID)
		str("entity name", e.Name)
		str("entity type", e.Type)
		str("entity kind", e.Kind)
		for _, a := range e.Aliases {
			str("entity alias", a)
		}
		for _, m := range e.Mentions {
			mention(t, doc, "entity "+e.Name+" mention", m, span, str)
		}
	}
	for _, d := range doc.Dates {
		span("date "+d.Text, article.Span{Start: d.Start, End: d.End})
		str("date text", d.Text)
		str("date value", d.Value)
		if d.Text != doc.Slice(article.Span{Start: d.Start, End: d.End}) {
			bad("date text %q is not the text it spans [%d,%d)", d.Text, d.Start, d.End)
		}
	}
	for _, q := range doc.Quotes {
		span("quote "+q.ID, article.Span{Start: q.Start, End: q.End})
		str("quote text", q.Text)
		str("quote speaker text", q.SpeakerText)
		str("quote cue", q.Cue)
		if q.Speaker != nil {
			str("quote speaker", *q.Speaker)
		}
		if q.SpeakerSpan != nil {
			span("quote "+q.ID+" speaker", *q.SpeakerSpan)
		}
		if q.CueSpan != nil {
			span("quote "+q.ID+" cue", *q.CueSpan)
		}
	}
	for _, c := range doc.Claims {
		span("claim "+c.ID, article.Span{Start: c.Start, End: c.End})
		str("claim text", c.Text)
		str("claim holder text", c.HolderText)
		str("claim cue", c.Cue)
		if c.Holder != nil {
			str("claim holder", *c.Holder)
		}
		if c.HolderSpan != nil {
			span("claim "+c.ID+" holder", *c.HolderSpan)
		}
	}
	for _, q := range doc.Quantities {
		span("quantity "+q.Text, article.Span{Start: q.Start, End: q.End})
		str("quantity text", q.Text)
		str("quantity unit", q.Unit)
	}
	for _, e := range doc.Events {
		str("event type", e.Type)
		mention(t, doc, "event "+e.ID+" trigger", e.Trigger, span, str)
		span("event "+e.ID+" sentence", e.Sentence)
		if e.Trigger.Start < e.Sentence.Start || e.Trigger.End > e.Sentence.End {
			bad("event %s trigger [%d,%d) outside its sentence [%d,%d)", e.ID, e.Trigger.Start, e.Trigger.End, e.Sentence.Start, e.Sentence.End)
		}
	}
}

func mention(t testing.TB, doc *article.Document, what string, m article.Mention, span func(string, article.Span), str func(string, string)) {
	t.Helper()
	s := article.Span{Start: m.Start, End: m.End}
	span(what, s)
	str(what+" text", m.Text)
	if m.Text != doc.Slice(s) {
		t.Errorf("%s text %q is not the text it spans [%d,%d) %q", what, m.Text, m.Start, m.End, doc.Slice(s))
	}
}

// boundary reports whether off starts a UTF-8 character in s (or is its end).
func boundary(s string, off int) bool {
	return off == len(s) || utf8.RuneStart(s[off])
}

// checkOneLineError asserts a bad input's outcome: no record, an exit code
// that is not 0, and one stderr line naming the input and saying want.
func checkOneLineError(t *testing.T, code int, stdout, stderr, path, want string) {
	t.Helper()
	if code == 0 {
		t.Errorf("exit 0 for bad input")
	}
	if stdout != "" {
		t.Errorf("stdout = %.200q, want nothing", stdout)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], path) || !strings.Contains(lines[0], want) {
		t.Errorf("stderr = %.500q, want one line naming %s and saying %q", stderr, path, want)
	}
}

// sampleHeap samples the live heap every few milliseconds until the
// returned stop is called, which reports the peak above the starting heap
// and the bytes allocated meanwhile. A spike shorter than the sampling
// period can be missed, so the bounds leave room.
func sampleHeap() (stop func() (peak, total uint64)) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, alloc0 := ms.HeapAlloc, ms.TotalAlloc
	quit := make(chan struct{})
	res := make(chan [2]uint64)
	go func() {
		peak := base
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-quit:
				res <- [2]uint64{peak - base, m.TotalAlloc - alloc0}
				return
			case <-tick.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(quit)
		r := <-res
		return r[0], r[1]
	}
}

func elfBytes() []byte {
	b := []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0}
	for i := range 4096 {
		b = append(b, byte(i*7), 0, byte(i>>3))
	}
	return b
}

func truncatedGzip() []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(strings.Repeat("Rebels seized the town of Kidal on Monday, residents said.\n", 200)))
	zw.Close()
	return buf.Bytes()[:buf.Len()/2]
}

// gzipBomb is a small file that inflates past the 50 MB limit.
func gzipBomb() []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	line := bytes.Repeat([]byte("Rebels seized the town. "), 1<<15)
	for range (ingest.DefaultMaxBytes / len(line)) + 2 {
		zw.Write(line)
	}
	zw.Close()
	return buf.Bytes()
}

func sparseFile(name string, size int64) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil { // sparse: no disk used
			t.Fatal(err)
		}
		return p
	}
}

func nested(tag string, depth int) func() []byte {
	return func() []byte {
		var b bytes.Buffer
		b.WriteString("<!DOCTYPE html><html><head><title>Deep</title></head><body>\n")
		for range depth {
			b.WriteString("<" + tag + ">")
		}
		b.WriteString("Rebels seized the town of Kidal on Monday, residents said. The army said it would respond.")
		for range depth {
			b.WriteString("</" + tag + ">")
		}
		b.WriteString("\n<p>The army said on Tuesday it had retaken Kidal after heavy fighting.</p></body></html>\n")
		return b.Bytes()
	}
}

// everyOther is n bytes or so of text with q before every letter.
func everyOther(q rune, n int) func() []byte {
	return func() []byte {
		var b strings.Builder
		b.WriteString("Quotes everywhere\n\n")
		letters := "Rebels said the army retook Kidal "
		for i := 0; b.Len() < n; i++ {
			b.WriteRune(q)
			b.WriteByte(letters[i%len(letters)])
		}
		b.WriteString(".\n")
		return []byte(b.String())
	}
}

func longNumbers() []byte {
	d := strings.Repeat("9", 500)
	z := "1" + strings.Repeat("0", 499)
	return []byte("Numbers with 500 digits\n\n" +
		"The ministry said " + d + " people were displaced on 7 October " + d + ".\n\n" +
		"Officials counted " + z + ".5 dollars, up " + d + " percent since " + z + " and $" + d + "m in " + d[:4] + ".\n\n" +
		"Between " + d + " and " + z + " troops, about " + strings.Repeat("1,000", 100) + " km from " + d + "-" + d + ".\n")
}

// bigArticle is a valid article of about 10 MB: many paragraphs that
// vary enough to defeat memoization, with quotes, dates, names and
// numbers for every stage.
func bigArticle() []byte {
	var b bytes.Buffer
	b.WriteString("Fighting spreads across the north\n\n")
	towns := []string{"Kidal", "Gao", "Timbuktu", "Mopti", "Baghdad", "Mosul", "Kharkiv", "Aleppo"}
	people := []string{"Ahmed Hassan", "Maria Lopez", "John Smith", "Olena Kovalenko", "Ibrahim Traore"}
	months := []string{"January", "March", "May", "July", "September", "October", "December"}
	for i := 0; b.Len() < 10<<20; i++ {
		town, who, month := towns[i%len(towns)], people[i%len(people)], months[i%len(months)]
		fmt.Fprintf(&b, "“We will not withdraw from %s,” said %s, a spokesman, on %d %s %d. ", town, who, i%28+1, month, 2000+i%25)
		fmt.Fprintf(&b, "The ministry said %d people were displaced, up from %d in %s, and that rebels attacked the town of %s on Monday. ", 1000+i, 900+i%100, month, town)
		fmt.Fprintf(&b, "Residents said the army would probably respond within %d days, according to officials in %s.\n\n", i%9+2, towns[(i+3)%len(towns)])
	}
	return b.Bytes()
}

func utf16LE(b []byte) []byte {
	s := strings.Replace(string(b), `<?xml version="1.0"?>`, `<?xml version="1.0" encoding="UTF-16"?>`, 1)
	out := []byte{0xff, 0xfe}
	for _, r := range s {
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

// FuzzAnalyze runs the whole pipeline on text from outside, through the
// same reader as the CLI, and checks every record with checkRecord. It
// reaches every stage, so it fuzzes the parsers that have no target of
// their own (quotes, claims, events, cues, language).
func FuzzAnalyze(f *testing.F) {
	for _, name := range []string{"rtl-zero-width.txt", "mixed-utf8-cp1252.html", "declared-utf8-holds-cp1252.html", "all-script.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Rebels take the town\n\n“We will not withdraw,” said Ahmed Hassan in Kidal on 7 October 2023. The ministry said 1,250 people fled, according to Reuters.\n"))
	f.Add(everyOther('"', 300)())
	f.Add(longNumbers())
	runner, err := newRunner()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		src, err := ingest.Classify("fuzz", body, "")
		if err != nil {
			return // refused as bad input: fine
		}
		src.Input = "fuzz"
		doc, err := Analyze(context.Background(), runner, src)
		if err != nil {
			return
		}
		checkRecord(t, doc)
	})
}
