/// What to deploy, as a trigger asks for it; ``DeployQueue/enqueue(_:ledger:signer:delivery:startingAt:details:now:)``
/// checks and queues it.
public struct DeployRequest: Hashable, Sendable {
    /// The site.
    public var site: String
    /// The deploy context, such as `production`; a newer request for the same site and context supersedes a queued one.
    public var context: String
    /// The branch.
    public var branch: String
    /// The commit id.
    public var commit: String
    /// The repository, `owner/name`.
    public var repository: String
    /// What asked for it.
    public var trigger: Deploy.Trigger

    /// Creates a request.
    public init(site: String, context: String = "production", branch: String, commit: String, repository: String, trigger: Deploy.Trigger) {
        self.site = site
        self.context = context
        self.branch = branch
        self.commit = commit
        self.repository = repository
        self.trigger = trigger
    }

    /// Checks the request before it is queued.
    /// - Throws: ``StoreError`` when a field is empty or looks like a secret (they all go into events).
    func validate() throws {
        let fields = [
            ("site", site), ("context", context), ("branch", branch), ("commit", commit), ("repository", repository), ("trigger", trigger.rawValue),
        ]
        for (field, value) in fields {
            guard !value.isEmpty else { throw StoreError("a deploy request needs a \(field); it is empty") }
            try CanonicalJSON.screenValue(value, field: "the deploy's \(field)")
        }
    }
}
