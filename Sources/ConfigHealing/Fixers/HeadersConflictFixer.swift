import Foundation
import PlatformModels
import SiteSimulation

/// `HEADERS_CONFLICT` (suggested): keeps the more specific rule's value by removing the header from the less
/// specific rule.
///
/// Netlify applies every matching header rule in order, a later one overriding an earlier one per header name.
/// When a specific rule (`/assets/*`) comes before a general one (`/*`) that sets the same header, the specific
/// value is never sent; when it comes after, it wins only where both match. Either way the author's intent is
/// read as "the more specific rule decides for its paths", so the conflicting header line(s) are removed from
/// the less specific rule. This changes behaviour for the paths only the general rule matches (they no longer get
/// that header): the fix is suggested, and the change line says so.
///
/// Specificity: rule A is more specific than B when B matches A's sample path and A does not match B's. When the
/// two `for` paths are the same, the earlier value is never sent, so the earlier line is removed (nothing served
/// changes). Partial overlaps, `netlify.toml` rules and values repeated in several lines of a block are not fixed.
public struct HeadersConflictFixer: Fixer {
    /// `HEADERS_CONFLICT`.
    public let code = FindingCode.headersConflict
    /// Suggested: paths matched only by the general rule lose the header.
    public let confidence = FixConfidence.suggested

    /// Creates the fixer.
    public init() {}

    /// Removes the header from the less specific rule.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let site = context.netlify, let file = finding.file, let line = finding.line else { return .notFixed("no Netlify rule named") }
        guard let name = Self.headerName(in: finding.message), let (earlierFile, earlierLine) = Self.earlierRule(in: finding.message) else {
            return .notFixed("the conflicting rules could not be read from the finding")
        }
        let rules = site.router.headerRules
        guard let later = rules.first(where: { $0.source.displayPath == file && $0.source.line == line }),
            let earlier = rules.first(where: { $0.source.displayPath == earlierFile && $0.source.line == earlierLine })
        else { return .notFixed("the conflicting rules were not found") }
        let earlierMatchesLater = earlier.pattern.matches(later.pattern.samplePath)
        let laterMatchesEarlier = later.pattern.matches(earlier.pattern.samplePath)
        let general: HeaderRule
        let specific: HeaderRule
        if earlier.forPath == later.forPath {
            (general, specific) = (earlier, later)
        } else if earlierMatchesLater && !laterMatchesEarlier {
            (general, specific) = (earlier, later)
        } else if laterMatchesEarlier && !earlierMatchesLater {
            (general, specific) = (later, earlier)
        } else {
            return .notFixed("`\(earlier.forPath)` and `\(later.forPath)` overlap without one containing the other: which value is meant is ambiguous")
        }
        guard general.source.kind == .headersFile else { return .notFixed("the less specific rule is in netlify.toml: edit it by hand") }
        let path = context.absolutePath(general.source.displayPath)
        guard let document = context.documents[path] else { return .notFixed("\(general.source.displayPath) was not read") }
        // The lines of the block: from its path line to the next path line.
        var lines: [Int] = []
        var number = general.source.line + 1
        while number <= document.count, let text = document.text(ofLine: number) {
            let trimmed = text.trimmingCharacters(in: " \t\r")
            if trimmed.hasPrefix("/") { break }
            if let colon = trimmed.firstIndex(of: ":"), !trimmed.hasPrefix("#"),
                trimmed[..<colon].trimmingCharacters(in: " \t").lowercased() == name.lowercased()
            {
                lines.append(number)
            }
            number += 1
        }
        guard !lines.isEmpty else { return .notFixed("`\(name)` was not found in the rule for `\(general.forPath)`") }
        let change =
            earlier.forPath == later.forPath
            ? "removed `\(name)` from the earlier rule for `\(general.forPath)`, whose value the later one always overrode"
            : "removed `\(name)` from the rule for `\(general.forPath)` so that `\(specific.forPath)` keeps its value; paths matched only by `\(general.forPath)` no longer get `\(name)`"
        return .fixed(FileEdit(path: path, change: .lines(lines.map { .delete(line: $0) })), change: change)
    }

    /// The header name: the first backquoted word of the message.
    static func headerName(in message: String) -> String? {
        let parts = message.split(separator: "`", omittingEmptySubsequences: false)
        return parts.count > 2 ? String(parts[1]) : nil
    }

    /// `FILE:LINE` of the earlier rule: `… is set by the rule for `FOR` (FILE:LINE) and again …`.
    static func earlierRule(in message: String) -> (String, Int)? {
        guard let marker = message.range(of: "is set by the rule for `") else { return nil }
        let rest = message[marker.upperBound...]
        guard let open = rest.range(of: "` ("), let close = rest[open.upperBound...].range(of: ") and again") else { return nil }
        let location = rest[open.upperBound..<close.lowerBound]
        guard let colon = location.lastIndex(of: ":"), let line = Int(location[location.index(after: colon)...]) else { return nil }
        return (String(location[..<colon]), line)
    }
}
