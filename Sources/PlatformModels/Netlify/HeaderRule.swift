/// One custom-header rule: a `for` pattern and the headers set on every response whose path it matches.
public struct HeaderRule: Sendable, Hashable {
    /// One header, in the order it was written.
    public struct Value: Sendable, Hashable {
        /// The header name as written.
        public var name: String
        /// The value; repeated names in one block are joined with `", "`.
        public var value: String

        /// Creates a header value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Where the rule was written.
    public var source: RuleSource
    /// The `for` path as written (trimmed).
    public var forPath: String
    /// The headers, one entry per distinct name.
    public var values: [Value]
    /// The compiled `for` pattern.
    public let pattern: HeaderPathPattern

    /// Creates a rule.
    public init(source: RuleSource, forPath: String, values: [Value]) {
        self.source = source
        self.forPath = forPath
        self.values = values
        self.pattern = HeaderPathPattern(forPath)
    }

    /// Adds a value the way Netlify does within one block: a repeated name joins with `", "`.
    mutating func append(name: String, value: String) {
        if let index = values.firstIndex(where: { $0.name == name }) {
            values[index].value += ", " + value
        } else {
            values.append(Value(name: name, value: value))
        }
    }

    /// The fields Netlify compares when it removes duplicate header rules.
    var identity: [String] { [forPath] + values.flatMap { [$0.name, $0.value] } }
}
