/// A certificate or key that cannot be made, read or trusted, with what to do about it.
public struct CertificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message, for printing.
    public var description: String { message }
}
