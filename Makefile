# Sitrep make targets. `make test` is the test command the README and CI use.
GO ?= go
FUZZTIME ?= 10s

.PHONY: build test vet fuzz bench profile

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

# CPU and memory profiles of the three speed budgets: HTML page -> record,
# plain text -> record, and one CLI run. Output in out/profile/.
profile:
	mkdir -p out/profile
	$(GO) test -run '^$$' -bench 'AnalyzeScrapinghub' -benchtime 3s -cpuprofile out/profile/html.cpu -memprofile out/profile/html.mem -o out/profile/cli.test ./internal/cli/
	$(GO) test -run '^$$' -bench 'AnalyzeSeed' -benchtime 3s -cpuprofile out/profile/text.cpu -memprofile out/profile/text.mem -o out/profile/cli.test ./internal/cli/
	$(GO) tool pprof -top -nodecount 25 out/profile/cli.test out/profile/html.cpu | head -35
	$(GO) tool pprof -top -nodecount 25 out/profile/cli.test out/profile/text.cpu | head -35
