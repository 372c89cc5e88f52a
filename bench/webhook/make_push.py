#!/usr/bin/env python3
"""Writes the GitHub `push` delivery the webhook benchmark sends, and its signature.

usage: make_push.py --secret SECRET --out-dir DIR [--commits 3] [--files-per-commit 3] [--seed 7]

Writes, in DIR:
  push.json        the body, compact JSON as GitHub sends it (~7 KB with the defaults): a push of COMMITS commits
                   to refs/heads/main of bench-org/bench-site, with the full repository, owner, pusher, sender and
                   organization objects a real delivery carries
  signature        the X-Hub-Signature-256 value: "sha256=" + hex HMAC-SHA256(SECRET, exact body bytes)
  signature.bad    the same made with a different secret (a server must refuse it)
Prints {"bytes": N, "commits": C, "sha256": ...} on standard output. The payload depends on the seed only, so
every run of the benchmark sends the same bytes.
"""
import argparse
import hashlib
import hmac
import json
import os
import random
import sys

OWNER, NAME = "bench-org", "bench-site"
FULL_NAME = OWNER + "/" + NAME
API = "https://api.github.com"
WEB = "https://github.com"


def hex_id(rng, digits=40):
    return "%0*x" % (digits, rng.getrandbits(4 * digits))


def account(login, account_id, kind, node_prefix):
    """A user or organization object in the shape GitHub's webhooks use."""
    base = API + "/users/" + login
    return {
        "name": login, "email": None, "login": login, "id": account_id,
        "node_id": "%s_kgDO%08d" % (node_prefix, account_id % 10 ** 8),
        "avatar_url": "https://avatars.githubusercontent.com/u/%d?v=4" % account_id, "gravatar_id": "",
        "url": base, "html_url": WEB + "/" + login, "followers_url": base + "/followers",
        "following_url": base + "/following{/other_user}", "gists_url": base + "/gists{/gist_id}",
        "starred_url": base + "/starred{/owner}{/repo}", "subscriptions_url": base + "/subscriptions",
        "organizations_url": base + "/orgs", "repos_url": base + "/repos", "events_url": base + "/events{/privacy}",
        "received_events_url": base + "/received_events", "type": kind, "user_view_type": "public",
        "site_admin": False,
    }


def repository(owner):
    api = API + "/repos/" + FULL_NAME
    html = WEB + "/" + FULL_NAME
    # GitHub sends some 35 API URL templates per repository; the ten kept here are the ones tools read (hooks,
    # statuses, commits, contents, ...), which keeps the body at the ~7 KB the peer figures were measured with.
    urls = {name: api + suffix for name, suffix in (
        ("hooks_url", "/hooks"), ("branches_url", "/branches{/branch}"), ("git_refs_url", "/git/refs{/sha}"),
        ("statuses_url", "/statuses/{sha}"), ("commits_url", "/commits{/sha}"), ("contents_url", "/contents/{+path}"),
        ("compare_url", "/compare/{base}...{head}"), ("archive_url", "/{archive_format}{/ref}"),
        ("pulls_url", "/pulls{/number}"), ("deployments_url", "/deployments"),
    )}
    repo = {
        "id": 734120958, "node_id": "R_kgDOK8GZ_g", "name": NAME, "full_name": FULL_NAME, "private": False,
        "owner": owner, "html_url": html, "description": "Static documentation site deployed by Chimera",
        "fork": False, "url": html,
    }
    repo.update(urls)
    repo.update({
        "created_at": 1703000000, "updated_at": "2025-03-02T09:14:27Z", "pushed_at": 1741000000,
        "git_url": "git://github.com/%s.git" % FULL_NAME, "ssh_url": "git@github.com:%s.git" % FULL_NAME,
        "clone_url": html + ".git", "svn_url": html, "homepage": "https://bench-site.example.org", "size": 5120,
        "stargazers_count": 7, "watchers_count": 7, "language": "HTML", "has_issues": True, "has_projects": True,
        "has_downloads": True, "has_wiki": False, "has_pages": False, "has_discussions": False, "forks_count": 1,
        "mirror_url": None, "archived": False, "disabled": False, "open_issues_count": 2, "license": None,
        "allow_forking": True, "is_template": False, "web_commit_signoff_required": False,
        "topics": ["docs", "static-site"], "visibility": "public", "forks": 1, "open_issues": 2, "watchers": 7,
        "default_branch": "main", "stargazers": 7, "master_branch": "main", "organization": OWNER,
        "custom_properties": {},
    })
    return repo


def commit(rng, index, files_per_commit, author):
    cid = hex_id(rng)
    files = sorted({"content/section-%02d/page-%04d.md" % (rng.randrange(40), rng.randrange(5000))
                    for _ in range(files_per_commit)})
    return {
        "id": cid, "tree_id": hex_id(rng), "distinct": True,
        "message": "docs: revise section %d\n\nReword the introduction, fix two broken links and refresh the "
                   "screenshots." % (index + 1),
        "timestamp": "2025-03-02T10:%02d:%02d+01:00" % (10 + index, 7 * index),
        "url": WEB + "/" + FULL_NAME + "/commit/" + cid,
        "author": author,
        "committer": {"name": "GitHub", "email": "noreply@github.com", "username": "web-flow"},
        "added": files[:1], "removed": files[1:2], "modified": files[2:],
    }


def make_payload(commits, files_per_commit, seed):
    rng = random.Random(seed)
    organization = account(OWNER, 151003322, "Organization", "O")
    sender = account("bench-dev", 90512876, "User", "U")
    author = {"name": "Bench Dev", "email": "90512876+bench-dev@users.noreply.github.com", "username": "bench-dev"}
    before = hex_id(rng)
    pushed = [commit(rng, i, files_per_commit, author) for i in range(commits)]
    after = pushed[-1]["id"]
    org = {key: organization[key] for key in ("login", "id", "node_id", "url", "avatar_url")}
    org.update({"repos_url": API + "/orgs/%s/repos" % OWNER, "hooks_url": API + "/orgs/%s/hooks" % OWNER,
                "members_url": API + "/orgs/%s/members{/member}" % OWNER, "description": "Benchmark organization"})
    return {
        "ref": "refs/heads/main", "before": before, "after": after,
        "repository": repository(organization),
        "pusher": {"name": "bench-dev", "email": author["email"]},
        "organization": org,
        "sender": {key: value for key, value in sender.items() if key not in ("name", "email")},
        "created": False, "deleted": False, "forced": False, "base_ref": None,
        "compare": WEB + "/%s/compare/%s...%s" % (FULL_NAME, before[:12], after[:12]),
        "commits": pushed, "head_commit": pushed[-1],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--secret", required=True, help="the webhook secret the signature is made with")
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--commits", type=int, default=3)
    parser.add_argument("--files-per-commit", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.commits < 1:
        parser.error("--commits must be at least 1")

    body = json.dumps(make_payload(args.commits, args.files_per_commit, args.seed), separators=(",", ":")).encode()
    good = hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
    bad = hmac.new(b"not-" + args.secret.encode(), body, hashlib.sha256).hexdigest()
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "push.json"), "wb") as out:
        out.write(body)
    for name, digest in (("signature", good), ("signature.bad", bad)):
        with open(os.path.join(args.out_dir, name), "w") as out:
            out.write("sha256=" + digest + "\n")
    json.dump({"bytes": len(body), "commits": args.commits, "sha256": hashlib.sha256(body).hexdigest()}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
