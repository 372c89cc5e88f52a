/// One entry of `envVarGroups`: a named set of environment variables that services link with `fromGroup`.
public struct RenderEnvVarGroup: Sendable, Hashable {
    /// The group's name.
    public var name: String
    /// The variables, in order.
    public var envVars: [RenderEnvVar]
    /// The 1-based line of the group in `render.yaml`.
    public var line: Int

    /// Creates a group.
    public init(name: String, envVars: [RenderEnvVar], line: Int) {
        self.name = name
        self.envVars = envVars
        self.line = line
    }
}
