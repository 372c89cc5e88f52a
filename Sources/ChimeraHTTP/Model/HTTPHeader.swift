/// One HTTP header field as sent or received: the name keeps its spelling, comparisons of names are the caller's choice.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name, e.g. `Content-Type`.
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// Makes a header field from a name and a value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
