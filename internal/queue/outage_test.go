package queue_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sitrep-dev/sitrep/internal/store"
)

// TestPostgresOutage takes a real PostgreSQL database away in the middle
// of a run: connections to it are refused and the open ones are killed
// for three seconds. The workers' writes fail, their jobs are put back
// with a delay, and once the database is back every article is stored
// exactly once with no job given up. The database is one made for the
// test, so other tests on the same server are not disturbed.
func TestPostgresOutage(t *testing.T) {
	dsn := os.Getenv("SITREP_TEST_DATABASE_URL")
	if dsn == "" {
		t.Skip("SITREP_TEST_DATABASE_URL not set: no PostgreSQL server to take away")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(context.Background()) })
	name := fmt.Sprintf("sitrep_outage_%d", time.Now().UnixNano())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	kill := func() {
		if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name); err != nil {
			t.Error(err)
		}
	}
	allow := func(on bool) {
		if _, err := admin.Exec(ctx, fmt.Sprintf("ALTER DATABASE %s ALLOW_CONNECTIONS %t", name, on)); err != nil {
			t.Error(err)
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	st, err := store.OpenPostgres(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		allow(true)
		st.Close()
		kill()
		if _, err := admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name); err != nil {
			t.Log(err)
		}
	})

	const n = 40
	q, _ := queueKinds()[1].open(t) // JetStream
	publishAll(t, q, articles(t, n))
	sink := newCounting(st)
	w, stop := startWorker(q, &slowAnalyze{delay: 20 * time.Millisecond}, sink, 2)
	defer stop()

	waitFor(t, 30*time.Second, "the first articles stored", func() bool { return storeRows(t, st) >= 5 })
	allow(false)
	kill()
	time.Sleep(3 * time.Second)
	allow(true)

	waitFor(t, 60*time.Second, "all articles stored after the outage", func() bool { return storeRows(t, st) == n })
	waitFor(t, 15*time.Second, "queue drained", drained(t, q))
	s := w.Stats()
	if s.Retried == 0 {
		t.Errorf("no job was retried (%v): the outage was not seen", s)
	}
	if s.Failed != 0 {
		t.Errorf("%d jobs given up; want all stored after the outage (%v)", s.Failed, s)
	}
	if got := storeRows(t, st); got != n {
		t.Errorf("stored rows = %d, want %d", got, n)
	}
	t.Logf("%v", s)
}
