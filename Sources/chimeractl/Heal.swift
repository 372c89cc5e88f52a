import ArgumentParser
import ConfigHealing
import Foundation
import PlatformModels
import SiteSimulation

extension Chimeractl {
    /// `chimeractl heal`: repairs what ARIE knows how to repair in a site's configuration, as a patch.
    struct Heal: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fix the configuration findings ARIE knows how to repair: print the patch, or write it with --write.",
            discussion: """
                Simulates the site, runs one fixer per fixable finding code and prints a unified diff per file it \
                would change, then one line per finding that has a fixer: code, file:line, safe or suggested, and \
                "to apply", "applied", "shown-only" or "not fixed: why". Safe fixes keep the site's meaning; \
                suggested fixes change what is served and are applied only with --all (without it they are printed \
                as patches, marked "suggested"). Untouched bytes stay as they are (comments, order, blank lines, \
                line endings).

                With --write the patches are written atomically (temporary file, then rename; the mode is kept), the \
                site is simulated again, and this repeats until nothing in scope is left to fix or \
                CHIMERA_HEAL_MAX_ATTEMPTS passes (default 3) have written. With --repo the commit's tree is \
                exported (not built) into a workspace under the state directory and healed there; the repository \
                itself is never changed, and the workspace's path is printed on standard error.

                Exit status: 0 nothing is left to fix and no error-level finding remains (with --write: after \
                writing); 1 a fixable finding is left unapplied (every dry run that has something to fix, and \
                suggested fixes without --all) or an error-level finding remains; 2 bad usage or unreadable input.
                """
        )

        @OptionGroup var platform: PlatformOptions
        @Option(help: ArgumentHelp("The site's publish folder (its configuration files are found as simulate finds them).", valueName: "PUBLISH"))
        var dir: String?
        @Option(help: ArgumentHelp("A git repository whose commit's tree is healed in a kept workspace.", valueName: "PATH")) var repo: String?
        @Option(help: ArgumentHelp("With --repo: the revision (branch, tag, id, HEAD~2).", valueName: "REV")) var commit: String?
        @Option(help: "netlify: the deploy context whose settings apply (default production).") var context: String?
        @Flag(help: "Write the patches (atomically) and heal again until nothing more is fixable.") var write = false
        @Flag(help: "Apply suggested fixes too (they change behaviour); without it only safe fixes are applied.") var all = false

        func validate() throws {
            guard (dir == nil) != (repo == nil) else { throw ValidationError("give either --dir PUBLISH or --repo PATH --commit REV") }
            if repo != nil, commit == nil { throw ValidationError("--repo needs --commit REV (for example --commit HEAD)") }
            if repo == nil, commit != nil { throw ValidationError("--commit applies to --repo only") }
            if repo != nil, platform.config != nil {
                throw ValidationError("--config does not apply to --repo: the commit's own netlify.toml or render.yaml is used")
            }
        }

        func run() throws {
            let target = try makeTarget()
            let healer = Healer(target: target, scope: all ? .all : .safe)
            do {
                if write {
                    let outcome = try healer.heal(maxAttempts: try Healer.maxAttempts())
                    for patch in outcome.appliedPatches { print(patch.unifiedDiff, terminator: "") }
                    printShown(outcome.remaining)
                    for pass in outcome.passes {
                        for fix in pass.applying { print(fix.summary(applied: true)) }
                    }
                    for fix in outcome.remaining.fixes { print(fix.summary(applied: false)) }
                    let applied = outcome.passes.reduce(0) { $0 + $1.applying.count }
                    print(
                        "heal: \(applied) fix(es) applied in \(outcome.attempts) pass(es)\(codes(outcome.fixedCodes)); "
                            + "simulation \(outcome.finalReport.verdict.rawValue) (\(outcome.finalReport.count(.error)) error(s), \(outcome.finalReport.count(.warning)) warning(s))"
                    )
                    if outcome.remaining.fixes.contains(where: \.isFixable) || outcome.finalReport.verdict == .fail { throw ExitCode(1) }
                } else {
                    let plan = try healer.plan()
                    for patch in plan.patches { print(patch.unifiedDiff, terminator: "") }
                    printShown(plan)
                    for fix in plan.fixes { print(fix.summary(applied: false)) }
                    print(
                        "heal: dry run, \(plan.applying.count) fix(es) to apply\(codes(Array(Set(plan.applying.map(\.code))).sorted())); "
                            + "simulation \(plan.report.verdict.rawValue) (\(plan.report.count(.error)) error(s), \(plan.report.count(.warning)) warning(s)); nothing written"
                    )
                    if plan.fixes.contains(where: \.isFixable) || plan.report.verdict == .fail { throw ExitCode(1) }
                }
            } catch let error as HealError {
                throw InputError(error.description)
            }
        }

        private func printShown(_ plan: HealPlan) {
            for patch in plan.shownPatches {
                print("# suggested, not applied (use --all): \(patch.fixes.map(\.code.rawValue).joined(separator: ", "))")
                print(patch.unifiedDiff, terminator: "")
            }
        }

        private func codes(_ codes: [FindingCode]) -> String {
            codes.isEmpty ? "" : " (" + codes.map(\.rawValue).joined(separator: ", ") + ")"
        }

        /// The heal target for --dir, or for --repo after exporting the commit's tree into a kept workspace.
        private func makeTarget() throws -> HealTarget {
            let healPlatform = HealPlatform(rawValue: platform.platform.rawValue)!
            if let dir {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw InputError("--dir \(dir): no such folder")
                }
                return platform.healTarget(directory: dir, context: context ?? "production")
            }
            var simulation = try platform.commitSimulation(repository: repo!, revision: commit!, branch: nil, context: context, state: .resolve())
            simulation.build = false
            simulation.keepWorkspace = true
            let outcome: CommitSimulation.Outcome
            do {
                outcome = try simulation.run()
            } catch {
                throw InputError(error.description)
            }
            let tree = outcome.workspace + "/tree"
            standardError("chimeractl: healing the exported tree in \(tree) (the repository is not changed)\n")
            var target = HealTarget(platform: healPlatform, directory: outcome.publishDirectory ?? tree)
            target.displayRoot = tree
            target.repositoryRoot = tree
            target.context = outcome.record.context ?? context ?? "production"
            target.serviceName = platform.service
            target.basePath = platform.basePath
            target.repository = platform.repository
            target.pagesSource = platform.source
            if healPlatform == .render {
                target.directory = tree
                target.renderRepository = true
            }
            return target
        }
    }
}
