import Testing

@testable import SiteSimulation

@Suite struct ReferenceResolverTests {
    private func resolve(_ value: String, from directory: String = "/docs/guide/") -> String? {
        var resolver = ReferenceResolver()
        return Array(value.utf8).withUnsafeBufferPointer { resolver.resolve($0, pageDirectory: Array(directory.utf8)) }
    }

    @Test(arguments: [
        ("/a.html", "/a.html"),
        ("b.html", "/docs/guide/b.html"),
        ("./b.html", "/docs/guide/b.html"),
        ("../b.html", "/docs/b.html"),
        ("../../../../b.html", "/b.html"),
        ("./", "/docs/guide/"),
        ("..", "/docs/"),
        ("sub/../c/./d/", "/docs/guide/c/d/"),
        ("/x/y.html?v=3#top", "/x/y.html?v=3"),
        ("page.html#part", "/docs/guide/page.html"),
        ("  /trimmed.html \n", "/trimmed.html"),
        ("/a?b=1&amp;c=2", "/a?b=1&c=2"),
        ("&#47;encoded.html", "/encoded.html"),
    ])
    func resolvesLocalReferences(value: String, expected: String) {
        #expect(resolve(value) == expected)
    }

    @Test(arguments: [
        "https://example.com/", "http://x", "//cdn.example.com/lib.js", "mailto:a@example.com", "tel:+15550100",
        "data:image/png;base64,xyz", "javascript:void(0)", "#top", "", "   ", "?page=2", "HTTPS://EXAMPLE.COM",
    ])
    func leavesOtherReferencesAlone(value: String) {
        #expect(resolve(value) == nil)
    }
}
