/// One path that differs between two commits.
public struct GitChange: Hashable, Sendable {
    /// How the path changed.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The path is new.
        case added
        /// The content, the mode (exec bit) or the type (file, link, submodule) changed.
        case modified
        /// The path is gone.
        case deleted
        /// The content moved from `oldPath` (maybe with edits: git's 50% similarity rule).
        case renamed
    }

    /// How the path changed.
    public var kind: Kind
    /// The path in the newer commit (in the older one for `deleted`), `/`-separated.
    public var path: String
    /// For `renamed`, the path in the older commit.
    public var oldPath: String?

    /// Creates a change.
    public init(kind: Kind, path: String, oldPath: String? = nil) {
        self.kind = kind
        self.path = path
        self.oldPath = oldPath
    }
}
