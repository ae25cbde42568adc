package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/article"
	"github.com/sitrep-dev/sitrep/internal/extract"
	"github.com/sitrep-dev/sitrep/internal/queue"
	"github.com/sitrep-dev/sitrep/internal/store"
)

// discardSink counts records and keeps nothing, so that the benchmark
// measures analysis and the queue, not a database.
type discardSink struct{ puts atomic.Int64 }

func (s *discardSink) Put(context.Context, *article.Document) (store.PutResult, error) {
	s.puts.Add(1)
	return store.Inserted, nil
}

func (s *discardSink) RecordFailure(context.Context, string, string, bool) error { return nil }

// BenchmarkQueueWorkers runs the same scrapinghub pages through an
// in-process JetStream server to one worker process, then to two (each
// worker one goroutine, with its own connection and runner), and reports
// articles/s. On a machine with 2 cores the ideal ratio is 2.
func BenchmarkQueueWorkers(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "eval", "extraction", "scrapinghub", "html")
	files, _ := filepath.Glob(filepath.Join(dir, "*.html.gz"))
	if len(files) == 0 {
		b.Skipf("skipping: no pages in %s", dir)
	}
	const n = 80
	var jobs []queue.Job
	tooLarge := 0
	for _, f := range files {
		if len(jobs) == n {
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
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			url := startNATS(b)
			ctx := context.Background()
			pub, err := queue.OpenJetStream(ctx, url, queue.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer pub.Close()
			var ws []*queue.Worker
			sink := &discardSink{}
			for range workers {
				q, err := queue.OpenJetStream(ctx, url, queue.Options{})
				if err != nil {
					b.Fatal(err)
				}
				defer q.Close()
				runner, err := newRunner()
				if err != nil {
					b.Fatal(err)
				}
				ws = append(ws, &queue.Worker{Queue: q, Sink: sink, Workers: 1, Logger: slog.New(slog.DiscardHandler),
					Analyze: func(ctx context.Context, src *article.Source) (*article.Document, error) {
						return Analyze(ctx, runner, src)
					}})
			}
			var total, cpu time.Duration
			round := 0
			for b.Loop() {
				b.StopTimer()
				round++
				for _, j := range jobs {
					j.ID = fmt.Sprintf("%s-%d", j.ID, round) // a new round is not a duplicate
					if err := pub.Publish(ctx, j); err != nil {
						b.Fatal(err)
					}
				}
				want := sink.puts.Load() + int64(len(jobs))
				wctx, cancel := context.WithCancel(ctx)
				done := make(chan struct{}, len(ws))
				b.StartTimer()
				start, cpu0 := time.Now(), cpuTime()
				for _, w := range ws {
					go func() { w.Run(wctx); done <- struct{}{} }()
				}
				for sink.puts.Load() < want {
					time.Sleep(time.Millisecond)
				}
				total += time.Since(start)
				cpu += cpuTime() - cpu0
				cancel()
				for range ws {
					<-done
				}
			}
			b.ReportMetric(float64(round*len(jobs))/total.Seconds(), "articles/s")
			b.ReportMetric(cpu.Seconds()*1000/float64(round*len(jobs)), "cpu-ms/article")
			b.ReportMetric(0, "ns/op")
		})
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

// BenchmarkStorePutSQLite is the write side of a worker: Put of analysed
// scrapinghub records into a SQLite store, one transaction each; ns/op is
// per record.
func BenchmarkStorePutSQLite(b *testing.B) {
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
	st, err := store.OpenSQLite(ctx, filepath.Join(b.TempDir(), "sitrep.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		d := *docs[i%len(docs)]
		// A new article each time: new id, address and text.
		d.ID = fmt.Sprintf("bench%011d", i)
		d.URL = fmt.Sprintf("https://bench.example/%d", i)
		d.Text += fmt.Sprintf(" %d", i)
		if _, err := st.Put(ctx, &d); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
