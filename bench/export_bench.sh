#!/usr/bin/env bash
# Export benchmark (`make bench`): `chimeractl export` of a commit of a 20,000-page repository against
# `git archive HEAD | tar -x`, both into a fresh folder. Goal: chimeractl / git archive <= 1.0.
#
# The repository is bench/gen_site.py's 20,000-page site (--assets 3000 --seed 1) with three commits:
# the import, an edit of 500 pages, then 60 pages added, 30 removed and 10 renamed. It is packed with
# `git gc`, like a fresh clone, and reused while bench/out/repo-20000.stamp matches (recipe + generator
# checksum). Builds nothing. Timings, logs and hyperfine's JSON stay in bench/out/export-work/.
#
# Environment:
#   CHIMERACTL=path    binary to measure (default .build/release/chimeractl)
#   BENCH_RUNS=n       timed runs per command, median reported (default 5, at least 5)
# Usage: bench/export_bench.sh [--repo-only]   (--repo-only makes or checks the repository and stops)
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
CHIMERACTL=${CHIMERACTL:-.build/release/chimeractl}
case $CHIMERACTL in /*) ;; *) CHIMERACTL="$ROOT/$CHIMERACTL" ;; esac
RUNS=${BENCH_RUNS:-5}
[ "$RUNS" -ge 5 ] 2>/dev/null || RUNS=5
OUT="$ROOT/bench/out"
REPO="$OUT/repo-20000"
WORK="$OUT/export-work"
RECIPE="repo-20000 v1: gen_site.py --pages 20000 --assets 3000 --seed 1; edit 500; add 60, remove 30, rename 10; gc"

die() { echo "export_bench: $*" >&2; exit 2; }
command -v python3 >/dev/null || die "python3 is missing (scripts/setup.sh installs it)"
command -v git >/dev/null || die "git is missing (scripts/setup.sh installs it)"
REPO_ONLY=0
[ "${1:-}" = "--repo-only" ] && REPO_ONLY=1
if [ "$REPO_ONLY" = 0 ]; then
    [ -x "$CHIMERACTL" ] || die "no chimeractl at $CHIMERACTL (run: swift build -c release --product chimeractl, or set CHIMERACTL)"
fi
mkdir -p "$OUT"

# Fixed identity and dates: the same recipe gives the same commit ids, and no git identity is needed.
# git_fixed SECONDS ARGS...: git ARGS at that author and committer date.
git_fixed() {
    local when="@$1 +0000"
    shift
    GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when git -c user.name="Bench Bot" -c user.email=bench@example.com -c gc.auto=0 "$@"
}

# edit_site STEP: the deterministic changes of commit STEP (2: edits; 3: adds, removes, renames).
edit_site() {
    python3 - "$1" <<'PY'
import os, random, sys
step = int(sys.argv[1])
rng = random.Random("chimera-export-bench:%d" % step)
pages = []
for root, dirs, files in os.walk("."):
    dirs[:] = sorted(d for d in dirs if d != ".git")
    pages += sorted(os.path.join(root, f)[2:] for f in files if f.endswith(".html") and f != "index.html")
pages = [p for p in pages if p != "404.html"]
if step == 2:
    for p in rng.sample(pages, 500):
        with open(p, encoding="utf-8") as f:
            text = f.read()
        note = "<section><h2>Update</h2><p>%s.</p></section>\n" % " ".join(rng.choice(["deploy", "fix", "docs", "note"]) for _ in range(30))
        with open(p, "w", encoding="utf-8") as f:
            f.write(text.replace("</main>", note + "</main>", 1))
else:
    chosen = rng.sample(pages, 100)
    for i, p in enumerate(chosen[:60]):
        with open(p, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(os.path.dirname(p), "added-%02d.html" % i), "w", encoding="utf-8") as f:
            f.write(text.replace("<h1>", "<h1>Added %d " % i, 1))
    for p in chosen[60:90]:
        os.remove(p)
    for i, p in enumerate(chosen[90:]):
        os.rename(p, os.path.join(os.path.dirname(p), "renamed-%02d.html" % i))
PY
}

GEN_SUM=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest()[:16])' bench/gen_site.py)
STAMP="$RECIPE gen_site.py=$GEN_SUM"
if [ -d "$REPO/.git" ] && [ "$(cat "$REPO.stamp" 2>/dev/null)" = "$STAMP" ]; then
    echo "export_bench: reusing $REPO"
else
    echo "export_bench: making $REPO ($RECIPE)"
    start=$(date +%s)
    rm -rf "$REPO" "$REPO.stamp"
    python3 bench/gen_site.py --pages 20000 --assets 3000 --seed 1 --out "$REPO" > /dev/null || die "gen_site.py failed"
    (
        cd "$REPO"
        git init -q -b main .
        git add -A
        git_fixed 1700000000 commit -q -m "Import the generated site"
        edit_site 2
        git add -A
        git_fixed 1700003600 commit -q -m "Edit 500 pages"
        edit_site 3
        git add -A
        git_fixed 1700007200 commit -q -m "Add 60 pages, remove 30, rename 10"
        git gc -q
    ) || die "making the repository failed"
    echo "$STAMP" > "$REPO.stamp"
    echo "export_bench:   made in $(( $(date +%s) - start )) s"
fi
HEAD=$(git -C "$REPO" rev-parse HEAD)
FILES=$(git -C "$REPO" ls-tree -r HEAD | wc -l)
echo "export_bench: $REPO at $HEAD: $(git -C "$REPO" rev-list --count HEAD) commits, $FILES files in HEAD"
[ "$REPO_ONLY" = 1 ] && exit 0

HAVE_HYPERFINE=0; command -v hyperfine >/dev/null && HAVE_HYPERFINE=1
rm -rf "$WORK"; mkdir -p "$WORK"
# Every run writes into a folder of its own, and the folders are only removed at the end. Removing them
# between runs would skew the figures: this machine's ext4 (no journal) skips recently deleted inodes when
# it allocates new ones, so creating 23,000 files right after deleting 23,000 took 5-8 times longer (perf:
# recently_deleted() in ext4_create). The prepare step syncs the previous run's writes away. This needs
# about 0.5 GB of disk per run (12 runs at BENCH_RUNS=5).
FRESH="\$(mktemp -d -u '$WORK/out.XXXXXXXX')"
CHIMERA_CMD="'$CHIMERACTL' export --repo '$REPO' --commit HEAD --out $FRESH > /dev/null"
ARCHIVE_CMD="d=$FRESH && mkdir \"\$d\" && git -C '$REPO' archive HEAD | tar -x -C \"\$d\""

# median_of FILE: the median of the numbers in FILE, one per line.
median_of() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in open(sys.argv[1]) if x.strip()))' "$1"; }

# measure NAME SHELLCOMMAND: median wall seconds over RUNS runs (after one warm-up) on stdout.
measure() {
    local name=$1 cmd=$2
    if [ "$HAVE_HYPERFINE" = 1 ]; then
        hyperfine --style basic --warmup 1 --runs "$RUNS" --prepare sync --export-json "$WORK/$name.json" "$cmd" \
            > "$WORK/$name.log" 2>&1 || die "hyperfine failed on: $cmd (see $WORK/$name.log)"
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/$name.json"
    else
        : > "$WORK/$name.runs"
        local i=0 start end
        while [ $i -le "$RUNS" ]; do
            sync
            start=$(date +%s.%N)
            sh -c "$cmd" || die "failed: $cmd"
            end=$(date +%s.%N)
            # Run 0 is the warm-up.
            [ $i -eq 0 ] || python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$start" "$end" >> "$WORK/$name.runs"
            i=$((i + 1))
        done
        median_of "$WORK/$name.runs"
    fi
}

echo "export_bench: timing ($RUNS runs each after a warm-up, median; $([ $HAVE_HYPERFINE = 1 ] && echo hyperfine || echo 'date-based timing'))"
echo "export_bench:   $CHIMERACTL export --repo $REPO --commit HEAD --out FRESH_DIR"
CHIMERA=$(measure chimera "$CHIMERA_CMD")
echo "export_bench:   git -C $REPO archive HEAD | tar -x -C FRESH_DIR"
ARCHIVE=$(measure archive "$ARCHIVE_CMD")

# Both must write the same files: a fast export that is wrong is no export.
"$CHIMERACTL" export --repo "$REPO" --commit HEAD --out "$WORK/check-chimera" || die "chimeractl export failed"
mkdir "$WORK/check-archive" && git -C "$REPO" archive HEAD | tar -x -C "$WORK/check-archive" || die "git archive failed"
diff -r --no-dereference "$WORK/check-chimera" "$WORK/check-archive" > "$WORK/diff.txt" 2>&1 ||
    die "chimeractl export and git archive wrote different files (see $WORK/diff.txt)"
find "$WORK" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +

python3 - "$CHIMERA" "$ARCHIVE" "$FILES" <<'PY'
import sys
chimera, archive, files = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ratio = chimera / archive
print()
print("export of HEAD (%d files), median wall time:" % files)
print("  chimeractl export                   %7.3f s" % chimera)
print("  git archive HEAD | tar -x           %7.3f s" % archive)
print("  chimeractl / git archive: %.2fx   (goal <= 1.0: %s)" % (ratio, "met" if ratio <= 1.0 else "MISSED"))
PY
