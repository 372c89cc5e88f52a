/// One entry of `databases`: a Render Postgres database.
public struct RenderDatabase: Sendable, Hashable {
    /// The database's name in the blueprint.
    public var name: String
    /// The instance type, when given.
    public var plan: String?
    /// The region, when given.
    public var region: String?
    /// The 1-based line of the database in `render.yaml`.
    public var line: Int

    /// Creates a database entry.
    public init(name: String, plan: String? = nil, region: String? = nil, line: Int) {
        self.name = name
        self.plan = plan
        self.region = region
        self.line = line
    }
}
