/// What a check of a folder against its certificate found.
public struct VerificationResult: Sendable, Hashable {
    /// Why the certificate itself cannot be trusted.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The kind of failure, stable for scripts and tests.
        public struct Reason: Sendable, Hashable, CustomStringConvertible {
            /// The reason's name.
            public let name: String
            /// The envelope is not DSSE JSON or its payload is not base64.
            public static let malformedEnvelope = Reason(name: "malformed envelope")
            /// The envelope's payloadType is not `application/vnd.in-toto+json`.
            public static let wrongPayloadType = Reason(name: "wrong payload type")
            /// The envelope carries no signature.
            public static let unsigned = Reason(name: "unsigned")
            /// No signature names a known key.
            public static let unknownKey = Reason(name: "unknown key")
            /// The signature does not hold for the payload under the named key.
            public static let badSignature = Reason(name: "bad signature")
            /// The signed payload is not an in-toto statement with Chimera's predicate.
            public static let notInTotoStatement = Reason(name: "payload not an in-toto statement")
            /// The certificate is for another platform than the one asked for.
            public static let wrongPlatform = Reason(name: "wrong platform")
            /// The folder cannot be read (or holds a link or special file).
            public static let unreadableFolder = Reason(name: "unreadable folder")
            /// The name, for printing.
            public var description: String { name }
        }

        /// The kind.
        public var reason: Reason
        /// What exactly, and what to do.
        public var message: String

        /// Creates a failure.
        public init(_ reason: Reason, _ message: String) {
            self.reason = reason
            self.message = message
        }

        /// `reason: message`.
        public var description: String { "\(reason): \(message)" }
    }

    /// One file whose content, size or mode differs from the certificate.
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        /// What differs.
        public struct Kind: OptionSet, Sendable, Hashable {
            /// The bit set.
            public let rawValue: Int
            /// Creates a kind from its bits.
            public init(rawValue: Int) { self.rawValue = rawValue }
            /// The bytes differ (SHA-256 or SHA3-256).
            public static let content = Kind(rawValue: 1)
            /// The length differs.
            public static let size = Kind(rawValue: 2)
            /// The permission bits differ.
            public static let mode = Kind(rawValue: 4)
        }

        /// The file's path.
        public var path: String
        /// What differs.
        public var kind: Kind
        /// A readable account, such as `mode 0644 → 0755`.
        public var detail: String

        /// `path: detail`.
        public var description: String { "\(path): \(detail)" }
    }

    /// Why the certificate could not be trusted, when it could not.
    public var failure: Failure?
    /// Files in the folder but not in the certificate.
    public var added: [String] = []
    /// Files in the certificate but not in the folder.
    public var removed: [String] = []
    /// Files in both that differ.
    public var changed: [Change] = []
    /// The key id whose signature held.
    public var keyid: String?
    /// The statement, once its signature held.
    public var statement: Statement?

    /// Creates a result, empty or with a failure.
    public init(failure: Failure? = nil) { self.failure = failure }

    /// True when the signature and every file hold.
    public var holds: Bool { failure == nil && added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// One line per problem, for printing.
    public var problems: [String] {
        var lines: [String] = []
        if let failure { lines.append(failure.description) }
        lines += added.map { "added: \($0)" }
        lines += removed.map { "removed: \($0)" }
        lines += changed.map { "changed: \($0)" }
        return lines
    }
}
