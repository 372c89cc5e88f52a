import Foundation
import PlatformModels
import SiteSimulation

/// ARIE: simulates a site, runs the fixers over its findings, and computes (and on request writes) the patches.
///
/// ```swift
/// let healer = Healer(target: HealTarget(platform: .netlify, directory: "site/public"))
/// let plan = try healer.plan()                 // dry run: what would be fixed, with diffs
/// let outcome = try healer.heal(maxAttempts: 3) // fix, write, re-simulate, repeat
/// ```
public struct Healer: Sendable {
    /// The site.
    public var target: HealTarget
    /// Which fixes are applied: `safe` only, or `all`.
    public var scope: FixScope
    /// The fixers used.
    public var fixers: [any Fixer]

    /// The default number of passes, overridden by `CHIMERA_HEAL_MAX_ATTEMPTS`.
    public static let defaultMaxAttempts = 3

    /// Creates a healer.
    public init(target: HealTarget, scope: FixScope = .safe, fixers: [any Fixer] = FixerCatalog.all) {
        self.target = target
        self.scope = scope
        self.fixers = fixers
    }

    /// `CHIMERA_HEAL_MAX_ATTEMPTS` from `environment`, or the default (3).
    /// - Throws: `HealError` when it is set but is not a whole number from 1 to 100.
    public static func maxAttempts(from environment: [String: String] = ProcessInfo.processInfo.environment) throws(HealError) -> Int {
        guard let text = environment["CHIMERA_HEAL_MAX_ATTEMPTS"], !text.isEmpty else { return defaultMaxAttempts }
        guard let value = Int(text), (1...100).contains(value) else {
            throw HealError("CHIMERA_HEAL_MAX_ATTEMPTS=\(text): give a whole number of passes from 1 to 100, such as 3")
        }
        return value
    }

    /// Simulates the site as it is on disk now.
    public func simulate() throws(HealError) -> SimulationReport {
        try load().report
    }

    /// One pass, not written: what would be fixed now, and the patches (a dry run).
    public func plan() throws(HealError) -> HealPlan {
        let (report, context) = try load()
        return plan(report: report, context: context)
    }

    /// Heals: plan, write the patches, re-simulate, and repeat until nothing in scope is left to apply or
    /// `maxAttempts` passes have written.
    public func heal(maxAttempts: Int = Healer.defaultMaxAttempts) throws(HealError) -> HealOutcome {
        var current = try plan()
        let initial = current.report
        var passes: [HealPlan] = []
        while !current.patches.isEmpty, passes.count < maxAttempts {
            for patch in current.patches { try PatchWriter.write(patch) }
            passes.append(current)
            current = try plan()
        }
        return HealOutcome(initialReport: initial, passes: passes, remaining: current)
    }

    // MARK: - Planning

    func plan(report: SimulationReport, context: FixContext) -> HealPlan {
        var fixes: [PlannedFix] = []
        var inScope: [(index: Int, edit: FileEdit)] = []
        var shown: [(index: Int, edit: FileEdit)] = []
        for finding in report.findings {
            guard let fixer = fixers.first(where: { $0.code == finding.code }) else { continue }
            switch fixer.fix(finding, in: context) {
            case .fixed(let edit, let change):
                let applies = scope.applies(fixer.confidence)
                fixes.append(PlannedFix(finding: finding, confidence: fixer.confidence, disposition: applies ? .apply(change) : .show(change)))
                if applies { inScope.append((fixes.count - 1, edit)) } else { shown.append((fixes.count - 1, edit)) }
            case .notFixed(let reason):
                fixes.append(PlannedFix(finding: finding, confidence: fixer.confidence, disposition: .notFixed(reason)))
            }
        }
        let patches = assemble(inScope, fixes: &fixes, context: context)
        let shownPatches = assemble(shown, fixes: &fixes, context: context)
        return HealPlan(report: report, fixes: fixes, patches: patches, shownPatches: shownPatches)
    }

    /// Combines the edits per file into patches; an edit that collides with one already taken is turned into
    /// "not fixed" (the next pass, on the edited file, picks it up again).
    private func assemble(_ edits: [(index: Int, edit: FileEdit)], fixes: inout [PlannedFix], context: FixContext) -> [Patch] {
        var order: [String] = []
        var byPath: [String: [(index: Int, edit: FileEdit)]] = [:]
        for item in edits {
            if byPath[item.edit.path] == nil { order.append(item.edit.path) }
            byPath[item.edit.path, default: []].append(item)
        }
        var patches: [Patch] = []
        for path in order {
            let items = byPath[path]!
            var taken: [Int] = []
            var patch: Patch?
            switch items[0].edit.change {
            case .create(let contents, let mode):
                taken = items.map(\.index)
                patch = Patch(path: path, displayPath: display(path), original: nil, updated: contents, mode: mode, fixes: [])
            case .lines:
                let original = context.documents[path] ?? LineDocument(bytes: (FileManager.default.contents(atPath: path).map { Array($0) }) ?? [])
                var accepted: [LineEdit] = []
                for item in items {
                    guard case .lines(let lineEdits) = item.edit.change else { continue }
                    do {
                        _ = try original.applying(accepted + lineEdits)
                        accepted += lineEdits
                        taken.append(item.index)
                    } catch {
                        fixes[item.index].disposition = .notFixed("\(error.description) in this pass; heal again to apply it")
                    }
                }
                if let edited = try? original.applying(accepted), edited.bytes != original.bytes {
                    patch = Patch(path: path, displayPath: display(path), original: original.bytes, updated: edited.bytes, fixes: [])
                }
            }
            if var patch {
                patch.fixes = taken.map { fixes[$0] }
                patches.append(patch)
            }
        }
        return patches
    }

    /// `path` relative to the display root when inside it.
    private func display(_ path: String) -> String {
        let root = URL(fileURLWithPath: target.displayRoot ?? target.directory).standardizedFileURL.path
        let prefix = root == "/" ? "/" : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    // MARK: - Loading

    /// Simulates the site and reads what the fixers need.
    func load() throws(HealError) -> (report: SimulationReport, context: FixContext) {
        let directory = URL(fileURLWithPath: target.directory).standardizedFileURL.path
        var context = FixContext(platform: target.platform)
        let report: SimulationReport
        var extra: [String] = []
        do {
            switch target.platform {
            case .netlify:
                var simulation = NetlifySimulation(publishDirectory: directory, configPath: target.configPath, context: target.context)
                simulation.repositoryRoot = target.repositoryRoot
                report = try simulation.run()
                let site = try NetlifySite.load(
                    publishDirectory: directory,
                    configPath: target.configPath,
                    context: target.context,
                    repositoryRoot: target.repositoryRoot
                )
                context.netlify = site
                extra = [site.publishDirectory + "/_redirects", site.publishDirectory + "/_headers"] + (site.configPath.map { [$0] } ?? [])
            case .render:
                let simulation =
                    target.renderRepository
                    ? RenderSimulation(repositoryDirectory: directory, blueprintPath: target.configPath, serviceName: target.serviceName)
                    : RenderSimulation(publishDirectory: directory, blueprintPath: target.configPath, serviceName: target.serviceName)
                report = try simulation.run()
                let site = try simulation.loadSite()
                context.render = site
                extra = site.blueprintPath.map { [$0] } ?? []
            case .pages:
                report = try PagesSimulation(
                    publishDirectory: directory,
                    basePath: target.basePath,
                    repository: target.repository,
                    source: target.pagesSource
                ).run()
                context.pages = try PagesSite.load(
                    publishDirectory: directory,
                    basePath: target.basePath,
                    repository: target.repository,
                    source: target.pagesSource
                )
            }
        } catch {
            throw HealError(error.description)
        }
        var paths = Set(extra.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        for finding in report.findings where fixers.contains(where: { $0.code == finding.code }) {
            if let file = finding.file { paths.insert(context.absolutePath(file)) }
        }
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                (attributes[.size] as? NSNumber)?.intValue ?? 0 <= 16 << 20,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            context.documents[path] = LineDocument(bytes: Array(data))
        }
        return (report, context)
    }
}
