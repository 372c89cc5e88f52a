/// The `for` pattern of a header rule, matched as Netlify's headers parser compiles it.
///
/// Segments are trimmed at the end and empty ones dropped; `:name` matches one segment, a standalone
/// `*` matches anything (the slash before it is optional), a `*` inside a segment matches anything
/// including slashes; the match is case-insensitive and one trailing slash is allowed.
public struct HeaderPathPattern: Sendable, Hashable {
    enum Element: Sendable, Hashable {
        case literal([UInt8])
        case optionalSlash
        case oneSegment
        case anything
    }

    let elements: [Element]

    /// Compiles a `for` path.
    public init(_ forPath: String) {
        var elements: [Element] = []
        let parts = forPath.split(separator: "/").map { $0.trimmingSuffixWhitespace() }.filter { !$0.isEmpty }
        let separator = Array("/".utf8)
        for part in parts {
            if part == "*" {
                // `/?(.*)`: the slash before a standalone star is optional, the leading one included
                // (`/*/a` compiles to `^/?(.*)/a/?$`, which matches `/a`).
                elements.append(.optionalSlash)
                elements.append(.anything)
                continue
            }
            elements.append(.literal(separator))
            if part.hasPrefix(":") {
                elements.append(.oneSegment)
            } else if part.contains("*") {
                let pieces = part.split(separator: "*", omittingEmptySubsequences: false)
                for (pieceIndex, piece) in pieces.enumerated() {
                    if pieceIndex > 0 { elements.append(.anything) }
                    if !piece.isEmpty { elements.append(.literal(Array(piece.lowercased().utf8))) }
                }
            } else {
                elements.append(.literal(Array(part.lowercased().utf8)))
            }
        }
        if parts.isEmpty { elements.append(.literal(Array("/".utf8))) }
        self.elements = Self.merged(elements)
    }

    /// Whether the (percent-decoded) request path matches.
    public func matches(_ path: some StringProtocol) -> Bool {
        var bytes = Array(path.lowercased().utf8)
        var failed = Set<Int>()
        if bytes.count > 1, bytes.last == UInt8(ascii: "/") {
            // `^…/?$`: try with and without the one optional trailing slash.
            if match(bytes[...], 0, &failed) { return true }
            bytes.removeLast()
            failed.removeAll()
        }
        return match(bytes[...], 0, &failed)
    }

    /// Matches `input` from element `elementIndex` on. `failed` remembers the (element, position) pairs
    /// already known not to match, so patterns with many stars stay linear in practice instead of
    /// backtracking exponentially on hostile input.
    private func match(_ input: ArraySlice<UInt8>, _ elementIndex: Int, _ failed: inout Set<Int>) -> Bool {
        guard elementIndex < elements.count else { return input.isEmpty }
        let key = elementIndex &* 1_000_003 &+ input.startIndex
        if failed.contains(key) { return false }
        let matched: Bool
        switch elements[elementIndex] {
        case .literal(let text):
            matched = input.starts(with: text) && match(input.dropFirst(text.count), elementIndex + 1, &failed)
        case .optionalSlash:
            matched =
                (input.first == UInt8(ascii: "/") && match(input.dropFirst(), elementIndex + 1, &failed))
                || match(input, elementIndex + 1, &failed)
        case .oneSegment:
            let segmentLength = input.prefix(while: { $0 != UInt8(ascii: "/") }).count
            matched = stride(from: segmentLength, through: 1, by: -1).contains { match(input.dropFirst($0), elementIndex + 1, &failed) }
        case .anything:
            matched =
                elementIndex == elements.count - 1
                || (input.startIndex...input.endIndex).reversed().contains { match(input[$0...], elementIndex + 1, &failed) }
        }
        if !matched { failed.insert(key) }
        return matched
    }

    private static func merged(_ elements: [Element]) -> [Element] {
        var result: [Element] = []
        for element in elements {
            if case .literal(let next) = element, case .literal(let previous)? = result.last {
                result[result.count - 1] = .literal(previous + next)
            } else {
                result.append(element)
            }
        }
        return result
    }

    /// A concrete path the pattern matches, for probing conflicts: `:x` and `*` become `x`.
    public var samplePath: String {
        var text = ""
        for element in elements {
            switch element {
            case .literal(let bytes): text += String(decoding: bytes, as: UTF8.self)
            case .optionalSlash: text += "/"
            case .oneSegment, .anything: text += "x"
            }
        }
        return text
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffixWhitespace() -> String {
        var text = String(self)
        while let last = text.last, last.isJavaScriptWhitespace { text.removeLast() }
        return text
    }
}
