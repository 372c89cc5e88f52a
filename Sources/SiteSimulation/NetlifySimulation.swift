import PlatformModels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Leviathan for Netlify: reads a deploy the way Netlify will and runs every analyzer over it.
///
/// ```swift
/// let report = try NetlifySimulation(publishDirectory: "site/public").run()
/// print(report.verdict)
/// ```
public struct NetlifySimulation: Sendable {
    /// The publish folder, as the user wrote it.
    public var publishDirectory: String
    /// `netlify.toml` to use instead of looking for one.
    public var configPath: String?
    /// The deploy context whose build settings apply.
    public var context: String
    /// The branch deployed.
    public var branch: String?
    /// How many cores scan HTML.
    public var workers: Int
    /// Show paths relative to this folder (a workspace's tree) instead of the working directory.
    public var displayBase: String?
    /// The repository root when known; `netlify.toml` is not looked for above it.
    public var repositoryRoot: String?

    /// Creates a simulation of the folder.
    public init(
        publishDirectory: String,
        configPath: String? = nil,
        context: String = "production",
        branch: String? = nil,
        workers: Int = System.activeProcessorCount,
        displayBase: String? = nil
    ) {
        self.displayBase = displayBase
        self.publishDirectory = publishDirectory
        self.configPath = configPath
        self.context = context
        self.branch = branch
        self.workers = workers
    }

    /// Reads the site and runs the analyzers.
    public func run() throws(SiteLoadError) -> SimulationReport {
        let started = Self.monotonicNanoseconds()
        let site = try NetlifySite.load(
            publishDirectory: publishDirectory,
            configPath: configPath,
            context: context,
            branch: branch,
            displayBase: displayBase,
            repositoryRoot: repositoryRoot
        )
        var findings = site.findings
        var references = 0
        if let folder = site.folder {
            findings += DeployFolderAnalyzer(folder: folder, displayRoot: site.publishDisplay).run()
            findings += RedirectAnalyzer(router: site.router).run()
            findings += HeaderAnalyzer(router: site.router).run()
            let assets = AssetAnalyzer(router: site.router, folder: folder, displayRoot: site.publishDisplay).run(workers: workers)
            findings += assets.findings
            references = assets.references
        }
        let stats = SimulationReport.Stats(
            files: site.folder?.sitePaths.count ?? 0,
            bytes: site.folder?.totalBytes ?? 0,
            htmlFiles: site.folder?.htmlFiles.count ?? 0,
            references: references,
            rules: site.router.rules.count + site.router.headerRules.count,
            durationMs: Int((Self.monotonicNanoseconds() - started) / 1_000_000)
        )
        return SimulationReport(platform: "netlify", findings: findings, stats: stats, configuration: describe(site))
    }

    /// What the simulation applied: the configuration file and the build settings of the context.
    private func describe(_ site: NetlifySite) -> [String] {
        guard let configPath = site.configPath else {
            return ["config: no netlify.toml (looked in \(site.publishDisplay) and its parents up to the repository root)"]
        }
        let settings = site.config.settings(context: context, branch: branch)
        var parts: [String] = []
        for (name, value) in [("base", settings.base), ("publish", settings.publish), ("command", settings.command)] {
            if let value { parts.append("\(name) \"\(value.abbreviated(60))\"") }
        }
        if !settings.environment.isEmpty { parts.append("\(settings.environment.count) environment variable(s)") }
        if !site.config.plugins.isEmpty { parts.append("plugins: " + site.config.plugins.map(\.package).joined(separator: ", ")) }
        let branchText = branch.map { ", branch \($0)" } ?? ""
        let summary = parts.isEmpty ? "no build settings" : parts.joined(separator: ", ")
        return ["config: \(FilePaths.display(configPath, relativeTo: displayBase)) (context \(context)\(branchText)): \(summary)"]
    }

    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
