# Equalizer: `make serve` and `make test` set everything up on a fresh Debian machine with Rust.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := serve

TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# The market data lives outside the repository; point EQUALIZER_DATA elsewhere to use your own.
EQUALIZER_DATA ?= $(abspath $(CURDIR)/../shared/data/market)
export EQUALIZER_DATA
export CHROMEDRIVER ?= /usr/bin/chromedriver

TRUNK_VERSION := 0.21.14
BINARYEN_VERSION := 132
# axe-core, the accessibility engine the browser tests inject (crates/e2e/tests/a11y.rs).
AXE_VERSION := 4.14.1
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# A free port on 127.0.0.1 (8080 when it is free); override with `make serve PORT=…`.
PORT ?= $(shell python3 -c 'import socket\nfor p in (8080, 0):\n  s = socket.socket()\n  try:\n    s.bind(("127.0.0.1", p)); print(s.getsockname()[1]); break\n  except OSError: pass')

.PHONY: serve test tools browser-tools data prerender page dist fuzz screenshot bench calibrate lint unit e2e wasm-test native-parity clean

## Build the data bundle and the page, then serve it on 127.0.0.1 with Trunk.
serve: tools prerender
	trunk serve --release --offline --no-autoreload --address 127.0.0.1 --port $(PORT)

## Everything CI runs.
test: tools browser-tools lint unit page e2e wasm-test

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -qF "$(TRUNK_VERSION)" || cargo install trunk@$(TRUNK_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -qF "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-opt --version 2>/dev/null | grep -qF "version $(BINARYEN_VERSION)" || npm install --prefix $(TOOLS) --no-audit --no-fund binaryen@$(BINARYEN_VERSION)
	@grep -qF 'wasm_bindgen = "$(WASM_BINDGEN_VERSION)"' Trunk.toml || { echo "Trunk.toml [tools] wasm_bindgen differs from Cargo.lock ($(WASM_BINDGEN_VERSION))"; exit 1; }
	@test -f "$(EQUALIZER_DATA)/IWM.csv" || { echo "No market data in $(EQUALIZER_DATA): set EQUALIZER_DATA to a folder of Yahoo Finance CSVs"; exit 1; }

browser-tools:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver; }
	@test -f $(TOOLS)/node_modules/axe-core/axe.min.js || npm install --prefix $(TOOLS) --no-audit --no-fund axe-core@$(AXE_VERSION)

## The data bundle the page fetches (ignored by git).
data:
	cargo run -q -p equalizer-cli -- bundle --out data

## The default view's first screen, rendered from the bundle with the page's own code
## (target/prerender/, inlined into index.html by Trunk).
prerender: data
	cargo run -q -p equalizer-prerender -- data target/prerender

## The release page in dist/.
page: tools prerender
	trunk build --release --offline

## A static site in site/ for a host that serves it under PUBLIC_URL (GitHub Pages serves a
## repository's site under /<repository>/): `make dist PUBLIC_URL=/equalizer/`. It includes
## 404.html, the same page, so deep links open the app.
PUBLIC_URL ?= /equalizer/
SITE ?= $(CURDIR)/site
dist: tools prerender
	trunk build --release --offline --public-url $(PUBLIC_URL) --dist $(SITE)

# The native side of the native-vs-wasm parity test (tests/web.rs includes this file).
NATIVE_STUDY := $(CURDIR)/target/native-parity-study.json
export EQUALIZER_NATIVE_STUDY := $(NATIVE_STUDY)
native-parity:
	@mkdir -p target
	cargo run -q -p equalizer-engine --features testkit --example native_parity > $(NATIVE_STUDY)

lint: native-parity
	cargo fmt --all --check
	cargo clippy -q --workspace --all-targets -- -D warnings
	cargo clippy -q -p equalizer-web --target wasm32-unknown-unknown --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc -q -p equalizer-engine --no-deps

unit:
	cargo test -q -p equalizer-engine -p equalizer-cli -p equalizer-calibrate
	cargo test -q -p equalizer-web --lib
	cargo test -q -p equalizer-web --doc

## Browser tests against the release page in dist/ and the sub-path site in site/ (they serve
## them themselves).
export EQUALIZER_SITE := $(SITE)
e2e: dist
	cargo test -q -p equalizer-e2e --no-fail-fast -- --test-threads=2

## wasm-bindgen tests in headless Chromium.
wasm-test: native-parity
	cargo test -p equalizer-web --target wasm32-unknown-unknown --test web

## Benchmarks: criterion (engine), the pandas peer, and the page in headless Chromium, served
## with gzip and measured from outside through the DevTools protocol (its own connection, which
## reaches the page's Web Workers): slow 4G + 4× CPU loads, typed threshold changes (main-thread
## time, input → result), Long Tasks, the freeze case, wasm memory over 1,000 changes, sizes;
## writes docs/benchmarks.md. EQUALIZER_BENCH_PART=slow,changes,cpu4,freeze,memory,load runs
## only those parts of the browser run and writes nothing (crates/e2e/src/bin/bench_page.rs).
VENV := bench/.venv
bench: browser-tools page
	cargo bench -q -p equalizer-engine --bench study
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -c 'import pandas, numpy, brotli' 2>/dev/null || $(VENV)/bin/pip install -q pandas numpy brotli
	$(VENV)/bin/python bench/pandas_study.py > target/pandas-bench.json
	cargo run -q -p equalizer-e2e --bin bench_page -- target/pandas-bench.json docs/benchmarks.md $(VENV)/bin/python
	cargo test -q -p equalizer-e2e --test long_tasks -- --ignored

## Each significance figure's false-positive rate on synthetic nulls: docs/calibration.{md,json}.
calibrate:
	cargo run -q --profile calibrate -p equalizer-calibrate -- --out docs

## Coverage-guided fuzzing of the input parsers, and of the whole study on every CSV the parser
## accepts (whole_study: every output finite or undefined, each run under 20 s), with cargo-fuzz
## (nightly): FUZZ_RUNS executions per target, seeded from the market data and the bundle. Not
## part of `make test` (minutes).
FUZZ_RUNS ?= 100000
FUZZ_TARGETS := url_state yahoo_csv corrections_csv bundle_json whole_study
FUZZ_CORPUS := $(CURDIR)/target/fuzz-corpus
fuzz: data
	@cargo +nightly --version >/dev/null 2>&1 || { echo "make fuzz needs the nightly toolchain (rustup toolchain install nightly)"; exit 1; }
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@mkdir -p $(addprefix $(FUZZ_CORPUS)/,$(FUZZ_TARGETS))
	@for f in "$(EQUALIZER_DATA)"/*.csv; do head -n 40 "$$f" > "$(FUZZ_CORPUS)/yahoo_csv/$$(basename $$f)"; done
	@for f in "$(EQUALIZER_DATA)"/*.csv; do head -n 90 "$$f" > "$(FUZZ_CORPUS)/whole_study/$$(basename $$f)"; done
	@{ head -n 45 "$(EQUALIZER_DATA)/IWM.csv"; echo; head -n 50 "$(EQUALIZER_DATA)/QQQ.csv" | sed -n '1p;10,$$p'; } > $(FUZZ_CORPUS)/whole_study/pair
	@cp "$(EQUALIZER_DATA)/corrections.csv" $(FUZZ_CORPUS)/corrections_csv/
	@for f in data/*.json; do head -c 4000 "$$f" > "$(FUZZ_CORPUS)/bundle_json/$$(basename $$f)"; done
	@printf 'long=XLE&short=XLK&t=2.5&dir=abs&cool=5&from=2010-01-01&to=2020-12-31&units=z&hz=months&seed=7&split=2015&article=1' > $(FUZZ_CORPUS)/url_state/full
	@printf 'long=file%%3Amy_prices&t=4' > $(FUZZ_CORPUS)/url_state/file
	for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t: $(FUZZ_RUNS) runs"; \
		cargo +nightly fuzz run $$t $(FUZZ_CORPUS)/$$t -- -runs=$(FUZZ_RUNS) -max_len=8192 -timeout=20 2>&1 | tail -n 3; \
	done

## docs/screenshot.png of the default view, docs/screenshot-phone.png at 375 px and
## docs/screenshot-dark.png in the dark theme, compressed losslessly with optipng.
screenshot: browser-tools page
	cargo run -q -p equalizer-e2e --bin screenshot -- docs/screenshot.png
	SCREENSHOT_WIDTH=375 cargo run -q -p equalizer-e2e --bin screenshot -- docs/screenshot-phone.png
	SCREENSHOT_THEME=dark cargo run -q -p equalizer-e2e --bin screenshot -- docs/screenshot-dark.png
	@command -v optipng >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y optipng; }
	optipng -quiet -o2 docs/screenshot.png docs/screenshot-phone.png docs/screenshot-dark.png

clean:
	cargo clean
	rm -rf dist data
