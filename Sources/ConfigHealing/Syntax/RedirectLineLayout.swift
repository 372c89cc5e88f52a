import Foundation
/// A `_redirects` line split into tokens with their positions, and the role each token plays, read the way
/// `RedirectsFileParser` reads it; fixers edit single tokens and leave every other character where it was.
struct RedirectLineLayout {
    /// One whitespace-separated token and where it sits in the line.
    struct Token {
        var text: Substring
        var range: Range<String.Index>
    }

    /// The line's text.
    let line: String
    /// The tokens before any comment.
    let tokens: [Token]
    /// Index of the destination token (`to`), nil for a forward rule or when there is none.
    let toIndex: Int?
    /// Index of the token read as the status (it may not be a number), nil when there is none.
    let statusIndex: Int?

    init?(_ line: String) {
        self.line = line
        var tokens: [Token] = []
        var index = line.startIndex
        while index < line.endIndex {
            if Self.isWhitespace(line[index]) {
                index = line.index(after: index)
                continue
            }
            let start = index
            while index < line.endIndex, !Self.isWhitespace(line[index]) { index = line.index(after: index) }
            tokens.append(Token(text: line[start..<index], range: start..<index))
        }
        if let comment = tokens.firstIndex(where: { $0.text.hasPrefix("#") }) { tokens.removeSubrange(comment...) }
        guard !tokens.isEmpty else { return nil }
        self.tokens = tokens
        guard tokens.count > 1 else {
            toIndex = nil
            statusIndex = nil
            return
        }
        if Self.statusCode(tokens[1].text) != nil {
            toIndex = nil
            statusIndex = 1
        } else if let to = tokens[1...].firstIndex(where: { $0.text.hasPrefix("/") || Self.isURL($0.text) }) {
            toIndex = to
            statusIndex = to + 1 < tokens.count ? to + 1 : nil
        } else {
            toIndex = nil
            statusIndex = nil
        }
    }

    /// The line with the characters in `range` replaced by `text`.
    func replacing(_ range: Range<String.Index>, with text: some StringProtocol) -> String {
        var copy = line
        copy.replaceSubrange(range, with: text)
        return copy
    }

    /// Whitespace as JavaScript's `\s` sees it, as the parser splits tokens.
    static func isWhitespace(_ character: Character) -> Bool {
        (character.isWhitespace && character != "\u{0085}") || character == "\u{FEFF}"
    }

    /// Whether `text` starts the way Netlify's parser recognizes a URL.
    static func isURL(_ text: some StringProtocol) -> Bool { text.hasPrefix("http://") || text.hasPrefix("https://") }

    /// The status `Number.parseInt` reads from a token, or nil.
    static func statusCode(_ token: some StringProtocol) -> Int? {
        var digits = Substring(token)
        if let first = digits.first, first == "-" || first == "+" { digits = digits.dropFirst() }
        let number = digits.prefix(while: { $0.isASCII && $0.isNumber })
        return number.isEmpty ? nil : Int(number.prefix(9))
    }

    /// Whether the token is exactly digits with an optional `!`.
    static func isPlainStatus(_ token: some StringProtocol) -> Bool {
        let body = token.hasSuffix("!") ? Substring(token.dropLast()) : Substring(token)
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
