/// A commit status the stand-in accepted, as GitHub would have stored it.
public struct StandInStatus: Sendable, Hashable {
    /// The id returned to the client.
    public var id: Int
    /// `owner/name` from the path.
    public var repository: String
    /// The commit SHA from the path.
    public var sha: String
    /// The state sent.
    public var state: String
    /// The context sent, or GitHub's default `default`.
    public var context: String
    /// The description sent, if any.
    public var description: String?
    /// The target URL sent, if any.
    public var targetURL: String?
    /// When it was accepted, as ISO 8601.
    public var createdAt: String

    /// Makes a status record.
    public init(
        id: Int, repository: String, sha: String, state: String, context: String, description: String?,
        targetURL: String?, createdAt: String
    ) {
        self.id = id
        self.repository = repository
        self.sha = sha
        self.state = state
        self.context = context
        self.description = description
        self.targetURL = targetURL
        self.createdAt = createdAt
    }
}
