/// The stand-in could not start: contract resource missing or unreadable, or the server did not come up.
public struct GitHubStandInError: Error, CustomStringConvertible {
    /// What went wrong and what to check.
    public var description: String

    /// Makes an error with its explanation.
    public init(_ description: String) {
        self.description = description
    }
}
