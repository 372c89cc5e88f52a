import ArgumentParser
import ChimeraStore
import Foundation
import PlatformModels
import SiteSimulation

extension Chimeractl {
    /// `chimeractl simulate`: reads a site as the platform will and reports what will break.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find what will break before a deploy: dropped rules, shadowed redirects, missing assets, failing builds.",
            discussion: """
                Give an already-built folder with --dir, or a commit with --repo and --commit: the commit's tree is \
                exported into a workspace under the state directory (CHIMERA_STATE_DIR, default \
                ~/.local/state/chimera), the platform's build runs in a bubblewrap sandbox (CHIMERA_SIM_TIMEOUT \
                seconds, default 300; no network unless CHIMERA_BUILD_NETWORK=1), and its output is simulated. \
                Build output goes to standard error. Exit status: 0 no error-level finding, 1 at least one, 2 bad \
                usage or unreadable input.
                """
        )

        @OptionGroup var platform: PlatformOptions
        @Option(help: ArgumentHelp("An already-built publish folder.", valueName: "PUBLISH")) var dir: String?
        @Option(help: ArgumentHelp("A git repository (bare or not) whose commit is built and simulated.", valueName: "PATH"))
        var repo: String?
        @Option(help: ArgumentHelp("With --repo: the revision (branch, tag, id, HEAD~2).", valueName: "REV")) var commit: String?
        @Option(help: "The branch deployed (default: the repository's current branch), for [context.BRANCH] and the context.")
        var branch: String?
        @Option(help: "netlify: the deploy context (default: production for the default branch, branch-deploy otherwise).")
        var context: String?
        @Flag(name: .customLong("no-build"), help: "With --repo: simulate the tree as committed, without running the build.")
        var noBuild = false
        @Flag(name: .customLong("keep-workspace"), help: "With --repo: keep the exported and built tree.") var keepWorkspace = false
        @Option(help: "Output format.") var format: OutputFormat = .text

        func validate() throws {
            guard (dir == nil) != (repo == nil) else { throw ValidationError("give either --dir PUBLISH or --repo PATH --commit REV") }
            if repo != nil, commit == nil { throw ValidationError("--repo needs --commit REV (for example --commit HEAD)") }
            if repo == nil, commit != nil || noBuild || keepWorkspace {
                throw ValidationError("--commit, --no-build and --keep-workspace apply to --repo only")
            }
            if repo != nil, platform.config != nil {
                throw ValidationError("--config does not apply to --repo: the commit's own netlify.toml or render.yaml is used")
            }
        }

        func run() throws {
            let bus = BusEvents()
            let subject = EventSubject(site: URL(fileURLWithPath: dir ?? repo!).standardizedFileURL.path, commit: commit)
            bus.record(.simulateStart, subject, ["platform": platform.platform.rawValue])
            let report: SimulationReport
            if let dir {
                report = try platform.simulate(directory: dir, context: context ?? "production", branch: branch)
            } else {
                report = try simulateCommit()
            }
            bus.record(.simulateComplete, subject, SimulationSummary(report))
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.renderedText(), terminator: "")
            }
            if report.verdict == .fail { throw ExitCode(1) }
        }

        private func simulateCommit() throws -> SimulationReport {
            var simulation = try platform.commitSimulation(
                repository: repo!,
                revision: commit!,
                branch: branch,
                context: context,
                state: .resolve()
            )
            simulation.build = !noBuild
            simulation.keepWorkspace = keepWorkspace
            do {
                let outcome = try simulation.run { line in standardError("build| \(line)\n") }
                if keepWorkspace { standardError("chimeractl: workspace kept at \(outcome.workspace)/tree\n") }
                return outcome.report
            } catch {
                throw InputError(error.description)
            }
        }
    }
}
