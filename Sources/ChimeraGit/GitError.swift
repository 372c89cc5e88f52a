import CGit2

/// A libgit2 failure: its error code and the message `git_error_last()` gave.
public struct GitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The libgit2 return code (`GIT_ENOTFOUND`, …), or -1 for failures detected on the Swift side.
    public var code: Int32
    /// What went wrong, in libgit2's words or ours.
    public var message: String

    /// Creates an error.
    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The message, for printing.
    public var description: String { message }
}
