/// The lines of a configuration file, decoded the way Netlify's Node.js tooling decodes them.
///
/// Netlify reads `_redirects`, `_headers` and `netlify.toml` as UTF-8 with replacement characters and
/// splits on `\n` only; a `\r` left at the end of a line is removed when the line is trimmed.
public struct TextFile: Sendable {
    /// The file as shown to the user in findings.
    public let displayPath: String
    /// The lines, without their `\n`.
    public let lines: [Substring]
    /// The whole text, decoded.
    public let text: String
    /// The first line holding bytes that are not valid UTF-8, if any.
    public let firstInvalidUTF8Line: Int?

    /// Decodes `bytes`, noting where the encoding is broken.
    public init(displayPath: String, bytes: some Collection<UInt8>) {
        self.displayPath = displayPath
        var text = String(decoding: bytes, as: UTF8.self)
        var invalidLine: Int?
        if text.utf8.count != bytes.count || text.contains("\u{FFFD}") {
            // Decoding replaced something (or the file spells U+FFFD itself): find the first affected line.
            let original = Array(bytes)
            var line = 1
            var start = 0
            for index in 0...original.count where index == original.count || original[index] == UInt8(ascii: "\n") {
                if String(validating: original[start..<index], as: UTF8.self) == nil {
                    invalidLine = line
                    break
                }
                line += 1
                start = index + 1
            }
        }
        // A byte-order mark is whitespace to JavaScript's trim(), so it never reaches the parsers.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        self.text = text
        self.lines = text.splitJavaScriptLines()
        self.firstInvalidUTF8Line = invalidLine
    }

    /// A finding for a file whose bytes are not valid UTF-8, or nil when they are.
    public func encodingFinding() -> Finding? {
        guard let line = firstInvalidUTF8Line else { return nil }
        return Finding(
            .fileEncodingInvalid,
            file: displayPath,
            line: line,
            message: "the file is not valid UTF-8; Netlify reads the broken bytes as U+FFFD replacement characters",
            fix: "save the file as UTF-8"
        )
    }
}

extension Character {
    /// Whitespace as JavaScript's `\s` and `trim()` see it (Unicode White_Space plus U+FEFF, minus U+0085,
    /// which JavaScript does not count).
    @inlinable
    var isJavaScriptWhitespace: Bool { (isWhitespace && self != "\u{0085}") || self == "\u{FEFF}" }
}

extension StringProtocol {
    /// The lines as JavaScript's `split('\n')` gives them. Swift reads `\r\n` as one `Character`, so it must be
    /// a separator too, or a file with CRLF line endings would be a single line.
    func splitJavaScriptLines() -> [SubSequence] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// The text without leading and trailing whitespace, as JavaScript's `String.prototype.trim` does it.
    func trimmingJavaScriptWhitespace() -> SubSequence {
        guard let first = firstIndex(where: { !$0.isJavaScriptWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isJavaScriptWhitespace })!
        return self[first...last]
    }

    /// The whitespace-separated tokens, as `line.split(/\s+/)` gives them for a trimmed line.
    func javaScriptTokens() -> [SubSequence] {
        split(whereSeparator: { $0.isJavaScriptWhitespace })
    }

    /// The text cut to `limit` characters with an ellipsis, so that findings stay readable on huge lines.
    public func abbreviated(_ limit: Int = 80) -> String {
        count <= limit ? String(self) : String(prefix(limit)) + "…"
    }
}
