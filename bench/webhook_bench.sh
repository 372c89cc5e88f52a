#!/usr/bin/env bash
# Webhook ingest benchmark (`make bench`): wrk POSTs a signed ~7.5 KB GitHub push (bench/webhook/make_push.py) to
# `chimeractl serve`'s /webhooks/github, each with its own X-GitHub-Delivery (bench/webhook/post.lua), at 16 and 64
# connections, against two peers on the same payload:
#   - bench/webhook/enqueue_peer.py: a stdlib Python server that verifies the HMAC and stores every delivery in SQLite
#     (WAL, synchronous=FULL) with group commit before its 202 — the same durability promise Chimera makes;
#   - adnanh/webhook (Debian `webhook`): checks the payload-hmac-sha256 rule and runs /bin/true; it stores nothing,
#     so it shows what verifying and answering alone cost.
# After each Chimera and Python run the server is stopped and its SQLite file counted: no delivery answered 2xx may be
# missing (stored >= answered), none stored twice (count == count distinct), and nothing stored that was never sent
# (stored <= sent; stored - answered is what was in flight when wrk stopped, at most one per connection).
# Goals (issue 5): Chimera >= 2.00x the Python peer's req/s, p99 < 20 ms at 64 connections. Prints a table and the
# ratios; exits 1 when a delivery was lost or duplicated or a server answered an error, 2 on a setup problem.
# wrk runs on the same cores as the server it loads (as for every peer), and each run prints the load average first:
# on a shared machine, compare runs only when it was low.
#
# Environment:
#   CHIMERACTL=path          binary to measure (default .build/release/chimeractl; this script builds nothing)
#   BENCH_SECONDS=n          seconds per wrk run (default 15)
#   BENCH_CONNECTIONS="a b"  connection counts (default "16 64"); wrk uses 2 threads
#   BENCH_WEBHOOK=0          skip the adnanh/webhook peer
#   BENCH_KEEP=1             keep the SQLite files after counting (each run writes 0.5-1 GB)
# Results (wrk output, server logs, results.json, summary.txt) go to bench/out/webhook/ (git-ignored).
set -eu -o pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CHIMERACTL=${CHIMERACTL:-.build/release/chimeractl}
case $CHIMERACTL in /*) ;; *) CHIMERACTL="$ROOT/$CHIMERACTL" ;; esac
DURATION=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-16 64}
THREADS=2
OUT="$ROOT/bench/out/webhook"
WORK="$OUT/work"
HERE="$ROOT/bench/webhook"

die() { echo "webhook_bench: $*" >&2; exit 2; }
[ -x "$CHIMERACTL" ] || die "no chimeractl at $CHIMERACTL (run: swift build -c release --product chimeractl, or set CHIMERACTL)"
case $DURATION in ''|*[!0-9]*) die "BENCH_SECONDS=$DURATION: give a whole number of seconds, such as 15" ;; esac
[ "$DURATION" -ge 1 ] || die "BENCH_SECONDS=$DURATION: give at least 1 second"
for c in $CONNECTIONS; do
    case $c in ''|*[!0-9]*) die "BENCH_CONNECTIONS=\"$CONNECTIONS\": give connection counts such as \"16 64\"" ;; esac
    [ "$c" -ge "$THREADS" ] || die "BENCH_CONNECTIONS: $c is fewer than wrk's $THREADS threads"
done
for tool in wrk python3 sqlite3; do
    command -v $tool >/dev/null || die "$tool is missing (scripts/setup.sh --bench installs it)"
done
WEBHOOK=""
if [ "${BENCH_WEBHOOK:-1}" != 0 ]; then
    WEBHOOK=$(command -v webhook) || die "webhook (adnanh/webhook) is missing: scripts/setup.sh --bench installs it, or set BENCH_WEBHOOK=0"
fi

rm -rf "$OUT"
mkdir -p "$WORK"

# Servers started here are stopped on every exit path; only these PIDs are touched.
SERVER_PIDS=""
cleanup() {
    for pid in $SERVER_PIDS; do kill "$pid" 2>/dev/null || true; done
    for pid in $SERVER_PIDS; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh secret per run: it only lives in this process tree and in the work folder.
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(20))')
python3 "$HERE/make_push.py" --secret "$SECRET" --out-dir "$WORK/payload" > "$WORK/payload.json" || die "make_push.py failed"
PAYLOAD_BYTES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$WORK/payload.json")

# start NAME COMMAND...: starts a server in the background, output to $WORK/NAME.log; sets PID.
start() {
    local name=$1; shift
    : > "$WORK/$name.log"
    "$@" > "$WORK/$name.log" 2>&1 &
    PID=$!
    SERVER_PIDS="$SERVER_PIDS $PID"
}

# stop PID: SIGTERM (requests in flight finish, queued deliveries commit), SIGKILL after 20 s.
stop() {
    local pid=$1 i=0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    kill -0 "$pid" 2>/dev/null && { echo "webhook_bench: pid $pid ignored SIGTERM for 20 s; killing it" >&2; kill -KILL "$pid" 2>/dev/null || true; }
    wait "$pid" 2>/dev/null || true
    SERVER_PIDS=$(echo " $SERVER_PIDS " | sed "s/ $pid / /")
}

# port_from_log NAME PID: waits (30 s) for "listening on http://127.0.0.1:PORT" in the server's log; prints PORT.
port_from_log() {
    local name=$1 pid=$2 i=0 port
    while [ $i -lt 300 ]; do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$WORK/$name.log" | head -n 1)
        [ -n "$port" ] && { echo "$port"; return 0; }
        kill -0 "$pid" 2>/dev/null || die "$name exited before it listened (see $WORK/$name.log): $(tail -n 3 "$WORK/$name.log")"
        sleep 0.1; i=$((i + 1))
    done
    die "$name did not listen within 30 s (see $WORK/$name.log)"
}

# wait_port PORT PID NAME: waits (30 s) until 127.0.0.1:PORT accepts connections.
wait_port() {
    local i=0
    while [ $i -lt 300 ]; do
        python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()' "$1" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || die "$3 exited before it listened (see $WORK/$3.log)"
        sleep 0.1; i=$((i + 1))
    done
    die "$3 did not listen on 127.0.0.1:$1 within 30 s (see $WORK/$3.log)"
}

# refuses_bad_signature NAME URL: one POST signed with another secret must be refused, or the peer is not verifying
# anything and its figure means nothing. (Chimera and the Python peer answer 401; adnanh/webhook 2.8 answers 500,
# "error evaluating hook rules".)
refuses_bad_signature() {
    local status
    status=$(python3 - "$2" "$WORK/payload/push.json" "$WORK/payload/signature.bad" <<'PY'
import sys, urllib.error, urllib.request
url, body, signature = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3]).read().strip()
request = urllib.request.Request(url, data=body, method="POST", headers={
    "Content-Type": "application/json", "X-GitHub-Event": "push", "X-GitHub-Hook-ID": "520147733",
    "X-GitHub-Delivery": "bench-bad-signature", "X-Hub-Signature-256": signature})
try:
    print(urllib.request.urlopen(request, timeout=10).status)
except urllib.error.HTTPError as error:
    print(error.code)
except OSError as error:
    print("no answer (%s)" % error)
PY
)
    case $status in [45][0-9][0-9]) ;; *) die "$1 answered $status to a wrongly signed delivery (expected a refusal)" ;; esac
}

# load NAME URL CONNECTIONS: one wrk run; its summary line goes to $OUT/NAME-cN.json.
load() {
    local name=$1 url=$2 c=$3 file="$OUT/$1-c$3"
    echo "webhook_bench: [$name] wrk -t$THREADS -c$c -d${DURATION}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    PAYLOAD="$WORK/payload/push.json" SIGNATURE="$WORK/payload/signature" RUN="$name-c$c-$(date +%s)" \
        wrk -t"$THREADS" -c"$c" -d"${DURATION}s" --timeout 10s --latency -s "$HERE/post.lua" "$url" > "$file.txt" 2>&1 ||
        die "wrk failed against $name (see $file.txt)"
    sed -n 's/^WEBHOOK_BENCH //p' "$file.txt" > "$file.json"
    [ -s "$file.json" ] || die "wrk printed no summary against $name (see $file.txt)"
}

# count DATABASE NAME-cN: "stored distinct" from webhook_deliveries, written to $OUT/NAME-cN.stored.
count() {
    sqlite3 -batch -separator ' ' "$1" 'select count(*), count(distinct delivery_id) from webhook_deliveries' > "$OUT/$2.stored" ||
        die "cannot count the deliveries in $1"
}

echo "webhook_bench: chimeractl = $CHIMERACTL"
echo "webhook_bench: payload $PAYLOAD_BYTES bytes (bench/webhook/make_push.py), ${DURATION} s per run, connections: $CONNECTIONS, $(nproc) cores"

# Chimera's sites file: one site for the payload's repository. The clone URL points nowhere: nothing is cloned, because
# the service runs with CHIMERA_ENABLED=false. The benchmark measures ingest — verify the signature, store the delivery
# with an fsync'd (group) commit, answer 202 — and with false the deliveries still go through exactly that path; only
# the pipeline behind it records each one as "ignored" instead of building and deploying the site.
cat > "$WORK/sites.toml" <<EOF
[[site]]
name = "bench-site"
repository = "bench-org/bench-site"
clone_url = "file://$WORK/no-such-repository.git"
platform = "netlify"
domains = ["bench-site.invalid"]
[site.branches]
main = "production"
[[site.target]]
kind = "node"
EOF

# run_chimera CONNECTIONS: a fresh `chimeractl serve` (new state directory), one wrk run, stop, count.
run_chimera() {
    local c=$1 name=chimera state="$WORK/chimera-c$1-state" url
    mkdir -p "$state"
    start "$name-c$c" env CHIMERA_ENABLED=false CHIMERA_LISTEN=127.0.0.1:0 CHIMERA_STATE_DIR="$state" \
        CHIMERA_CONFIG="$WORK/sites.toml" GITHUB_WEBHOOK_SECRET="$SECRET" "$CHIMERACTL" serve
    url="http://127.0.0.1:$(port_from_log "$name-c$c" "$PID")/webhooks/github"
    refuses_bad_signature chimera "$url"
    load "$name" "$url" "$c"
    stop "$PID"
    count "$state/chimera.sqlite" "$name-c$c"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$state"/chimera.sqlite*
}

# run_python CONNECTIONS: a fresh enqueue_peer.py (new database), one wrk run, stop, count.
run_python() {
    local c=$1 name=python url
    start "$name-c$c" env WEBHOOK_SECRET="$SECRET" python3 "$HERE/enqueue_peer.py" --db "$WORK/python-c$c.sqlite"
    url="http://127.0.0.1:$(port_from_log "$name-c$c" "$PID")/webhooks/github"
    refuses_bad_signature enqueue_peer.py "$url"
    load "$name" "$url" "$c"
    stop "$PID"
    count "$WORK/python-c$c.sqlite" "$name-c$c"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$WORK/python-c$c.sqlite"*
}

# run_webhook CONNECTIONS: adnanh/webhook with a hook that checks the signature over the raw body and runs /bin/true
# (without waiting for it); nothing is stored, so there is nothing to count.
run_webhook() {
    local c=$1 name=webhook port url
    python3 - "$SECRET" > "$WORK/hooks.json" <<'PY'
import json, sys
json.dump([{
    "id": "chimera-bench",
    "execute-command": "/bin/true",
    "command-working-directory": "/",
    "http-methods": ["POST"],
    "response-message": "queued\n",
    "success-http-response-code": 202,
    "trigger-rule-mismatch-http-response-code": 403,
    "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": sys.argv[1],
                               "parameter": {"source": "header", "name": "X-Hub-Signature-256"}}},
}], sys.stdout, indent=2)
PY
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    start "$name-c$c" "$WEBHOOK" -hooks "$WORK/hooks.json" -ip 127.0.0.1 -port "$port"
    wait_port "$port" "$PID" "$name-c$c"
    url="http://127.0.0.1:$port/hooks/chimera-bench"
    refuses_bad_signature webhook "$url"
    load "$name" "$url" "$c"
    stop "$PID"
}

# Per connection count, the three servers back to back, so the machine's state changes as little as possible between
# the runs that are compared; a short pause lets the previous run's writes settle.
for c in $CONNECTIONS; do
    run_chimera "$c"; sleep 2
    run_python "$c"; sleep 2
    if [ -n "$WEBHOOK" ]; then run_webhook "$c"; sleep 2; fi
done

python3 - "$OUT" "$CONNECTIONS" "$PAYLOAD_BYTES" <<'PY' | tee "$OUT/summary.txt"
import json, os, sys

out, connections, payload_bytes = sys.argv[1], [int(c) for c in sys.argv[2].split()], int(sys.argv[3])
servers = [("chimera", "chimeractl serve"), ("python", "enqueue_peer.py"), ("webhook", "adnanh/webhook")]

def load(name, c):
    try:
        run = json.load(open(os.path.join(out, "%s-c%d.json" % (name, c))))
    except (OSError, ValueError):
        return None
    try:
        stored, distinct = map(int, open(os.path.join(out, "%s-c%d.stored" % (name, c))).read().split())
        run.update(stored=stored, distinct=distinct)
    except OSError:
        pass
    run["answered"] = run["requests"] - run["non2xx"]
    return run

runs = {(name, c): load(name, c) for name, _ in servers for c in connections}
ok = True
print()
print("%-17s %5s | %8s %8s %8s %8s | %9s %9s %7s | %s" % (
    "server", "conns", "req/s", "p50", "p99", "max", "answered", "stored", "sent", "none lost, none duplicated"))
for name, label in servers:
    for c in connections:
        r = runs[(name, c)]
        if r is None:
            continue
        if "stored" in r:
            in_flight = r["stored"] - r["answered"]
            good = (r["non2xx"] == 0 and r["answered"] <= r["stored"] <= r["sent"] and r["stored"] == r["distinct"])
            ok &= good
            verdict = "yes" if good else "NO"
            if r["stored"] < r["answered"]:
                verdict += ": %d answered 2xx but not stored" % (r["answered"] - r["stored"])
            if r["stored"] != r["distinct"]:
                verdict += ": %d stored twice" % (r["stored"] - r["distinct"])
            if r["stored"] > r["sent"]:
                verdict += ": more stored than sent"
            if r["non2xx"]:
                verdict += ": %d answers were errors" % r["non2xx"]
            if good and in_flight:
                verdict += " (%d stored while in flight at wrk's stop)" % in_flight
            stored = "%d" % r["stored"]
        else:
            stored, verdict = "-", "stores nothing" + ("" if r["non2xx"] == 0 else "; %d error answers" % r["non2xx"])
        print("%-17s %5d | %8.0f %5.1f ms %5.1f ms %5.0f ms | %9d %9s %7d | %s" % (
            label, c, r["rps"], r["p50_ms"], r["p99_ms"], r["max_ms"], r["answered"], stored, r["sent"], verdict))
        if r["socket_errors"]:
            print("%-17s %5s   (%d socket errors)" % ("", "", r["socket_errors"]))
print("(payload %d bytes; wrk -t2, latency from wrk; answered = 2xx answers, sent = requests written)" % payload_bytes)
print()
print("Ratios and goals:")
for c in connections:
    chimera, python, webhook = runs[("chimera", c)], runs[("python", c)], runs[("webhook", c)]
    if not chimera:
        continue
    if python:
        x = chimera["rps"] / python["rps"]
        print("  chimera / enqueue_peer.py req/s (%d connections): %.2fx   (goal >= 2.00x: %s)" % (
            c, x, "met" if x >= 2.0 else "MISSED"))
    if webhook:
        print("  chimera / adnanh/webhook req/s (%d connections): %.2fx   (stores nothing; for scale)" % (
            c, chimera["rps"] / webhook["rps"]))
c64 = runs.get(("chimera", 64))
if c64:
    print("  chimera p99 at 64 connections: %.1f ms   (goal < 20 ms: %s)" % (
        c64["p99_ms"], "met" if c64["p99_ms"] < 20 else "MISSED"))
print("  every delivery answered 2xx stored once (chimera and enqueue_peer.py): %s" % ("yes" if ok else "NO"))
json.dump({"%s-c%d" % key: value for key, value in runs.items() if value}, open(os.path.join(out, "results.json"), "w"), indent=2)
sys.exit(0 if ok else 1)
PY
