import Foundation
/// The lines of one `[[redirects]]` entry in `netlify.toml`: its header, its own `key = value` lines and any
/// sub-tables (`[redirects.headers]`) that belong to it. Found by scanning lines, as `TOMLLineLocator` does.
struct TOMLRedirectBlock {
    /// A `key = value` line of the entry's own table.
    struct KeyLine {
        /// The 1-based line number.
        var line: Int
        /// The key, unquoted.
        var key: String
        /// The text before the value (indentation, key, `=`, spaces).
        var prefix: Substring
        /// The value as written (up to a trailing comment or the end of the line, trailing spaces excluded).
        var value: Substring
        /// What follows the value (spaces, a comment).
        var suffix: Substring
    }

    /// The `[[redirects]]` header line.
    var header: Int
    /// The last line of the entry (before the next table that is not one of its sub-tables), trailing blank and
    /// comment lines excluded.
    var last: Int
    /// The entry's own keys, in order.
    var keys: [KeyLine]

    /// The block holding line `line` of `document`, or nil when that line is not inside a `[[redirects]]` entry.
    init?(containing line: Int, in document: LineDocument) {
        var header: Int?
        for number in stride(from: min(line, document.count), through: 1, by: -1) {
            guard let text = document.text(ofLine: number) else { continue }
            let trimmed = text.trimmingCharacters(in: " \t")
            if trimmed.hasPrefix("[[") {
                guard Self.tableName(trimmed) == "redirects" else { return nil }
                header = number
                break
            }
            if trimmed.hasPrefix("["), !Self.tableName(trimmed).hasPrefix("redirects.") { return nil }
        }
        guard let header else { return nil }
        self.header = header
        var last = header
        var keys: [KeyLine] = []
        var inOwnTable = true
        var number = header + 1
        while number <= document.count {
            let text = document.text(ofLine: number) ?? ""
            let trimmed = text.trimmingCharacters(in: " \t")
            if trimmed.hasPrefix("[") {
                let name = Self.tableName(trimmed)
                guard !trimmed.hasPrefix("[["), name.hasPrefix("redirects.") else { break }
                inOwnTable = false
                last = number
            } else if !trimmed.isEmpty, !trimmed.hasPrefix("#") {
                last = number
                if inOwnTable, let key = Self.keyLine(text, number: number) { keys.append(key) }
            }
            number += 1
        }
        self.last = last
        self.keys = keys
    }

    /// The line of `key` in the entry's own table.
    func key(_ name: String) -> KeyLine? { keys.first { $0.key == name } }

    /// The name inside `[...]` or `[[...]]`, quotes and spaces removed.
    static func tableName(_ trimmed: String) -> String {
        let inner = trimmed.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
        return inner.split(separator: ".").map { part in
            var part = part.trimmingCharacters(in: " \t")
            if part.count >= 2, let first = part.first, first == "\"" || first == "'", part.last == first {
                part = String(part.dropFirst().dropLast())
            }
            return part
        }.joined(separator: ".")
    }

    /// Splits `key = value  # comment` when the value is a single-line scalar; nil otherwise.
    static func keyLine(_ text: String, number: Int) -> KeyLine? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        var key = text[..<equals].trimmingCharacters(in: " \t")
        if key.count >= 2, let first = key.first, first == "\"" || first == "'", key.last == first {
            key = String(key.dropFirst().dropLast())
        }
        guard !key.isEmpty, !key.contains("."), !key.contains(" ") else { return nil }
        var valueStart = text.index(after: equals)
        while valueStart < text.endIndex, text[valueStart] == " " || text[valueStart] == "\t" {
            valueStart = text.index(after: valueStart)
        }
        // The value ends at a `#` outside quotes, or at the end of the line.
        var index = valueStart
        var quote: Character?
        var valueEnd = text.endIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == "\\", open == "\"" {
                    index = text.index(after: index)
                    if index < text.endIndex { index = text.index(after: index) }
                    continue
                }
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                valueEnd = index
                break
            }
            index = text.index(after: index)
        }
        guard quote == nil else { return nil }
        var trimmedEnd = valueEnd
        while trimmedEnd > valueStart, text[text.index(before: trimmedEnd)] == " " || text[text.index(before: trimmedEnd)] == "\t" {
            trimmedEnd = text.index(before: trimmedEnd)
        }
        let value = text[valueStart..<trimmedEnd]
        guard !value.isEmpty, !value.hasPrefix("\"\"\""), !value.hasPrefix("'''"), !value.hasPrefix("["), !value.hasPrefix("{")
        else { return nil }
        return KeyLine(line: number, key: key, prefix: text[..<valueStart], value: value, suffix: text[trimmedEnd...])
    }

    /// The leading spaces and tabs of `text`.
    static func indentation(of text: String) -> Substring { text.prefix(while: { $0 == " " || $0 == "\t" }) }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        guard let first = firstIndex(where: { !characters.contains($0) }) else { return "" }
        let last = lastIndex(where: { !characters.contains($0) })!
        return String(self[first...last])
    }
}
