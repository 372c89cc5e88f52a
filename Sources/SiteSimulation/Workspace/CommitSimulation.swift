import BuildSandbox
import ChimeraGit
import Foundation
import PlatformModels

/// Leviathan on a commit: exports the commit's tree into a workspace, runs the platform's build in the
/// sandbox the way the platform would, then simulates what came out.
///
/// ```swift
/// let outcome = try CommitSimulation(repository: ".", revision: "HEAD", platform: .netlify).run { line in print(line) }
/// print(outcome.report.verdict)
/// ```
public struct CommitSimulation: Sendable {
    /// The platform models a commit can be simulated for.
    public enum Platform: String, Sendable, CaseIterable {
        /// Netlify: `netlify.toml`, `_redirects`, `_headers`.
        case netlify
        /// Render: `render.yaml`.
        case render
        /// GitHub Pages.
        case pages
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        /// The simulation of the build's output, with the build's own findings.
        public var report: SimulationReport
        /// The workspace record, as written to `workspace.json`.
        public var record: WorkspaceRecord
        /// The workspace folder (its `tree` is gone unless kept).
        public var workspace: String
        /// The built publish folder inside the kept tree; nil unless `keepWorkspace`, or when it cannot be known.
        public var publishDirectory: String? = nil
    }

    /// The repository, bare or not.
    public var repository: String
    /// The revision to simulate (branch, tag, id, `HEAD~2`…).
    public var revision: String
    /// The platform model.
    public var platform: Platform
    /// The branch deployed; defaults to the repository's current branch.
    public var branch: String?
    /// Netlify's deploy context; defaults to production for the default branch, else branch-deploy.
    public var context: String?
    /// False to skip the build (`--no-build`).
    public var build = true
    /// True to keep the exported tree (`--keep-workspace`).
    public var keepWorkspace = false
    /// Where workspaces live.
    public var state: StateDirectory
    /// How long the build may run before everything it started is killed (`CHIMERA_SIM_TIMEOUT`).
    public var timeout: Duration = .seconds(300)
    /// Whether the build may use the network (`CHIMERA_BUILD_NETWORK=1`).
    public var networkAllowed = false
    /// The site's URL, for Netlify's `URL` and `DEPLOY_URL`.
    public var siteURL = "http://localhost"
    /// Render: the service to simulate.
    public var serviceName: String?
    /// Pages: the base path of a project site.
    public var basePath: String?
    /// Pages: the repository's `OWNER/NAME`.
    public var repositoryName: String?
    /// Pages: how the site is published.
    public var pagesSource: PagesPublishingSource = .branch
    /// How many workspace records to keep; older ones are removed.
    public var recordsKept = 50

    /// Creates a simulation of `revision` in `repository`.
    public init(repository: String, revision: String, platform: Platform, state: StateDirectory = .resolve()) {
        self.repository = repository
        self.revision = revision
        self.platform = platform
        self.state = state
    }

    /// Exports, builds and simulates; `output` receives the build's lines as they come.
    ///
    /// - Throws: `SiteLoadError` when the repository or revision cannot be read or the workspace cannot be made.
    public func run(output: (String) -> Void = { _ in }) throws(SiteLoadError) -> Outcome {
        let started = ContinuousClock.now
        let git: GitRepository
        let commit: GitCommit
        do {
            git = try GitRepository(path: FilePaths.absolute(repository))
            commit = try git.commit(revision)
        } catch {
            throw SiteLoadError(error.message)
        }
        let workspace = try makeWorkspace(for: commit)
        let tree = workspace + "/tree"
        let export: ExportReport
        do {
            export = try git.export(commit.id, into: tree)
        } catch {
            throw SiteLoadError("cannot export \(commit.shortID) into \(tree): \(error.message)")
        }
        let branch = self.branch ?? git.currentBranch ?? "main"
        var record = WorkspaceRecord(
            id: String(workspace.split(separator: "/").last!),
            repository: git.path,
            commit: commit.id,
            branch: branch,
            context: nil,
            platform: platform.rawValue,
            created: ISO8601DateFormatter().string(from: Date()),
            build: nil,
            verdict: nil,
            treeKept: keepWorkspace
        )
        var findings = exportFindings(export)
        var report: SimulationReport
        switch platform {
        case .netlify:
            report = try simulateNetlify(tree: tree, workspace: workspace, commit: commit, branch: branch, git: git, record: &record, output: output)
        case .render:
            report = try simulateRender(tree: tree, workspace: workspace, commit: commit, branch: branch, record: &record, output: output)
        case .pages:
            report = try PagesSimulation(publishDirectory: tree, basePath: basePath, repository: repositoryName, source: pagesSource).run()
        }
        findings += report.findings
        report = SimulationReport(
            platform: report.platform,
            findings: findings.map { Self.relative($0, to: tree) },
            stats: report.stats,
            configuration: report.configuration.map {
                $0.replacingOccurrences(of: tree + "/", with: "").replacingOccurrences(of: FilePaths.display(tree) + "/", with: "")
            }
        )
        report.stats.durationMs = Int((ContinuousClock.now - started) / .milliseconds(1))
        report.configuration.insert("commit: \(commit.shortID) \(commit.summary.abbreviated(72)) (\(git.path), branch \(branch))", at: 0)
        record.verdict = report.verdict.rawValue
        if !keepWorkspace { try? FileManager.default.removeItem(atPath: tree) }
        do {
            try record.write(into: workspace)
        } catch {
            throw SiteLoadError("cannot write \(workspace)/workspace.json: \(error)")
        }
        pruneRecords()
        var outcome = Outcome(report: report, record: record, workspace: workspace)
        if keepWorkspace { outcome.publishDirectory = publishDirectory(tree: tree, commit: commit, branch: branch, context: record.context) }
        return outcome
    }

    /// Runs `command` in the sandbox over `tree` and turns a failure into a finding.
    func runBuild(
        _ command: String,
        writtenAt location: (file: String, line: Int?)?,
        tree: String,
        directory: String,
        environment: [String: String],
        workspace: String,
        record: inout WorkspaceRecord,
        output: (String) -> Void
    ) throws(SiteLoadError) -> Finding? {
        let sandboxed = sandboxedCommand(command, tree: tree, directory: directory, environment: environment)
        let outcome: BuildOutcome
        do {
            outcome = try SandboxRunner().run(sandboxed, logFile: workspace + "/build.log", output: output)
        } catch {
            throw SiteLoadError("cannot start the build sandbox: \(error.message)")
        }
        record.build = WorkspaceRecord.Build(
            command: command,
            directory: FilePaths.display(directory, relativeTo: tree),
            exitStatus: outcome.exitStatus,
            timedOut: outcome.timedOut,
            durationMs: Int(outcome.duration / .milliseconds(1)),
            log: "build.log"
        )
        let tail = Self.describeTail(outcome.tail)
        if outcome.timedOut {
            return Finding(
                .buildTimeout,
                file: location?.file,
                line: location?.line,
                message:
                    "the build `\(command.abbreviated())` ran past \(timeout) and was killed with everything it started; \(tail)",
                fix: "make the build faster, or raise CHIMERA_SIM_TIMEOUT (seconds)"
            )
        }
        guard outcome.succeeded else {
            let status = outcome.exitStatus.map { "exit status \($0)" } ?? "a signal"
            return Finding(
                .buildFailed,
                file: location?.file,
                line: location?.line,
                message: "the build `\(command.abbreviated())` failed with \(status); \(tail)",
                fix: "run the build locally and fix it; the full log is \(workspace)/build.log"
            )
        }
        return nil
    }

    /// `command` set up to run in the sandbox over `tree`, in `directory`, with exactly `environment`.
    func sandboxedCommand(_ command: String, tree: String, directory: String, environment: [String: String]) -> SandboxedCommand {
        let relative = FilePaths.display(directory, relativeTo: tree)
        var sandboxed = SandboxedCommand(
            command,
            workspace: tree,
            workingDirectory: relative == "." ? "" : relative,
            environment: environment,
            networkAllowed: networkAllowed,
            timeout: timeout
        )
        // The state directory holds other workspaces (and later keys): the build must not read them.
        sandboxed.hiddenPaths.append(state.path)
        return sandboxed
    }

    /// The last lines of a build or service, for a finding's message.
    static func describeTail(_ lines: [String]) -> String {
        lines.isEmpty ? "it printed nothing" : "its last \(lines.count) line(s):\n" + lines.joined(separator: "\n")
    }

    private func makeWorkspace(for commit: GitCommit) throws(SiteLoadError) -> String {
        let stamp = ISO8601DateFormatter().string(from: Date()).filter { $0.isNumber }
        let id = "\(stamp)-\(commit.shortID)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        let folder = state.workspaces + "/" + id
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SiteLoadError("cannot create the workspace \(folder): \(error.localizedDescription); set CHIMERA_STATE_DIR to a writable folder")
        }
        return folder
    }

    private func exportFindings(_ export: ExportReport) -> [Finding] {
        var findings: [Finding] = []
        for link in export.escapingSymlinks {
            findings.append(
                Finding(
                    .workspaceExportNote,
                    file: link.path,
                    line: nil,
                    message:
                        "symbolic link to \(link.target.abbreviated()) points outside the repository: the build sees the build machine's file there",
                    fix: "commit the file itself, or a link inside the repository"
                )
            )
        }
        for submodule in export.submodules {
            findings.append(
                Finding(
                    .workspaceExportNote,
                    file: submodule.path,
                    line: nil,
                    message: "submodule at \(String(submodule.commitID.prefix(7))) is not fetched: the build sees an empty folder"
                )
            )
        }
        return findings
    }

    /// Keeps the newest `recordsKept` workspaces; a simulation's record and log outlive its tree that long.
    private func pruneRecords() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: state.workspaces) else { return }
        for name in names.sorted().dropLast(recordsKept) {
            try? FileManager.default.removeItem(atPath: state.workspaces + "/" + name)
        }
    }

    /// `finding` with its file named relative to the tree, whether the analyzer wrote it absolute or relative
    /// to the working directory: the tree is gone afterwards, its repository-relative paths are what a user fixes.
    private static func relative(_ finding: Finding, to tree: String) -> Finding {
        var finding = finding
        for prefix in Set([tree, FilePaths.display(tree)]) {
            guard let file = finding.file else { break }
            if file == prefix {
                finding.file = "."
            } else if file.hasPrefix(prefix + "/") {
                finding.file = String(file.dropFirst(prefix.count + 1))
            }
        }
        return finding
    }
}
