/// One entry of `envVars`, in a service or an environment group.
public struct RenderEnvVar: Sendable, Hashable {
    /// Where the variable's value comes from.
    public enum Source: Sendable, Hashable {
        /// `value:` written in the blueprint.
        case literal(String)
        /// `generateValue: true`: Render generates a secret.
        case generated
        /// `sync: false` (or no value at all): Render asks for the value in the Dashboard.
        case prompted
        /// `fromDatabase: {name, property}`.
        case database(name: String, property: String)
        /// `fromService: {name, type, property | envVarKey}`.
        case service(name: String, type: String, property: String)
        /// `fromGroup: NAME`: every variable of that environment group.
        case group(String)
    }

    /// The variable's name; nil for a `fromGroup` entry.
    public var key: String?
    /// Where the value comes from.
    public var source: Source
    /// The 1-based line of the entry in `render.yaml`.
    public var line: Int

    /// Creates an entry.
    public init(key: String?, source: Source, line: Int) {
        self.key = key
        self.source = source
        self.line = line
    }

    /// The literal value, when the blueprint writes one.
    public var literalValue: String? {
        if case .literal(let value) = source { return value }
        return nil
    }
}
