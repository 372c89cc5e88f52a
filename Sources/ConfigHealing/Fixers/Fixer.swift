import Foundation
import PlatformModels

/// Repairs the findings of one code.
///
/// A fixer is a pure function of the finding and the files it reads (`FixContext`): it returns the edit of one
/// file, or the reason it does not fix the finding (the intent is ambiguous, the form is one it does not
/// handle). It never writes; `Healer` applies the edits.
public protocol Fixer: Sendable {
    /// The finding code this fixer repairs.
    var code: FindingCode { get }
    /// Whether the fix keeps the site's meaning (`safe`) or changes what is served (`suggested`).
    var confidence: FixConfidence { get }
    /// The fix for `finding`, or why there is none.
    func fix(_ finding: Finding, in context: FixContext) -> FixOutcome
}

/// How far a fix can be trusted to apply without a human.
public enum FixConfidence: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// The fix cannot change what the author meant: applied by a plain heal (`--auto-heal`).
    case safe
    /// The fix changes behaviour: shown as a patch, applied only with `all` (`--all`, `--auto-heal=all`).
    case suggested

    /// `safe` sorts before `suggested`.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .safe && rhs == .suggested }
}

/// What a fixer decided for one finding.
public enum FixOutcome: Sendable, Hashable {
    /// The edit that repairs the finding, and what it changes, in one sentence.
    case fixed(FileEdit, change: String)
    /// No fix, and why.
    case notFixed(String)
}

/// Which fixes a heal applies.
public enum FixScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// `safe` fixes only.
    case safe
    /// `safe` and `suggested` fixes.
    case all

    /// Whether a fix of `confidence` is applied in this scope.
    public func applies(_ confidence: FixConfidence) -> Bool { self == .all || confidence == .safe }
}
