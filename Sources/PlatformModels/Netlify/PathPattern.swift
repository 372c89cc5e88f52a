/// The path half of a redirect rule's `from`: literal segments, `:placeholders` and a final `*` splat.
///
/// Netlify ignores one trailing slash on both sides, compares segments percent-decoded and
/// case-sensitively, and lets `/news/*` match the bare `/news` with an empty splat.
public struct PathPattern: Sendable, Hashable {
    /// One `/`-separated piece of the pattern.
    public enum Segment: Sendable, Hashable {
        /// Matches exactly this (percent-decoded) text.
        case literal(String)
        /// Matches any one non-empty segment and captures it under this name.
        case placeholder(String)
        /// Matches the rest of the path, including nothing at all; only as the last segment.
        case splat
    }

    /// The segments, without the leading empty one.
    public let segments: [Segment]

    /// Compiles a path such as `/blog/:year/*`.
    public init(_ path: some StringProtocol) {
        let parts = Self.splitSegments(path)
        segments = parts.enumerated().map { index, part in
            if part == "*" && index == parts.count - 1 { return .splat }
            if part.hasPrefix(":") && part.count > 1 { return .placeholder(String(part.dropFirst())) }
            return .literal(PercentDecoding.decode(part))
        }
    }

    /// True when the last segment is a splat.
    public var hasSplat: Bool { segments.last == .splat }

    /// True when the pattern matches exactly one path (no placeholder, no splat).
    public var isStatic: Bool { segments.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// The names this pattern binds, `splat` included.
    public var boundNames: Set<String> {
        Set(
            segments.compactMap {
                switch $0 {
                case .literal: nil
                case .placeholder(let name): name
                case .splat: "splat"
                }
            }
        )
    }

    /// The first segment when it is literal: the key routers index rules by.
    public var firstLiteral: String? {
        if case .literal(let text) = segments.first { return text }
        return nil
    }

    /// Splits a path into its segments, dropping the leading slash and one trailing slash.
    public static func splitSegments<S: StringProtocol>(_ path: S) -> [S.SubSequence] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.first?.isEmpty == true { parts.removeFirst() }
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts
    }

    /// Matches raw request segments (their decoded twins in `decoded`); returns the captures, raw, or nil.
    public func match(raw: [Substring], decoded: [String]) -> [String: String]? {
        var captures: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .splat:
                captures["splat"] = raw[min(index, raw.count)...].joined(separator: "/")
                return captures
            case .literal(let text):
                guard index < decoded.count, decoded[index] == text else { return nil }
            case .placeholder(let name):
                guard index < raw.count, !raw[index].isEmpty else { return nil }
                captures[name] = String(raw[index])
            }
        }
        return raw.count == segments.count ? captures : nil
    }

    /// Whether every path this pattern matches is also matched by `general` (a sufficient check).
    public func isCovered(by general: Self) -> Bool {
        for (index, segment) in general.segments.enumerated() {
            switch segment {
            case .splat:
                return true
            case .literal(let text):
                guard index < segments.count, segments[index] == .literal(text) else { return false }
            case .placeholder:
                guard index < segments.count else { return false }
                switch segments[index] {
                case .literal(let text) where !text.isEmpty: continue
                case .placeholder: continue
                default: return false
                }
            }
        }
        return segments.count == general.segments.count
    }

    /// A concrete path this pattern matches, for probing: placeholders become `x`, a splat nothing.
    public var samplePath: String {
        let parts = segments.compactMap { segment -> String? in
            switch segment {
            case .literal(let text): text
            case .placeholder: "x"
            case .splat: nil
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
