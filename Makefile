# Chimera. `make demo` and `make test` are the README's two commands.
export PATH := /opt/swift/usr/bin:$(PATH)
SWIFT ?= swift
BIN := .build/release/chimeractl

.PHONY: setup build release demo test bench format clean install

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product chimeractl

# The first run: a commit travels through simulate → heal → certify → deploy → verify on this machine, on the
# embedded defaults (a server on a free port of 127.0.0.1, a temporary state directory, removed on exit).
demo: release
	@CHIMERACTL=$(BIN) scripts/demo.sh

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

# `make install`: the release binary (Swift's runtime linked in), the systemd unit, the example configuration, and
# the `chimera` system user. DESTDIR stages into a folder (no user, no systemctl). Existing configuration
# (chimera.toml, chimera.env) is never touched; only the .example files are (re)written.
# Set-up on a server: docs/CHIMERA_SERVER_SETUP.md.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SYSCONFDIR ?= /etc
UNITDIR ?= $(SYSCONFDIR)/systemd/system

install: setup
	$(SWIFT) build -c release --product chimeractl --static-swift-stdlib
	install -D -m 0755 "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/chimeractl" "$(DESTDIR)$(BINDIR)/chimeractl"
	install -d -m 0755 "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)$(SYSCONFDIR)/chimera"
	sed 's#^ExecStart=/usr/local/bin/chimeractl #ExecStart=$(BINDIR)/chimeractl #' systemd/chimera.service > "$(DESTDIR)$(UNITDIR)/chimera.service"
	chmod 0644 "$(DESTDIR)$(UNITDIR)/chimera.service"
	install -m 0644 systemd/chimera.toml.example systemd/chimera.env.example "$(DESTDIR)$(SYSCONFDIR)/chimera/"
	@if [ -n "$(DESTDIR)" ]; then \
		echo "install: staged in $(DESTDIR); on the server, create the user: useradd --system --user-group --home-dir /var/lib/chimera --no-create-home --shell /usr/sbin/nologin chimera"; \
	elif [ "$$(id -u)" -ne 0 ]; then \
		echo "install: not root: create the user yourself: sudo useradd --system --user-group --home-dir /var/lib/chimera --no-create-home --shell /usr/sbin/nologin chimera"; \
	else \
		id -u chimera >/dev/null 2>&1 || useradd --system --user-group --home-dir /var/lib/chimera --no-create-home --shell /usr/sbin/nologin --comment "Chimera deploy bot" chimera; \
		if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
		echo "install: done; next: docs/CHIMERA_SERVER_SETUP.md (configure $(SYSCONFDIR)/chimera, then systemctl enable --now chimera)"; \
	fi

format:
	swift-format format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build bench/out
