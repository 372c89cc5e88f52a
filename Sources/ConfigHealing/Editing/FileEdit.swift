import Foundation
/// What one fix does to one file: line edits of an existing file, or a new file with given contents.
public struct FileEdit: Sendable, Hashable {
    /// How the file changes.
    public enum Change: Sendable, Hashable {
        /// Line edits of the existing file.
        case lines([LineEdit])
        /// A new file (one that does not exist yet) with these bytes and, when given, this permission mode.
        case create(contents: [UInt8], mode: UInt32?)
    }

    /// The file, absolute.
    public var path: String
    /// The change.
    public var change: Change

    /// Creates an edit of `path`.
    public init(path: String, change: Change) {
        self.path = path
        self.change = change
    }
}
