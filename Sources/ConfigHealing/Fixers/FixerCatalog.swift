import Foundation
import PlatformModels

/// The fixers ARIE knows, one per code.
public enum FixerCatalog {
    /// Every fixer: the safe ones, then the suggested ones.
    public static let all: [any Fixer] = [
        ForceDetachedFixer(), DuplicateRedirectFixer(), RedirectSyntaxFixer(), ConditionFixer(), HeadersSyntaxFixer(), SideFileFixer(),
        JekyllFixer(), RenderDeprecatedKeyFixer(), ShadowedRedirectFixer(), UnreachableRedirectFixer(), HeadersConflictFixer(),
        StatusSuspectFixer(),
    ]

    /// The fixer for `code` among `fixers`, if any.
    public static func fixer(for code: FindingCode, in fixers: [any Fixer] = all) -> (any Fixer)? {
        fixers.first { $0.code == code }
    }
}
