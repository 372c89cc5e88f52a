/// The `path` of a Render header rule, compiled.
///
/// Render documents five examples (<https://render.com/docs/static-site-headers>): `/*` matches all paths;
/// `/blog/*` matches `/blog/`, `/blog/latest-post/` and everything under `/blog/`; `/**/*` matches paths with at
/// least two slashes; `/*.css` matches `/tokens.css` but not `/assets/theme.css`; `/**/*.css` matches
/// `/assets/theme.css` but not `/tokens.css`. One model fits them all and is used here: `**` matches any
/// text, slashes included; a `*` that is the whole last segment matches any text too; any other `*` matches
/// text without a slash. Chosen where the docs are silent: matching is case-sensitive on the decoded path and
/// no trailing slash is ignored.
public struct RenderHeaderPattern: Sendable, Hashable {
    enum Element: Sendable, Hashable {
        case literal([UInt8])
        /// `*` inside a segment: anything but `/`.
        case segmentWildcard
        /// `**`, or a `*` that is the whole last segment: anything.
        case anything
    }

    /// The most wildcards a path may hold; more is refused as a malformed rule.
    public static let maximumWildcards = 16
    /// The longest path accepted, in bytes.
    public static let maximumLength = 2048

    /// The path as written.
    public let path: String
    let elements: [Element]

    /// Compiles a path; nil when it is longer than `maximumLength` or holds more than `maximumWildcards` wildcards.
    public init?(_ path: String) {
        guard path.utf8.count <= Self.maximumLength else { return nil }
        self.path = path
        let bytes = Array(path.utf8)
        var elements: [Element] = []
        var literal: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "*") else {
                literal.append(bytes[index])
                index += 1
                continue
            }
            if !literal.isEmpty { elements.append(.literal(literal)) }
            literal = []
            var end = index
            while end < bytes.count, bytes[end] == UInt8(ascii: "*") { end += 1 }
            let isWholeLastSegment = end == bytes.count && index > 0 && bytes[index - 1] == UInt8(ascii: "/")
            elements.append(end - index >= 2 || isWholeLastSegment ? .anything : .segmentWildcard)
            index = end
        }
        if !literal.isEmpty { elements.append(.literal(literal)) }
        guard elements.filter({ if case .literal = $0 { false } else { true } }).count <= Self.maximumWildcards else { return nil }
        self.elements = elements
    }

    /// Whether the pattern matches a percent-decoded request path.
    ///
    /// Computed right to left over the elements, one row of "the rest matches from position p" per element, so
    /// the cost is elements × path length whatever the wildcards (no backtracking on hostile patterns).
    public func matches(_ decodedPath: String) -> Bool {
        let input = Array(decodedPath.utf8)
        let count = input.count
        // `next[p]`: the elements after the current one match `input[p...]`.
        var next = [Bool](repeating: false, count: count + 1)
        next[count] = true
        for element in elements.reversed() {
            var current = [Bool](repeating: false, count: count + 1)
            switch element {
            case .literal(let text):
                if text.count <= count {
                    for position in 0...(count - text.count) where next[position + text.count] {
                        current[position] = input[position..<position + text.count].elementsEqual(text)
                    }
                }
            case .anything:
                var anyAfter = false
                for position in stride(from: count, through: 0, by: -1) {
                    anyAfter = anyAfter || next[position]
                    current[position] = anyAfter
                }
            case .segmentWildcard:
                // The nearest position at or after p where the rest matches, reset at each `/`.
                var nearest: Int?
                for position in stride(from: count, through: 0, by: -1) {
                    if position < count, input[position] == UInt8(ascii: "/") { nearest = nil }
                    if next[position] { nearest = position }
                    current[position] = nearest != nil
                }
            }
            next = current
        }
        return next[0]
    }

    /// A concrete path the pattern matches, for probing conflicts: every wildcard becomes `x`.
    public var samplePath: String {
        var text = ""
        for element in elements {
            switch element {
            case .literal(let bytes): text += String(decoding: bytes, as: UTF8.self)
            case .segmentWildcard, .anything: text += "x"
            }
        }
        return text
    }
}
