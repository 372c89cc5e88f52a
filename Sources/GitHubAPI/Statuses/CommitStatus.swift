/// A commit status to post on a commit (the check shown next to it on GitHub).
public struct CommitStatus: Sendable, Hashable {
    /// The states GitHub accepts.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Work is under way.
        case pending
        /// The work succeeded.
        case success
        /// The work ran and failed (e.g. a check found problems).
        case failure
        /// The work could not run (e.g. a crash or a superseded deploy).
        case error
    }

    /// GitHub rejects longer descriptions with 422 "description is too long (maximum is 140 characters)".
    public static let maxDescriptionLength = 140

    /// The state.
    public var state: State
    /// The label that tells this status apart from others on the same commit, e.g. `chimera/deploy/production`.
    public var context: String
    /// A short line shown next to the status; at most ``maxDescriptionLength`` characters.
    public private(set) var description: String?
    /// The page the status links to.
    public var targetURL: String?

    /// Makes a status; a description longer than 140 characters is cut on a character boundary and ends with "…".
    public init(state: State, context: String, description: String?, targetURL: String?) {
        self.state = state
        self.context = context
        self.description = description.map(Self.shortened)
        self.targetURL = targetURL
    }

    /// Cuts `text` to at most 140 characters. Both Swift characters and Unicode scalars are counted, because
    /// GitHub counts code points: a cut never splits a character and never exceeds GitHub's limit.
    static func shortened(_ text: String) -> String {
        let limit = maxDescriptionLength
        guard text.unicodeScalars.count > limit else { return text }
        var result = ""
        var scalars = 0
        for character in text {
            let size = character.unicodeScalars.count
            if scalars + size > limit - 1 { break }
            result.append(character)
            scalars += size
        }
        return result + "…"
    }
}
