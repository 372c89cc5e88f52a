import Foundation
import PlatformModels

/// What a heal does about one finding that has a fixer.
public struct PlannedFix: Sendable, Hashable {
    /// What happens to the finding.
    public enum Disposition: Sendable, Hashable {
        /// The fix is in the patches to apply; the change in one sentence.
        case apply(String)
        /// A suggested fix outside the scope: shown as a patch, not applied.
        case show(String)
        /// No fix, and why.
        case notFixed(String)
    }

    /// The finding.
    public var finding: Finding
    /// The fixer's confidence.
    public var confidence: FixConfidence
    /// What happens.
    public var disposition: Disposition

    /// Creates a record.
    public init(finding: Finding, confidence: FixConfidence, disposition: Disposition) {
        self.finding = finding
        self.confidence = confidence
        self.disposition = disposition
    }

    /// The finding code.
    public var code: FindingCode { finding.code }

    /// True when a fix exists (applied or shown).
    public var isFixable: Bool {
        if case .notFixed = disposition { false } else { true }
    }

    /// One line: `CODE file:line safe|suggested applied|shown-only|not fixed: why — change`.
    public func summary(applied: Bool) -> String {
        let location = (finding.file ?? "(site)") + (finding.line.map { ":\($0)" } ?? "")
        switch disposition {
        case .apply(let change): return "\(code) \(location) \(confidence.rawValue) \(applied ? "applied" : "to apply"): \(change)"
        case .show(let change): return "\(code) \(location) \(confidence.rawValue) shown-only (needs --all): \(change)"
        case .notFixed(let reason): return "\(code) \(location) \(confidence.rawValue) not fixed: \(reason)"
        }
    }
}
