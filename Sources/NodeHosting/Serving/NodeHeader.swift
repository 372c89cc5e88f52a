/// One response header field.
public struct NodeHeader: Sendable, Hashable {
    /// The field name, as it is sent.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
