/// Where a Netlify rule was written: the publish folder's side files or `netlify.toml`.
public struct RuleSource: Sendable, Hashable, Codable {
    /// Which kind of file holds the rule.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `_redirects` in the publish folder.
        case redirectsFile = "_redirects"
        /// `_headers` in the publish folder.
        case headersFile = "_headers"
        /// `netlify.toml`.
        case netlifyTOML = "netlify.toml"
    }

    /// Which kind of file holds the rule.
    public var kind: Kind
    /// The file as shown to the user.
    public var displayPath: String
    /// The 1-based line where the rule starts.
    public var line: Int

    /// Creates a source location.
    public init(kind: Kind, displayPath: String, line: Int) {
        self.kind = kind
        self.displayPath = displayPath
        self.line = line
    }
}
