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
        if bytes.count > 1, bytes.last == UInt8(ascii: "/") {
            // `^…/?$`: try with and without the one optional trailing slash.
            if match(bytes[...], 0) { return true }
            bytes.removeLast()
        }
        return match(bytes[...], 0)
    }

    private func match(_ input: ArraySlice<UInt8>, _ elementIndex: Int) -> Bool {
        guard elementIndex < elements.count else { return input.isEmpty }
        switch elements[elementIndex] {
        case .literal(let text):
            guard input.starts(with: text) else { return false }
            return match(input.dropFirst(text.count), elementIndex + 1)
        case .optionalSlash:
            if input.first == UInt8(ascii: "/"), match(input.dropFirst(), elementIndex + 1) { return true }
            return match(input, elementIndex + 1)
        case .oneSegment:
            let segmentLength = input.prefix(while: { $0 != UInt8(ascii: "/") }).count
            guard segmentLength > 0 else { return false }
            for length in stride(from: segmentLength, through: 1, by: -1)
            where match(input.dropFirst(length), elementIndex + 1) {
                return true
            }
            return false
        case .anything:
            if elementIndex == elements.count - 1 { return true }
            for start in input.indices.reversed() + [input.endIndex] where match(input[start...], elementIndex + 1) {
                return true
            }
            return false
        }
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
