import PlatformModels

/// A GitHub Pages site as read from disk: the folder, what Pages publishes of it, where it is served, and what
/// reading it found.
public struct PagesSite: Sendable {
    /// A top-level path Jekyll does not publish: a folder or file, and every file under it.
    public struct DroppedPath: Sendable, Hashable {
        /// The dropped folder or file, as a site path (`/_next`).
        public var root: String
        /// Whether `root` is a folder.
        public var isDirectory: Bool
        /// Why Jekyll drops it.
        public var reason: JekyllEntryFilter.Reason
        /// How many files it holds.
        public var files: Int
    }

    /// The folder, absolute.
    public let directory: String
    /// The folder as shown in findings.
    public let display: String
    /// The files, or nil when the folder does not exist.
    public let folder: PagesFolder?
    /// How the site is published.
    public let source: PagesPublishingSource
    /// The router: what Pages publishes and how it answers.
    public let router: PagesRouter
    /// The custom domain from a valid `CNAME` file (publishing from a branch only).
    public let customDomain: String?
    /// Where the base path comes from, for the report (nil when the site is served at the root of its host).
    public let basePathOrigin: String?
    /// The paths Jekyll drops, highest first, except its own sources (`_layouts`, `_posts`…) and the Netlify
    /// files that `PAGES_UNSUPPORTED_CONFIG` reports.
    public let droppedPaths: [DroppedPath]
    /// The parsed `_config.yml`, when there is one.
    public let jekyllConfig: JekyllConfig?
    /// Findings from reading the files: Netlify configuration, `CNAME`, sizes, the 404 page.
    public let findings: [Finding]

    /// Reads a site.
    ///
    /// - Parameters:
    ///   - publishDirectory: the folder Pages publishes, as the user wrote it.
    ///   - basePath: the path the site is served under (`/repo`); `/` for the root of the host; nil to infer
    ///     it from `repository`.
    ///   - repository: the repository (`name` or `owner/name`). Without a base path, a project site is served
    ///     under `/<name>/` unless the repository is `<owner>.github.io` or a valid `CNAME` sets a custom domain.
    ///   - source: how the site is published.
    /// - Throws: `SiteLoadError` when the path is not a folder or cannot be read.
    public static func load(
        publishDirectory: String,
        basePath: String? = nil,
        repository: String? = nil,
        source: PagesPublishingSource = .branch
    ) throws(SiteLoadError) -> Self {
        let directory = FilePaths.absolute(publishDirectory)
        var display = publishDirectory
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        let kind = FilePaths.kind(directory)
        if kind == .file || kind == .other {
            throw SiteLoadError("\(display) is not a folder: --dir takes the folder GitHub Pages publishes")
        }
        var findings: [Finding] = []
        var folder: PagesFolder?
        if kind == .directory {
            do {
                folder = try PagesFolder.scan(directory)
            } catch {
                throw SiteLoadError(error.description)
            }
        } else {
            findings.append(
                Finding(
                    .publishDirMissing,
                    file: display,
                    line: nil,
                    message: "the folder \(display) does not exist",
                    fix: "run the build first, or point --dir at the folder the build writes"
                )
            )
        }
        let paths = folder?.files.map(\.path) ?? []
        let rootFiles = Set(paths.filter { $0.lastIndex(of: "/") == $0.startIndex })
        func text(_ sitePath: String) throws(SiteLoadError) -> TextFile? {
            guard rootFiles.contains(sitePath) else { return nil }
            return TextFile(displayPath: display + sitePath, bytes: try FilePaths.read(directory + sitePath))
        }

        findings +=
            PagesIgnoredConfig(
                redirectsFile: try text("/_redirects"),
                headersFile: try text("/_headers"),
                netlifyTOML: try text("/netlify.toml")
            ).findings

        var customDomain: String?
        if source == .branch {
            if rootFiles.contains("/CNAME") {
                let cname = CNAMEFile(displayPath: display + "/CNAME", bytes: try FilePaths.read(directory + "/CNAME"))
                customDomain = cname.domain
                if let finding = cname.finding { findings.append(finding) }
            } else if let misnamed = rootFiles.first(where: { $0.uppercased() == "/CNAME" }) {
                findings.append(CNAMEFile.misnamedFinding(displayPath: display + misnamed, name: String(misnamed.dropFirst())))
            }
        }

        let jekyllConfig = try text("/_config.yml").map(JekyllConfig.parse)
        var effectiveBase = basePath
        var origin = basePath.flatMap(PagesRouter.normalizedBasePath).map { "\($0)/ (given)" }
        // A user or organization site (`<owner>.github.io`) and a site on its own custom domain are served at the root.
        if basePath == nil, let repository, let name = repository.split(separator: "/").last,
            !name.lowercased().hasSuffix(".github.io"), customDomain == nil
        {
            effectiveBase = "/" + name
            origin = "/\(name)/ (project site of repository \(repository))"
        }
        let router = PagesRouter(paths: paths, basePath: effectiveBase, jekyllConfig: jekyllConfig ?? JekyllConfig(), source: source)

        if let folder {
            let sizes = Dictionary(folder.files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
            let published = router.files.paths.sorted().map { (path: router.sourceFile(of: $0), bytes: sizes[router.sourceFile(of: $0)] ?? 0) }
            findings += PagesLimits.github.findings(files: published, displayRoot: display)
            if !router.files.contains("/404.html") {
                findings.append(
                    Finding(
                        .pages404Missing,
                        file: nil,
                        line: nil,
                        message: "there is no 404.html at the root: GitHub Pages answers missing pages with its own generic 404 page",
                        fix: "add a 404.html at the root of the published folder"
                    )
                )
            }
        }

        return Self(
            directory: directory,
            display: display,
            folder: folder,
            source: source,
            router: router,
            customDomain: customDomain,
            basePathOrigin: router.basePath == nil ? nil : origin,
            droppedPaths: droppedPaths(router, jekyllConfig ?? JekyllConfig()),
            jekyllConfig: jekyllConfig,
            findings: findings
        )
    }

    private static func droppedPaths(_ router: PagesRouter, _ config: JekyllConfig) -> [DroppedPath] {
        var byRoot: [String: DroppedPath] = [:]
        for exclusion in router.unpublished.values {
            if exclusion.root == "/_redirects" || exclusion.root == "/_headers" || config.isJekyllSource(exclusion.root) { continue }
            byRoot[exclusion.root, default: DroppedPath(root: exclusion.root, isDirectory: exclusion.isDirectory, reason: exclusion.reason, files: 0)]
                .files += 1
        }
        return byRoot.values.sorted { $0.root < $1.root }
    }
}
