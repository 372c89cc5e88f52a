import PlatformModels
import Testing

@Suite("Render route and header patterns")
struct RenderPatternTests {
    @Test("route wildcards match any text from their position, slashes included, and are captured")
    func routeWildcards() throws {
        let all = try #require(RenderRoutePattern("/*"))
        #expect(all.match("/")?.wildcards == [""])
        #expect(all.match("/path1/path2")?.wildcards == ["path1/path2"])
        let blog = try #require(RenderRoutePattern("/blog/*"))
        #expect(blog.matches("/blog/"))
        #expect(blog.match("/blog/a/b")?.wildcards == ["a/b"])
        #expect(!blog.matches("/blog"))
        #expect(!blog.matches("/blogs/a"))
        let html = try #require(RenderRoutePattern("/*.html"))
        #expect(html.match("/a/b.html")?.wildcards == ["a/b"])
        #expect(!html.matches("/a/b.htm"))
    }

    @Test("placeholders match one segment and are substituted by name")
    func placeholders() throws {
        let pattern = try #require(RenderRoutePattern("/posts/:year/:slug"))
        let captures = try #require(pattern.match("/posts/2024/hello"))
        #expect(captures.placeholders == ["year": "2024", "slug": "hello"])
        #expect(!pattern.matches("/posts/2024/hello/extra"))
        #expect(!pattern.matches("/posts//hello"))
        #expect(RenderRoutePattern.substitute("/blog/:year-:slug/*", captures) == "/blog/2024-hello/")
        #expect(pattern.placeholderNames == ["year", "slug"])
        #expect(RenderRoutePattern.placeholderNames(in: "https://example.com:8080/:slug") == ["slug"])
    }

    @Test("the destination's stars take the source's captures in order")
    func substitution() throws {
        let pattern = try #require(RenderRoutePattern("/*/docs/*"))
        let captures = try #require(pattern.match("/en/docs/a/b"))
        #expect(captures.wildcards == ["en", "a/b"])
        #expect(RenderRoutePattern.substitute("/docs/*/*", captures) == "/docs/en/a/b")
        #expect(RenderRoutePattern.substitute("https://example.com/*", RenderRoutePattern.Captures(wildcards: ["x"])) == "https://example.com/x")
    }

    @Test("matching is literal and case-sensitive")
    func literal() throws {
        let pattern = try #require(RenderRoutePattern("/About"))
        #expect(pattern.isLiteral)
        #expect(pattern.matches("/About"))
        #expect(!pattern.matches("/about"))
        #expect(!pattern.matches("/About/"))
    }

    @Test("hostile patterns are refused or stay fast")
    func hostile() throws {
        #expect(RenderRoutePattern(String(repeating: "/*a", count: 40)) == nil)
        #expect(RenderRoutePattern("/" + String(repeating: "a", count: 5000)) == nil)
        let stars = try #require(RenderRoutePattern("/*a*a*a*a*a*a*a*a*b"))
        #expect(!stars.matches("/" + String(repeating: "a", count: 3000)))
    }

    @Test(
        "header paths follow Render's documented examples",
        arguments: [
            ("/*", "/", true), ("/*", "/blog/latest-post/", true), ("/*", "/a/b/c.css", true),
            ("/blog/*", "/blog/", true), ("/blog/*", "/blog/latest-post/", true), ("/blog/*", "/blog/a/b", true), ("/blog/*", "/blog", false),
            ("/**/*", "/blog/", true), ("/**/*", "/assets/", true), ("/**/*", "/a/b/c", true), ("/**/*", "/tokens.css", false),
            ("/*.css", "/tokens.css", true), ("/*.css", "/mode.css", true), ("/*.css", "/assets/theme.css", false),
            ("/**/*.css", "/assets/theme.css", true), ("/**/*.css", "/a/b/theme.css", true), ("/**/*.css", "/tokens.css", false),
            ("/exact", "/exact", true), ("/exact", "/Exact", false),
        ]
    )
    func headerPaths(pattern: String, path: String, matches: Bool) throws {
        let compiled = try #require(RenderHeaderPattern(pattern))
        #expect(compiled.matches(path) == matches)
        #expect(compiled.matches(compiled.samplePath))
    }

    @Test("hostile header paths are refused or stay fast")
    func hostileHeaders() throws {
        #expect(RenderHeaderPattern(String(repeating: "/*a", count: 40)) == nil)
        let stars = try #require(RenderHeaderPattern("/**a**a**a**a**a**a**a**b"))
        #expect(!stars.matches("/" + String(repeating: "a", count: 3000)))
    }
}
