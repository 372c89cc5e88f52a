import Certification
import ChimeraStore
import ConfigHealing
import Foundation
import GitHubAPI
import Logging
import PlatformModels
import SiteSimulation

/// ARIE in the pipeline: between the simulation and the certification, the deploy's workspace (never the
/// repository) is healed with the safe fixes, re-simulated, and the patch is posted on the commit so that its author
/// can commit the fix.
extension DeployRunner {
    /// What healing changed.
    struct HealResult {
        var report: SimulationReport
        var healing: CertificationPredicate.Healing
    }

    /// Heals the built `folder` of `deploy` when its report has safe-fixable findings; nil when nothing was fixed.
    ///
    /// Fixers whose fixes failed to hold twice on this site are left out (and said so in the events); each applied
    /// fix is remembered with whether it cleared its finding, and later whether the deploy verified.
    func heal(_ deploy: Deploy, site: SiteConfiguration, folder: String, tree: String, report: SimulationReport, progress: inout DeployProgress) async throws
        -> HealResult?
    {
        guard settings.healMaxAttempts > 0, !report.findings.isEmpty else { return nil }
        var target = HealTarget(platform: HealPlatform(rawValue: site.platform.rawValue) ?? .netlify, directory: folder)
        target.displayRoot = tree
        target.repositoryRoot = tree
        target.context = deploy.context
        target.serviceName = site.service
        target.basePath = site.basePath
        target.repository = site.platform == .pages ? site.repository : nil
        if site.platform == .render {
            target.directory = tree
            target.renderRepository = true
        }
        let memory = HealMemory(database: database)
        let benched = try memory.benchedCodes(site: site.name)
        let healer = Healer(target: target, scope: .safe, fixers: FixerCatalog.all.filter { !benched.contains($0.code.rawValue) })
        let plan = try await Blocking.run { try healer.plan() }
        guard !plan.applying.isEmpty else {
            // Say so when fixes exist for this report but their fixers are benched on this site.
            let withheld = Set(report.findings.map(\.code.rawValue)).intersection(benched)
            if !withheld.isEmpty {
                try database.append(
                    Event(.deployHealIntent, subject: deploy.subject, payload: HealIntentRecord(codes: [], benched: withheld.sorted(), fixes: 0))
                )
            }
            return nil
        }
        try database.append(
            Event(
                .deployHealIntent,
                subject: deploy.subject,
                payload: HealIntentRecord(codes: Self.codes(plan.applying), benched: benched.sorted(), fixes: plan.applying.count)
            )
        )
        let attempts = settings.healMaxAttempts
        let outcome = try await Blocking.run { try healer.heal(maxAttempts: attempts) }
        let applied = outcome.passes.flatMap(\.applying)
        let patch = outcome.appliedPatches.map(\.unifiedDiff).joined()
        let patchPath = (progress.workspace ?? tree) + "/heal.patch"
        try AtomicFile.write(Array(patch.utf8), to: patchPath)
        let digest = try CertificationPredicate.configDigests([patchPath]).values.first ?? ""
        let remaining = Set(outcome.finalReport.findings.map { "\($0.code.rawValue) \($0.file ?? "") \($0.line ?? 0)" })
        try memory.record(
            applied.map { fix in
                AppliedFix(
                    site: site.name,
                    code: fix.code.rawValue,
                    confidence: fix.confidence == .safe ? "safe" : "suggested",
                    location: "\(Self.shown(fix.finding.file, tree: tree)):\(fix.finding.line ?? 0)",
                    deployID: deploy.id,
                    commit: deploy.commit,
                    cleared: !remaining.contains("\(fix.code.rawValue) \(fix.finding.file ?? "") \(fix.finding.line ?? 0)")
                )
            }
        )
        let fixed = outcome.fixedCodes.map(\.rawValue)
        progress.healedCodes = fixed
        progress.healPatch = patchPath
        progress.healPatchDigest = digest
        try database.append(
            Event(
                .deployHealComplete,
                subject: deploy.subject,
                payload: HealCompleteRecord(codes: fixed, attempts: outcome.attempts, fixes: applied.count, patch: digest, verdict: outcome.finalReport.verdict.rawValue)
            )
        )
        await comment(on: deploy, site: site, applied: applied, remaining: outcome.remaining, patch: patch, verdict: outcome.finalReport.verdict.rawValue, tree: tree)
        var report = outcome.finalReport
        // The healer reads the workspace by absolute path; the author knows the repository's paths.
        report.findings = report.findings.map { finding in
            var finding = finding
            finding.file = finding.file.map { Self.shown($0, tree: tree) }
            return finding
        }
        return HealResult(report: report, healing: CertificationPredicate.Healing(fixed: fixed, patchSHA256: digest))
    }

    /// Posts the patch as a comment on the commit, or edits the comment an earlier run posted (one per commit).
    func comment(
        on deploy: Deploy,
        site: SiteConfiguration,
        applied: [PlannedFix],
        remaining: HealPlan,
        patch: String,
        verdict: String,
        tree: String
    ) async {
        guard let client = statuses.client else { return }
        // One comment per site and commit: several sites built from one repository each keep their own.
        let key = "comment:\(site.name)@\(deploy.commit)"
        let body = Self.commentBody(deploy: deploy, site: site, applied: applied, remaining: remaining, patch: patch, verdict: verdict, tree: tree)
        do {
            if let recorded = try queue.effect(key), let id = Int(recorded.filter(\.isNumber)) {
                do {
                    _ = try await client.updateCommitComment(repository: deploy.repository, id: id, body: body)
                    return
                } catch let error as GitHubError where error.status == 404 {
                    // Deleted on GitHub: post a new one below (the key keeps the first id; edits go to the newest).
                    logger.with(deploy: deploy).notice("the earlier heal comment is gone; posting a new one")
                }
            }
            let created = try await client.createCommitComment(repository: deploy.repository, sha: deploy.commit, body: body)
            if try queue.effect(key) == nil { _ = try queue.recordEffect(key, result: "{\"comment\":\(created.id)}") }
        } catch {
            logger.with(deploy: deploy).warning("the heal comment was not posted", metadata: ["error": "\(error)"])
        }
    }

    /// The comment: what ARIE fixed, what it left, and the patch to commit.
    static func commentBody(
        deploy: Deploy,
        site: SiteConfiguration,
        applied: [PlannedFix],
        remaining: HealPlan,
        patch: String,
        verdict: String,
        tree: String
    ) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: URL(fileURLWithPath: tree).standardizedFileURL.path + "/", with: "")
                .replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var lines = [
            "### ARIE healed this commit's deploy of `\(site.name)` (\(deploy.context))",
            "",
            "Chimera fixed these findings in the deploy's workspace (not in the repository), then simulated again: **\(verdict)**.",
            "Commit the patch below to keep the fix.",
            "",
            "| code | where | fix |",
            "|---|---|---|",
        ]
        for fix in applied {
            let location = "\(shown(fix.finding.file, tree: tree))\(fix.finding.line.map { ":\($0)" } ?? "")"
            lines.append("| `\(fix.code.rawValue)` | `\(cell(location))` | \(cell(fix.summary(applied: true))) |")
        }
        let left = remaining.fixes.filter { !$0.isFixable || $0.confidence == .suggested }
        if !left.isEmpty {
            lines += ["", "Not applied (suggested fixes change behaviour and need a person; others have no safe fix):", ""]
            for fix in left { lines.append("- \(cell(fix.summary(applied: false)))") }
        }
        lines += ["", "```diff", patch.hasSuffix("\n") ? String(patch.dropLast()) : patch, "```", "", "<sub>deploy \(deploy.id)</sub>"]
        return lines.joined(separator: "\n")
    }

    static func codes(_ fixes: [PlannedFix]) -> [String] { Array(Set(fixes.map(\.code.rawValue))).sorted() }

    /// `file` relative to the workspace's tree (the repository's own path), as the author knows it.
    static func shown(_ file: String?, tree: String) -> String {
        guard let file else { return "?" }
        let root = URL(fileURLWithPath: tree).standardizedFileURL.path + "/"
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        return absolute.hasPrefix(root) ? String(absolute.dropFirst(root.count)) : file
    }
}

/// `deploy.heal.intent`: the codes about to be fixed and the fixers benched on this site.
struct HealIntentRecord: Encodable {
    var codes: [String]
    var benched: [String]
    var fixes: Int
}

/// `deploy.heal.complete`: the codes fixed, the passes, and the patch's digest.
struct HealCompleteRecord: Encodable {
    var codes: [String]
    var attempts: Int
    var fixes: Int
    var patch: String
    var verdict: String
}
