package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
	"github.com/sitrep-dev/sitrep/internal/store/storetest"
)

// discardSink counts records and keeps nothing, so that the benchmark
// measures analysis and the queue, not a database.
// said, when set, is called after each Put.
type discardSink struct {
	puts atomic.Int64
	said func()
}

func (s *discardSink) Put(context.Context, *article.Document) (store.PutResult, error) {
	s.puts.Add(1)
	if s.said != nil {
		s.said()
	}
	return store.Inserted, nil
}

func (s *discardSink) RecordFailure(context.Context, string, string, bool) error { return nil }

// BenchmarkQueueWorkers compares one worker process with two on this
// machine. Each round publishes the same scrapinghub pages (under new ids,
// so they are not dropped as duplicates) to an in-process JetStream server
// and waits until the workers have analysed them all; rounds with one and
// with two workers alternate, so that a change in the machine's load
// affects both alike.
//
// Every worker is its own OS process (this test binary re-run as
// TestQueueWorkerProcess), with GOMAXPROCS=1, one runner and its own heap
// and garbage collector, and a sink that discards the records: the
// benchmark measures analysis and the queue, not a database. Nothing is
// shared between the two workers but the NATS server, so on an idle
// 2-core machine the ratio should approach 2.
//
// It reports articles/s for each (w1-, w2-articles/s), their ratio,
// CPU milliseconds per article over all processes (user and system), the
// cores the rounds kept busy, the efficiency of two workers (CPU per
// article with one over CPU per article with two), and the 1-minute load average when it ended
// (the machine is shared: a load above 2 means the workers did not have
// two cores to themselves).
//
//	go test -run '^$' -bench QueueWorkers -benchtime 3x ./internal/cli/
func BenchmarkQueueWorkers(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("skipping: reads worker CPU time from /proc")
	}
	jobs := benchJobs(b, 0)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	type setup struct {
		pub   *queue.JetStream
		procs []*workerProc
		done  atomic.Int64
		// totals over the rounds
		n                  int
		wall, cpu, publish time.Duration
	}
	setups := map[int]*setup{}
	for _, workers := range []int{1, 2} {
		url := startNATS(b)
		pub, err := queue.OpenJetStream(ctx, url, queue.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { pub.Close() })
		s := &setup{pub: pub}
		for range workers {
			s.procs = append(s.procs, startWorkerProc(b, exe, url, &s.done))
		}
		setups[workers] = s
	}
	round := 0
	for b.Loop() {
		for _, workers := range []int{1, 2} {
			s := setups[workers]
			round++
			want := s.done.Load() + int64(len(jobs))
			cpu0 := procsCPU(b, s.procs) + cpuTime()
			start := time.Now()
			for _, j := range jobs {
				j.ID = fmt.Sprintf("%s-%d", j.ID, round) // a new round is not a duplicate
				if err := s.pub.Publish(ctx, j); err != nil {
					b.Fatal(err)
				}
			}
			s.publish += time.Since(start)
			deadline := time.Now().Add(10 * time.Minute)
			for s.done.Load() < want {
				for _, p := range s.procs {
					select {
					case <-p.exited:
						b.Fatalf("a worker process exited mid-round: %v", p.cmd.ProcessState)
					default:
					}
				}
				if time.Now().After(deadline) {
					b.Fatalf("round %d not done in 10 minutes: %d of %d", round, s.done.Load()-want+int64(len(jobs)), len(jobs))
				}
				time.Sleep(2 * time.Millisecond)
			}
			s.wall += time.Since(start)
			s.cpu += procsCPU(b, s.procs) + cpuTime() - cpu0
			s.n += len(jobs)
		}
	}
	rate := func(s *setup) float64 { return float64(s.n) / s.wall.Seconds() }
	for _, workers := range []int{1, 2} {
		s := setups[workers]
		b.ReportMetric(rate(s), fmt.Sprintf("w%d-articles/s", workers))
		b.ReportMetric(s.cpu.Seconds()*1000/float64(s.n), fmt.Sprintf("w%d-cpu-ms/article", workers))
		b.ReportMetric(s.cpu.Seconds()/s.wall.Seconds(), fmt.Sprintf("w%d-cores", workers))
	}
	b.ReportMetric(rate(setups[2])/rate(setups[1]), "ratio")
	// CPU per article with one worker over that with two: 1 when running
	// two workers costs nothing extra per article (nothing serialises or
	// contends), so that with two idle cores the ratio would be about
	// 2 * efficiency * w1-cores.
	b.ReportMetric(setups[1].cpu.Seconds()/float64(setups[1].n)/(setups[2].cpu.Seconds()/float64(setups[2].n)), "efficiency")
	b.ReportMetric(float64(setups[1].n+setups[2].n)/(setups[1].publish+setups[2].publish).Seconds(), "published/s")
	b.ReportMetric(loadAverage(), "loadavg")
	b.ReportMetric(0, "ns/op")
}

// benchJobs reads up to n scrapinghub pages (0: all) as queue jobs,
// leaving out those too large for one message.
func benchJobs(b *testing.B, n int) []queue.Job {
	dir := filepath.Join(sharedDir(b), "eval", "extraction", "scrapinghub", "html")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("skipping: no pages in %s", dir)
	}
	var jobs []queue.Job
	tooLarge := 0
	for _, f := range files {
		if n > 0 && len(jobs) == n {
			break
		}
		raw, _ := os.ReadFile(f)
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		page, _ := io.ReadAll(zr)
		src := article.Source{Input: filepath.Base(f), Format: "html", Body: page}
		doc, err := extract.Document(&src)
		if err != nil {
			continue
		}
		j := queue.Job{ID: doc.ID, Source: src}
		if _, err := queue.Encode(j, queue.DefaultMaxPayload); err != nil {
			tooLarge++ // see docs/scaling.md: larger pages need another path
			continue
		}
		jobs = append(jobs, j)
	}
	b.Logf("%d pages, %d skipped as larger than one message", len(jobs), tooLarge)
	return jobs
}

// workerProc is a worker process started by BenchmarkQueueWorkers.
type workerProc struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when the process has ended
}

// startWorkerProc starts this test binary as a worker on the queue at url
// and waits until it has loaded its models. Each record it finishes adds
// one to done.
func startWorkerProc(b *testing.B, exe, url string, done *atomic.Int64) *workerProc {
	cmd := exec.Command(exe, "-test.run=^TestQueueWorkerProcess$")
	cmd.Env = append(os.Environ(), "SITREP_BENCH_WORKER_QUEUE="+url, "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	p := &workerProc{cmd: cmd, exited: make(chan struct{})}
	b.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		<-p.exited
	})
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			switch sc.Text() {
			case "ready":
				close(ready)
			case "done":
				done.Add(1)
			}
		}
		cmd.Wait() // after reading all output, as exec requires
		close(p.exited)
	}()
	select {
	case <-ready:
	case <-p.exited:
		b.Fatalf("worker process ended before it was ready: %v", cmd.ProcessState)
	case <-time.After(time.Minute):
		b.Fatal("worker process did not start within a minute")
	}
	return p
}

// procsCPU is the CPU time (user and system) the processes have used so
// far, from /proc/PID/stat.
func procsCPU(b *testing.B, procs []*workerProc) time.Duration {
	var total time.Duration
	for _, p := range procs {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
		if err != nil {
			b.Fatal(err)
		}
		// Fields after the command name, which is in parentheses and may
		// hold spaces: state is field 3, utime 14 and stime 15.
		f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(utime+stime) * time.Second / clockTicks
	}
	return total
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// loadAverage is the 1-minute load average, or -1 when unknown.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	v, err := strconv.ParseFloat(strings.Fields(string(data))[0], 64)
	if err != nil {
		return -1
	}
	return v
}

// TestQueueWorkerProcess is not a test: it is the worker process of
// BenchmarkQueueWorkers, run when SITREP_BENCH_WORKER_QUEUE names a NATS
// server. It analyses jobs with one goroutine, discards the records, and
// writes "ready" when its models are loaded and "done" after each job to
// standard output, until SIGTERM.
func TestQueueWorkerProcess(t *testing.T) {
	url := os.Getenv("SITREP_BENCH_WORKER_QUEUE")
	if url == "" {
		t.Skip("skipping: the worker process of BenchmarkQueueWorkers, not a test")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	q, err := queue.OpenJetStream(ctx, url, queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	runner, err := newRunner()
	if err != nil {
		t.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	say := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		out.WriteString(s + "\n")
		out.Flush()
	}
	w := &queue.Worker{Queue: q, Sink: &discardSink{said: func() { say("done") }}, Workers: 1, Logger: slog.New(slog.DiscardHandler),
		Analyze: func(ctx context.Context, src *article.Source) (*article.Document, error) {
			return Analyze(ctx, runner, src)
		}}
	say("ready")
	if err := w.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkStorePut is the write side of ingest and of a worker: analysed
// scrapinghub records (20, stored again and again under new ids, addresses
// and texts) put into SQLite (a file in a temporary folder) and, when
// SITREP_TEST_DATABASE_URL is set, PostgreSQL (a schema of its own), one
// record per transaction and in batches of 64 (as queue.Batcher groups
// them). It reports records/s, the client's CPU milliseconds per record
// and, for PostgreSQL on this machine, the server's (all postgres
// processes, from /proc). PostgreSQL is also written by two writers at
// once (two connections, as two workers would), to show whether they
// wait for each other's locks.
//
//	eval "$(.ci/postgres.sh)"
//	go test -run '^$' -bench StorePut -benchtime 640x ./internal/cli/
func BenchmarkStorePut(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "eval", "extraction", "scrapinghub", "html")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("skipping: no pages in %s", dir)
	}
	runner, err := newRunner()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var docs []*article.Document
	for _, f := range files[:min(20, len(files))] {
		raw, _ := os.ReadFile(f)
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		page, _ := io.ReadAll(zr)
		doc, err := Analyze(ctx, runner, &article.Source{Input: filepath.Base(f), Format: "html", Body: page})
		if err == nil {
			docs = append(docs, doc)
		}
	}
	dsns := map[string]func(b *testing.B) string{
		"sqlite": func(b *testing.B) string { return filepath.Join(b.TempDir(), "sitrep.db") },
	}
	if base := os.Getenv("SITREP_TEST_DATABASE_URL"); base != "" {
		dsns["postgres"] = func(b *testing.B) string { return storetest.PostgresSchema(b, base) }
	}
	for _, c := range []struct {
		db             string
		batch, writers int
	}{{"sqlite", 1, 1}, {"sqlite", 64, 1}, {"postgres", 1, 1}, {"postgres", 64, 1}, {"postgres", 64, 2}} {
		newDSN, ok := dsns[c.db]
		if !ok {
			continue
		}
		b.Run(fmt.Sprintf("%s/batch=%d/writers=%d", c.db, c.batch, c.writers), func(b *testing.B) {
			st, err := store.Open(ctx, newDSN(b))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			b.ReportAllocs()
			var next atomic.Int64
			// write puts records until more is false, c.batch per
			// transaction, each a new article: new id, address and text.
			write := func(more func() bool) {
				var pending []*article.Document
				for more() {
					i := int(next.Add(1))
					d := *docs[i%len(docs)]
					d.ID = fmt.Sprintf("bench%011d", i)
					d.URL = fmt.Sprintf("https://bench.example/%d", i)
					d.Text += fmt.Sprintf(" %d", i)
					pending = append(pending, &d)
					if len(pending) == c.batch {
						if _, err := st.PutBatch(ctx, pending); err != nil {
							b.Error(err)
							return
						}
						pending = pending[:0]
					}
				}
				if len(pending) > 0 {
					if _, err := st.PutBatch(ctx, pending); err != nil {
						b.Error(err)
					}
				}
			}
			cpu0, server0, start := cpuTime(), postgresCPU(), time.Now()
			if c.writers == 1 {
				write(b.Loop)
			} else {
				b.SetParallelism(max(1, c.writers/runtime.GOMAXPROCS(0)))
				b.RunParallel(func(pb *testing.PB) { write(pb.Next) })
			}
			n := float64(next.Load())
			b.ReportMetric(n/time.Since(start).Seconds(), "records/s")
			b.ReportMetric((cpuTime()-cpu0).Seconds()*1000/n, "cpu-ms/record")
			if c.db == "postgres" {
				b.ReportMetric((postgresCPU()-server0).Seconds()*1000/n, "server-cpu-ms/record")
			}
		})
	}
}

// postgresCPU is the CPU time (user and system) of every process named
// postgres on this machine, from /proc; 0 where there is no /proc. It
// counts other clients' work too, so it is read around runs that have the
// server to themselves.
func postgresCPU() time.Duration {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var total time.Duration
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		open, end := bytes.IndexByte(data, '('), bytes.LastIndexByte(data, ')')
		if open < 0 || end < open || string(data[open+1:end]) != "postgres" {
			continue
		}
		f := strings.Fields(string(data[end+1:]))
		if len(f) < 13 {
			continue
		}
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(utime+stime) * time.Second / clockTicks
	}
	return total
}
