import Foundation
/// A text file as lines, each with the exact bytes of its content and of its line ending, so that an edit can
/// rebuild the file with every untouched byte in place.
///
/// Lines are split on `\n` only, as Netlify's parsers (and the findings' line numbers) do; a `\r` before the `\n`
/// belongs to the ending (`\r\n`), so an edited line keeps the ending it had.
public struct LineDocument: Sendable, Hashable {
    /// One line: its content (without ending) and its ending (`"\n"`, `"\r\n"`, or empty for a last line without one).
    public struct Line: Sendable, Hashable {
        /// The bytes of the line, without its ending.
        public var content: [UInt8]
        /// The ending: `\n`, `\r\n`, or nothing for a final line without a newline.
        public var ending: [UInt8]

        /// The content decoded as UTF-8, or nil when it is not valid UTF-8 (such a line is never edited).
        public var text: String? { String(validating: content, as: UTF8.self) }
    }

    /// The lines in order. An empty file has none; a file ending with a newline has no empty last line.
    public var lines: [Line]

    /// Splits `bytes` into lines.
    public init(bytes: some Collection<UInt8>) {
        var lines: [Line] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if current.last == UInt8(ascii: "\r") {
                    current.removeLast()
                    lines.append(Line(content: current, ending: [13, 10]))
                } else {
                    lines.append(Line(content: current, ending: [10]))
                }
                current = []
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { lines.append(Line(content: current, ending: [])) }
        self.lines = lines
    }

    /// The file's bytes: every line's content followed by its ending.
    public var bytes: [UInt8] { lines.flatMap { $0.content + $0.ending } }

    /// True when the last line has no newline.
    public var lacksFinalNewline: Bool { lines.last.map { $0.ending.isEmpty } ?? false }

    /// The ending most lines use (`\r\n` when CRLF lines outnumber LF ones), for lines an edit adds.
    public var dominantEnding: [UInt8] {
        let crlf = lines.filter { $0.ending == [13, 10] }.count
        let lf = lines.filter { $0.ending == [10] }.count
        return crlf > lf ? [13, 10] : [10]
    }

    /// The decoded text of line `number` (1-based), or nil when there is no such line or it is not UTF-8.
    public func text(ofLine number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1].text
    }

    /// The number of lines.
    public var count: Int { lines.count }

    /// Applies `edits` (all numbered against this document's lines) and returns the result.
    ///
    /// A replaced line keeps its ending; an inserted line takes the ending of the line it is inserted before (the
    /// dominant ending at the end of the file). When the file had no final newline, the result has none either.
    /// - Throws: `EditConflict` when two edits touch the same line differently.
    public func applying(_ edits: [LineEdit]) throws(EditConflict) -> LineDocument {
        var replacement: [Int: String] = [:]
        var deleted: Set<Int> = []
        var inserted: [Int: [String]] = [:]
        for edit in edits {
            switch edit {
            case .replace(let line, let text):
                guard line >= 1, line <= count else { throw EditConflict(line: line, reason: "line \(line) is outside the file") }
                if deleted.contains(line) || (replacement[line] != nil && replacement[line] != text) {
                    throw EditConflict(line: line, reason: "two fixes edit line \(line) differently")
                }
                replacement[line] = text
            case .delete(let line):
                guard line >= 1, line <= count else { throw EditConflict(line: line, reason: "line \(line) is outside the file") }
                if replacement[line] != nil { throw EditConflict(line: line, reason: "one fix deletes line \(line), another edits it") }
                deleted.insert(line)
            case .insert(let before, let text):
                guard before >= 1, before <= count + 1 else {
                    throw EditConflict(line: before, reason: "insertion before line \(before) is outside the file")
                }
                if inserted[before]?.contains(text) != true { inserted[before, default: []].append(text) }
            }
        }
        let fallback = dominantEnding
        var result: [Line] = []
        for number in 1...(count + 1) {
            let ending = number <= count && !lines[number - 1].ending.isEmpty ? lines[number - 1].ending : fallback
            for text in inserted[number] ?? [] { result.append(Line(content: Array(text.utf8), ending: ending)) }
            guard number <= count else { break }
            if deleted.contains(number) { continue }
            var line = lines[number - 1]
            if let text = replacement[number] { line.content = Array(text.utf8) }
            result.append(line)
        }
        // Keep the end of the file as it was: every line ends with a newline, except the last one when the
        // original's last line had none.
        for index in result.indices where result[index].ending.isEmpty { result[index].ending = fallback }
        if lacksFinalNewline, !result.isEmpty { result[result.count - 1].ending = [] }
        var document = self
        document.lines = result
        return document
    }
}

/// Two edits that cannot both apply to one line in one pass.
public struct EditConflict: Error, Sendable, CustomStringConvertible {
    /// The line both edits touch.
    public var line: Int
    /// What collided.
    public var reason: String

    /// The reason, for reports.
    public var description: String { reason }
}
