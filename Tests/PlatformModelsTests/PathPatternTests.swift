import PlatformModels
import Testing

@Suite("redirect `from` path patterns")
struct PathPatternTests {
    /// Matches `path` the way the router does: raw segments and their percent-decoded twins.
    private func match(_ pattern: String, _ path: String) -> [String: String]? {
        let raw = PathPattern.splitSegments(path)
        return PathPattern(pattern).match(raw: raw, decoded: raw.map { PercentDecoding.decode($0) })
    }

    @Test("segments: literals (decoded), :placeholders, and * only at the end is a splat")
    func compile() {
        #expect(PathPattern("/blog/:year/*").segments == [.literal("blog"), .placeholder("year"), .splat])
        #expect(PathPattern("/a/*/b").segments == [.literal("a"), .literal("*"), .literal("b")])
        #expect(PathPattern("/caf%C3%A9/").segments == [.literal("café")])
        #expect(PathPattern("/").segments == [])
        #expect(PathPattern("/:").segments == [.literal(":")])
    }

    @Test(
        "one trailing slash is ignored on either side",
        arguments: [("/about", "/about"), ("/about", "/about/"), ("/about/", "/about"), ("/about/", "/about/")]
    )
    func trailingSlash(pattern: String, path: String) {
        #expect(match(pattern, path) == [:])
    }

    @Test("two trailing slashes are not one")
    func doubleTrailingSlash() {
        #expect(match("/about", "/about//") == nil)
    }

    @Test(
        "a final splat matches the rest of the path, including nothing at all",
        arguments: [
            ("/news", ""), ("/news/", ""), ("/news/a", "a"), ("/news/a/b/c.html", "a/b/c.html"), ("/news/a%20b", "a%20b"),
        ]
    )
    func splat(path: String, captured: String) {
        #expect(match("/news/*", path) == ["splat": captured])
    }

    @Test("a splat does not match a longer first segment or another prefix", arguments: ["/newsletter", "/new", "/", "/other/news"])
    func splatRejects(path: String) {
        #expect(match("/news/*", path) == nil)
    }

    @Test("`/*` matches every path, the root included")
    func rootSplat() {
        #expect(match("/*", "/") == ["splat": ""])
        #expect(match("/*", "/a/b") == ["splat": "a/b"])
    }

    @Test("the root pattern matches only the root")
    func root() {
        #expect(match("/", "/") == [:])
        #expect(match("/", "/a") == nil)
    }

    @Test(":placeholder captures exactly one non-empty segment")
    func placeholders() {
        #expect(match("/news/:year/:month/:date", "/news/2024/02/14") == ["year": "2024", "month": "02", "date": "14"])
        #expect(match("/news/:year", "/news/2024/02") == nil)
        #expect(match("/news/:year", "/news") == nil)
        #expect(match("/news/:year/x", "/news//x") == nil)
        #expect(match("/:lang/*", "/en/docs/a") == ["lang": "en", "splat": "docs/a"])
    }

    @Test("paths are compared case-sensitively")
    func caseSensitive() {
        #expect(match("/About", "/about") == nil)
        #expect(match("/about", "/ABOUT") == nil)
        #expect(match("/about", "/about") == [:])
    }

    @Test(
        "paths are compared percent-decoded, whichever side is encoded",
        arguments: [("/caf%C3%A9", "/café"), ("/café", "/caf%C3%A9"), ("/a%20b", "/a b"), ("/a b", "/a%20b"), ("/%7Euser", "/~user")]
    )
    func percentDecoded(pattern: String, path: String) {
        #expect(match(pattern, path) == [:])
    }

    @Test("captures keep the request's raw spelling")
    func capturesAreRaw() {
        #expect(match("/p/:name", "/p/a%2Fb") == ["name": "a%2Fb"])
    }

    @Test("boundNames, hasSplat, isStatic and firstLiteral describe the pattern")
    func properties() {
        let pattern = PathPattern("/docs/:version/*")
        #expect(pattern.boundNames == ["version", "splat"])
        #expect(pattern.hasSplat)
        #expect(!pattern.isStatic)
        #expect(pattern.firstLiteral == "docs")
        #expect(PathPattern("/a/b").isStatic)
        #expect(!PathPattern("/a/b").hasSplat)
        #expect(PathPattern("/:x").firstLiteral == nil)
        #expect(PathPattern("/*").firstLiteral == nil)
    }

    @Test("isCovered(by:) holds when every path of the pattern is matched by the general one")
    func covered() {
        #expect(PathPattern("/blog/a").isCovered(by: PathPattern("/blog/*")))
        #expect(PathPattern("/blog").isCovered(by: PathPattern("/blog/*")))
        #expect(PathPattern("/blog/a").isCovered(by: PathPattern("/blog/:slug")))
        #expect(PathPattern("/blog/:x").isCovered(by: PathPattern("/blog/:slug")))
        #expect(!PathPattern("/blog/*").isCovered(by: PathPattern("/blog/:slug")))
        #expect(!PathPattern("/blog/a/b").isCovered(by: PathPattern("/blog/:slug")))
        #expect(!PathPattern("/other").isCovered(by: PathPattern("/blog/*")))
        #expect(!PathPattern("/blog/*").isCovered(by: PathPattern("/blog/a")))
    }

    @Test("samplePath is matched by its own pattern")
    func samplePath() {
        for text in ["/", "/a", "/a/:b/c", "/docs/*", "/:lang/*", "/caf%C3%A9"] {
            let pattern = PathPattern(text)
            #expect(match(text, pattern.samplePath) != nil, "\(text) → \(pattern.samplePath)")
        }
        #expect(PathPattern("/a/:b/*").samplePath == "/a/x")
    }

    @Test("splitSegments drops the leading slash and one trailing slash")
    func splitSegments() {
        #expect(PathPattern.splitSegments("/a/b/").map(String.init) == ["a", "b"])
        #expect(PathPattern.splitSegments("/a//b").map(String.init) == ["a", "", "b"])
        #expect(PathPattern.splitSegments("/").map(String.init) == [])
        #expect(PathPattern.splitSegments("/a//").map(String.init) == ["a", ""])
    }

    @Test("PercentDecoding keeps malformed escapes and decodes + only in query components")
    func percentDecoding() {
        #expect(PercentDecoding.decode("a%20b%zz%4") == "a b%zz%4")
        #expect(PercentDecoding.decode("a+b") == "a+b")
        #expect(PercentDecoding.decodeQueryComponent("a+b%2B") == "a b+")
        #expect(PercentDecoding.decode("%E2%82%AC") == "€")
    }
}
