package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sitrep-dev/sitrep/internal/store"
)

func startNATS(t testing.TB) string {
	t.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(s.Shutdown)
	return s.ClientURL()
}

// TestWorkerCommand publishes a folder to JetStream, runs `sitrep worker`
// into SQLite and checks `sitrep status` and the stored records.
func TestWorkerCommand(t *testing.T) {
	url := startNATS(t)
	dir := t.TempDir()
	const n = 3
	for i := range n {
		body := fmt.Sprintf("Talks resume in Geneva, day %d.\n\nThe minister said on Monday that %d delegations would attend the talks in Geneva.\n", i, 10+i)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%d.txt", i)), []byte(body), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "empty.txt"), []byte("  \n"), 0o644)
	ctx := context.Background()
	// Published twice: the second copies are dropped as duplicates.
	_, errs, code := run(t, "", "ingest", "--queue", url, dir, dir)
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("%d articles published", 2*n)) || !strings.Contains(errs, "2 failed") || !strings.Contains(errs, "empty.txt") {
		t.Errorf("ingest --queue: exit %d, stderr %q", code, errs)
	}

	db := filepath.Join(t.TempDir(), "sitrep.db")
	wctx, cancel := context.WithCancel(ctx)
	var stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- Run(wctx, []string{"worker", "--queue", url, "--db", db, "--workers", "2"}, nil, &bytes.Buffer{}, &stderr)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var out bytes.Buffer
		if code := Run(ctx, []string{"status", "--queue", url}, nil, &out, &bytes.Buffer{}); code != 0 {
			t.Fatalf("status exit %d", code)
		}
		if strings.Contains(out.String(), "pending      0\nack pending  0\n") {
			t.Logf("status:\n%s", out.String())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("queue not drained: %s", out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("worker exit %d: %s", code, stderr.String())
	}
	st, err := store.OpenSQLite(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Documents != n {
		t.Errorf("stored %d documents, want %d", stats.Documents, n)
	}
	if !strings.Contains(stderr.String(), "3 done") {
		t.Errorf("worker log lacks its stats: %s", stderr.String())
	}
}

func TestStatusNoQueue(t *testing.T) {
	var stderr bytes.Buffer
	if code := Run(context.Background(), []string{"status"}, nil, &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("status without --queue: exit %d, want 2", code)
	}
}
