/// A commit comment the stand-in accepted, with every edit it received.
public struct StandInComment: Sendable, Hashable {
    /// The comment's id.
    public var id: Int
    /// `owner/name`.
    public var repository: String
    /// The commit commented on.
    public var sha: String
    /// The current text.
    public var body: String
    /// How many times it was edited after it was created.
    public var edits: Int

    /// Creates a comment record.
    public init(id: Int, repository: String, sha: String, body: String, edits: Int = 0) {
        self.id = id
        self.repository = repository
        self.sha = sha
        self.body = body
        self.edits = edits
    }
}
