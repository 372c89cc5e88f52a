/// Finds the lines of tables and keys in a TOML text, so that findings can point at them.
///
/// TOMLKit gives values, not their positions; this scans the text for `[table]`, `[[array]]` and
/// `key =` lines. It only locates what the real parser already accepted, so it can stay simple.
package struct TOMLLineLocator {
    private var arrayTableLines: [String: [Int]] = [:]
    private var keyLines: [String: Int] = [:]

    package init(_ text: String) {
        var table = ""
        var number = 0
        for rawLine in text.splitJavaScriptLines() {
            number += 1
            let line = rawLine.trimmingJavaScriptWhitespace()
            if line.hasPrefix("[[") {
                let name = Self.normalize(line.dropFirst(2).prefix(while: { $0 != "]" }))
                arrayTableLines[name, default: []].append(number)
                table = name + "#\(arrayTableLines[name]!.count - 1)"
            } else if line.hasPrefix("[") {
                table = Self.normalize(line.dropFirst().prefix(while: { $0 != "]" }))
                // A sub-table of an array element (`[redirects.headers]`) belongs to the latest element.
                for (name, lines) in arrayTableLines where table.hasPrefix(name + ".") {
                    table = name + "#\(lines.count - 1)" + table.dropFirst(name.count)
                }
                // A `[name]` header also locates `name` (and its top-level key), so findings about a whole
                // table point at its header rather than at line 1.
                if keyLines[table] == nil { keyLines[table] = number }
                if let top = table.split(separator: ".").first, keyLines[String(top)] == nil { keyLines[String(top)] = number }
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = Self.normalize(line[..<equals])
                let path = table.isEmpty ? key : table + "." + key
                if keyLines[path] == nil { keyLines[path] = number }
            }
        }
    }

    /// The line of the `index`-th `[[name]]` header.
    package func arrayTableLine(_ name: String, index: Int) -> Int? {
        arrayTableLines[name].flatMap { index < $0.count ? $0[index] : nil } ?? keyLines[name]
    }

    /// The line of `key` in table `table` (`build`, `context.production`, `redirects#0`…).
    package func keyLine(_ key: String, in table: String) -> Int? {
        keyLines[table.isEmpty ? key : table + "." + key]
    }

    private static func normalize(_ text: some StringProtocol) -> String {
        text.split(separator: ".").map { part in
            var part = part.trimmingJavaScriptWhitespace()
            if part.count >= 2, let first = part.first, first == "\"" || first == "'", part.last == first {
                part = part.dropFirst().dropLast()
            }
            return String(part)
        }.joined(separator: ".").trimmingJavaScriptWhitespace().description
    }
}
