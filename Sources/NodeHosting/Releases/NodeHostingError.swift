/// Why a node-hosting operation failed: what is wrong, where, and what to do.
public struct NodeHostingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message for the user.
    public var description: String

    /// Creates an error with its message.
    public init(_ description: String) {
        self.description = description
    }
}
