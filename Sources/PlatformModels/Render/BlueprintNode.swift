/// One node of `render.yaml` as the blueprint reader sees it: aliases expanded, merge keys (`<<`) applied,
/// every node and key with the line it was written on.
///
/// Yams' own `Node` shares aliased subtrees and hashes them recursively; this tree is built from it under a
/// node budget (see `BlueprintDocument`), so an alias bomb costs at most the budget, never its expansion.
struct BlueprintNode: Sendable, Hashable {
    /// One `key: value` pair of a mapping, in file order.
    struct Entry: Sendable, Hashable {
        /// The key as written (keys that are not scalars never get this far).
        var key: String
        /// The 1-based line of the key.
        var keyLine: Int
        /// The value.
        var value: BlueprintNode
    }

    /// What the node holds.
    enum Kind: Sendable, Hashable {
        /// A scalar; `plain` is false for quoted and block scalars, which are always strings.
        case scalar(String, plain: Bool)
        /// An empty value, `~` or `null`.
        case null
        /// A mapping, in file order.
        case mapping([Entry])
        /// A sequence.
        case sequence([BlueprintNode])
    }

    /// What the node holds.
    var kind: Kind
    /// The 1-based line where the node starts.
    var line: Int
    /// The 1-based column where the node starts.
    var column: Int

    /// The entries of a mapping, or nil.
    var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The items of a sequence, or nil.
    var items: [BlueprintNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The text of a scalar, or nil for a null, a mapping or a sequence.
    var text: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// Whether the node is null (an empty value, `~`, `null`).
    var isNull: Bool {
        if case .null = kind { return true }
        return false
    }

    /// The value of a scalar read as YAML booleans are by Render's Go YAML decoder, or nil when it is not one.
    var bool: Bool? {
        guard case .scalar(let text, let plain) = kind, plain else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// The value of a plain scalar read as an integer, or nil.
    var int: Int? {
        guard case .scalar(let text, let plain) = kind, plain else { return nil }
        return Int(text)
    }

    /// The entry for `key` in a mapping, or nil.
    subscript(key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// A short name for the node's kind, for messages.
    var kindName: String {
        switch kind {
        case .scalar: "a scalar"
        case .null: "an empty value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
