#!/bin/sh
# Creates the GitHub webhook that sends a repository's pushes to Chimera, through GitHub's REST API
# (POST /repos/OWNER/REPO/hooks): JSON content type, the push event only, SSL verification on.
#
# Usage: webhooks/create-webhook.sh OWNER/REPO https://HOST/webhooks/github
# Environment:
#   GITHUB_TOKEN           required: a token that may manage the repository's webhooks (fine-grained:
#                          "Webhooks: read and write"; classic: the admin:repo_hook scope)
#   GITHUB_WEBHOOK_SECRET  required: the secret chimeractl serve checks deliveries with
#   GITHUB_API_URL         optional: GitHub's REST API (default https://api.github.com; for GitHub Enterprise
#                          Server, https://HOST/api/v3)
# Exit: 0 created; 1 GitHub refused it or could not be reached (its message is printed); 2 bad usage.
# Neither the token nor the secret is ever printed, or put on a command line other processes can read.
set -eu

program=${0##*/}

usage() {
    echo "usage: $program OWNER/REPO https://HOST/webhooks/github" >&2
    echo "       (with GITHUB_TOKEN and GITHUB_WEBHOOK_SECRET in the environment; GITHUB_API_URL optional)" >&2
    [ -z "${1:-}" ] || echo "$program: $1" >&2
    exit 2
}

[ $# -eq 2 ] || usage "give the repository and the payload URL (got $# argument(s))"
repository=$1
payload_url=$2

case $repository in
    */*/* | /* | */ | *[!A-Za-z0-9._/-]*) usage "'$repository' is not OWNER/REPO (letters, digits, '.', '_' and '-')" ;;
    */*) ;;
    *) usage "'$repository' is not OWNER/REPO (letters, digits, '.', '_' and '-')" ;;
esac
case $payload_url in
    https://?* | http://?*) ;;
    *) usage "the payload URL '$payload_url' must start with https:// (or http://), such as https://chimera.example.org/webhooks/github" ;;
esac
case $payload_url in
    *[\"\\]* | *[[:space:]]* | *[[:cntrl:]]*) usage "the payload URL must not contain spaces, quotes, backslashes or control characters" ;;
esac
case $payload_url in
    */webhooks/github) ;;
    *) echo "$program: note: chimeractl serve receives webhooks at /webhooks/github; '$payload_url' does not end with it" >&2 ;;
esac

token=${GITHUB_TOKEN:-}
secret=${GITHUB_WEBHOOK_SECRET:-}
[ -n "$token" ] || usage "GITHUB_TOKEN is not set: export a token that may manage the repository's webhooks"
[ -n "$secret" ] || usage "GITHUB_WEBHOOK_SECRET is not set: export the secret chimeractl serve uses (the same value)"
case $token in
    *[!A-Za-z0-9_.-]*) usage "GITHUB_TOKEN has characters a GitHub token never has (its value is not shown)" ;;
esac
case $secret in
    *[[:cntrl:]]*) usage "GITHUB_WEBHOOK_SECRET contains a control character or a line break (its value is not shown)" ;;
esac
command -v curl >/dev/null 2>&1 || { echo "$program: curl is missing: install it (apt-get install curl)" >&2; exit 2; }

api=${GITHUB_API_URL:-https://api.github.com}
api=${api%/}
case $api in
    https://?* | http://?*) ;;
    *) usage "GITHUB_API_URL='$api' must be an http:// or https:// URL" ;;
esac

# JSON string contents: escape backslashes and double quotes (control characters were refused above).
json_escape() {
    printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'
}

work=$(mktemp -d "${TMPDIR:-/tmp}/create-webhook.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
umask 077

# The body holds the secret: it goes to curl through a 0600 file, never through the argument list.
printf '{"name":"web","active":true,"events":["push"],"config":{"url":"%s","content_type":"json","secret":"%s","insecure_ssl":"0"}}' \
    "$(json_escape "$payload_url")" "$(json_escape "$secret")" >"$work/body.json"
# So does the Authorization header: curl reads it from its config on standard input.
printf 'header = "Authorization: Bearer %s"\n' "$token" >"$work/curl.conf"

url="$api/repos/$repository/hooks"
echo "$program: creating the webhook of $repository → $payload_url (push events, JSON, SSL verified)" >&2
if ! status=$(curl --silent --show-error --config - \
    --request POST \
    --header "Accept: application/vnd.github+json" \
    --header "X-GitHub-Api-Version: 2022-11-28" \
    --header "Content-Type: application/json" \
    --header "User-Agent: chimera-create-webhook" \
    --data-binary "@$work/body.json" \
    --output "$work/answer.json" \
    --write-out '%{http_code}' \
    --max-time 60 \
    "$url" <"$work/curl.conf" 2>"$work/curl.err"); then
    echo "$program: could not reach $url: $(cat "$work/curl.err")" >&2
    exit 1
fi

# GitHub's messages: the top-level "message" and each "message" of "errors" (a JSON reader is not assumed).
messages() {
    tr '\n' ' ' <"$work/answer.json" | grep -oE '"message"[[:space:]]*:[[:space:]]*"([^"\\]|\\.)*"' |
        sed 's/^"message"[[:space:]]*:[[:space:]]*"//; s/"$//; s/\\"/"/g' || true
}

if [ "$status" = "201" ]; then
    id=$(tr '\n' ' ' <"$work/answer.json" | grep -o '"id"[[:space:]]*:[[:space:]]*[0-9]*' | head -n 1 | grep -o '[0-9]*$' || true)
    echo "created webhook ${id:-?} on $repository: GitHub sends it a ping now; see Settings → Webhooks → Recent Deliveries"
    exit 0
fi

detail=$(messages | sed 's/^/  /')
case $status in
    401) hint="the token was refused: check GITHUB_TOKEN (expired or revoked?)" ;;
    403) hint="the token may not manage this repository's webhooks: it needs 'Webhooks: read and write' (fine-grained) or admin:repo_hook (classic)" ;;
    404) hint="no such repository for this token: check OWNER/REPO, and that the token can see it and manage its webhooks" ;;
    422) hint="GitHub refused the webhook (already one with this URL? a URL GitHub cannot use?)" ;;
    000) hint="no HTTP answer" ;;
    *) hint="unexpected answer" ;;
esac
echo "$program: GitHub answered $status to POST $url: $hint" >&2
[ -z "$detail" ] || printf '%s\n' "$detail" >&2
exit 1
