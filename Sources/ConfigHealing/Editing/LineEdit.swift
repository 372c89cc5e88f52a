import Foundation
/// One change to a text file, numbered against the file as it was read (1-based lines).
public enum LineEdit: Sendable, Hashable {
    /// Replace the content of `line` with `text` (its line ending is kept).
    case replace(line: Int, with: String)
    /// Delete `line` and its ending.
    case delete(line: Int)
    /// Insert `text` as a new line before line `before` (`count + 1` appends at the end).
    case insert(before: Int, text: String)

    /// The original line the edit is anchored on.
    public var line: Int {
        switch self {
        case .replace(let line, _), .delete(let line): line
        case .insert(let before, _): before
        }
    }
}
