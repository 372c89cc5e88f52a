/// GitHub Pages' answer to requests for one published folder.
///
/// Pages has no redirect or header rules (`_redirects`, `_headers` and `netlify.toml` are ignored); it serves
/// files. For a request path it answers, in this order:
/// - a path ending with `/`: `path/index.html`, else 404;
/// - the exact file;
/// - `path.html` (Pages serves extensionless URLs, which is what Jekyll's extensionless permalinks rely on);
/// - 301 to `path/` when `path` is a folder of the site (Pages adds the trailing slash itself);
/// - otherwise 404, with `/404.html` as the body when the site has one.
///
/// Paths are case-sensitive and compared percent-decoded. A project site lives under `/<repository>/`: with a
/// `basePath`, only requests under it reach this site, and `/<repository>` redirects to `/<repository>/`.
///
/// Published from a branch without `.nojekyll` at its root, the folder goes through Jekyll first: the paths
/// ``JekyllEntryFilter`` drops are not published, and Markdown pages are published as HTML (`a.md` as
/// `a.html`, and a `README.md` as its folder's `index.html` when there is none, as GitHub Pages' default
/// plugins do). Templates are not rendered: the files are otherwise served as they are.
///
/// ```swift
/// let router = PagesRouter(paths: ["/index.html", "/docs/index.html"], basePath: "/repo")
/// router.route(RouteRequest("/repo/docs")!)  // 301 to /repo/docs/
/// ```
public struct PagesRouter: SiteRouter {
    /// The published files, by the site path they are served at.
    public let files: SiteFileIndex
    /// The path a project site is served under (`/repo`), or nil for a site served at the root of its host.
    public let basePath: String?
    /// Whether Pages runs Jekyll over the folder (published from a branch, no `.nojekyll` at the root).
    public let runsJekyll: Bool
    /// The folder's files that are not published, by site path, with the reason.
    public let unpublished: [String: JekyllEntryFilter.Exclusion]
    /// The folder file behind a published path, where they differ (Markdown rendered as HTML).
    private let sources: [String: String]
    /// Every folder that holds a published file, without trailing slash (`/docs`).
    private let directories: Set<String>

    /// A router for a folder's files as GitHub Pages publishes them.
    ///
    /// - Parameters:
    ///   - paths: every file of the folder as a site path (`/docs/a.html`), dotfiles and `_` names included.
    ///   - basePath: the path a project site is served under (`/repo`); nil or `/` for the host's root.
    ///   - jekyllConfig: the site's `_config.yml`, which can `include` or `exclude` paths.
    ///   - source: how the site is published; a workflow artifact never goes through Jekyll.
    public init(
        paths: some Sequence<String>,
        basePath: String? = nil,
        jekyllConfig: JekyllConfig = JekyllConfig(),
        source: PagesPublishingSource = .branch
    ) {
        let all = Array(paths)
        let runsJekyll = source == .branch && !all.contains("/.nojekyll")
        var published: [String] = []
        var unpublished: [String: JekyllEntryFilter.Exclusion] = [:]
        var sources: [String: String] = [:]
        if runsJekyll {
            let filter = JekyllEntryFilter(config: jekyllConfig)
            for path in all {
                if let exclusion = filter.exclusion(of: path) {
                    unpublished[path] = exclusion
                } else {
                    published.append(path)
                }
            }
            let existing = Set(published)
            for (index, path) in published.enumerated() {
                guard let stem = Self.markdownStem(path) else { continue }
                let output = stem + ".html"
                // A page written as HTML wins over a Markdown page that would render to the same path.
                guard !existing.contains(output), sources[output] == nil else { continue }
                published[index] = output
                sources[output] = path
            }
            for (index, path) in published.enumerated() {
                guard let markdown = sources[path], let slash = markdown.lastIndex(of: "/") else { continue }
                let folder = String(markdown[...slash])
                guard markdown[markdown.index(after: slash)...].lowercased().hasPrefix("readme."),
                    !published.contains(folder + "index.html")
                else { continue }
                // jekyll-readme-index: the README is the folder's index page when the folder has none.
                published[index] = folder + "index.html"
                sources[folder + "index.html"] = markdown
                sources[path] = nil
            }
        } else {
            published = all
        }
        self.init(published: published, sources: sources, unpublished: unpublished, basePath: basePath, runsJekyll: runsJekyll)
    }

    /// A router over files that are all published as they are, with no Jekyll step.
    public init(publishedFiles: SiteFileIndex, basePath: String? = nil) {
        self.init(published: Array(publishedFiles.paths), sources: [:], unpublished: [:], basePath: basePath, runsJekyll: false)
    }

    private init(
        published: [String],
        sources: [String: String],
        unpublished: [String: JekyllEntryFilter.Exclusion],
        basePath: String?,
        runsJekyll: Bool
    ) {
        self.files = SiteFileIndex(paths: published)
        self.sources = sources
        self.unpublished = unpublished
        self.basePath = Self.normalizedBasePath(basePath)
        self.runsJekyll = runsJekyll
        var directories: Set<String> = []
        for path in published {
            var folder = path[..<(path.lastIndex(of: "/") ?? path.startIndex)]
            while !folder.isEmpty, directories.insert(String(folder)).inserted {
                folder = folder[..<(folder.lastIndex(of: "/") ?? folder.startIndex)]
            }
        }
        self.directories = directories
    }

    /// Predicts GitHub Pages' answer to `request`. Pages adds no custom headers, so `includeHeaders` changes
    /// nothing; it is there so that Pages routes like the other platforms.
    public func route(_ request: RouteRequest, includeHeaders: Bool = true) -> RouteResult {
        let decoded = PercentDecoding.decode(request.path)
        // Outside the base path the host's other sites answer, which this folder says nothing about.
        guard let path = sitePath(forRequestPath: decoded) else { return RouteResult(status: 404) }
        let query = request.query.map { "?" + $0 } ?? ""
        if path.isEmpty { return RouteResult(status: 301, location: (basePath ?? "") + "/" + query) }
        if path.hasSuffix("/") {
            if files.contains(path + "index.html") { return served(path + "index.html") }
            return notFound()
        }
        if files.contains(path) { return served(path) }
        if files.contains(path + ".html") { return served(path + ".html") }
        if directories.contains(path) { return RouteResult(status: 301, location: (basePath ?? "") + path + "/" + query) }
        return notFound()
    }

    /// The path inside the site for a percent-decoded request path: the request path without the base path;
    /// empty for the base path itself without its trailing slash; nil when the request is outside the site.
    public func sitePath(forRequestPath decodedPath: String) -> String? {
        guard let basePath else { return decodedPath.isEmpty ? "/" : decodedPath }
        if decodedPath == basePath { return "" }
        guard decodedPath.hasPrefix(basePath + "/") else { return nil }
        return String(decodedPath.dropFirst(basePath.count))
    }

    /// The folder file served at a published site path (the Markdown source of a rendered page).
    public func sourceFile(of sitePath: String) -> String { sources[sitePath] ?? sitePath }

    /// `/repo` for `repo`, `/repo/` or `/repo`; nil for empty, `/` and nil.
    public static func normalizedBasePath(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = text.split(separator: "/").joined(separator: "/")
        return trimmed.isEmpty ? nil : "/" + trimmed
    }

    private func served(_ path: String) -> RouteResult {
        RouteResult(status: 200, file: sourceFile(of: path))
    }

    private func notFound() -> RouteResult {
        RouteResult(status: 404, file: files.contains("/404.html") ? sourceFile(of: "/404.html") : nil)
    }

    private static let markdownExtensions: Set<String> = ["md", "markdown", "mkdown", "mkdn", "mkd"]

    /// The path without its extension when it names a Markdown file, which Jekyll renders to HTML.
    private static func markdownStem(_ path: String) -> String? {
        guard let dot = path.lastIndex(of: "."), let slash = path.lastIndex(of: "/"), dot > path.index(after: slash) else { return nil }
        guard markdownExtensions.contains(path[path.index(after: dot)...].lowercased()) else { return nil }
        return String(path[..<dot])
    }
}
