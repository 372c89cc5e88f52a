import PlatformModels

/// Leviathan for GitHub Pages: reads a folder the way Pages will publish it and runs the Pages checks over it.
///
/// ```swift
/// let report = try PagesSimulation(publishDirectory: "site/_site", repository: "octo/docs").run()
/// print(report.verdict)
/// ```
public struct PagesSimulation: Sendable {
    /// The folder Pages publishes, as the user wrote it.
    public var publishDirectory: String
    /// The path the site is served under (`/repo`); `/` for the root of the host; nil to infer it from `repository`.
    public var basePath: String?
    /// The repository (`name` or `owner/name`), to tell a project site from a user site.
    public var repository: String?
    /// How the site is published.
    public var source: PagesPublishingSource
    /// How many cores scan HTML.
    public var workers: Int

    /// Creates a simulation of the folder.
    public init(
        publishDirectory: String,
        basePath: String? = nil,
        repository: String? = nil,
        source: PagesPublishingSource = .branch,
        workers: Int = System.activeProcessorCount
    ) {
        self.publishDirectory = publishDirectory
        self.basePath = basePath
        self.repository = repository
        self.source = source
        self.workers = workers
    }

    /// Reads the site and runs the checks.
    public func run() throws(SiteLoadError) -> SimulationReport {
        let started = NetlifySimulation.monotonicNanoseconds()
        let site = try PagesSite.load(publishDirectory: publishDirectory, basePath: basePath, repository: repository, source: source)
        var findings = site.findings
        if site.folder != nil, let folder = try? PublishFolder.scan(site.directory) {
            // Links out of the folder and unreachable names matter on every platform.
            findings += DeployFolderAnalyzer(folder: folder, displayRoot: site.display).run()
        }
        var output = PagesReferenceAnalyzer.Output()
        if let analyzer = PagesReferenceAnalyzer(site: site) {
            output = analyzer.run(workers: workers)
            findings += output.findings
        }
        if let dropped = Self.jekyllFinding(site: site, references: output.droppedReferences) { findings.append(dropped) }
        let sizes = Dictionary((site.folder?.files ?? []).map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let stats = SimulationReport.Stats(
            files: site.router.files.paths.count,
            bytes: site.router.files.paths.reduce(0) { $0 + (sizes[site.router.sourceFile(of: $1)] ?? 0) },
            htmlFiles: output.pages,
            references: output.references,
            rules: 0,
            durationMs: Int((NetlifySimulation.monotonicNanoseconds() - started) / 1_000_000)
        )
        return SimulationReport(platform: "pages", findings: findings, stats: stats, configuration: describe(site, output))
    }

    /// One `PAGES_JEKYLL_UNDERSCORE` finding for everything Jekyll drops: a single cause with a single fix
    /// (`.nojekyll`), so one finding, with examples, rather than one per path (Doxygen and Sphinx output can
    /// drop hundreds). It is an error when a page references a dropped path, since that reference breaks, and
    /// a warning otherwise. Paths dropped for another reason than a leading `_` (dotfiles, `node_modules`) are
    /// mostly meant to be left out, so they count only when a page references them.
    static func jekyllFinding(site: PagesSite, references: [String: PagesReferenceAnalyzer.DroppedReference]) -> Finding? {
        struct Entry {
            var root: String
            var isDirectory: Bool
            var reason: JekyllEntryFilter.Reason
            var files: Int
            var reference: PagesReferenceAnalyzer.DroppedReference?
        }
        var entries: [String: Entry] = [:]
        for dropped in site.droppedPaths where dropped.reason == .underscore {
            entries[dropped.root] = Entry(root: dropped.root, isDirectory: dropped.isDirectory, reason: dropped.reason, files: dropped.files)
        }
        for (root, reference) in references {
            let files = site.droppedPaths.first { $0.root == root }?.files ?? site.router.unpublished.values.filter { $0.root == root }.count
            entries[root, default: Entry(root: root, isDirectory: reference.exclusion.isDirectory, reason: reference.exclusion.reason, files: files)]
                .reference = reference
        }
        guard !entries.isEmpty else { return nil }
        // Referenced paths first (they break pages), then by path.
        let ordered = entries.values.sorted { left, right in
            if (left.reference == nil) != (right.reference == nil) { return left.reference != nil }
            return left.root < right.root
        }
        let referenced = ordered.filter { $0.reference != nil }
        let totalFiles = ordered.reduce(0) { $0 + $1.files }
        let examples = ordered.prefix(5).map { entry -> String in
            var text = entry.root + (entry.isDirectory ? "/ (\(entry.files) file\(entry.files == 1 ? "" : "s"))" : "")
            if entry.reason != .underscore { text += ", dropped because \(entry.reason)" }
            if let reference = entry.reference {
                text += ", referenced \(reference.count) time\(reference.count == 1 ? "" : "s"), first by \(reference.file) line \(reference.line)"
            }
            return text
        }
        var list = examples.joined(separator: "; ")
        if ordered.count > examples.count { list += "; and \(ordered.count - examples.count) more" }
        let what =
            "\(ordered.count) path\(ordered.count == 1 ? "" : "s") (\(totalFiles) file\(totalFiles == 1 ? "" : "s")) \(ordered.count == 1 ? "is" : "are") not published"
        let why = "without a .nojekyll file at the root, GitHub Pages runs Jekyll, which skips names starting with `_`"
        let brokenText =
            referenced.isEmpty
            ? "" : "; \(referenced.count) of them \(referenced.count == 1 ? "is" : "are") referenced by pages, whose references break"
        let fix =
            site.jekyllConfig == nil
            ? "add an empty .nojekyll file at the root of the published folder"
            : "add an empty .nojekyll file at the root of the published folder, or list the paths under `include:` in _config.yml if the site needs Jekyll"
        // An error is reported where the first broken reference is, so it sorts with that page's findings.
        let first = referenced.compactMap(\.reference).min { ($0.file, $0.line) < ($1.file, $1.line) }
        return Finding(
            .pagesJekyllUnderscore,
            severity: referenced.isEmpty ? .warning : .error,
            file: first?.file,
            line: first?.line,
            message: "\(what): \(why)\(brokenText): \(list)",
            fix: fix
        )
    }

    /// What the simulation applied: where the site is served, whether Jekyll runs, the custom domain.
    private func describe(_ site: PagesSite, _ output: PagesReferenceAnalyzer.Output) -> [String] {
        var lines: [String] = []
        if let origin = site.basePathOrigin {
            lines.append("served under \(origin)")
        } else {
            lines.append("served at the root of its host" + (site.customDomain.map { " (custom domain \($0) from CNAME)" } ?? ""))
        }
        switch site.source {
        case .workflow:
            lines.append("published by a GitHub Actions workflow: no Jekyll step, CNAME ignored")
        case .branch where site.router.runsJekyll:
            var text = "published from a branch without .nojekyll: Jekyll runs"
            if output.templates > 0 { text += "; \(output.templates) page(s) with front matter are templates and were not checked" }
            if site.jekyllConfig?.isValidYAML == false { text += "; _config.yml is not valid YAML, which fails the Pages build" }
            lines.append(text)
        case .branch:
            lines.append("published from a branch with .nojekyll: files are published as they are")
        }
        return lines
    }
}
