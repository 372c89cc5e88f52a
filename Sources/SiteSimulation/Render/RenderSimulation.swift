import PlatformModels

/// Leviathan for Render static sites: reads `render.yaml` and the publish folder the way Render will and runs the
/// analyzers that apply (blueprint validation, routes, headers, HTML references).
///
/// Building (`buildCommand` in the sandbox) and web services (start, health check) are separate steps;
/// `RenderSite` exposes what they need.
///
/// ```swift
/// let report = try RenderSimulation(repositoryDirectory: workspace).run()
/// print(report.verdict)
/// ```
public struct RenderSimulation: Sendable {
    /// What the user pointed at.
    public enum Input: Sendable, Hashable {
        /// An already-built publish folder; `render.yaml` is looked for in it and its parents.
        case publishDirectory(String)
        /// A repository (a commit's tree); the publish folder is the service's `staticPublishPath`.
        case repository(String)
    }

    /// What the user pointed at.
    public var input: Input
    /// `render.yaml` to use instead of looking for one.
    public var blueprintPath: String?
    /// The static site to simulate; nil for the blueprint's first static site.
    public var serviceName: String?
    /// How many cores scan HTML.
    public var workers: Int

    /// Creates a simulation of a built publish folder.
    public init(publishDirectory: String, blueprintPath: String? = nil, serviceName: String? = nil, workers: Int = System.activeProcessorCount) {
        self.input = .publishDirectory(publishDirectory)
        self.blueprintPath = blueprintPath
        self.serviceName = serviceName
        self.workers = workers
    }

    /// Creates a simulation of a repository whose static site's output is at its `staticPublishPath`.
    public init(repositoryDirectory: String, blueprintPath: String? = nil, serviceName: String? = nil, workers: Int = System.activeProcessorCount) {
        self.input = .repository(repositoryDirectory)
        self.blueprintPath = blueprintPath
        self.serviceName = serviceName
        self.workers = workers
    }

    /// Reads the site (see `loadSite()`) and runs the analyzers.
    public func run() throws(SiteLoadError) -> SimulationReport {
        let started = NetlifySimulation.monotonicNanoseconds()
        return analyze(try loadSite(), started: started)
    }

    /// Reads `render.yaml` and the publish folder, for callers that build in between or need the service.
    public func loadSite() throws(SiteLoadError) -> RenderSite {
        switch input {
        case .publishDirectory(let path):
            try RenderSite.load(publishDirectory: path, blueprintPath: blueprintPath, serviceName: serviceName)
        case .repository(let path):
            try RenderSite.load(repositoryDirectory: path, blueprintPath: blueprintPath, serviceName: serviceName)
        }
    }

    /// Runs the analyzers over a site already read.
    public func run(on site: RenderSite) -> SimulationReport {
        analyze(site, started: NetlifySimulation.monotonicNanoseconds())
    }

    private func analyze(_ site: RenderSite, started: UInt64) -> SimulationReport {
        var findings = site.findings
        var references = 0
        // Without the folder, every target would look missing: the rules are checked against the files only.
        if let folder = site.folder {
            findings += DeployFolderAnalyzer(folder: folder, displayRoot: site.publishDisplay).run()
            findings += RenderRouteAnalyzer(router: site.router, file: site.blueprintDisplay).run()
            findings += RenderHeaderAnalyzer(router: site.router, file: site.blueprintDisplay).run()
            let assets = AssetAnalyzer(router: site.router, folder: folder, displayRoot: site.publishDisplay).run(workers: workers)
            findings += assets.findings
            references = assets.references
        }
        let stats = SimulationReport.Stats(
            files: site.router.files.paths.count,
            bytes: site.folder?.totalBytes ?? 0,
            htmlFiles: site.folder?.htmlFiles.count ?? 0,
            references: references,
            rules: site.router.routes.count + site.router.headerRules.count,
            durationMs: Int((NetlifySimulation.monotonicNanoseconds() - started) / 1_000_000)
        )
        return SimulationReport(platform: "render", findings: findings, stats: stats, configuration: describe(site))
    }

    /// What the simulation applied: the blueprint, the service and its settings.
    private func describe(_ site: RenderSite) -> [String] {
        guard site.blueprintPath != nil else {
            return ["config: no render.yaml; the folder is served with no routes and no headers"]
        }
        guard let service = site.service else {
            return ["config: \(site.blueprintDisplay): no static site simulated"]
        }
        var parts: [String] = []
        for (name, value) in [
            ("rootDir", service.rootDir), ("buildCommand", service.buildCommand), ("staticPublishPath", service.staticPublishPath),
        ] {
            if let value { parts.append("\(name) \"\(value.abbreviated(60))\"") }
        }
        parts.append("\(service.routes.count) route(s), \(service.headers.count) header rule(s)")
        let environment = site.environment
        if !environment.isEmpty { parts.append("\(environment.count) environment variable(s)") }
        return ["config: \(site.blueprintDisplay), static site `\(service.name)`: " + parts.joined(separator: ", ")]
    }
}
