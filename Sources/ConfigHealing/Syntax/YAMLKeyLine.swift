import Foundation
/// A block-style YAML line `INDENT[- ]key: value  # comment`, split so that one part can change and the rest stays.
struct YAMLKeyLine {
    /// Indentation and list markers before the key.
    var lead: Substring
    /// The key, unquoted.
    var key: String
    /// The key exactly as written (quotes included).
    var keyText: Substring
    /// From the end of the key to the value: `:` and spaces.
    var separator: Substring
    /// The value as written (a plain or quoted scalar); empty when the value is on the following lines.
    var value: Substring
    /// What follows the value: spaces and a comment.
    var suffix: Substring

    /// The value without quotes.
    var unquotedValue: String {
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        return String(value)
    }

    /// Whether the line starts a list item (`- key: value`): deleting it would change the list.
    var startsListItem: Bool { lead.contains("-") }

    /// The line rebuilt with another key and value (the separator, comment and lead are kept).
    func with(key newKey: String? = nil, value newValue: String? = nil) -> String {
        String(lead) + (newKey ?? String(keyText)) + separator + (newValue ?? String(value)) + suffix
    }

    init?(_ text: String) {
        var index = text.startIndex
        // Indentation, then any `- ` list markers.
        while index < text.endIndex {
            if text[index] == " " || text[index] == "\t" {
                index = text.index(after: index)
            } else if text[index] == "-", text.index(after: index) < text.endIndex, text[text.index(after: index)] == " " {
                index = text.index(after: index)
            } else {
                break
            }
        }
        lead = text[..<index]
        let keyStart = index
        guard index < text.endIndex else { return nil }
        if text[index] == "\"" || text[index] == "'" {
            let quote = text[index]
            index = text.index(after: index)
            guard let close = text[index...].firstIndex(of: quote) else { return nil }
            key = String(text[index..<close])
            index = text.index(after: close)
        } else {
            while index < text.endIndex, text[index] != ":", text[index] != " ", text[index] != "#" { index = text.index(after: index) }
            key = String(text[keyStart..<index])
        }
        keyText = text[keyStart..<index]
        let separatorStart = index
        while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        guard !key.isEmpty, index < text.endIndex, text[index] == ":" else { return nil }
        index = text.index(after: index)
        guard index == text.endIndex || text[index] == " " || text[index] == "\t" else { return nil }
        while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
        separator = text[separatorStart..<index]
        let valueStart = index
        if index < text.endIndex, text[index] == "\"" || text[index] == "'" {
            let quote = text[index]
            guard let close = text[text.index(after: index)...].firstIndex(of: quote) else { return nil }
            index = text.index(after: close)
        } else {
            // A plain scalar ends at ` #` or the end of the line.
            while index < text.endIndex {
                if text[index] == "#", index > valueStart, text[text.index(before: index)] == " " || text[text.index(before: index)] == "\t" {
                    break
                }
                index = text.index(after: index)
            }
            while index > valueStart, text[text.index(before: index)] == " " || text[text.index(before: index)] == "\t" {
                index = text.index(before: index)
            }
        }
        value = text[valueStart..<index]
        suffix = text[index...]
        if value.hasPrefix("#") { return nil }
        if let first = value.first, "[{|>&*!".contains(first) { return nil }
    }
}
