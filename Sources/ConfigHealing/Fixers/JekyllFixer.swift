import Foundation
import PlatformModels
import SiteSimulation

/// `PAGES_JEKYLL_UNDERSCORE` (safe): adds an empty `.nojekyll` at the root of the published folder, so GitHub
/// Pages publishes the files as they are and keeps the `_` paths.
///
/// Not fixed when the site has a `_config.yml`: it may rely on Jekyll (templates, Liquid, collections), which
/// `.nojekyll` turns off; listing the paths under `include:` is the author's call there.
public struct JekyllFixer: Fixer {
    /// `PAGES_JEKYLL_UNDERSCORE`.
    public let code = FindingCode.pagesJekyllUnderscore
    /// Safe for a site without `_config.yml`: it is a static folder, not a Jekyll source.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Creates `.nojekyll`.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let site = context.pages else { return .notFixed("no Pages site") }
        guard site.jekyllConfig == nil else {
            return .notFixed("the site has _config.yml and may need Jekyll: add .nojekyll, or list the paths under `include:`, by hand")
        }
        return .fixed(
            FileEdit(path: site.directory + "/.nojekyll", change: .create(contents: [], mode: nil)),
            change: "added an empty .nojekyll at the root of the published folder"
        )
    }
}
