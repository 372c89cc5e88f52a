import CGit2
import Foundation

/// A name, an email and a time, as git records them for an author or a committer.
public struct GitSignature: Hashable, Sendable {
    /// The person's name.
    public var name: String
    /// The person's email address.
    public var email: String
    /// Seconds since 1970-01-01 UTC.
    public var seconds: Int64
    /// The person's time zone offset from UTC, in minutes (`+0200` is 120).
    public var offsetMinutes: Int

    /// The moment, as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Creates a signature value.
    public init(name: String, email: String, seconds: Int64, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// Reads a `git_signature *`; a missing one (a corrupt commit) reads as empty.
    init(_ signature: UnsafePointer<git_signature>?) {
        guard let signature = signature?.pointee else {
            self.init(name: "", email: "", seconds: 0, offsetMinutes: 0)
            return
        }
        self.init(
            name: signature.name.map { String(cString: $0) } ?? "",
            email: signature.email.map { String(cString: $0) } ?? "",
            seconds: Int64(signature.when.time),
            offsetMinutes: Int(signature.when.offset)
        )
    }
}
