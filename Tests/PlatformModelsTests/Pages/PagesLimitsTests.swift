import PlatformModels
import Testing

@Suite("GitHub Pages size limits")
struct PagesLimitsTests {
    private let mebibyte = 1024 * 1024

    @Test("GitHub's limits are 100 MiB per file and 1 GiB per site")
    func githubLimits() {
        #expect(PagesLimits.github.maxFileBytes == 104_857_600)
        #expect(PagesLimits.github.maxSiteBytes == 1_073_741_824)
    }

    @Test("a file over 100 MiB is PAGES_FILE_TOO_LARGE; one at the limit is fine")
    func fileTooLarge() throws {
        let findings = PagesLimits.github.findings(
            files: [("/video.mp4", 100 * mebibyte + 1), ("/ok.bin", 100 * mebibyte), ("/index.html", 10)],
            displayRoot: "site"
        )
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .pagesFileTooLarge)
        #expect(finding.severity == .error)
        #expect(finding.file == "site/video.mp4")
        #expect(finding.message.contains("100.0 MiB"))
    }

    @Test("a published site over 1 GiB is PAGES_SITE_TOO_LARGE")
    func siteTooLarge() throws {
        let files = (1...11).map { (path: "/part\($0).bin", bytes: 100 * mebibyte) }
        let findings = PagesLimits.github.findings(files: files, displayRoot: "site")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.code == .pagesSiteTooLarge)
        #expect(finding.severity == .error)
        #expect(finding.file == nil)
        #expect(finding.message.contains("1.1 GiB in 11 files"))
        #expect(PagesLimits.github.findings(files: Array(files.prefix(10)), displayRoot: "site").isEmpty)
    }
}
