# Sitrep make targets. `make test` is the test command the README and CI use.
GO ?= go
FUZZTIME ?= 10s
SHARED ?= ../shared

.PHONY: build test vet fuzz bench budget profile eval

build:
	$(GO) build -o bin/sitrep ./cmd/sitrep

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)

test: vet
	$(GO) test ./...

# Run every fuzz target for FUZZTIME each.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The speed budget lines of BENCHMARKS.md, on one core: plain text and HTML
# page -> record, one CLI run, and Sitrep against go-trafilatura
# in one run (bench/trafilatura is its own module, so go-trafilatura never
# links into sitrep).
budget: build
	$(GO) test -run '^$$' -bench 'AnalyzeSeed|AnalyzeScrapinghub' -benchtime 362x -cpu 1 -count 3 -benchmem ./internal/cli/
	cd bench/trafilatura && $(GO) test -run '^$$' -bench Compare -benchtime 1x -cpu 1 -count 3 .
	for i in 1 2 3; do /usr/bin/time -f "%e s %M KB" bin/sitrep analyze $(SHARED)/seed/000_8a460393155f9b4e.txt >/dev/null; done

# CPU and memory profiles of the three speed budgets: HTML page -> record,
# plain text -> record, and one CLI run. Output in out/profile/.
profile:
	mkdir -p out/profile
	$(GO) test -run '^$$' -bench 'AnalyzeScrapinghub' -benchtime 3s -cpu 1 -cpuprofile out/profile/html.cpu -memprofile out/profile/html.mem -o out/profile/cli.test ./internal/cli/
	$(GO) test -run '^$$' -bench 'AnalyzeSeed' -benchtime 3s -cpu 1 -cpuprofile out/profile/text.cpu -memprofile out/profile/text.mem -o out/profile/cli.test ./internal/cli/
	$(GO) tool pprof -top -nodecount 25 out/profile/cli.test out/profile/html.cpu | head -35
	$(GO) tool pprof -top -nodecount 25 out/profile/cli.test out/profile/text.cpu | head -35

# Every score recorded in EVALUATION.md, from the shared data beside the checkout.
eval: build
	bin/sitrep eval extraction $(SHARED)/eval/extraction/scrapinghub
	bin/sitrep eval metadata $(SHARED)/eval/extraction/readability
	bin/sitrep eval ner $(SHARED)/eval/ner/wikigold.conll
	bin/sitrep eval ner $(SHARED)/eval/quotes/polnear/silver/dev.corenlp.tsv
	bin/sitrep eval stories $(SHARED)/eval/stories
	-bin/sitrep eval quotes $(SHARED)/eval/quotes/polnear/dev
	-bin/sitrep eval fatalities $(SHARED)/eval/acled/acled-2022h1-world.csv
	-bin/sitrep eval plover $(SHARED)/eval/events/plover/PLOVER_GSR_CAMEO.json
	-bin/sitrep eval acled $(SHARED)/eval/acled/acled-2022h1-world.csv
