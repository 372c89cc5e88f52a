/// One problem found in a site: what it is, where it comes from, and how to fix it when that is known.
public struct Finding: Sendable, Hashable {
    /// How much a finding matters: an `error` fails the simulation verdict.
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        /// The deploy would lose something (a rule, a file, a reference) or fail outright.
        case error
        /// Probably a mistake, but the deploy does what it says.
        case warning
        /// Worth knowing; nothing is wrong.
        case info
    }

    /// The stable code that names the kind of problem.
    public var code: FindingCode
    /// How much the finding matters.
    public var severity: Severity
    /// The file it comes from, as shown to the user, or nil for the site as a whole.
    public var file: String?
    /// The 1-based line in `file`, or nil when the finding is about the whole file.
    public var line: Int?
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it, when a fix is known.
    public var fix: String?

    /// Creates a finding; the severity defaults to the code's own.
    public init(_ code: FindingCode, severity: Severity? = nil, file: String?, line: Int?, message: String, fix: String? = nil) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
    }
}

extension Finding: Codable {
    private enum CodingKeys: String, CodingKey {
        case code, severity, file, line, message, fix
    }

    /// Encodes every key, with JSON `null` for what is absent, so that consumers see one fixed shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(message, forKey: .message)
        try container.encode(fix, forKey: .fix)
    }
}
