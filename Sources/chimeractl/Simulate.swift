import ArgumentParser
import ChimeraStore
import ConfigHealing
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
        @Flag(
            name: .customLong("auto-heal"),
            help: ArgumentHelp(
                "Apply ARIE's safe fixes and simulate again, until nothing more is fixable or CHIMERA_HEAL_MAX_ATTEMPTS passes are done (--auto-heal=all: suggested fixes too).",
                discussion: "The folder (--dir) or the workspace's tree (--repo) is changed, never the repository; the patch goes to standard error."
            )
        )
        var autoHeal = false
        // `--auto-heal=all`, rewritten by `Chimeractl.main` (argument-parser has no option with an optional value).
        @Flag(name: .customLong("auto-heal-all"), help: .hidden) var autoHealAll = false

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
            var report: SimulationReport
            if let dir {
                report = try platform.simulate(directory: dir, context: context ?? "production", branch: branch)
                if autoHeal || autoHealAll {
                    report = try heal(platform.healTarget(directory: dir, context: context ?? "production"), report: report, bus: bus, subject: subject)
                }
            } else {
                report = try simulateCommit(bus: bus, subject: subject)
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

        /// Heals `target` when `report` has fixable findings: writes the patches, prints them on standard error,
        /// records `deploy.heal.intent` and `deploy.heal.complete`, and returns the report after healing.
        private func heal(_ target: HealTarget, report: SimulationReport, bus: BusEvents, subject: EventSubject) throws -> SimulationReport {
            let healer = Healer(target: target, scope: autoHealAll ? .all : .safe)
            let plan: HealPlan
            do { plan = try healer.plan() } catch { throw InputError(error.description) }
            guard !plan.applying.isEmpty else { return report }
            bus.record(.deployHealIntent, subject, HealRecord(codes: Array(Set(plan.applying.map(\.code.rawValue))).sorted(), attempts: nil, fixes: plan.applying.count))
            let attempts: Int
            do { attempts = try Healer.maxAttempts() } catch { throw InputError(error.description) }
            let outcome: ConfigHealing.HealOutcome
            do { outcome = try healer.heal(maxAttempts: attempts) } catch { throw InputError(error.description) }
            for patch in outcome.appliedPatches { standardError(patch.unifiedDiff) }
            for pass in outcome.passes {
                for fix in pass.applying { standardError("heal| \(fix.summary(applied: true))\n") }
            }
            let applied = outcome.passes.reduce(0) { $0 + $1.applying.count }
            bus.record(.deployHealComplete, subject, HealRecord(codes: outcome.fixedCodes.map(\.rawValue), attempts: outcome.attempts, fixes: applied))
            standardError("chimeractl: healed \(applied) finding(s) in \(outcome.attempts) pass(es)\n")
            return outcome.finalReport
        }

        private func simulateCommit(bus: BusEvents, subject: EventSubject) throws -> SimulationReport {
            var simulation = try platform.commitSimulation(
                repository: repo!,
                revision: commit!,
                branch: branch,
                context: context,
                state: .resolve()
            )
            simulation.build = !noBuild
            let healing = autoHeal || autoHealAll
            // Healing works on the built tree, so it is kept until healing is done.
            simulation.keepWorkspace = keepWorkspace || healing
            let outcome: CommitSimulation.Outcome
            do {
                outcome = try simulation.run { line in standardError("build| \(line)\n") }
            } catch {
                throw InputError(error.description)
            }
            var report = outcome.report
            let tree = outcome.workspace + "/tree"
            if healing, let folder = outcome.publishDirectory {
                var target = platform.healTarget(directory: folder, context: outcome.record.context ?? context ?? "production")
                target.displayRoot = tree
                target.repositoryRoot = tree
                if platform.platform == .render {
                    target.directory = tree
                    target.renderRepository = true
                }
                report = try heal(target, report: report, bus: bus, subject: subject)
            }
            if keepWorkspace {
                standardError("chimeractl: workspace kept at \(tree)\n")
            } else if healing {
                try? FileManager.default.removeItem(atPath: tree)
            }
            return report
        }
    }
}

/// The payload of `deploy.heal.intent` and `deploy.heal.complete`: the codes, never file contents.
struct HealRecord: Encodable {
    var codes: [String]
    var attempts: Int?
    var fixes: Int
}
