/// GitHub Pages' size limits, and the findings for a site that breaks them.
///
/// A published site may be no larger than 1 GB, and GitHub blocks files larger than 100 MB (MiB, as git's
/// push error counts them) in a repository, which is where a branch-published site comes from. Both are
/// hard limits, so both findings are errors. GitHub measures both in binary units; so does this check.
/// See <https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits> and
/// <https://docs.github.com/en/repositories/working-with-files/managing-large-files/about-large-files-on-github>.
public struct PagesLimits: Sendable, Hashable {
    /// The largest file, in bytes.
    public var maxFileBytes: Int
    /// The largest published site, in bytes.
    public var maxSiteBytes: Int

    /// GitHub's limits: 100 MiB per file, 1 GiB per site.
    public static let github = Self(maxFileBytes: 100 * 1024 * 1024, maxSiteBytes: 1024 * 1024 * 1024)

    /// Creates limits.
    public init(maxFileBytes: Int, maxSiteBytes: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxSiteBytes = maxSiteBytes
    }

    /// `PAGES_FILE_TOO_LARGE` for each published file over the limit and `PAGES_SITE_TOO_LARGE` when the
    /// published files add up to more than the site limit.
    ///
    /// - Parameters:
    ///   - files: the published files, as site paths, with their sizes in bytes.
    ///   - displayRoot: the folder as shown in findings, prefixed to the site paths.
    public func findings(files: [(path: String, bytes: Int)], displayRoot: String) -> [Finding] {
        var findings: [Finding] = []
        var total = 0
        for file in files {
            total += file.bytes
            guard file.bytes > maxFileBytes else { continue }
            findings.append(
                Finding(
                    .pagesFileTooLarge,
                    file: displayRoot + file.path,
                    line: nil,
                    message: "the file is \(Self.size(file.bytes)); GitHub blocks files over \(Self.size(maxFileBytes)), so it cannot be published",
                    fix: "shrink or split it, or host it elsewhere, for example as a release asset"
                )
            )
        }
        if total > maxSiteBytes {
            findings.append(
                Finding(
                    .pagesSiteTooLarge,
                    file: nil,
                    line: nil,
                    message:
                        "the published site is \(Self.size(total)) in \(files.count) files; GitHub Pages sites may be no larger than \(Self.size(maxSiteBytes))",
                    fix: "move large media out of the site (releases, another host) or publish less"
                )
            )
        }
        return findings
    }

    /// A byte count as people read it: `104.9 MiB`.
    static func size(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
