import Yams

/// The parts of Jekyll's `_config.yml` that decide what GitHub Pages publishes: `include`, `exclude` and the
/// collections, whose `_name` folders Jekyll reads as sources instead of copying them.
///
/// Everything else in the file (themes, plugins, permalinks) shapes the Jekyll build, which is not simulated.
/// See <https://docs.github.com/en/pages/setting-up-a-github-pages-site-with-jekyll/about-github-pages-and-jekyll>.
public struct JekyllConfig: Sendable, Hashable {
    /// Patterns Jekyll publishes even though they start with `_`, `.`, `#` or `~` (`include:`).
    public var include: [String]
    /// Patterns, relative to the site root, that Jekyll leaves out (`exclude:`).
    public var exclude: [String]
    /// Collection names (`collections:`): Jekyll reads `_name/` as a source folder.
    public var collections: [String]
    /// False when the file is not valid YAML, which fails the Pages build.
    public var isValidYAML: Bool

    /// What Jekyll includes whatever the configuration says.
    public static let defaultInclude = [".htaccess"]
    /// What Jekyll excludes whatever the configuration says (Jekyll adds these back to a user's `exclude`).
    public static let defaultExclude = [
        ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
        "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
    ]
    /// Top-level names Jekyll reads as its own sources: dropping them from the output is the point.
    static let jekyllSourceNames: Set<String> = [
        "_config.yml", "_config.yaml", "_config.toml", "_layouts", "_includes", "_posts", "_drafts", "_data", "_sass",
        "_plugins", "_site",
    ]

    /// A configuration with Jekyll's defaults only, as when there is no `_config.yml`.
    public init(include: [String] = [], exclude: [String] = [], collections: [String] = [], isValidYAML: Bool = true) {
        self.include = include
        self.exclude = exclude
        self.collections = collections
        self.isValidYAML = isValidYAML
    }

    /// Reads `_config.yml`; keys it does not know, or of the wrong type, are ignored.
    public static func parse(_ file: TextFile) -> Self {
        let root: Node?
        do {
            root = try Yams.compose(yaml: file.text)
        } catch {
            return Self(isValidYAML: false)
        }
        guard let root, root.mapping != nil else { return Self() }
        var collections: [String] = []
        if let node = value(root, "collections") {
            // `collections:` is a list of names or a mapping from name to options.
            collections = node.mapping.map { $0.keys.compactMap(\.string) } ?? strings(node)
        }
        return Self(include: strings(value(root, "include")), exclude: strings(value(root, "exclude")), collections: collections)
    }

    /// Whether a top-level dropped path is one Jekyll reads as a source (`_layouts`, `_posts`, a collection…).
    public func isJekyllSource(_ sitePath: String) -> Bool {
        let name = sitePath.hasPrefix("/") ? String(sitePath.dropFirst()) : sitePath
        guard !name.contains("/") else { return false }
        return Self.jekyllSourceNames.contains(name) || collections.contains { "_" + $0 == name }
    }

    private static func value(_ node: Node, _ key: String) -> Node? {
        node.mapping?.first { $0.key.string == key }?.value
    }

    private static func strings(_ node: Node?) -> [String] {
        guard let node else { return [] }
        if let sequence = node.sequence { return sequence.compactMap(\.string) }
        return node.string.map { [$0] } ?? []
    }
}
