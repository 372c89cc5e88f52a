import Foundation
import PlatformModels
import SiteSimulation

/// `RENDER_KEY_DEPRECATED` (safe): rewrites a deprecated `render.yaml` key as its current form, on its own line,
/// keeping indentation, list markers and comments.
///
/// | deprecated | written as | not fixed when |
/// |---|---|---|
/// | `env: X` | `runtime: X` | — |
/// | `env: X` beside `runtime: X` | the `env` line deleted | the values differ (which one Render uses is undocumented), or the line starts a list item |
/// | `type: redis` | `type: keyvalue` | — |
/// | `autoDeploy: true/false` | `autoDeployTrigger: commit/off` | `autoDeployTrigger` is also set |
/// | `pullRequestPreviewsEnabled: true/false` | `previews: {generation: automatic/off}` | `previews` is also set |
/// | `previewPlan: P` (service) | `previews: {plan: P}` | `previews` or `pullRequestPreviewsEnabled` is also set |
/// | `previewsEnabled: true/false` (top level) | `previews: {generation: automatic/off}` | `previews` is also set |
/// | `previewsExpireAfterDays: N` (top level) | `previews: {expireAfterDays: N}` | `previews` or `previewsEnabled` is also set |
public struct RenderDeprecatedKeyFixer: Fixer {
    /// `RENDER_KEY_DEPRECATED`.
    public let code = FindingCode.renderKeyDeprecated
    /// Safe: each rewrite is the key Render documents as the replacement, with the same value.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Rewrites the key.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let (path, document) = context.document(for: finding), let number = finding.line else {
            return .notFixed("the finding names no file line")
        }
        guard let text = document.text(ofLine: number), let line = YAMLKeyLine(text) else {
            return .notFixed("line \(number) is not a one-line `key: value`")
        }
        let service = context.render?.blueprint.services.first { $0.keyLines[line.key] == number }
        func has(_ key: String) -> Bool {
            if let service { return service.keyLines[key] != nil }
            // Top level: a key at column 0.
            return (1...max(1, document.count)).contains { document.text(ofLine: $0)?.hasPrefix(key + ":") == true }
        }
        func replace(_ rewritten: String, _ change: String) -> FixOutcome {
            .fixed(FileEdit(path: path, change: .lines([.replace(line: number, with: rewritten)])), change: change)
        }
        let value = line.unquotedValue
        let bool: Bool? = ["true", "True", "TRUE"].contains(value) ? true : ["false", "False", "FALSE"].contains(value) ? false : nil
        switch line.key {
        case "env":
            guard let service else { return .notFixed("the service holding `env` was not found") }
            if service.keyLines["runtime"] == nil { return replace(line.with(key: "runtime"), "renamed `env` to `runtime`") }
            guard service.runtime == value, !line.startsListItem else {
                return .notFixed("`env: \(value)` and `runtime` are both set and differ (or `env` starts the list item): keep one by hand")
            }
            return .fixed(FileEdit(path: path, change: .lines([.delete(line: number)])), change: "deleted `env`, which repeats `runtime`")
        case "type" where value == "redis":
            return replace(line.with(value: "keyvalue"), "wrote `type: keyvalue` for `type: redis`")
        case "autoDeploy":
            guard let bool, !has("autoDeployTrigger") else {
                return .notFixed("`autoDeployTrigger` is also set, or `autoDeploy` is not true/false: merge by hand")
            }
            return replace(line.with(key: "autoDeployTrigger", value: bool ? "commit" : "off"), "wrote `autoDeployTrigger` for `autoDeploy`")
        case "pullRequestPreviewsEnabled", "previewsEnabled":
            guard let bool, !has("previews") else { return .notFixed("`previews` is also set, or the value is not true/false: merge by hand") }
            return replace(
                line.with(key: "previews", value: "{generation: \(bool ? "automatic" : "off")}"),
                "wrote `previews.generation` for `\(line.key)`"
            )
        case "previewPlan":
            guard service != nil, !value.isEmpty, !has("previews"), !has("pullRequestPreviewsEnabled") else {
                return .notFixed("`previews` is also set, or `previewPlan` is not a service's: merge by hand")
            }
            return replace(line.with(key: "previews", value: "{plan: \(line.value)}"), "wrote `previews.plan` for `previewPlan`")
        case "previewsExpireAfterDays":
            guard Int(value) != nil, !has("previews"), !has("previewsEnabled") else {
                return .notFixed("`previews` or `previewsEnabled` is also set: merge them into one `previews:` by hand")
            }
            return replace(line.with(key: "previews", value: "{expireAfterDays: \(value)}"), "wrote `previews.expireAfterDays`")
        default:
            return .notFixed("no rewrite is known for `\(line.key)`")
        }
    }
}
