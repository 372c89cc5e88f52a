/// A webhook delivery whose body cannot be turned into JSON: unsupported content type or a broken form payload.
public struct WebhookBodyError: Error, CustomStringConvertible {
    /// What is wrong and what to change.
    public var description: String

    /// Makes an error with its explanation.
    public init(_ description: String) {
        self.description = description
    }
}
