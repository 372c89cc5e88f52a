/// Finds the TOML inputs that crash TOMLKit instead of failing to parse.
///
/// toml++ (TOMLKit's parser) asserts three things its callers do not check: that a table header's first key
/// character is a bare-key character or a quote, that an array element does not start with `}`, and that a
/// digit follows the `T` of a date-time. The assertions are compiled into every build, so `[[[`, `[!x]`, a `[`
/// alone on its line, `a = [}]` or `a = 1979-05-27T_:` abort the process. This scans just far enough to tell
/// table headers from values (strings, comments, nested arrays and inline tables), so that such input becomes a
/// `CONFIG_TOML_SYNTAX` finding before TOMLKit sees the text. It never rejects valid TOML: each case it reports
/// is invalid TOML anyway.
package enum TOMLCrashGuard {
    /// The 1-based line and column of the first construct TOMLKit cannot survive, or nil when there is none.
    package static func firstCrashingPosition(in text: String) -> (line: Int, column: Int)? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var line = 1
        var lineStart = 0
        var open: [Unicode.Scalar] = []  // the `[` and `{` of values not closed yet
        var atStatementStart = true
        var inHeader = false
        var expectingValue = false  // after `=`, or where an array element starts
        if scalars.first == "\u{FEFF}" {
            // toml++ skips a byte-order mark at the start, so what follows it is still at a statement start.
            index = 1
            lineStart = 1
        }

        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        func newline() {
            line += 1
            lineStart = index + 1
        }
        // Skips a string starting at `index`; leaves `index` after its closing quote.
        func skipString(_ quote: Unicode.Scalar) {
            let multiLine = at(1) == quote && at(2) == quote
            index += multiLine ? 3 : 1
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "\\" && quote == "\"" {
                    // An escape: the next character never closes the string.
                    if at(1) == "\n" {
                        index += 1
                        newline()
                        index += 1
                    } else {
                        index += 2
                    }
                    continue
                }
                if scalar == "\n" {
                    if !multiLine { return }
                    newline()
                } else if scalar == quote {
                    if !multiLine {
                        index += 1
                        return
                    }
                    var run = 1
                    while at(run) == quote { run += 1 }
                    if run >= 3 {
                        // The closing `"""` may carry up to two more quotes that belong to the string.
                        index += min(run, 5)
                        return
                    }
                    index += run
                    continue
                }
                index += 1
            }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                newline()
                inHeader = false
                atStatementStart = open.isEmpty
                if open.isEmpty { expectingValue = false }
                index += 1
            case " ", "\t", "\r":
                index += 1
            case "#":
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            case "\"", "'":
                skipString(scalar)
                atStatementStart = false
                expectingValue = false
            case "[" where atStatementStart && open.isEmpty:
                atStatementStart = false
                inHeader = true
                index += 1
                var hadWhitespace = false
                while let next = at(0), next == " " || next == "\t" {
                    hadWhitespace = true
                    index += 1
                }
                if at(0) == "[" {
                    // `[ [` is reported by toml++ itself; only a contiguous `[[` opens an array-of-tables header.
                    if hadWhitespace { continue }
                    index += 1
                    while let next = at(0), next == " " || next == "\t" { index += 1 }
                }
                guard let first = at(0) else { continue }
                if !(isBareKeyCharacter(first) || first == "\"" || first == "'" || first == "]") {
                    return (line, index - lineStart + 1)
                }
            default:
                if !inHeader {
                    // `YYYY-MM-DDT` and then no digit: toml++ asserts the hour's first digit instead of checking it.
                    if expectingValue, let offset = brokenDateTimeOffset(scalars, at: index) {
                        return (line, index + offset - lineStart + 1)
                    }
                    expectingValue = false
                    switch scalar {
                    case "=":
                        expectingValue = true
                    case "[", "{":
                        open.append(scalar)
                        expectingValue = scalar == "["
                    case ",":
                        expectingValue = open.last == "["
                    case "]", "}":
                        // A `}` inside an array is never valid, and where an element is expected it aborts toml++.
                        if scalar == "}" && open.last == "[" { return (line, index - lineStart + 1) }
                        _ = open.popLast()
                    default:
                        break
                    }
                }
                atStatementStart = false
                index += 1
            }
        }
        return nil
    }

    /// The offset of the character after `YYYY-MM-DDT` (or `t`) when it is not a digit, or nil.
    private static func brokenDateTimeOffset(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        guard start + 11 < scalars.count else { return nil }
        func isDigit(_ offset: Int) -> Bool { ("0"..."9").contains(scalars[start + offset]) }
        guard [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy(isDigit), scalars[start + 4] == "-", scalars[start + 7] == "-",
            scalars[start + 10] == "T" || scalars[start + 10] == "t", !isDigit(11)
        else { return nil }
        return 11
    }

    /// TOML's bare-key characters: `A-Z a-z 0-9 _ -`.
    private static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }
}
