/// One entry of a static site's `headers`: a response header set on every path the pattern matches.
public struct RenderHeaderRule: Sendable, Hashable {
    /// The path pattern as written.
    public var path: String
    /// The header name as written (Render treats names case-insensitively).
    public var name: String
    /// The value, sent as is.
    public var value: String
    /// The 1-based line of the rule in `render.yaml`.
    public var line: Int
    /// The compiled path.
    public let pattern: RenderHeaderPattern

    /// Creates a rule; nil when the path is too long or too complex to compile.
    public init?(path: String, name: String, value: String, line: Int) {
        guard let pattern = RenderHeaderPattern(path) else { return nil }
        self.path = path
        self.name = name
        self.value = value
        self.line = line
        self.pattern = pattern
    }
}
