/// A sites file that cannot be used: where (file:line) and why.
public struct SitesFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong and what to do.
    public var reason: String

    /// Creates an error.
    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// `path:line: reason`.
    public var description: String { line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)" }
}
