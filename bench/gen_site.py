#!/usr/bin/env python3
"""Chimera's deterministic synthetic Netlify site, for `make bench` (Python 3 standard library only).

    bench/gen_site.py --pages N --assets M --broken-ratio R --via-redirect-ratio V --seed S --out DIR

writes a Netlify publish folder into DIR (which must be missing or empty):

    index.html, 404.html, docs/index.html, blog/index.html
    docs/<section>/index.html, docs/<section>/<slug>.html       plain pages, linked as .../<slug>.html
    blog/<year>/index.html, blog/<year>/<slug>/index.html       pretty URLs, linked as .../<slug>/
    assets/css, assets/js, assets/fonts, assets/img, media      stylesheets, scripts, binary fonts/images/video
    private/                                                    files a forced `404!` rule hides
    favicon.ico, feed.xml, robots.txt, _redirects, _headers

N is the number of HTML files. Every local reference occurrence (an `href`, a `src`, a `poster`, each
`srcset` candidate) is broken with probability R; every broken one points at its own target, which is
missing, hidden by the forced `/private/*  /404.html  404!` rule, or a `_redirects` source whose rule
ends in a 404/410. With probability V a body link instead points at a `_redirects` source that Netlify
resolves to content (a redirect, rewrite, splat, placeholder, query match, chain, proxy or external
redirect): those are not broken. Links written inside comments, `<script>` and `<style>` bodies are not
references and are not counted.

Prints one JSON object on stdout: `broken_refs` (the exact number of broken reference occurrences),
`refs_via_redirect`, `local_refs` (every local reference, the two above included), `redirect_rules`,
`redirect_targets_missing` (rules whose static site-internal target no file or rule serves),
`html_files`, `total_files`, `total_bytes`, and more. `--manifest FILE` also writes every broken
reference (page, attribute, value, why). Same arguments, same bytes.
"""
import argparse
import json
import math
import os
import posixpath
import random
import sys
import urllib.parse

VOCABULARY = (
    "alpha bravo canary delta edge fleet gateway harbor index journal kernel ledger mirror node origin "
    "packet quorum relay shard tenant upstream vector window yard zone build deploy release rollback "
    "preview branch commit artifact bundle cache header redirect rewrite proxy splat route publish asset "
    "config context plugin function worker queue hook signal metric trace budget latency region replica "
    "archive catalog digest notice report summary update guide tutorial reference overview changelog"
).split()

FILLER = (
    "the a of to and in for on with by from as at that this it is are was be can will each every one "
    "when then than more most other some such only also into over after before under between through"
).split()

SITE = "https://www.chimera-bench.test"
EXTERNAL_HREFS = (
    "https://example.com/", "https://www.example.org/guide/start", "http://example.net/search?q=deploy",
    "https://github.com/example/project", "https://docs.example.com/api#auth", "//cdn.example.net/widget/",
    "mailto:ops@example.com", "mailto:support@example.com?subject=Help", "tel:+15550100", "tel:+44-20-7946-0000",
    "javascript:void(0)", SITE + "/about/", SITE + "/docs/",
)
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, required=True, help="number of HTML files (at least 12)")
    p.add_argument("--assets", type=int, required=True, help="number of css/js/font/image/video files")
    p.add_argument("--broken-ratio", type=float, default=0.001, help="chance a local reference is broken")
    p.add_argument("--via-redirect-ratio", type=float, default=0.0,
                   help="chance a body link targets a _redirects source that resolves to content")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--manifest", help="write every broken reference to this JSON file")
    p.add_argument("--min-kb", type=float, default=5.0, help="smallest page body (KB)")
    p.add_argument("--max-kb", type=float, default=30.0, help="largest page body (KB)")
    a = p.parse_args(argv)
    if a.pages < 12:
        p.error("--pages must be at least 12")
    if a.assets < 0 or not (0 <= a.broken_ratio <= 1) or not (0 <= a.via_redirect_ratio <= 1):
        p.error("--assets must be >= 0 and the ratios within [0, 1]")
    if not (0 < a.min_kb <= a.max_kb):
        p.error("need 0 < --min-kb <= --max-kb")
    return a


class Page:
    __slots__ = ("file", "url", "kind", "group", "title", "dir")

    def __init__(self, file, url, kind, group=None):
        self.file = file          # path in the publish folder, no leading slash
        self.url = url            # how the site links to it
        self.kind = kind          # home, notfound, hub, section, doc, year, post
        self.group = group        # section or year
        self.dir = posixpath.dirname("/" + file)
        self.title = ""


class Generator:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random("chimera-bench:%d" % args.seed)
        self.unique = 0
        self.files = {}  # path -> bytes written (every file, in write order)
        self.dirs = set()
        self.broken = []
        self.c = {
            "local_refs": 0, "broken_refs": 0, "refs_via_redirect": 0, "external_refs": 0,
            "fragment_only_refs": 0, "not_refs_in_comments_scripts_styles": 0, "relative_refs": 0,
            "dotdot_refs": 0, "refs_with_query": 0, "refs_with_fragment": 0, "extensionless_refs": 0,
            "percent_encoded_refs": 0, "entity_refs": 0,
        }
        self.local_by_kind = {}
        self.broken_by_kind = {}
        self.broken_by_why = {}
        self.via_by_rule = {}
        self.pages_with_broken = 0

    # ------------------------------------------------------------------ plan
    def plan(self):
        rng, n = self.rng, self.a.pages
        rest = n - 4
        n_sections = max(1, round(rest * 0.65 / 120))
        n_years = max(1, round(rest * 0.35 / 120))
        content = rest - n_sections - n_years
        n_docs = round(content * 0.65)
        n_posts = content - n_docs
        self.sections = ["%s-%02d" % (VOCABULARY[i % len(VOCABULARY)], i) for i in range(n_sections)]
        self.years = [str(2001 + i) for i in range(n_years)]
        pages = [Page("index.html", "/", "home"), Page("404.html", "/404.html", "notfound"),
                 Page("docs/index.html", "/docs/", "hub", "docs"), Page("blog/index.html", "/blog/", "hub", "blog")]
        self.group_index = {}
        for s in self.sections:
            pages.append(Page("docs/%s/index.html" % s, "/docs/%s/" % s, "section", s))
            self.group_index[s] = pages[-1]
        for y in self.years:
            pages.append(Page("blog/%s/index.html" % y, "/blog/%s/" % y, "year", y))
            self.group_index[y] = pages[-1]
        self.children = {g: [] for g in self.sections + self.years}
        for i in range(n_docs):
            s = self.sections[rng.randrange(n_sections)]
            slug = "%s-%s-%05d" % (rng.choice(VOCABULARY), rng.choice(VOCABULARY), i)
            pages.append(Page("docs/%s/%s.html" % (s, slug), "/docs/%s/%s.html" % (s, slug), "doc", s))
            self.children[s].append(pages[-1])
        for i in range(n_posts):
            y = self.years[i % n_years]
            slug = "%s-%s-%05d" % (rng.choice(VOCABULARY), rng.choice(VOCABULARY), i)
            pages.append(Page("blog/%s/%s/index.html" % (y, slug), "/blog/%s/%s/" % (y, slug), "post", y))
            self.children[y].append(pages[-1])
        assert len(pages) == n
        for p in pages:
            p.title = self.words(rng.randint(2, 6)).title()
        self.pages = pages
        self.content = [p for p in pages if p.kind in ("doc", "post")]
        self.docs = [p for p in pages if p.kind == "doc"]
        self.posts = [p for p in pages if p.kind == "post"]

        m = max(self.a.assets, 10)
        n_css, n_js, n_fonts, n_video = max(2, m // 10), max(2, m * 15 // 100), max(1, m // 40), max(1, m // 100)
        n_img = m - n_css - n_js - n_fonts - n_video
        self.css = ["/assets/css/%s-%03d.css" % (rng.choice(VOCABULARY), i) for i in range(n_css)]
        self.js = ["/assets/js/%s.%03d.js" % (rng.choice(VOCABULARY), i) for i in range(n_js)]
        self.fonts = ["/assets/fonts/%s-%02d.woff2" % (rng.choice(VOCABULARY), i) for i in range(n_fonts)]
        self.video = ["/media/%s-%02d.mp4" % (rng.choice(VOCABULARY), i) for i in range(n_video)]
        self.img = []  # (url as written, percent-encoded; file path, decoded)
        for i in range(n_img):
            ext = rng.choice((".png", ".png", ".jpg", ".jpg", ".webp", ".svg"))
            if rng.random() < 0.03:  # a name that must be percent-encoded in HTML
                name = "Photo %s café %04d%s" % (rng.choice(VOCABULARY), i, ext)
            else:
                name = "%s-%04d%s" % (rng.choice(VOCABULARY), i, ext)
            self.img.append((urllib.parse.quote("/assets/img/" + name), "assets/img/" + name))
        self.private = []  # files that exist but the forced 404 rule hides

    def words(self, k):
        rng = self.rng
        return " ".join(rng.choice(VOCABULARY) if rng.random() < 0.55 else rng.choice(FILLER) for _ in range(k))

    def make_pool(self):
        rng = self.rng
        self.pool = []
        for _ in range(500):
            sentences = []
            for _ in range(rng.randint(2, 6)):
                s = self.words(rng.randint(6, 20))
                sentences.append(s[0].upper() + s[1:] + rng.choice((".", ".", ".", "?", ";", "!")))
            self.pool.append(" ".join(sentences))

    # ------------------------------------------------------------------ _redirects
    def plan_redirects(self):
        """Rules, plus the sources a page may link to: `resolving` (content) and `dead` (404/410 at the end)."""
        rng = self.rng
        want = max(12, self.a.pages // 20)
        lines = ["# _redirects for the Chimera benchmark site (generated by bench/gen_site.py)\n",
                 "# from  [query]  to  status[!]  [conditions]\n", "\n"]
        self.rule_count = 0
        self.targets_missing = 0
        self.rules_by_status = {}
        self.resolving = []  # (kind, callable returning a link path)
        self.dead = []       # one-use link paths whose rule chain ends in 404/410

        def rule(frm, to, status, sep="  ", comment=""):
            lines.append(sep.join((frm, to, status)) + (("  # " + comment) if comment else "") + "\n")
            self.rule_count += 1
            code = status.rstrip("!").split()[0]
            self.rules_by_status[code] = self.rules_by_status.get(code, 0) + 1

        docs, posts = self.docs, self.posts
        rule("/old-docs/*", "/docs/:splat", "301")
        if docs:
            self.resolving.append(("splat", lambda: "/old-docs" + rng.choice(docs).url[len("/docs"):]))
        self.resolving.append(("splat", lambda: "/old-docs/%s/" % rng.choice(self.sections)))
        rule("/news/:year/:slug", "/blog/:year/:slug/", "301")
        if posts:
            self.resolving.append(("placeholder", lambda: "/news" + rng.choice(posts).url[len("/blog"):].rstrip("/")))
        rule("/api/*", "https://api.example.test/v2/:splat", "200", comment="proxy")
        self.resolving.append(("proxy", lambda: "/api/%s/%d" % (rng.choice(VOCABULARY), rng.randint(1, 9999))))
        rule("/find  section=:section", "/docs/:section/", "301")
        self.resolving.append(("query", lambda: "/find?section=" + rng.choice(self.sections)))
        rule("/private/*", "/404.html", "404!", comment="never published")
        rule("/intl/*", "/docs/:splat", "302  Language=fr,de")
        rule("/partners/*", "https://partners.example.test/:splat", "301")
        self.resolving.append(("external", lambda: "/partners/" + rng.choice(VOCABULARY)))

        resolving_sources = []  # static sources that end at a page, for chains
        i = 0
        while self.rule_count < want - 1:
            i += 1
            r = rng.random()
            page = rng.choice(self.content)
            word = rng.choice(VOCABULARY)
            sep = "\t" if rng.random() < 0.1 else " " * rng.randint(1, 4)
            missing = rng.random() < 0.1
            if r < 0.48:
                prefix, status = ("/old", "301") if r < 0.34 else ("/go", "302")
                frm = "%s/%s-%05d" % (prefix, word, i)
                to = self.missing_page(page.url) if missing else page.url
                rule(frm, to, status, sep)
                if missing:
                    self.targets_missing += 1
                    self.dead.append(("redirect-to-missing", frm))
                else:
                    resolving_sources.append(frm)
                    self.resolving.append(("redirect", lambda f=frm: f + ("/" if rng.random() < 0.15 else "")))
            elif r < 0.62:
                frm = "/app/%s-%05d" % (word, i)
                to = "/" + page.file
                if missing:
                    to = self.missing_page(to)
                    self.targets_missing += 1
                    self.dead.append(("rewrite-to-missing", frm + "/" + rng.choice(VOCABULARY)))
                else:
                    self.resolving.append(("rewrite", lambda f=frm: "%s/%s/%d" % (f, rng.choice(VOCABULARY), rng.randint(1, 99))))
                rule(frm + "/*", to, "200", sep)
            elif r < 0.72 and resolving_sources:
                frm = "/was/%s-%05d" % (word, i)
                rule(frm, rng.choice(resolving_sources), "301", sep, comment="chain")
                self.resolving.append(("chain", lambda f=frm: f))
            elif r < 0.82:
                s = rng.choice(self.sections)
                frm = "/archive/%s-%05d" % (s, i)
                rule(frm + "/:slug", "/docs/%s/:slug.html" % s, "301", sep)
                kids = self.children[s]
                if kids:
                    self.resolving.append(("placeholder", lambda f=frm, k=kids: f + "/" + posixpath.basename(rng.choice(k).url)[:-5]))
            elif r < 0.87:
                frm = "/legacy-%05d" % i
                rule(frm + "/*", "/blog/:splat", "301!", sep)
                if posts:
                    self.resolving.append(("forced-splat", lambda f=frm: f + rng.choice(posts).url[len("/blog"):]))
            elif r < 0.93:
                frm = "/removed-%05d" % i
                rule(frm, "/404.html", "410", sep)
                self.dead.append(("rule-410", frm))
            else:
                frm = "/ext-%05d" % i
                rule(frm, rng.choice(EXTERNAL_HREFS[:5]), "302", sep)
                self.resolving.append(("external", lambda f=frm: f))
        rule("/*", "/404.html", "404")
        rng.shuffle(self.dead)
        self.redirects_text = "".join(lines)

    def missing_page(self, url):
        self.unique += 1
        if url.endswith(".html"):
            return "%s-gone-%06d.html" % (url[:-5], self.unique)
        if url == "/":
            return "/gone-%06d/" % self.unique
        return "%s-gone-%06d/" % (url.rstrip("/"), self.unique)

    def missing_asset(self, url):
        self.unique += 1
        stem, ext = posixpath.splitext(url)
        return "%s-missing-%06d%s" % (stem, self.unique, ext)

    # ------------------------------------------------------------------ references
    def local(self, page, kind, url, query=0.07, fragment=0.0, relative=0.3, pretty=0.0):
        """An attribute value for a local reference from `page` to `url`; broken with the broken ratio."""
        rng, c, a = self.rng, self.c, self.a
        c["local_refs"] += 1
        self.local_by_kind[kind] = self.local_by_kind.get(kind, 0) + 1
        why = None
        if rng.random() < a.broken_ratio:
            x = rng.random()
            if kind == "a" and self.dead and x < 0.25:
                why, url = self.dead.pop()
                relative = 0.0
                pretty = 0.0
            elif kind != "a" and x < 0.15:
                self.unique += 1
                ext = posixpath.splitext(url)[1] or ".bin"
                url = "/private/%s-%06d%s" % (kind, self.unique, ext)
                self.private.append(url)
                why = "hidden-by-forced-404"
            elif kind == "a":
                why, url = "missing-page", self.missing_page(url)
            else:
                why, url = "missing-file", self.missing_asset(url)
        if pretty and rng.random() < pretty:
            if url.endswith("/") and url != "/":
                url = url[:-1]
                c["extensionless_refs"] += 1
            elif url.endswith(".html") and not url.endswith("/index.html"):
                url = url[:-5]
                c["extensionless_refs"] += 1
        value = url
        if relative and rng.random() < relative:
            slash = url.endswith("/")
            value = posixpath.relpath(url.rstrip("/") or "/", page.dir)
            if slash:
                value = "./" if value == "." else value + "/"
            elif not value.startswith(".") and rng.random() < 0.2:
                value = "./" + value
            c["relative_refs"] += 1
            if value.startswith("../"):
                c["dotdot_refs"] += 1
        if "%" in value:
            c["percent_encoded_refs"] += 1
        if query and rng.random() < query:
            c["refs_with_query"] += 1
            if rng.random() < 0.3:
                value += "?utm_source=%s&amp;utm_medium=web" % rng.choice(VOCABULARY)
                c["entity_refs"] += 1
            else:
                value += "?v=%d" % rng.randint(1, 99999)
        if fragment and rng.random() < fragment:
            value += "#part-%d" % rng.randint(1, 3)
            c["refs_with_fragment"] += 1
        if why:
            c["broken_refs"] += 1
            self.broken_by_kind[kind] = self.broken_by_kind.get(kind, 0) + 1
            self.broken_by_why[why] = self.broken_by_why.get(why, 0) + 1
            self.page_broken = True
            self.broken.append({"page": page.file, "attribute": kind, "value": value, "why": why})
        return value

    def page_link(self, page, target):
        return self.local(page, "a", target.url, query=0.04, fragment=0.12, relative=0.35, pretty=0.06)

    def body_link(self, page):
        rng = self.rng
        if self.resolving and rng.random() < self.a.via_redirect_ratio:
            kind, make = rng.choice(self.resolving)
            self.c["local_refs"] += 1
            self.local_by_kind["a"] = self.local_by_kind.get("a", 0) + 1
            self.c["refs_via_redirect"] += 1
            self.via_by_rule[kind] = self.via_by_rule.get(kind, 0) + 1
            value = make()
            if rng.random() < 0.2:
                value = posixpath.relpath(value, page.dir) + ("/" if value.endswith("/") else "")
                self.c["relative_refs"] += 1
            if rng.random() < 0.1 and kind != "query":
                value += "?ref=%s" % rng.choice(VOCABULARY)
                self.c["refs_with_query"] += 1
            return value
        siblings = self.children.get(page.group) or self.content
        target = rng.choice(siblings) if rng.random() < 0.6 else rng.choice(self.content)
        return self.page_link(page, target)

    def external(self, value):
        self.c["external_refs"] += 1
        return value

    def srcset(self, page, tag):
        rng = self.rng
        k = rng.randint(1, 3)
        picks = [rng.choice(self.img)[0] for _ in range(k)]
        if k == 1 and rng.random() < 0.5:
            return self.local(page, tag, picks[0], query=0.0)
        if rng.random() < 0.5:
            parts = ["%s %dx" % (self.local(page, tag, u, query=0.0), j + 1) for j, u in enumerate(picks)]
        else:
            parts = ["%s %dw" % (self.local(page, tag, u, query=0.0), 320 * (j + 1)) for j, u in enumerate(picks)]
        return rng.choice((", ", ",", ",\n    ")).join(parts)

    # ------------------------------------------------------------------ pages
    def figure(self, page):
        rng = self.rng
        alt = self.words(rng.randint(2, 5))
        r = rng.random()
        if r < 0.45:
            return '<figure><img src="%s" srcset="%s" sizes="(max-width: 600px) 100vw, 50vw" alt="%s" loading="lazy"><figcaption>%s</figcaption></figure>\n' % (
                self.local(page, "img", rng.choice(self.img)[0]), self.srcset(page, "img-srcset"), alt, alt)
        if r < 0.65:
            return ('<picture>\n  <source srcset="%s" type="image/webp">\n  <source srcset="%s" media="(min-width: 800px)">\n'
                    '  <img src="%s" alt="%s">\n</picture>\n') % (
                self.srcset(page, "source-srcset"), self.srcset(page, "source-srcset"),
                self.local(page, "img", rng.choice(self.img)[0]), alt)
        if r < 0.75:
            v = self.local(page, "video", rng.choice(self.video), query=0.0)
            poster = self.local(page, "poster", rng.choice(self.img)[0], query=0.0)
            if rng.random() < 0.5:
                return '<video controls preload="none" poster="%s" src="%s"></video>\n' % (poster, v)
            return '<video controls poster="%s">\n  <source src="%s" type="video/mp4">\n</video>\n' % (poster, v)
        if r < 0.82:
            return '<p><img src="%s" alt="" width="1" height="1"> <img src=%s alt=%s></p>\n' % (
                self.external(PIXEL), self.local(page, "img", rng.choice(self.img)[0], query=0.0, relative=0.0),
                rng.choice(VOCABULARY))
        if r < 0.88:
            return '<iframe src="%s" title="%s"></iframe>\n' % (
                self.external("https://player.example.test/embed/%d" % rng.randint(1, 9999)), alt)
        return '<IMG SRC="%s" ALT="%s">\n' % (self.local(page, "img", rng.choice(self.img)[0]), alt)

    def head(self, page):
        rng = self.rng
        h = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             "<title>%s | Chimera bench</title>\n" % page.title,
             '<link rel="canonical" href="%s">\n' % self.external(SITE + page.url),
             '<link rel="icon" href="%s" type="image/x-icon">\n' % self.local(page, "link", "/favicon.ico", query=0.0),
             '<link rel="preload" href="%s" as="font" type="font/woff2" crossorigin>\n' % self.local(
                 page, "link", rng.choice(self.fonts), query=0.0),
             '<link rel="stylesheet" href="%s">\n' % self.local(page, "link", self.css[0], query=0.3)]
        for css in rng.sample(self.css[1:], min(len(self.css) - 1, rng.randint(1, 3))):
            h.append('<link rel="stylesheet" href="%s" media="screen">\n' % self.local(page, "link", css))
        h.append('<link rel="alternate" type="application/rss+xml" title="Feed" href="%s">\n' % self.local(
            page, "link", "/feed.xml", query=0.0))
        if rng.random() < 0.4:
            h.append('<link rel="preconnect" href="%s">\n' % self.external("https://fonts.example.test"))
            h.append('<link rel="stylesheet" href="%s">\n' % self.external("https://fonts.example.test/css2?family=Inter&amp;display=swap"))
        h.append('<script src="%s"></script>\n' % self.local(page, "script", self.js[0], query=0.3))
        for js in rng.sample(self.js[1:], min(len(self.js) - 1, rng.randint(1, 4))):
            h.append('<script src="%s" defer></script>\n' % self.local(page, "script", js))
        if rng.random() < 0.3:
            h.append('<script async src="%s"></script>\n' % self.external("//cdn.example.net/analytics.js"))
        if rng.random() < 0.25:
            # Inside <script> and <style>: text, not references.
            h.append("<script>\nwindow.cfg = {logo: '<img src=\"/assets/img/not-a-ref-%d.png\">', next: \"</scr\" + \"ipt>\"};\n</script>\n"
                     % rng.randint(1, 999))
            h.append('<style>\n.hero { background: url("/assets/img/also-not-a-ref.png"); } /* <a href="/nope"> */\n</style>\n')
            self.c["not_refs_in_comments_scripts_styles"] += 3
        h.append("</head>\n")
        return h

    def nav(self, page):
        rng = self.rng
        h = ['<body class="%s">\n<header id="top">\n<nav class="site">\n<ul>\n' % page.kind,
             '<li><a href="%s">Home</a></li>\n' % self.local(page, "a", "/", query=0.0, relative=0.2),
             '<li><a href="%s">Docs</a></li>\n' % self.local(page, "a", "/docs/", query=0.0),
             '<li><a href="%s">Blog</a></li>\n' % self.local(page, "a", "/blog/", query=0.0)]
        for s in self.sections[:5]:
            h.append('<li><a href="%s">%s</a></li>\n' % (self.local(page, "a", "/docs/%s/" % s, query=0.0, pretty=0.05), s))
        for y in self.years[-3:]:
            h.append('<li><a href="%s">%s</a></li>\n' % (self.local(page, "a", "/blog/%s/" % y, query=0.0), y))
        h.append('<li><a href="#main">Skip to content</a></li>\n</ul>\n</nav>\n</header>\n')
        self.c["fragment_only_refs"] += 1
        if rng.random() < 0.2:
            h.append('<!-- moved: <a href="/docs/retired-%d.html">old</a> <img src="/assets/img/retired.png"> -->\n'
                     % rng.randint(1, 999))
            self.c["not_refs_in_comments_scripts_styles"] += 2
        h.append('<main id="main">\n')
        if page.group:
            parent = self.group_index.get(page.group)
            if parent is not None and parent is not page:
                hub = "/docs/" if page.kind in ("doc", "section") else "/blog/"
                h.append('<nav class="crumbs"><a href="%s">%s</a> / <a href="%s">%s</a></nav>\n' % (
                    self.local(page, "a", hub, query=0.0, relative=0.6), hub.strip("/"),
                    self.local(page, "a", parent.url, query=0.0, relative=0.8), page.group))
        h.append("<h1>%s</h1>\n" % page.title)
        return h

    def listing(self, page):
        if page.kind in ("section", "year"):
            items = self.children[page.group]
        elif page.kind == "hub":
            items = [self.group_index[g] for g in (self.sections if page.group == "docs" else self.years)]
        elif page.kind == "home":
            items = [self.group_index[g] for g in self.sections + self.years]
        else:
            return []
        out = ['<ul class="listing">\n']
        for p in items:
            out.append('<li><a href="%s">%s</a></li>\n' % (self.local(page, "a", p.url, query=0.0, relative=0.5), p.title))
        out.append("</ul>\n")
        return out

    def sections_html(self, page, budget):
        rng = self.rng
        out = []
        n = 0
        while budget > 0 or n < 2:
            n += 1
            part = ['<section id="part-%d">\n<h2>%s</h2>\n' % (n, self.words(rng.randint(2, 6)).title())]
            for _ in range(rng.randint(1, 4)):
                text = rng.choice(self.pool)
                cut = text.find(" ", rng.randint(0, len(text) - 1))
                if cut < 0:
                    cut = len(text)
                part.append('<p>%s <a href="%s">%s</a>%s</p>\n' % (
                    text[:cut], self.body_link(page), self.words(rng.randint(1, 3)), text[cut:]))
            r = rng.random()
            if r < 0.55:
                part.append(self.figure(page))
            if rng.random() < 0.2:
                part.append('<p>Read <a href="%s" rel="noopener">%s</a>.</p>\n' % (
                    self.external(rng.choice(EXTERNAL_HREFS)), self.words(2)))
            if rng.random() < 0.15:
                part.append('<p><a href="#part-%d">earlier</a> &middot; <a href="#top">top</a></p>\n' % rng.randint(1, n))
                self.c["fragment_only_refs"] += 2
            if rng.random() < 0.08:
                part.append('<pre><code>&lt;a href="/docs/example.html"&gt;escaped, not a link&lt;/a&gt;</code></pre>\n')
            part.append("</section>\n")
            chunk = "".join(part)
            out.append(chunk)
            budget -= len(chunk)
            if n >= 300:
                break
        return out

    def footer(self, page):
        rng = self.rng
        f = ['<aside class="related">\n<h2>Related</h2>\n<ul>\n']
        for p in rng.sample(self.content, min(len(self.content), rng.randint(3, 6))):
            f.append('<li><a href="%s">%s</a></li>\n' % (self.page_link(page, p), p.title))
        f.append("</ul>\n</aside>\n</main>\n<footer>\n<p>")
        for e in rng.sample(EXTERNAL_HREFS, 3):
            f.append('<a href="%s">%s</a> ' % (self.external(e), self.words(2)))
        f.append('<a href="%s">feed</a> <a href="%s">sitemap</a></p>\n' % (
            self.local(page, "a", "/feed.xml", query=0.0), self.external(SITE + "/sitemap.xml")))
        f.append("</footer>\n</body>\n</html>\n")
        return f

    def render(self, page):
        rng = self.rng
        self.page_broken = False
        size = int(1024 * rng.uniform(self.a.min_kb, self.a.max_kb))
        parts = self.head(page) + self.nav(page) + self.listing(page)
        tail = self.footer(page)
        used = sum(map(len, parts)) + sum(map(len, tail))
        parts += self.sections_html(page, size - used) + tail
        if self.page_broken:
            self.pages_with_broken += 1
        return "".join(parts).encode()

    # ------------------------------------------------------------------ files
    def write(self, rel, data):
        full = os.path.join(self.a.out, rel)
        d = os.path.dirname(full)
        if d not in self.dirs:
            os.makedirs(d, exist_ok=True)
            self.dirs.add(d)
        with open(full, "wb") as f:
            f.write(data)
        self.files[rel] = len(data)

    def sized(self, lo_kb, hi_kb):
        return int(1024 * math.exp(self.rng.uniform(math.log(lo_kb), math.log(hi_kb))))

    def text_asset(self, n, line):
        out, size = [], 0
        while size < n:
            out.append(line())
            size += len(out[-1])
        return "".join(out)[:n].encode()

    def write_assets(self):
        rng = self.rng
        for u in self.css:
            self.write(u[1:], self.text_asset(self.sized(1, 150), lambda: ".%s-%d{color:#%06x;margin:%dpx;background:url(%s)}\n" % (
                rng.choice(VOCABULARY), rng.randint(1, 999), rng.getrandbits(24), rng.randint(0, 64), rng.choice(self.img)[0])))
        for u in self.js:
            self.write(u[1:], self.text_asset(self.sized(1, 200), lambda: "export function %s%d(a,b){return a*%d+b; // %s\n}\n" % (
                rng.choice(VOCABULARY), rng.randint(1, 9999), rng.randint(2, 99), self.words(5))))
        for u in self.fonts:
            self.write(u[1:], b"wOF2\x00\x01\x00\x00" + rng.randbytes(self.sized(10, 80)))
        for u in self.video:
            self.write(u[1:], b"\x00\x00\x00\x18ftypmp42" + rng.randbytes(self.sized(100, 600)))
        heads = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ".webp": b"RIFF\x00\x00\x00\x00WEBPVP8 "}
        for _, rel in self.img:
            ext = posixpath.splitext(rel)[1]
            if ext == ".svg":
                self.write(rel, ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d"><rect width="%d" height="%d" fill="#%06x"/></svg>\n' % (
                    (rng.randint(8, 64),) * 4 + (rng.getrandbits(24),))).encode())
            else:
                self.write(rel, heads[ext] + rng.randbytes(self.sized(1, 200)))
        for u in self.private:
            self.write(u[1:], b"PRIVATE " + rng.randbytes(rng.randint(64, 512)))
        self.write("favicon.ico", b"\x00\x00\x01\x00\x01\x00" + rng.randbytes(1144))
        self.write("robots.txt", b"User-agent: *\nDisallow: /private/\nSitemap: " + SITE.encode() + b"/sitemap.xml\n")
        items = "".join("<item><title>%s</title><link>%s%s</link></item>\n" % (p.title, SITE, p.url) for p in self.posts[-30:])
        self.write("feed.xml", ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Chimera bench</title>\n%s</channel></rss>\n' % items).encode())

    def write_headers(self):
        text = (
            "# _headers for the Chimera benchmark site\n"
            "/*\n  X-Frame-Options: DENY\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
            "/\n  Link: <%s>; rel=preload; as=style\n  Link: <%s>; rel=preload; as=script\n"
            "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"
            "/docs/*\n  Cache-Control: public, max-age=600\n"
            "/blog/:year/:slug/\n  X-Robots-Tag: noindex\n"
            "/feed.xml\n  Content-Type: application/rss+xml; charset=utf-8\n"
        ) % (self.css[0], self.js[0])
        self.write("_headers", text.encode())
        return 6

    def run(self):
        a = self.a
        if os.path.isdir(a.out) and os.listdir(a.out):
            raise SystemExit("gen_site.py: --out %s exists and is not empty" % a.out)
        os.makedirs(a.out, exist_ok=True)
        self.plan()
        self.make_pool()
        self.plan_redirects()
        self.write("_redirects", self.redirects_text.encode())
        dead_total = len(self.dead)
        for p in self.pages:
            self.write(p.file, self.render(p))
        self.write_assets()
        header_rules = self.write_headers()
        html = [f for f in self.files if f.endswith(".html")]
        assert len(html) == a.pages, (len(html), a.pages)
        c = self.c
        summary = {
            "generator": "chimera bench/gen_site.py 1",
            "args": {"pages": a.pages, "assets": a.assets, "broken_ratio": a.broken_ratio,
                     "via_redirect_ratio": a.via_redirect_ratio, "seed": a.seed,
                     "min_kb": a.min_kb, "max_kb": a.max_kb},
            "html_files": len(html),
            "html_bytes": sum(self.files[f] for f in html),
            "total_files": len(self.files),
            "total_bytes": sum(self.files.values()),
            "broken_refs": c["broken_refs"],
            "broken_by_attribute": dict(sorted(self.broken_by_kind.items())),
            "broken_by_why": dict(sorted(self.broken_by_why.items())),
            "pages_with_broken": self.pages_with_broken,
            "refs_via_redirect": c["refs_via_redirect"],
            "via_redirect_by_rule": dict(sorted(self.via_by_rule.items())),
            "local_refs": c["local_refs"],
            "local_refs_by_attribute": dict(sorted(self.local_by_kind.items())),
            "redirect_rules": self.rule_count,
            "redirect_rules_by_status": dict(sorted(self.rules_by_status.items())),
            "redirect_targets_missing": self.targets_missing,
            "redirect_sources_ending_in_404": dead_total,
            "header_rules": header_rules,
        }
        for k in sorted(c):
            if k not in summary:
                summary[k] = c[k]
        if a.manifest:
            with open(a.manifest, "w") as f:
                json.dump({"summary": summary, "broken": self.broken}, f, indent=1)
                f.write("\n")
        json.dump(summary, sys.stdout, indent=1)
        sys.stdout.write("\n")


if __name__ == "__main__":
    Generator(parse_args(sys.argv[1:])).run()
