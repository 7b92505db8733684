# The README's commands. `make build` builds the site from seeds/ into
# public/; `make test` runs the whole test suite.

GO      ?= go
BIN     := bin/briefing
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GOLD    ?= ../shared/gold/seeds.json
SCORER  ?= ../shared/tools/score.py

.PHONY: build binary serve test check-format vet eval update-golden clean

## build: build the site from seeds/ into public/
build: binary
	./$(BIN) build

## serve: preview the seeds on http://127.0.0.1:1313/, rebuilt on change
serve: binary
	./$(BIN) serve

## binary: compile the briefing command into bin/
binary:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/briefing

## test: formatting, vet and every test
test: check-format vet
	$(GO) test -count=1 -timeout 30m ./...

check-format:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## eval: score the extraction against the gold annotations
eval: build
	python3 $(SCORER) --gold $(GOLD) --data public/data

## bench: time briefing build against a goldmark-only floor and a copy of
## briefing's own output, on generated corpora of 1k, 10k and 50k articles
## (cached in .bench/); see site/bench
.PHONY: bench bench-quick
bench:
	$(GO) run ./site/bench/run

## bench-quick: the 1k corpus only, 3 runs
bench-quick:
	$(GO) run ./site/bench/run -sizes 1000 -runs 3

## update-golden: regenerate golden files after reviewing the change
update-golden:
	$(GO) test ./site/build ./site/clip ./site/dates ./site/events ./site/extract ./site/markdown -update
	$(GO) test ./cmd/briefing -run TestBadInput -update

clean:
	rm -rf bin public/*

## fuzz-smoke: run every fuzz target (listed in .ci/fuzz) for FUZZTIME,
## 20000 inputs by default, one after another, stopping at the first
## failure. A count rather than a duration: with a duration, Go 1.26's
## fuzzing coordinator can fail a target with a bare "context deadline
## exceeded" as the time runs out (go.dev/issue/75804).
.PHONY: fuzz-smoke fuzz
FUZZTIME ?= 20000x
fuzz-smoke:
	GO="$(GO)" .ci/fuzz $(FUZZTIME)

## fuzz: the same targets for 10 minutes each
fuzz: FUZZTIME = 10m
fuzz:
	GO="$(GO)" .ci/fuzz $(FUZZTIME)
