#!/bin/sh
# `make demo`: a commit travels through Chimera on this machine, on the embedded defaults.
#
# Starts `chimeractl serve` on a free port of 127.0.0.1 with a temporary state directory, creates a sample git
# repository holding a Netlify-style site (the one of examples/netlify-site, with its deliberate mistake: a detached
# `301 !` in _redirects), installs Chimera's git hooks in it, commits, and follows the commit through
# simulate → heal → certify → deploy → verify to the site served on 127.0.0.1. Everything it made is removed on
# exit, and the server it started is stopped.
#
# Usage: scripts/demo.sh            (CHIMERACTL=path/to/chimeractl to use another binary; default
#                                     .build/release/chimeractl, which `make demo` builds first)
# Exit: 0 the commit was deployed and the site answered as predicted; 1 a step failed (it says which).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
chimeractl=${CHIMERACTL:-$root/.build/release/chimeractl}
case $chimeractl in /*) ;; *) chimeractl=$(pwd)/$chimeractl ;; esac
started=$(date +%s)
steps=8
step=0

fail() {
    echo "demo: FAILED: $*" >&2
    exit 1
}
say() {
    step=$((step + 1))
    echo
    echo "[$step/$steps] $*"
}
# Prints a command as it would be typed, then runs it (indented); returns its exit status.
show() {
    echo "  \$ $*" | sed "s|$chimeractl|chimeractl|g; s|$work|\$DEMO|g"
    "$@" >"$work/output" 2>&1 && shown=0 || shown=$?
    sed "s|$work|\$DEMO|g; s/^/    /" "$work/output"
    return $shown
}

[ -x "$chimeractl" ] || fail "no chimeractl at $chimeractl: build it with 'make release', or set CHIMERACTL"
# curl (the hooks and the demo talk to the server with it) is not among scripts/setup.sh's packages: install it
# the same way when it is missing.
if ! command -v curl >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "demo: installing curl"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq curl >/dev/null; } ||
        fail "curl is missing and could not be installed: apt-get install curl"
fi
for tool in git curl python3 bwrap openssl; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing: run scripts/setup.sh (make demo does)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/chimera-demo.XXXXXX")
server_pid=""
monitor_pid=""
cleanup() {
    status=$?
    trap - EXIT HUP INT TERM
    for pid in $monitor_pid $server_pid; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $monitor_pid $server_pid; do
        # SIGTERM lets the server finish what it is doing; after 10 s it is killed.
        tries=0
        while kill -0 "$pid" 2>/dev/null && [ $tries -lt 100 ]; do
            sleep 0.1
            tries=$((tries + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    # Releases are installed read-only: make them writable so they can be removed.
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

state=$work/state
repo=$work/docs-site
config=$work/chimera.toml
# The demo's own settings only: nothing from the caller's environment reaches GitHub or another state directory.
unset GITHUB_TOKEN GITHUB_API_URL CHIMERA_PUBLIC_URL CHIMERA_ENABLED STATE_DIRECTORY CHIMERA_TOKEN
export CHIMERA_STATE_DIR="$state" CHIMERA_CONFIG="$config" CHIMERA_LOG_LEVEL=info
# The hooks run `chimeractl` from PATH.
PATH=$(dirname "$chimeractl"):$PATH
export PATH
git_() {
    git -c user.name="Demo Developer" -c user.email=dev@example.org -c commit.gpgsign=false -c init.defaultBranch=main -C "$repo" "$@"
}

# ---------------------------------------------------------------------------------------------------------------
say "Start chimeractl serve with a temporary state directory"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$port
secret=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
cat >"$config" <<EOF
# The demo's sites file: one Netlify-style site, deployed from the sample repository to the node (this machine).
[[site]]
name = "demo"
repository = "example-org/docs-site"
clone_url = "file://$repo"
platform = "netlify"
[site.branches]
main = "production"
[[site.target]]
kind = "node"
EOF
CHIMERA_LISTEN=127.0.0.1:$port GITHUB_WEBHOOK_SECRET=$secret "$chimeractl" serve 2>"$work/server.log" &
server_pid=$!
tries=0
until grep -q "listening on" "$work/server.log" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { sed 's/^/    /' "$work/server.log" >&2; fail "chimeractl serve exited before listening"; }
    [ $tries -lt 200 ] || fail "chimeractl serve did not listen within 20 s (log: see above)"
    sleep 0.1
    tries=$((tries + 1))
done
echo "  $(grep -m1 'listening on' "$work/server.log")   (pid $server_pid)"
echo "  state directory \$DEMO/state, sites file \$DEMO/chimera.toml  (\$DEMO = $work)"

# ---------------------------------------------------------------------------------------------------------------
say "Create a sample repository: a Netlify-style site with one deliberate mistake"
mkdir -p "$repo"
git_ init -q
cp -R "$root/examples/netlify-site/public" "$repo/public"
cat >"$repo/netlify.toml" <<'EOF'
# The demo site: plain files; the build stamps the date into the footer.
[build]
  publish = "public"
  command = "sed -i \"s/@BUILD_DATE@/$(date -u +%F)/\" public/index.html"

# The RSS feed is served from the blog folder.
[[redirects]]
  from = "/feed"
  to = "/blog/feed.xml"
  status = 200

[[headers]]
  for = "/css/*"
  [headers.values]
    Cache-Control = "public, max-age=31536000, immutable"
EOF
echo "  \$DEMO/docs-site: $(find "$repo/public" -type f | wc -l | tr -d ' ') files in public/, netlify.toml"
echo "  the mistake, public/_redirects line $(grep -n '301 !' "$repo/public/_redirects" | cut -d: -f1):"
echo "    $(grep '301 !' "$repo/public/_redirects")"
echo "  (Netlify ignores a '!' separated from the status: the redirect is not forced, and the stale"
echo "   docs/old-page.html keeps being served)"

# ---------------------------------------------------------------------------------------------------------------
say "Install Chimera's git hooks in the repository"
hooks=no
token=$("$chimeractl" tokens create --role system_core --name demo 2>"$work/token.err") ||
    { cat "$work/token.err" >&2; fail "chimeractl tokens create did not create the demo's token"; }
echo "  \$ chimeractl tokens create --role system_core --name demo"
echo "    chm_… (an API token for the hooks; shown once)"
if "$chimeractl" hooks --help >/dev/null 2>&1; then
    git_ config chimera.url "$base"
    git_ config chimera.token "$token"
    # The clone has no GitHub origin to read owner/name from: name it as the sites file does.
    git_ config chimera.repository example-org/docs-site
    echo "  \$ git config chimera.url $base"
    echo "  \$ git config chimera.token chm_…"
    echo "  \$ git config chimera.repository example-org/docs-site"
    show "$chimeractl" hooks install --repo "$repo" || fail "chimeractl hooks install failed"
    hooks=yes
else
    echo "  this chimeractl has no 'hooks' command: nothing is installed; the commit reaches the server as"
    echo "  GitHub would send it, a signed push webhook (webhooks/examples/push.json)"
fi

# ---------------------------------------------------------------------------------------------------------------
say "Commit"
# Follow the event stream from now on (printed in step 6).
"$chimeractl" monitor --follow --limit 1 >"$work/events.log" 2>&1 &
monitor_pid=$!
git_ add -A
echo "  \$ git add -A && git commit -m 'Docs site: move the old docs page'"
git_ commit -q -m "Docs site: move the old docs page" >"$work/commit.log" 2>&1 ||
    { sed 's/^/    /' "$work/commit.log" >&2; fail "git commit failed"; }
sed 's/^/    /' "$work/commit.log"
commit=$(git_ rev-parse HEAD)
echo "  commit $commit"
if [ "$hooks" = yes ]; then
    # The post-commit hook sent the commit in the background; its answer lands in .git/chimera/post-commit.log.
    log=$repo/.git/chimera/post-commit.log
    tries=0
    until grep -q '^HTTP ' "$log" 2>/dev/null; do
        [ $tries -lt 100 ] || fail "the post-commit hook did not reach the server within 10 s ($(cat "$log" 2>/dev/null))"
        sleep 0.1
        tries=$((tries + 1))
    done
    echo "  post-commit hook → POST $base/api/chimera/hooks/local:"
    sed -n 's/^\(HTTP [0-9]*\)$/\1/p' "$log" | sed 's/^/    /'
    grep '^{' "$log" | sed 's/^\(.\{160\}\).\{4,\}$/\1 …/; s/^/    /' || true
    grep -q '^HTTP 202$' "$log" || fail "the server did not queue the commit the hook sent (see the answer above)"
else
    body=$work/push.json
    sed "s/9c4e1f0a7b2d5e8c3f6a9b1d4e7c0f2a5b8d1e3f/$commit/g" "$root/webhooks/examples/push.json" >"$body"
    signature=$(openssl dgst -sha256 -hmac "$secret" -hex <"$body" | cut -d' ' -f2)
    echo "  \$ curl -X POST $base/webhooks/github -H 'X-GitHub-Event: push' -H 'X-Hub-Signature-256: sha256=…' --data-binary @push.json"
    answer=$(curl -sS -X POST "$base/webhooks/github" -H 'Content-Type: application/json' -H 'X-GitHub-Event: push' \
        -H "X-GitHub-Delivery: demo-$commit" -H 'X-GitHub-Hook-ID: 1' -H "X-Hub-Signature-256: sha256=$signature" \
        --data-binary "@$body") || fail "the webhook could not be sent to $base"
    echo "    $answer"
fi

# ---------------------------------------------------------------------------------------------------------------
say "What Chimera finds in the commit (chimeractl simulate, exit status 1 = the verdict fails)"
show "$chimeractl" simulate --platform netlify --repo "$repo" --commit HEAD || true
echo
echo "  The pipeline heals the deploy's copy with the safe fix (the repository is not changed):"
show "$chimeractl" simulate --platform netlify --repo "$repo" --commit HEAD --auto-heal || true

# ---------------------------------------------------------------------------------------------------------------
say "Follow the deploy (chimeractl monitor)"
deadline=$(($(date +%s) + 120))
deploy=""
final=""
while :; do
    line=$("$chimeractl" monitor --format json --limit 20 2>/dev/null | grep "\"commit\":\"$commit\"" | tail -n 1 || true)
    if [ -n "$line" ]; then
        deploy=$(printf '%s\n' "$line" | sed 's/.*"id":"\([^"]*\)".*/\1/')
        final=$(printf '%s\n' "$line" | sed 's/.*"state":"\([^"]*\)".*/\1/')
        case $final in succeeded | failed | superseded | quarantined) break ;; esac
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        sed 's/^/    /' "$work/server.log" | tail -n 20 >&2
        [ -n "$deploy" ] || fail "no deploy of $commit appeared within 120 s (the hook or the webhook did not reach the server)"
        fail "deploy $deploy of $commit is still $final after 120 s"
    fi
    sleep 0.2
done
show "$chimeractl" monitor --limit 5
echo
echo "  The commit's journey (events of $deploy):"
sleep 0.5 # the follower polls every 250 ms
grep -- "$deploy" "$work/events.log" | sed 's/^\(.\{180\}\).\{4,\}$/\1 …/; s/^/    /' || true
[ "$final" = succeeded ] || {
    sed 's/^/    /' "$work/server.log" | tail -n 20 >&2
    fail "deploy $deploy of $commit ended $final (see monitor above)"
}

# ---------------------------------------------------------------------------------------------------------------
say "The site, served on 127.0.0.1 with Netlify's rules (Host: demo.localhost)"
probe() { # PATH EXPECTED-STATUS
    echo "  \$ curl -si -H 'Host: demo.localhost' $base$1"
    curl -sS -i --max-time 10 -H 'Host: demo.localhost' "$base$1" >"$work/answer" 2>&1 || fail "GET $1 did not answer: $(cat "$work/answer")"
    tr -d '\r' <"$work/answer" | sed -n '1p; /^[Ll]ocation:/p; /^[Cc]ontent-[Tt]ype:/p; /^[Xx]-[Ff]rame-[Oo]ptions:/p' | sed 's/^/    /'
    code=$(tr -d '\r' <"$work/answer" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')
    [ "$code" = "$2" ] || fail "GET $1 answered ${code:-nothing}, expected $2"
}
probe / 200
probe /docs/old-page 301
probe /feed 200
probe /missing 404

# ---------------------------------------------------------------------------------------------------------------
say "What was deployed: ARIE's patch and the certificate (chimeractl verify --truth)"
curl -sS --max-time 10 -H "Authorization: Bearer $token" "$base/api/chimera/deploys/$deploy" >"$work/deploy.json" ||
    fail "GET /api/chimera/deploys/$deploy did not answer"
field() {
    sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" "$work/deploy.json" | sed 's/\\//g'
}
patch=$(field healPatch)
certificate=$(field certificate)
release=$(field release)
if [ -n "$patch" ] && [ -f "$patch" ]; then
    echo "  The deploy's copy was healed with this patch (with GITHUB_TOKEN set, it is posted on the commit):"
    sed 's/^/    /' "$patch"
else
    fail "the deploy records no heal patch: the mistake was not healed"
fi
echo "  The repository itself is unchanged: $(git_ show HEAD:public/_redirects | grep -c '301 !') line with '301 !' in HEAD."
echo
[ -n "$release" ] && [ -n "$certificate" ] || fail "the deploy records no release or certificate"
live=$state/sites/demo/releases/$release/files
[ -d "$live" ] || fail "release $release has no folder at $live"
# The release is installed read-only (files 0444); the certificate recorded the build's modes (0644). Check a
# copy with those modes, so that the comparison is about content.
cp -R "$live" "$work/live-copy"
chmod -R u+w "$work/live-copy"
echo "  Release $release is live; a copy of its files, checked against the deploy's certificate:"
show "$chimeractl" verify --platform netlify --truth --dir "$work/live-copy" --certificate "$certificate" ||
    fail "the live release does not match its certificate"
echo "  One byte changed in the copy, and the certificate no longer holds (exit status 1):"
printf ' ' >>"$work/live-copy/docs/new-page.html"
if show "$chimeractl" verify --platform netlify --truth --dir "$work/live-copy" --certificate "$certificate"; then
    fail "verify --truth accepted a changed file"
fi
echo
elapsed=$(($(date +%s) - started))
echo "demo: done in ${elapsed} s: commit ${commit%"${commit#????????????}"} was simulated, healed, certified, deployed and verified."
echo "demo: stopping the server (pid $server_pid) and removing \$DEMO."
