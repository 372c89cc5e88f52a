/// A store operation that failed: the database cannot be opened, migrated or written.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message, for printing.
    public var description: String { message }
}
