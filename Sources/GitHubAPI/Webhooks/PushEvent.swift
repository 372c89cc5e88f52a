/// The parts of GitHub's `push` webhook payload that Chimera acts on.
public struct PushEvent: Sendable, Decodable {
    /// The full ref pushed, e.g. `refs/heads/main` or `refs/tags/v1.0`.
    public var ref: String
    /// The ref's commit before the push (all zeros when the ref was created).
    public var before: String
    /// The ref's commit after the push (all zeros when the ref was deleted).
    public var after: String
    /// Whether the push created the ref; nil when the payload does not say.
    public var created: Bool?
    /// Whether the push deleted the ref; nil when the payload does not say.
    public var deleted: Bool?
    /// Whether the push was a force push; nil when the payload does not say.
    public var forced: Bool?
    /// The repository pushed to.
    public var repository: Repository
    /// The commit `after` points to (for an annotated tag, the tagged commit); nil for deletions.
    public var headCommit: HeadCommit?
    /// How many commits the payload lists (GitHub caps the list; this is not the true count for huge pushes).
    public var commitCount: Int
    /// The name of the git user who pushed.
    public var pusherName: String?
    /// The login of the GitHub account that sent the push.
    public var senderLogin: String?

    /// The repository section of the payload.
    public struct Repository: Sendable, Decodable, Hashable {
        /// `owner/name`.
        public var fullName: String
        /// The HTTPS clone URL.
        public var cloneURL: String
        /// The repository's web page.
        public var htmlURL: String?
        /// The default branch, e.g. `main`.
        public var defaultBranch: String?

        enum CodingKeys: String, CodingKey {
            case fullName = "full_name"
            case cloneURL = "clone_url"
            case htmlURL = "html_url"
            case defaultBranch = "default_branch"
        }
    }

    /// The head commit section of the payload.
    public struct HeadCommit: Sendable, Decodable, Hashable {
        /// The commit SHA.
        public var id: String
        /// The full commit message.
        public var message: String
        /// The commit time as GitHub writes it (ISO 8601).
        public var timestamp: String
    }

    enum CodingKeys: String, CodingKey {
        case ref, before, after, created, deleted, forced, repository, commits, pusher, sender
        case headCommit = "head_commit"
    }

    private enum NameKeys: String, CodingKey { case name }
    private enum LoginKeys: String, CodingKey { case login }

    /// Decodes the payload JSON (only the fields above are read; everything else is ignored).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ref = try container.decode(String.self, forKey: .ref)
        before = try container.decodeIfPresent(String.self, forKey: .before) ?? ""
        after = try container.decode(String.self, forKey: .after)
        created = try container.decodeIfPresent(Bool.self, forKey: .created)
        deleted = try container.decodeIfPresent(Bool.self, forKey: .deleted)
        forced = try container.decodeIfPresent(Bool.self, forKey: .forced)
        repository = try container.decode(Repository.self, forKey: .repository)
        headCommit = try container.decodeIfPresent(HeadCommit.self, forKey: .headCommit)
        if container.contains(.commits), try !container.decodeNil(forKey: .commits) {
            let commits = try container.nestedUnkeyedContainer(forKey: .commits)
            commitCount = commits.count ?? 0
        } else {
            commitCount = 0
        }
        if container.contains(.pusher), try !container.decodeNil(forKey: .pusher) {
            pusherName = try container.nestedContainer(keyedBy: NameKeys.self, forKey: .pusher)
                .decodeIfPresent(String.self, forKey: .name)
        }
        if container.contains(.sender), try !container.decodeNil(forKey: .sender) {
            senderLogin = try container.nestedContainer(keyedBy: LoginKeys.self, forKey: .sender)
                .decodeIfPresent(String.self, forKey: .login)
        }
    }

    /// The branch name for a `refs/heads/…` push; nil for tags and other refs.
    public var branch: String? {
        let prefix = "refs/heads/"
        guard ref.hasPrefix(prefix), ref.count > prefix.count else { return nil }
        return String(ref.dropFirst(prefix.count))
    }

    /// The tag name for a `refs/tags/…` push; nil otherwise.
    public var tag: String? {
        let prefix = "refs/tags/"
        guard ref.hasPrefix(prefix), ref.count > prefix.count else { return nil }
        return String(ref.dropFirst(prefix.count))
    }

    /// Whether the push deleted the ref: `deleted` is true, or `after` is all zeros (of any hash length).
    public var isDeletion: Bool {
        deleted == true || (!after.isEmpty && after.allSatisfy { $0 == "0" })
    }
}
