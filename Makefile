# Chimera. `make demo` and `make test` are the README's two commands.
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT ?= swift
BIN := .build/release/chimeractl

.PHONY: setup build release demo test bench format clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product chimeractl

# The main job on the embedded defaults: simulate and route the example site shipped in examples/.
demo: release
	@echo "== chimeractl simulate --platform netlify --dir examples/netlify-site/public"
	@$(BIN) simulate --platform netlify --dir examples/netlify-site/public || echo "(exit status $$?: the example site has one deliberate mistake)"
	@echo
	@echo "== chimeractl route --platform netlify --dir examples/netlify-site/public / /blog /docs/old-page /api/users?id=7 /missing"
	@$(BIN) route --platform netlify --dir examples/netlify-site/public / /blog /docs/old-page '/api/users?id=7' /missing

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench:
	@scripts/setup.sh --bench
	$(SWIFT) build -c release --product chimeractl
	bench/run.sh
	bench/export_bench.sh
	bench/certify_bench.sh
	bench/webhook_bench.sh
	bench/rollback_bench.sh

format:
	swift-format format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build bench/out
