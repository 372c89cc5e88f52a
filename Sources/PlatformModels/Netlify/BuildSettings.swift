/// The `[build]` settings of `netlify.toml`, or one `[context.*]` override of them.
public struct BuildSettings: Sendable, Hashable {
    /// The folder the build runs in, relative to the repository root.
    public var base: String?
    /// The folder deployed, relative to `base`.
    public var publish: String?
    /// The build command.
    public var command: String?
    /// The command that decides whether to skip the build.
    public var ignore: String?
    /// The functions folder.
    public var functions: String?
    /// The edge functions folder.
    public var edgeFunctions: String?
    /// Build environment variables.
    public var environment: [String: String]

    /// Creates settings; every field is optional.
    public init(
        base: String? = nil,
        publish: String? = nil,
        command: String? = nil,
        ignore: String? = nil,
        functions: String? = nil,
        edgeFunctions: String? = nil,
        environment: [String: String] = [:]
    ) {
        self.base = base
        self.publish = publish
        self.command = command
        self.ignore = ignore
        self.functions = functions
        self.edgeFunctions = edgeFunctions
        self.environment = environment
    }

    /// These settings with `override`'s set fields on top; environment variables merge by name.
    public func overlaid(with override: Self) -> Self {
        Self(
            base: override.base ?? base,
            publish: override.publish ?? publish,
            command: override.command ?? command,
            ignore: override.ignore ?? ignore,
            functions: override.functions ?? functions,
            edgeFunctions: override.edgeFunctions ?? edgeFunctions,
            environment: environment.merging(override.environment) { _, new in new }
        )
    }
}
