import PlatformModels

/// The outcome of one simulation: the verdict, every finding, and what was read.
public struct SimulationReport: Sendable, Codable {
    /// Counts of what the simulation read and how long it took.
    public struct Stats: Sendable, Codable, Hashable {
        /// Files served by the deploy.
        public var files: Int
        /// Their total size in bytes.
        public var bytes: Int
        /// HTML files scanned for references.
        public var htmlFiles: Int
        /// Local references checked.
        public var references: Int
        /// Redirect and header rules in effect.
        public var rules: Int
        /// Wall time of the simulation in milliseconds.
        public var durationMs: Int

        enum CodingKeys: String, CodingKey {
            case files, bytes, references, rules
            case htmlFiles = "html_files"
            case durationMs = "duration_ms"
        }
    }

    /// `pass` or `fail`.
    public enum Verdict: String, Sendable, Codable {
        /// No error-level finding.
        case pass
        /// At least one error-level finding.
        case fail
    }

    /// The platform model used (`netlify`).
    public var platform: String
    /// `fail` when any finding is an error.
    public var verdict: Verdict
    /// Every finding, ordered by file and line.
    public var findings: [Finding]
    /// What was read.
    public var stats: Stats
    /// The configuration the simulation applied, one line per setting, for the text report only: the JSON
    /// document keeps its four documented keys.
    public var configuration: [String] = []

    private enum CodingKeys: String, CodingKey {
        case platform, verdict, findings, stats
    }

    /// Creates a report; findings are ordered by file and line (stable otherwise), and the verdict follows from them.
    public init(platform: String, findings: [Finding], stats: Stats, configuration: [String] = []) {
        self.platform = platform
        self.findings = findings.enumerated().sorted { left, right in
            let (l, r) = (left.element, right.element)
            if (l.file ?? "") != (r.file ?? "") { return (l.file ?? "") < (r.file ?? "") }
            if (l.line ?? 0) != (r.line ?? 0) { return (l.line ?? 0) < (r.line ?? 0) }
            return left.offset < right.offset
        }.map(\.element)
        self.stats = stats
        self.configuration = configuration
        self.verdict = findings.contains { $0.severity == .error } ? .fail : .pass
    }

    /// The number of findings of `severity`.
    public func count(_ severity: Finding.Severity) -> Int { findings.filter { $0.severity == severity }.count }
}
