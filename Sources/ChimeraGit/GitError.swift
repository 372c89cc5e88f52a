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

extension GitError {
    /// An error for a failed libgit2 call: `context` first, then libgit2's own detail from `git_error_last()`.
    ///
    /// libgit2 keeps the last error per thread, so this must run on the thread that made the failing call.
    static func libgit2(_ code: Int32, _ context: String) -> GitError {
        guard let last = git_error_last(), let text = last.pointee.message else {
            return GitError(code: code, message: context)
        }
        let detail = String(cString: text)
        return GitError(code: code, message: detail.isEmpty ? context : "\(context): \(detail)")
    }

    /// An error found on the Swift side (no libgit2 call failed).
    static func chimera(_ message: String) -> GitError {
        GitError(code: -1, message: message)
    }
}
