# Tearline. `make play` runs the desktop exercise, `make test` everything CI checks.
GO            ?= go
BIN           := bin
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
XVFB          := xvfb-run -a -s "-screen 0 1280x800x24"
PURE          := ./sim/... ./scenario/... ./cmd/tearline-sim/... ./scenarios/... ./internal/...
SCENARIOS     := $(wildcard scenarios/*.toml)

.PHONY: all build web play run test test-pure test-gui vet staticcheck fmt-check nographics bench bench-gui bench-room screenshots lint-scenarios fuzz fuzz-short clean deps test-deps policy-table calibrate

all: build

## build: both binaries into bin/, and the browser station into bin/web
build: deps web
	$(GO) build -o $(BIN)/ ./cmd/...

## web: the browser station (the desktop client built for WebAssembly) and
## the wasm_exec.js of the same Go toolchain into bin/web, next to
## bin/tearline, which serves them at http://ADDRESS:PORT/ when hosting
## (package cmd/tearline/internal/session/web). No C toolchain needed.
web:
	@mkdir -p $(BIN)/web
	GOOS=js GOARCH=wasm $(GO) build -o $(BIN)/web/tearline.wasm ./cmd/tearline
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(BIN)/web/wasm_exec.js

deps:
	@scripts/deps.sh xvfb

# test-deps: deps plus pandas (Debian's python3-pandas) for TestPandasReader
# and Chromium (Debian's chromium) for the browser station's tests, which
# skip without it unless CI=true
test-deps:
	@scripts/deps.sh test

## play: the desktop exercise on the compiled-in default scenario
play: deps
	$(GO) run ./cmd/tearline $(ARGS)

## run: the default scenario, headless, with the share-all policy
run:
	$(GO) run ./cmd/tearline-sim run $(ARGS)

## test: vet, staticcheck, gofmt, the no-graphics check, every test under the
## race detector, the forecast calibration check and a short run of every fuzz target
test: test-deps fmt-check vet staticcheck nographics lint-scenarios test-pure test-gui fuzz-short

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	$(GO) run $(STATICCHECK) ./...

## nographics: the engine and the headless CLI must not link ebiten
nographics:
	@if $(GO) list -deps $(PURE) | grep -E 'hajimehoshi/ebiten|ebitenui'; then \
	  echo "sim/ or cmd/tearline-sim imports graphics"; exit 1; fi
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/tearline-sim

# The race detector slows the engine tenfold: the forecast calibration check
# (TestForecastCalibrated, skipped by -short) runs once more without it.
test-pure:
	$(GO) test -race -short -count=1 $(PURE)
	$(GO) test -count=1 -run '^TestForecastCalibrated$$' ./sim/

test-gui:
	$(XVFB) $(GO) test -race -count=1 ./cmd/tearline/...

lint-scenarios:
	$(GO) run ./cmd/tearline-sim lint $(SCENARIOS)

## calibrate: the decision panel's forecasts against what happened, over
## 10,000 runs (about half an hour on 2 cores); the table in docs/model.md
calibrate:
	$(GO) run ./cmd/tearline-sim calibrate --runs 10000

## policy-table: every built-in policy × every shipped scenario, 2000 runs
## each, as the Markdown tables in docs/model.md (coverage, attributable
## leaks, threats, harm, score with 95% intervals, and the target checks)
policy-table:
	$(GO) run ./cmd/tearline-sim policies --shipped --runs 2000

## bench: engine, loader and batch benchmarks (figures for the closing note)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2s ./sim/... ./scenario/... ./cmd/tearline-sim/...

## bench-gui: frame-time percentiles under Xvfb on the largest scenario, the
## same display with an empty frame (what the renderer alone allows), and a
## whole exercise ending on the debrief's spread panel while the spread runs
bench-gui: deps
	$(XVFB) $(GO) run ./cmd/tearline --script cmd/tearline/testdata/bench.txt --frames 600 --frametimes scenarios/nato-cyber.toml
	$(XVFB) $(GO) run ./cmd/tearline --blank --frames 600 --frametimes scenarios/nato-cyber.toml
	$(XVFB) $(GO) run ./cmd/tearline --script cmd/tearline/testdata/bench-debrief.txt --frames 2400 --frametimes scenarios/nato-cyber.toml

## bench-room: the workshop host's console under Xvfb at 1280x800 on
## nato-cyber with eight player nations (the shipped file with players extended),
## eight stations connected and answering while the clock runs, its frame-time
## summary printed next to the empty frame's (--blank) on the same display
## (BenchmarkRoom in cmd/tearline/host_test.go; target: >= 60 fps, or >= 0.9x
## the empty frame where the display is slower); then, on loopback, a
## decision's round trip with 8 stations (p99 <= 20 ms), a station's view back
## after the host returns (BenchmarkReconnect, <= 1 s) and the browser
## station's first frame in a fresh headless Chromium (<= 5 s)
bench-room: deps
	$(XVFB) $(GO) test -count=1 -run '^$$' -bench '^BenchmarkRoom$$' -benchtime 1x ./cmd/tearline/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkDecisionRoundTrip$$' ./cmd/tearline/internal/session/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkReconnect$$' -benchtime 20x ./cmd/tearline/internal/session/
	$(GO) test -count=1 -run '^$$' -bench '^BenchmarkBrowserFirstFrame$$' -benchtime 3x ./cmd/tearline/internal/session/web/

## screenshots: regenerate docs/screenshots with the app's own scripted run,
## and the room's console and station from TestRoom
screenshots: deps
	$(XVFB) $(GO) run ./cmd/tearline --script cmd/tearline/testdata/screenshots.txt
	TEARLINE_ROOM_SHOTS=$(CURDIR)/docs/screenshots $(XVFB) $(GO) test -count=1 -run '^TestRoom$$' ./cmd/tearline/internal/ui

## fuzz-short: FUZZTIME_SHORT (default 5000 executions) on every fuzz target,
## from the committed corpora in each package's testdata/fuzz (part of make
## test). A count, not a duration: go1.26's fuzz coordinator can report a
## spurious "context deadline exceeded" when a duration runs out
## (go.dev/issue/75804). 5000 runs of the slowest target take about 2 s.
FUZZTIME_SHORT ?= 5000x
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_SHORT)

## fuzz: FUZZTIME (default 60s) on every fuzz target. Minimisation is capped:
## Go's default minute per new input stalls on the large scenario seeds.
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1s $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf $(BIN)
