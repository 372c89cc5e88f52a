/// The `source` of a Render route, compiled: literal text, `*` wildcards and `:name` placeholders.
///
/// Render documents that `*` "matches any string that appears starting at that position in the path" and that
/// placeholders capture "specific parts of the URL". Chosen where the docs are silent: `*` matches any string,
/// slashes included, possibly empty, greedily (`/blog/*` matches `/blog/` and `/blog/a/b`, not `/blog`);
/// `:name` starts a segment and matches one or more characters up to the next `/`; the whole decoded path must
/// match, case-sensitively, with no trailing slash ignored.
/// See <https://render.com/docs/redirects-rewrites>.
public struct RenderRoutePattern: Sendable, Hashable {
    enum Element: Sendable, Hashable {
        case literal([UInt8])
        case wildcard
        case placeholder(String)
    }

    /// What a match captured.
    public struct Captures: Sendable, Hashable {
        /// What each `*` matched, in order.
        public var wildcards: [String] = []
        /// What each `:name` matched, by name.
        public var placeholders: [String: String] = [:]

        /// Creates captures.
        public init(wildcards: [String] = [], placeholders: [String: String] = [:]) {
            self.wildcards = wildcards
            self.placeholders = placeholders
        }
    }

    /// The most wildcards and placeholders a source may hold; more is refused as a malformed rule.
    public static let maximumDynamicElements = 16
    /// The longest source accepted, in bytes.
    public static let maximumLength = 2048

    /// The source as written.
    public let source: String
    let elements: [Element]

    /// Compiles a source; nil when it is longer than `maximumLength` or holds more than
    /// `maximumDynamicElements` wildcards and placeholders.
    public init?(_ source: String) {
        guard source.utf8.count <= Self.maximumLength else { return nil }
        self.source = source
        var elements: [Element] = []
        var literal: [UInt8] = []
        let bytes = Array(source.utf8)
        var index = 0
        func flush() {
            if !literal.isEmpty { elements.append(.literal(literal)) }
            literal = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*") {
                flush()
                // `**` is one wildcard: two in a row could only split the same text two ways.
                if elements.last != .wildcard { elements.append(.wildcard) }
                index += 1
                continue
            }
            if byte == UInt8(ascii: ":"), index > 0, bytes[index - 1] == UInt8(ascii: "/"),
                let name = Self.placeholderName(bytes, from: index + 1)
            {
                flush()
                elements.append(.placeholder(name))
                index += 1 + name.utf8.count
                continue
            }
            literal.append(byte)
            index += 1
        }
        flush()
        guard elements.filter({ if case .literal = $0 { false } else { true } }).count <= Self.maximumDynamicElements else { return nil }
        self.elements = elements
    }

    /// What the pattern captures from a percent-decoded request path, or nil when it does not match.
    ///
    /// A table of "elements i… match from position p" is filled right to left (elements × path length, no
    /// backtracking on hostile patterns); captures are then read left to right, each wildcard and placeholder
    /// taking the longest text that lets the rest match, as a greedy regular expression would.
    public func match(_ decodedPath: String) -> Captures? {
        let input = Array(decodedPath.utf8)
        let count = input.count
        var table = [[Bool]](repeating: [Bool](repeating: false, count: count + 1), count: elements.count + 1)
        table[elements.count][count] = true
        for index in elements.indices.reversed() {
            let next = table[index + 1]
            var current = [Bool](repeating: false, count: count + 1)
            switch elements[index] {
            case .literal(let text):
                if text.count <= count {
                    for position in 0...(count - text.count) where next[position + text.count] {
                        current[position] = input[position..<position + text.count].elementsEqual(text)
                    }
                }
            case .wildcard:
                var anyAfter = false
                for position in stride(from: count, through: 0, by: -1) {
                    anyAfter = anyAfter || next[position]
                    current[position] = anyAfter
                }
            case .placeholder:
                // One or more characters of one segment: a match ends after p and before the next `/`.
                var nearest: Int?
                for position in stride(from: count, through: 0, by: -1) {
                    current[position] = nearest != nil && position < count && input[position] != UInt8(ascii: "/")
                    if position < count, input[position] == UInt8(ascii: "/") { nearest = nil }
                    if next[position] { nearest = position }
                }
            }
            table[index] = current
        }
        guard table[0][0] else { return nil }
        var captures = Captures()
        var position = 0
        for (index, element) in elements.enumerated() {
            switch element {
            case .literal(let text):
                position += text.count
            case .wildcard:
                let end = stride(from: count, through: position, by: -1).first { table[index + 1][$0] }!
                captures.wildcards.append(String(decoding: input[position..<end], as: UTF8.self))
                position = end
            case .placeholder(let name):
                let segmentEnd = input[position...].firstIndex(of: UInt8(ascii: "/")) ?? count
                let end = stride(from: segmentEnd, through: position + 1, by: -1).first { table[index + 1][$0] }!
                captures.placeholders[name] = String(decoding: input[position..<end], as: UTF8.self)
                position = end
            }
        }
        return captures
    }

    /// Whether the pattern matches a percent-decoded request path.
    public func matches(_ decodedPath: String) -> Bool { match(decodedPath) != nil }

    /// Whether the source has no wildcard and no placeholder.
    public var isLiteral: Bool { elements.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// The literal text before the first wildcard or placeholder.
    public var literalPrefix: String {
        guard case .literal(let text)? = elements.first else { return "" }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether the source is literal text followed by a single `*` (`/blog/*`, `/*`): it then matches every
    /// path that starts with `literalPrefix`.
    public var isPrefixWildcard: Bool {
        switch elements.count {
        case 1: elements[0] == .wildcard
        case 2: elements[1] == .wildcard && { if case .literal = elements[0] { true } else { false } }()
        default: false
        }
    }

    /// The names of the placeholders, in order.
    public var placeholderNames: [String] {
        elements.compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
    }

    /// The number of `*` wildcards.
    public var wildcardCount: Int { elements.filter { $0 == .wildcard }.count }

    /// A concrete path the pattern matches, for probing: `*` and `:name` become `x`.
    public var samplePath: String {
        var text = ""
        for element in elements {
            switch element {
            case .literal(let bytes): text += String(decoding: bytes, as: UTF8.self)
            case .wildcard, .placeholder: text += "x"
            }
        }
        return text
    }

    /// The destination with its `*` and `:name` replaced by what the source captured.
    ///
    /// Render documents one wildcard ("`*` in the destination represents everything captured by the wildcard").
    /// Chosen where the docs are silent: the n-th `*` of the destination takes the n-th capture, the last capture
    /// when there are fewer, nothing when there are none; a `:name` the source does not bind stays as written.
    public static func substitute(_ destination: String, _ captures: Captures) -> String {
        guard destination.contains("*") || destination.contains(":") else { return destination }
        let bytes = Array(destination.utf8)
        var result: [UInt8] = []
        var wildcard = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*") {
                let value = wildcard < captures.wildcards.count ? captures.wildcards[wildcard] : (captures.wildcards.last ?? "")
                result += Array(value.utf8)
                wildcard += 1
                index += 1
                continue
            }
            if byte == UInt8(ascii: ":"), let name = placeholderName(bytes, from: index + 1), let value = captures.placeholders[name] {
                result += Array(value.utf8)
                index += 1 + name.utf8.count
                continue
            }
            result.append(byte)
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Every `:name` written in a destination (a name starts with a letter or `_`).
    public static func placeholderNames(in destination: String) -> [String] {
        let bytes = Array(destination.utf8)
        var names: [String] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: ":"), let name = placeholderName(bytes, from: index + 1) {
                names.append(name)
                index += 1 + name.utf8.count
            } else {
                index += 1
            }
        }
        return names
    }

    /// The name starting at `start`: a letter or `_`, then letters, digits and `_`.
    private static func placeholderName(_ bytes: [UInt8], from start: Int) -> String? {
        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "_")
        }
        guard start < bytes.count, isLetter(bytes[start]) else { return nil }
        var end = start + 1
        while end < bytes.count, isLetter(bytes[end]) || (bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9")) { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
