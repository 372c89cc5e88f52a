import PlatformModels
import Testing

@Suite("GitHub Pages CNAME file")
struct PagesCNAMEFileTests {
    private func cname(_ text: String) -> CNAMEFile {
        CNAMEFile(displayPath: "site/CNAME", bytes: Array(text.utf8))
    }

    @Test(
        "one domain, with surrounding whitespace and a final newline, is valid",
        arguments: [
            ("www.example.com", "www.example.com"), ("example.com\n", "example.com"), ("  Docs.Example.COM \r\n\n", "docs.example.com"),
            ("xn--bcher-kva.de", "xn--bcher-kva.de"), ("a-b.co.uk", "a-b.co.uk"),
        ]
    )
    func valid(text: String, domain: String) {
        let file = cname(text)
        #expect(file.domain == domain)
        #expect(file.problem == nil)
        #expect(file.finding == nil)
    }

    @Test(
        "anything but one bare domain name is PAGES_CNAME_INVALID",
        arguments: [
            "", "\n  \n", "example.com\nwww.example.com", "https://example.com", "example.com/docs", "example.com:8080",
            "*.example.com", "example", "192.168.0.1", "example.com www.example.com", "-bad.example.com", "bad-.example.com",
            "under_score.example.com", "octo.github.io", "bücher.de", "example.com.", "a..b.com", "example.123",
            "me@example.com", "\u{FEFF}example.com",
        ]
    )
    func invalid(text: String) throws {
        let file = cname(text)
        #expect(file.domain == nil)
        let finding = try #require(file.finding)
        #expect(finding.code == .pagesCNAMEInvalid)
        #expect(finding.severity == .error)
        #expect(finding.file == "site/CNAME")
    }

    @Test("bytes that are not UTF-8 are invalid")
    func notUTF8() {
        #expect(CNAMEFile(displayPath: "CNAME", bytes: [0x65, 0xFF, 0x2E, 0x63, 0x6F]).problem == "is not valid UTF-8")
    }

    @Test("a label longer than 63 characters is invalid")
    func longLabel() {
        #expect(cname(String(repeating: "a", count: 64) + ".com").domain == nil)
        #expect(cname(String(repeating: "a", count: 63) + ".com").domain != nil)
    }

    @Test("a lowercase file name is reported as the reason the domain is not set")
    func misnamed() {
        let finding = CNAMEFile.misnamedFinding(displayPath: "site/cname", name: "cname")
        #expect(finding.code == .pagesCNAMEInvalid)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("`cname`"))
    }
}
