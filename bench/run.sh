#!/usr/bin/env bash
# Chimera's benchmark (`make bench`): `chimeractl simulate` on synthetic Netlify sites of 2,000 and 20,000
# pages from bench/gen_site.py, against a warm plain read of every file (`cat` to /dev/null) and against
# html-proofer (Debian `ruby-html-proofer`, `--disable-external`). Prints a table and the ratios; exits
# non-zero when ASSET_MISSING differs from the generator's `broken_refs` or a command fails.
#
# Environment:
#   CHIMERACTL=path             binary to measure (default .build/release/chimeractl)
#   BENCH_RUNS=n                timed runs per measurement, median reported (default 5, at least 3)
#   BENCH_SEED=n                generator seed (default 1)
#   BENCH_HTMLPROOFER=0         skip html-proofer entirely
#   BENCH_HTMLPROOFER_FULL=1    also run html-proofer on the 20,000-page site (~25 min, ~9.6 GB)
# Sites are written to bench/out/ and reused while their stamp (arguments + generator checksum) matches.
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CHIMERACTL=${CHIMERACTL:-.build/release/chimeractl}
case $CHIMERACTL in /*) ;; *) CHIMERACTL="$ROOT/$CHIMERACTL" ;; esac
RUNS=${BENCH_RUNS:-5}
[ "$RUNS" -ge 3 ] 2>/dev/null || RUNS=3
SEED=${BENCH_SEED:-1}
OUT="$ROOT/bench/out"
RESULTS="$OUT/results"
SITES="2000:300 20000:3000"   # pages:assets
BROKEN_RATIO=0.001
VIA_REDIRECT_RATIO=0.05

die() { echo "bench: $*" >&2; exit 2; }
[ -x "$CHIMERACTL" ] || die "no chimeractl at $CHIMERACTL (run: swift build -c release --product chimeractl, or set CHIMERACTL)"
command -v python3 >/dev/null || die "python3 is missing (scripts/setup.sh installs it)"
HAVE_HYPERFINE=0; command -v hyperfine >/dev/null && HAVE_HYPERFINE=1
HAVE_TIME=0; [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1 && HAVE_TIME=1
HTMLPROOFER=""
if [ "${BENCH_HTMLPROOFER:-1}" != 0 ]; then
    HTMLPROOFER=$(command -v htmlproofer || command -v html-proofer || true)
fi
mkdir -p "$OUT" "$RESULTS"
rm -f "$RESULTS"/*

# median_of FILE: the median of the numbers in FILE, one per line.
median_of() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in open(sys.argv[1]) if x.strip()))' "$1"; }

# timed OUTFILE CMD...: wall seconds of CMD, appended to OUTFILE (no hyperfine fallback).
timed() {
    local file=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" || true
    end=$(date +%s.%N)
    python3 -c 'import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 4))' "$start" "$end" >> "$file"
}

# measure NAME SHELLCOMMAND: median wall seconds over RUNS runs (after one warm-up) into $RESULTS/NAME.median.
measure() {
    local name=$1 cmd=$2
    if [ "$HAVE_HYPERFINE" = 1 ]; then
        hyperfine --style basic --warmup 1 --runs "$RUNS" --ignore-failure --export-json "$RESULTS/$name.hyperfine.json" \
            "$cmd" >"$RESULTS/$name.hyperfine.log" 2>&1 || die "hyperfine failed on: $cmd (see $RESULTS/$name.hyperfine.log)"
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
            "$RESULTS/$name.hyperfine.json" > "$RESULTS/$name.median"
    else
        sh -c "$cmd" || true
        : > "$RESULTS/$name.runs"
        local i=0
        while [ $i -lt "$RUNS" ]; do timed "$RESULTS/$name.runs" sh -c "$cmd"; i=$((i + 1)); done
        median_of "$RESULTS/$name.runs" > "$RESULTS/$name.median"
    fi
}

# peak_rss_kb FILE: "Maximum resident set size" from a /usr/bin/time -v report.
peak_rss_kb() { sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$1" | tail -n 1; }
elapsed_s() {
    sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): *//p' "$1" | tail -n 1 |
        python3 -c 'import sys; p=[float(x) for x in sys.stdin.read().strip().split(":")]; print(sum(v * 60 ** i for i, v in enumerate(reversed(p))))'
}

echo "bench: chimeractl = $CHIMERACTL"
echo "bench: hyperfine = $([ $HAVE_HYPERFINE = 1 ] && command -v hyperfine || echo 'missing (using date-based timing)')," \
    "/usr/bin/time -v = $([ $HAVE_TIME = 1 ] && echo yes || echo 'missing (no peak RSS)')," \
    "html-proofer = ${HTMLPROOFER:-not run}"
GEN_SUM=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest()[:16])' bench/gen_site.py)

for spec in $SITES; do
    pages=${spec%%:*}; assets=${spec##*:}
    site="$OUT/site-$pages"
    args="--pages $pages --assets $assets --broken-ratio $BROKEN_RATIO --via-redirect-ratio $VIA_REDIRECT_RATIO --seed $SEED"
    stamp="$args gen_site.py=$GEN_SUM"
    if [ -d "$site" ] && [ -f "$site.json" ] && [ "$(cat "$site.stamp" 2>/dev/null)" = "$stamp" ]; then
        echo "bench: reusing $site ($args)"
    else
        echo "bench: generating $site: python3 bench/gen_site.py $args --out $site"
        rm -rf "$site" "$site.json" "$site.stamp"
        start=$(date +%s)
        # shellcheck disable=SC2086
        python3 bench/gen_site.py $args --out "$site" > "$site.json.tmp" || die "gen_site.py failed"
        mv "$site.json.tmp" "$site.json"
        echo "$stamp" > "$site.stamp"
        echo "bench:   generated in $(( $(date +%s) - start )) s"
    fi

    echo "bench: [$pages pages] warming the page cache"
    find "$site" -type f -exec cat {} + > /dev/null

    echo "bench: [$pages pages] plain read: find SITE -type f -exec cat {} + > /dev/null ($RUNS runs)"
    measure "cat-$pages" "find '$site' -type f -exec cat {} + > /dev/null"

    echo "bench: [$pages pages] chimeractl simulate --platform netlify --dir SITE --format json ($RUNS runs)"
    measure "chimera-$pages" "'$CHIMERACTL' simulate --platform netlify --dir '$site' --format json > /dev/null"

    # One more run: its findings and its peak memory.
    status=0
    if [ "$HAVE_TIME" = 1 ]; then
        /usr/bin/time -v -o "$RESULTS/chimera-$pages.time" \
            "$CHIMERACTL" simulate --platform netlify --dir "$site" --format json > "$RESULTS/chimera-$pages.json" || status=$?
        peak_rss_kb "$RESULTS/chimera-$pages.time" > "$RESULTS/chimera-$pages.rss"
        # time(1) reports the command's own failure as "Command exited with non-zero status N".
        [ "$status" = 0 ] || status=$(sed -n 's/.*Exit status: *//p' "$RESULTS/chimera-$pages.time" | tail -n 1)
    else
        "$CHIMERACTL" simulate --platform netlify --dir "$site" --format json > "$RESULTS/chimera-$pages.json" || status=$?
    fi
    case $status in 0|1) ;; *) die "chimeractl simulate exited $status on $site" ;; esac

    if [ -n "$HTMLPROOFER" ] && { [ "$pages" -le 2000 ] || [ "${BENCH_HTMLPROOFER_FULL:-0}" = 1 ]; }; then
        echo "bench: [$pages pages] htmlproofer --disable-external SITE (one run; ~77 s on 2,000 pages, ~25 min on 20,000)"
        work=$(mktemp -d)  # html-proofer writes its cache under ./tmp
        hp_status=0
        if [ "$HAVE_TIME" = 1 ]; then
            (cd "$work" && /usr/bin/time -v -o "$RESULTS/htmlproofer-$pages.time" \
                "$HTMLPROOFER" --disable-external "$site" > "$RESULTS/htmlproofer-$pages.log" 2>&1) || hp_status=$?
            elapsed_s "$RESULTS/htmlproofer-$pages.time" > "$RESULTS/htmlproofer-$pages.seconds"
            peak_rss_kb "$RESULTS/htmlproofer-$pages.time" > "$RESULTS/htmlproofer-$pages.rss"
        else
            : > "$RESULTS/htmlproofer-$pages.seconds"
            (cd "$work" && timed "$RESULTS/htmlproofer-$pages.seconds" \
                "$HTMLPROOFER" --disable-external "$site" > "$RESULTS/htmlproofer-$pages.log" 2>&1) || hp_status=$?
        fi
        rm -rf "$work"
        # html-proofer exits 1 when it finds failures (it always does here); anything else is a crash.
        grep -q "HTML-Proofer found\|HTML-Proofer finished successfully" "$RESULTS/htmlproofer-$pages.log" ||
            die "html-proofer did not finish on $site (exit $hp_status; see $RESULTS/htmlproofer-$pages.log)"
    fi
done

python3 - "$RESULTS" "$OUT" "$SITES" <<'PY'
import json, os, sys

results, out, sites = sys.argv[1], sys.argv[2], sys.argv[3].split()

def read(name, cast=float):
    path = os.path.join(results, name)
    try:
        text = open(path).read().strip()
        return cast(text) if text else None
    except (OSError, ValueError):
        return None

rows, ok = [], True
for spec in sites:
    pages = int(spec.split(":")[0])
    gen = json.load(open(os.path.join(out, "site-%d.json" % pages)))
    sim = json.load(open(os.path.join(results, "chimera-%d.json" % pages)))
    missing = sum(1 for f in sim["findings"] if f["code"] == "ASSET_MISSING")
    target_missing = sum(1 for f in sim["findings"] if f["code"] == "REDIRECT_TARGET_MISSING")
    rows.append(dict(
        pages=pages, files=gen["total_files"], mb=gen["total_bytes"] / 1e6, refs=sim["stats"]["references"],
        gen_refs=gen["local_refs"], chimera=read("chimera-%d.median" % pages), cat=read("cat-%d.median" % pages),
        rss=read("chimera-%d.rss" % pages), hp=read("htmlproofer-%d.seconds" % pages),
        hp_rss=read("htmlproofer-%d.rss" % pages), missing=missing, broken=gen["broken_refs"],
        via=gen["refs_via_redirect"], tmissing=target_missing, gen_tmissing=gen["redirect_targets_missing"]))

def fmt(v, spec, unit=""):
    return "n/a" if v is None else (spec % v) + unit

print()
print("%-7s %7s %7s %9s | %9s %9s | %8s | %11s %10s | %13s %11s %5s" % (
    "pages", "files", "MB", "refs", "chimera", "peak RSS", "cat", "htmlproofer", "hp RSS",
    "ASSET_MISSING", "broken_refs", "match"))
for r in rows:
    match = r["missing"] == r["broken"]
    ok &= match
    print("%-7d %7d %7.0f %9d | %9s %9s | %8s | %11s %10s | %13d %11d %5s" % (
        r["pages"], r["files"], r["mb"], r["refs"], fmt(r["chimera"], "%.3f", " s"),
        fmt(r["rss"] and r["rss"] / 1024, "%.0f", " MB"), fmt(r["cat"], "%.3f", " s"),
        fmt(r["hp"], "%.1f", " s"), fmt(r["hp_rss"] and r["hp_rss"] / 1024, "%.0f", " MB"),
        r["missing"], r["broken"], "yes" if match else "NO"))
print("(chimera and cat: median of the timed runs, warm page cache; html-proofer: one run; peak RSS from /usr/bin/time -v)")
print()
for r in rows:
    print("%d pages: %d references checked (generator: %d local, %d via a _redirects rule); "
          "REDIRECT_TARGET_MISSING %d (generator: %d)" % (
              r["pages"], r["refs"], r["gen_refs"], r["via"], r["tmissing"], r["gen_tmissing"]))
print()
print("Ratios and goals:")
hp_rows = [r for r in rows if r["hp"] is not None and r["chimera"]]
largest = max(rows, key=lambda r: r["pages"])
if hp_rows:
    r = max(hp_rows, key=lambda r: r["pages"])
    x = r["hp"] / r["chimera"]
    note = "" if r is largest else (
        "  [html-proofer was NOT run on the %d-page site (set BENCH_HTMLPROOFER_FULL=1): this is the %d-page ratio]"
        % (largest["pages"], r["pages"]))
    print("  html-proofer / chimera (%d pages): %.0fx   (goal >= 100x: %s)%s" % (
        r["pages"], x, "met" if x >= 100 else "MISSED", note))
else:
    print("  html-proofer / chimera: not measured (html-proofer missing or BENCH_HTMLPROOFER=0)")
for r in rows:
    if r["chimera"] and r["cat"]:
        x = r["chimera"] / r["cat"]
        print("  chimera / cat (%d pages): %.2fx   (goal <= 5x: %s)" % (r["pages"], x, "met" if x <= 5 else "MISSED"))
for r in rows:
    if r["rss"]:
        mb = r["rss"] / 1024
        print("  chimera peak RSS (%d pages): %.0f MB   (goal < 300 MB: %s)" % (r["pages"], mb, "met" if mb < 300 else "MISSED"))
for r in rows:
    print("  ASSET_MISSING == broken_refs (%d pages): %s (%d vs %d)" % (
        r["pages"], "yes" if r["missing"] == r["broken"] else "NO", r["missing"], r["broken"]))
sys.exit(0 if ok else 1)
PY
