/// One file of a deploy folder as a certificate records it.
public struct ManifestEntry: Sendable, Hashable {
    /// The POSIX path relative to the folder, `/`-separated, no leading `./`.
    public var path: String
    /// The size in bytes.
    public var size: Int64
    /// The permission bits, such as `0o644`.
    public var mode: Int
    /// SHA-256 of the contents, lowercase hex.
    public var sha256: String
    /// SHA3-256 of the contents, lowercase hex.
    public var sha3_256: String

    /// Creates an entry from its parts.
    public init(path: String, size: Int64, mode: Int, sha256: String, sha3_256: String) {
        self.path = path
        self.size = size
        self.mode = mode
        self.sha256 = sha256
        self.sha3_256 = sha3_256
    }

    /// The mode as four octal digits, as the certificate writes it (`"0644"`).
    public var octalMode: String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
