import PlatformModels
import Testing

/// Netlify compiles a `for` path into `^/…/?$` with the `iu` flags (headers-parser `for_regexp`); each case
/// names the `for` path, paths its regular expression accepts, and paths it rejects.
@Suite("header `for` patterns")
struct HeaderPathPatternTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var forPath: String
        var matches: [String]
        var rejects: [String]
        var testDescription: String { "\(name): \"\(forPath)\"" }
    }

    static let netlifyForRegExpCases: [Case] = [
        // empty → ^\/\/?$
        Case(name: "empty", forPath: "", matches: ["/", "//"], rejects: ["/a", "///"]),
        Case(name: "single_slash", forPath: "/", matches: ["/"], rejects: ["/a"]),
        Case(name: "whitespaces", forPath: "/ /", matches: ["/"], rejects: ["/ ", "/a"]),
        // trimEnd per segment → ^\/a\/?$
        Case(name: "trim_end", forPath: "/a ", matches: ["/a", "/a/", "/A"], rejects: ["/a ", "/ab"]),
        // only the end of a segment is trimmed → ^\/ a\/?$
        Case(name: "trim_start", forPath: "/ a", matches: ["/ a", "/ A/"], rejects: ["/a"]),
        Case(name: "several_characters", forPath: "abc", matches: ["/abc", "/ABC/"], rejects: ["/ab", "/abcd"]),
        // ^\/a\/([^/]+)\/?$
        Case(name: "placeholder", forPath: "/a/:b", matches: ["/a/x", "/a/x/", "/A/Xyz"], rejects: ["/a", "/a/", "/a/x/y"]),
        // ^\/?(.*)\/?$
        Case(name: "wildcard_single", forPath: "*", matches: ["/", "/a", "/a/b/c.html", "/a/"], rejects: []),
        Case(name: "wildcard_slash", forPath: "/*", matches: ["/", "/a", "/a/b/c.html"], rejects: []),
        // ^\/?(.*)\/a\/?$
        Case(name: "wildcard_append", forPath: "/*/a", matches: ["/a", "/x/a", "/x/y/a", "/x/a/"], rejects: ["/x/b", "/x/a/b"]),
        // ^\/a\/?(.*)\/?$ — the slash is optional, so `/ab` matches too
        Case(name: "wildcard_prepend", forPath: "/a/*", matches: ["/a", "/a/", "/a/b", "/a/b/c", "/ab", "/A/B"], rejects: ["/", "/b/a"]),
        // ^\/a\/?(.*)\/b\/?$
        Case(name: "wildcard_surround", forPath: "/a/*/b", matches: ["/a/b", "/a/x/b", "/a/x/y/b"], rejects: ["/a/x", "/b"]),
        // ^\/a\/?(.*)\/?(.*)\/?$
        Case(name: "wildcard_multiple", forPath: "/a/*/*", matches: ["/a", "/a/x", "/a/x/y/z"], rejects: ["/b"]),
        // ^\/a\/b(.*)c\/?$
        Case(name: "wildcard_inside", forPath: "/a/b*c", matches: ["/a/bc", "/a/bxc", "/a/bx/yc", "/A/BXC/"], rejects: ["/a/b", "/a/bcx"]),
        Case(name: "trailing_slash", forPath: "/a/", matches: ["/a", "/a/"], rejects: ["/a//", "/a/b"]),
        // a dot is literal → ^\/a\.\/?$
        Case(name: "regexp_escape", forPath: "/a.", matches: ["/a."], rejects: ["/ab", "/a"]),
        Case(name: "double_slash_single", forPath: "//", matches: ["/"], rejects: ["//x"]),
        Case(name: "double_slash_multiple", forPath: "//a//b//", matches: ["/a/b", "/a/b/"], rejects: ["//a//b//", "/a"]),
    ]

    @Test("Netlify's documented `for` regular expressions", arguments: netlifyForRegExpCases)
    func netlifyForRegExp(testCase: Case) {
        let pattern = HeaderPathPattern(testCase.forPath)
        for path in testCase.matches {
            #expect(pattern.matches(path), "\(testCase.forPath) should match \(path)")
        }
        for path in testCase.rejects {
            #expect(!pattern.matches(path), "\(testCase.forPath) should not match \(path)")
        }
    }

    @Test("matching is case-insensitive both ways")
    func caseInsensitive() {
        #expect(HeaderPathPattern("/Docs/*").matches("/docs/intro"))
        #expect(HeaderPathPattern("/docs/*").matches("/DOCS/INTRO"))
        #expect(HeaderPathPattern("/Über").matches("/über"))
    }

    @Test(":name matches exactly one non-empty segment")
    func placeholderOneSegment() {
        let pattern = HeaderPathPattern("/blog/:slug/comments")
        #expect(pattern.matches("/blog/hello/comments"))
        #expect(!pattern.matches("/blog/hello/world/comments"))
        #expect(!pattern.matches("/blog//comments"))
    }

    @Test("a path is never matched by a more specific pattern")
    func specificPatternRejectsOtherPaths() {
        #expect(!HeaderPathPattern("/assets/*.css").matches("/assets/app.js"))
        #expect(HeaderPathPattern("/assets/*.css").matches("/assets/sub/app.css"))
    }

    @Test("samplePath is a path the pattern matches")
    func samplePath() {
        for forPath in ["/*", "/a/:b", "/a/*/b", "/a/b*c", "/x.html", "//a//b//"] {
            let pattern = HeaderPathPattern(forPath)
            #expect(pattern.matches(pattern.samplePath), "\(forPath) → \(pattern.samplePath)")
        }
    }

    @Test("a very long path and many stars do not blow up")
    func pathological() {
        let path = "/" + String(repeating: "a/", count: 5_000) + "b"
        #expect(HeaderPathPattern("/*/b").matches(path))
        #expect(!HeaderPathPattern("/*/c").matches(path))
        #expect(HeaderPathPattern("/a/*").matches(path))
    }
}

@Suite("header `for` patterns on hostile input")
struct HeaderPathPatternHostileInputTests {
    @Test("many stars against a long near-miss path finish at once instead of backtracking exponentially")
    func manyStars() {
        let pattern = HeaderPathPattern("/" + String(repeating: "*a", count: 30) + "*b")
        #expect(!pattern.matches("/" + String(repeating: "a", count: 200)))
        #expect(pattern.matches("/" + String(repeating: "a", count: 200) + "b"))
    }
}
