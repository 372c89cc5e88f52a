import PlatformModels
import Testing

@Suite("Jekyll's entry filter and _config.yml")
struct PagesJekyllTests {
    @Test("the highest dropped path is reported, with its reason")
    func highestRoot() {
        let filter = JekyllEntryFilter()
        #expect(filter.exclusion(of: "/a/_b/_c/d.txt") == .init(root: "/a/_b", isDirectory: true, reason: .underscore))
        #expect(filter.exclusion(of: "/a/b/_c.txt") == .init(root: "/a/b/_c.txt", isDirectory: false, reason: .underscore))
        #expect(filter.exclusion(of: "/a/b/c.txt") == nil)
        #expect(filter.exclusion(of: "/Gemfile.lock")?.reason == .excluded(pattern: "Gemfile"))
    }

    @Test("include matches a name at any depth or a path from the root")
    func includeByNameOrPath() {
        let filter = JekyllEntryFilter(config: JekyllConfig(include: ["_static", "/docs/.well-known"]))
        #expect(filter.exclusion(of: "/deep/down/_static/a.css") == nil)
        #expect(filter.exclusion(of: "/docs/.well-known/x") == nil)
        #expect(filter.exclusion(of: "/.well-known/x")?.reason == .dot)
    }

    @Test("an exclude pattern that include also names does not exclude")
    func includeBeatsExclude() {
        let filter = JekyllEntryFilter(config: JekyllConfig(include: ["build"], exclude: ["build"]))
        #expect(filter.exclusion(of: "/build/a.js") == nil)
    }

    @Test(
        "patterns match like Ruby's File.fnmatch? without flags",
        arguments: [
            ("*.psd", "/a/b.psd", true), ("*.psd", "/a/b.png", false), ("/docs/?.md", "/docs/a.md", true),
            ("/docs/?.md", "/docs/ab.md", false), ("/[abc]*", "/b/x", true), ("/[!abc]*", "/b/x", false),
            ("/[a-c]x", "/bx", true), ("/\\*", "/*", true), ("/\\*", "/a", false), ("/a*b*c", "/aXbYc", true),
            ("/a*b*c", "/aXbY", false), ("/[", "/[", true),
        ]
    )
    func fnmatch(pattern: String, path: String, matches: Bool) {
        let filter = JekyllEntryFilter(config: JekyllConfig(exclude: [pattern]))
        let excluded = filter.exclusion(of: path + "/file").map { $0.reason == .excluded(pattern: pattern) } ?? false
        let excludedAsFile = filter.exclusion(of: path).map { $0.reason == .excluded(pattern: pattern) } ?? false
        #expect((excluded || excludedAsFile) == matches)
    }

    @Test("_config.yml: include, exclude and collections, as lists or single values")
    func parseConfig() {
        let config = JekyllConfig.parse(
            textFile(
                """
                title: Docs
                include:
                  - _static
                  - .well-known
                exclude: drafts
                collections:
                  recipes:
                    output: true
                """,
                path: "_config.yml"
            )
        )
        #expect(config.include == ["_static", ".well-known"])
        #expect(config.exclude == ["drafts"])
        #expect(config.collections == ["recipes"])
        #expect(config.isValidYAML)
        #expect(config.isJekyllSource("/_recipes"))
        #expect(config.isJekyllSource("/_layouts"))
        #expect(!config.isJekyllSource("/_static"))
        #expect(!config.isJekyllSource("/docs/_layouts"))
        #expect(JekyllConfig.parse(textFile("collections: [a, b]", path: "_config.yml")).collections == ["a", "b"])
    }

    @Test("a _config.yml that is not YAML is reported as such and changes nothing")
    func invalidYAML() {
        let config = JekyllConfig.parse(textFile("include: [a, b\nexclude: {", path: "_config.yml"))
        #expect(!config.isValidYAML)
        #expect(config.include.isEmpty)
        #expect(JekyllConfig.parse(textFile("- just\n- a list", path: "_config.yml")) == JekyllConfig())
    }
}
