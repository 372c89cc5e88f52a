#!/usr/bin/env bash
# Certification benchmark (`make bench`): a full `chimeractl certify` of the 20,000-page site (both digests
# of every file, on both cores, then sign) against `rhash --sha256 --sha3-256 -r SITE` (both digests in one
# read, one core). Then a re-certify of the unchanged tree, which the hash cache should answer, as a
# percentage of the full run. Goals: full / rhash <= 1.0; re-certify / full <= 5 %.
#
# certify runs with the hidden --no-simulate flag so hashing and signing are timed alone: the generated site
# has deliberately broken links (its simulation fails, and a failing verdict is never certified), and the
# simulation has its own benchmark (bench/run.sh). A full run deletes the hash cache first; both commands
# read from a warm page cache (one warm-up run each).
#
# Environment:
#   CHIMERACTL=path    binary to measure (default .build/release/chimeractl)
#   BENCH_RUNS=n       timed runs per command, median reported (default 5, at least 3)
#   SITE=path          the site (default bench/out/site-20000, generated when missing)
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CHIMERACTL=${CHIMERACTL:-.build/release/chimeractl}
case $CHIMERACTL in /*) ;; *) CHIMERACTL="$ROOT/$CHIMERACTL" ;; esac
RUNS=${BENCH_RUNS:-5}
[ "$RUNS" -ge 3 ] 2>/dev/null || RUNS=3
SITE=${SITE:-$ROOT/bench/out/site-20000}
WORK="$ROOT/bench/out/certify-work"
STATE="$WORK/state"

die() { echo "certify_bench: $*" >&2; exit 2; }
[ -x "$CHIMERACTL" ] || die "no chimeractl at $CHIMERACTL (run: swift build -c release --product chimeractl, or set CHIMERACTL)"
command -v rhash >/dev/null || die "rhash is missing (scripts/setup.sh --bench installs it)"
command -v python3 >/dev/null || die "python3 is missing"
if [ ! -d "$SITE" ]; then
    echo "certify_bench: generating $SITE"
    python3 bench/gen_site.py --pages 20000 --assets 3000 --seed 1 --out "$SITE" > /dev/null || die "gen_site.py failed"
fi
rm -rf "$WORK"
mkdir -p "$WORK"
export CHIMERA_STATE_DIR="$STATE"

# median_of NAME PREPARE CMD: runs PREPARE then CMD (warm-up once, then RUNS times) and prints the median seconds.
median_of() {
    local name=$1 prepare=$2 cmd=$3
    if command -v hyperfine >/dev/null; then
        hyperfine --style none --warmup 1 --runs "$RUNS" --prepare "$prepare" --export-json "$WORK/$name.json" "$cmd" \
            >"$WORK/$name.log" 2>&1 || die "hyperfine failed on: $cmd (see $WORK/$name.log)"
        python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/$name.json"
    else
        local times=() i start
        for i in $(seq 0 "$RUNS"); do
            sh -c "$prepare"
            start=$(date +%s.%N)
            sh -c "$cmd" >/dev/null 2>&1 || die "failed: $cmd"
            [ "$i" = 0 ] || times+=("$(echo "$(date +%s.%N) - $start" | bc)")
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)]}'
    fi
}

CERTIFY="$CHIMERACTL certify --platform netlify --no-simulate --dir $SITE --out $WORK/site.dsse.json"
files=$(find "$SITE" -type f | wc -l)
bytes=$(du -sb "$SITE" | cut -f1)
echo "certify_bench: $SITE: $files files, $bytes bytes; $(nproc) cores; $RUNS runs, median"

rhash_s=$(median_of rhash "true" "rhash --sha256 --sha3-256 -r $SITE > /dev/null")
full_s=$(median_of certify-full "rm -f $STATE/cache/hash-cache.bin" "$CERTIFY > /dev/null")
# The cache is written by the last full run; sleep so the racy-file rule sees every file as older than it.
sleep 1
$CERTIFY > "$WORK/recertify.out"
again_s=$(median_of certify-cached "true" "$CERTIFY > /dev/null")
grep manifest "$WORK/recertify.out"
# The floor of any stat-based cache: one lstat per file and folder, as `find -newer` does (one core).
floor_s=$(median_of find-newer "true" "find $SITE -type f -newer $WORK/site.dsse.json > /dev/null")

python3 - "$rhash_s" "$full_s" "$again_s" "$floor_s" <<'PY'
import sys
rhash, full, again, floor = map(float, sys.argv[1:5])
print(f"rhash --sha256 --sha3-256 -r   {rhash:7.3f} s")
print(f"chimeractl certify (full)      {full:7.3f} s   {full / rhash:.2f}x rhash   (goal <= 1.00x)")
print(f"chimeractl certify (cached)    {again:7.3f} s   {100 * again / full:.1f} % of full (goal <= 5 %)")
print(f"find SITE -type f -newer X     {floor:7.3f} s   {100 * floor / full:.1f} % of full (stat-only floor)")
PY
$CHIMERACTL verify --platform netlify --truth --dir "$SITE" --certificate "$WORK/site.dsse.json" | tail -1
