package cli

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // to check the database file itself

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/ingest"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

// TestIngestKilledAndResumed is the acceptance test of "killing sitrep
// ingest with SIGKILL mid-run and starting it again ends with every article
// stored once": it builds the sitrep binary, ingests 300 PolNeAR training
// texts into SQLite, kills the process with SIGKILL once
// 50 articles are stored and before all are, runs the same ingest again
// to the end, and checks that every article is stored exactly once, that
// the articles stored before the kill were reported unchanged, that the
// database and its full-text index pass their integrity checks, and that
// a third run stores nothing new.
func TestIngestKilledAndResumed(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: builds the binary and ingests 300 articles three times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("skipping: needs SIGKILL")
	}
	// The first 300 PolNeAR training texts: enough for a run of several
	// seconds, so that there is a middle to kill it in.
	dir := t.TempDir()
	corpus := polnearCopy(t, dir, 300)
	want, inputs := articleIDs(t, corpus)
	bin := buildSitrep(t, dir)
	db := filepath.Join(dir, "sitrep.db")
	ingestCmd := func() *exec.Cmd {
		cmd := exec.Command(bin, "ingest", "--db", db, corpus)
		cmd.Env = append(os.Environ(), "SITREP_DB=", "SITREP_DATABASE_URL=")
		return cmd
	}

	// First run: killed once killAt articles are stored.
	first := ingestCmd()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	// Killed once a few batches are stored, with more being analysed and
	// written: the middle of a run.
	const killAt = 50
	stored := 0
	deadline := time.Now().Add(5 * time.Minute)
	for stored < killAt {
		select {
		case err := <-exited:
			t.Fatalf("ingest ended (%v) before %d articles were seen stored: the test cannot kill it mid-run", err, killAt)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatalf("fewer than %d articles stored within 5 minutes", killAt)
		}
		stored = countRows(t, db)
	}
	if err := first.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	<-exited
	before := countRows(t, db)
	t.Logf("killed after %d of %d articles were stored", before, len(want))
	if before >= len(want) {
		t.Fatalf("all %d articles were stored before the kill: not a mid-run kill", before)
	}

	// Second run: to the end.
	out, err := ingestCmd().CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	sum := summary(t, string(out))
	if sum.total != inputs || sum.unchanged < before || sum.inserted+sum.unchanged != inputs || sum.failed != 0 {
		t.Errorf("second run reported %+v; want %d articles, at least the %d stored before the kill unchanged, the rest new",
			sum, inputs, before)
	}
	checkStoredOnce(t, db, want)

	// Third run: nothing new.
	out, err = ingestCmd().CombinedOutput()
	if err != nil {
		t.Fatalf("third run: %v\n%s", err, out)
	}
	if sum := summary(t, string(out)); sum.total != inputs || sum.unchanged != inputs {
		t.Errorf("third run reported %+v; want all %d unchanged", sum, inputs)
	}
	checkStoredOnce(t, db, want)
}

// articleIDs reads every article under dir as ingest does and returns
// the set of their document ids and the number of articles read (more
// when two inputs hold the same article).
func articleIDs(t *testing.T, dir string) (ids map[string]bool, inputs int) {
	t.Helper()
	ids = map[string]bool{}
	err := ingest.Walk(context.Background(), []string{dir}, ingest.Options{}, func(src *article.Source, err error) error {
		if err != nil {
			t.Fatalf("reading %s: %v", dir, err)
		}
		doc, err := extract.Document(src)
		if err != nil {
			t.Fatalf("extracting %s: %v", src.Input, err)
		}
		ids[doc.ID] = true
		inputs++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, inputs
}

// countRows counts the documents in the SQLite file at db, 0 when it does
// not exist yet or is still being created.
func countRows(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM docs`).Scan(&n); err != nil {
		return 0 // no schema yet
	}
	return n
}

// checkStoredOnce checks that the store at db holds exactly the articles
// with ids want, each once, and that SQLite and the full-text index pass
// their integrity checks.
func checkStoredOnce(t *testing.T, db string, want map[string]bool) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var check string
	if err := conn.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
	if _, err := conn.Exec(`INSERT INTO docs_fts (docs_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("full-text index integrity check: %v", err)
	}
	var docs, distinctText, fts int
	if err := conn.QueryRow(`SELECT count(*), count(DISTINCT text_hash), (SELECT count(*) FROM docs_fts) FROM docs`).Scan(&docs, &distinctText, &fts); err != nil {
		t.Fatal(err)
	}
	if docs != len(want) || distinctText != docs || fts != docs {
		t.Errorf("%d documents, %d distinct texts, %d indexed; want %d of each", docs, distinctText, fts, len(want))
	}
	conn.Close()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	missing := 0
	for id := range want {
		if _, err := st.Get(context.Background(), id); err != nil {
			missing++
			if missing <= 3 {
				t.Errorf("Get(%s): %v", id, err)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d articles missing", missing, len(want))
	}
}

type ingestSummary struct {
	total, inserted, updated, unchanged, failed int
}

var summaryRE = regexp.MustCompile(`(\d+) articles \((\d+) new, (\d+) updated, (\d+) unchanged[^)]*\), (\d+) failed`)

// summary reads the last progress line of an ingest's output.
func summary(t *testing.T, out string) ingestSummary {
	t.Helper()
	all := summaryRE.FindAllStringSubmatch(out, -1)
	if len(all) == 0 {
		t.Fatalf("no summary line in %q", out)
	}
	m := all[len(all)-1]
	n := make([]int, 5)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return ingestSummary{n[0], n[1], n[2], n[3], n[4]}
}

// buildSitrep builds the sitrep command into dir and returns its path.
func buildSitrep(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "sitrep")
	build := exec.Command("go", "build", "-o", bin, "github.com/sitrep-dev/sitrep/cmd/sitrep")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// polnearCopy copies the first n PolNeAR training texts into a new folder
// in dir and returns it.
func polnearCopy(t *testing.T, dir string, n int) string {
	t.Helper()
	texts := filepath.Join(sharedDir(t), "eval", "quotes", "polnear", "train", "text")
	names, err := filepath.Glob(filepath.Join(texts, "*.txt"))
	if err != nil || len(names) < n {
		t.Fatalf("want %d texts in %s, found %d (%v)", n, texts, len(names), err)
	}
	corpus := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names[:n] {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpus, filepath.Base(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return corpus
}

// TestWorkerKilledJobsRedelivered is the same for the scale-out path:
// 150 articles published to JetStream (an in-process server), a `sitrep
// worker` killed with SIGKILL once some are stored, then two workers at
// once writing the same database until the queue is empty. The jobs the
// killed worker held come back after AckWait (2 s here), and every article
// ends stored once, with no failure recorded. It runs on SQLite (one file
// shared by the processes) and, when SITREP_TEST_DATABASE_URL is set, on
// PostgreSQL (a schema of its own), where the two workers' batches run as
// concurrent transactions that must neither deadlock nor duplicate.
func TestWorkerKilledJobsRedelivered(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: builds the binary and runs three worker processes")
	}
	if runtime.GOOS == "windows" {
		t.Skip("skipping: needs SIGKILL")
	}
	dir := t.TempDir()
	corpus := polnearCopy(t, dir, 150)
	want, inputs := articleIDs(t, corpus)
	bin := buildSitrep(t, dir)
	t.Run("sqlite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "sitrep.db")
		killWorkerAndDrain(t, bin, corpus, len(want), []string{"--db", db}, func() int { return countRows(t, db) })
		checkStoredOnce(t, db, want)
		checkNoFailures(t, db)
		t.Logf("%d inputs, %d articles, each stored once", inputs, len(want))
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("SITREP_TEST_DATABASE_URL")
		if base == "" {
			t.Skip("skipping: SITREP_TEST_DATABASE_URL is not set; run eval \"$(.ci/postgres.sh)\" to start a server")
		}
		dsn := storetest.PostgresSchema(t, base)
		ctx := context.Background()
		count := func(distinct string) int {
			c, err := pgx.Connect(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(ctx)
			var n int
			if err := c.QueryRow(ctx, `SELECT count(`+distinct+`) FROM docs`).Scan(&n); err != nil {
				return 0 // no schema yet
			}
			return n
		}
		killWorkerAndDrain(t, bin, corpus, len(want), []string{"--database-url", dsn}, func() int { return count("*") })
		if docs, texts := count("*"), count("DISTINCT text_hash"); docs != len(want) || texts != docs {
			t.Errorf("%d documents, %d distinct texts; want %d of each", docs, texts, len(want))
		}
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		for id := range want {
			if _, err := st.Get(ctx, id); err != nil {
				t.Errorf("Get(%s): %v", id, err)
			}
		}
		checkNoFailures(t, dsn)
	})
}

// killWorkerAndDrain publishes corpus to a new JetStream server, starts a
// worker writing with dbFlags, kills it with SIGKILL once count reports
// 20 of the total articles stored (failing when all are), then runs two workers until the queue is empty and
// stops them.
func killWorkerAndDrain(t *testing.T, bin, corpus string, total int, dbFlags []string, count func() int) {
	t.Helper()
	url := startNATS(t)
	env := append(os.Environ(), "SITREP_DB=", "SITREP_DATABASE_URL=", "SITREP_QUEUE=")
	publish := exec.Command(bin, "ingest", "--queue", url, corpus)
	publish.Env = env
	if out, err := publish.CombinedOutput(); err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	worker := func() *exec.Cmd {
		args := append([]string{"worker", "--queue", url, "--ack-wait", "2s", "--report", "0"}, dbFlags...)
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	first := worker()
	deadline := time.Now().Add(5 * time.Minute)
	for count() < 20 {
		if time.Now().After(deadline) {
			first.Process.Kill()
			first.Wait()
			t.Fatal("fewer than 20 articles stored within 5 minutes")
		}
		time.Sleep(20 * time.Millisecond)
	}
	first.Process.Signal(os.Kill)
	first.Wait()
	before := count()
	t.Logf("worker killed after %d of %d articles were stored", before, total)
	if before >= total {
		t.Fatalf("all %d articles were stored before the kill: not a mid-run kill", before)
	}
	workers := []*exec.Cmd{worker(), worker()}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		for _, w := range workers {
			w.Process.Signal(syscall.SIGTERM)
		}
		for _, w := range workers {
			if err := w.Wait(); err != nil {
				t.Errorf("worker stopped with %v", err)
			}
		}
	}
	defer stop()
	ctx := context.Background()
	for {
		b, err := queue.InspectJetStream(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		if b.Pending == 0 && b.AckPending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue not drained within 5 minutes: %+v", b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
}

// checkNoFailures checks that the store at dsn recorded no failure.
func checkNoFailures(t *testing.T, dsn string) {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if f, err := st.ListFailures(context.Background()); err != nil || len(f) != 0 {
		t.Errorf("failures recorded: %+v, %v", f, err)
	}
}
