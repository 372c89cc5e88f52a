/// Which files Jekyll leaves out of the site it builds, as GitHub Pages runs it for a branch without `.nojekyll`.
///
/// This follows Jekyll's `EntryFilter`: at every level of the folder, names starting with `_`, `.`, `#` or `~`,
/// names ending with `~`, and paths matching `exclude` (plus Jekyll's defaults, such as `node_modules` and
/// `vendor/bundle/`) are dropped unless `include` names them. Once a folder is dropped, nothing under it is
/// published. Patterns are matched as Jekyll does: `fnmatch` or a plain prefix of the path from the site root.
/// See <https://docs.github.com/en/pages/setting-up-a-github-pages-site-with-jekyll/about-github-pages-and-jekyll>.
public struct JekyllEntryFilter: Sendable {
    /// Why Jekyll drops a path.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// The name starts with `_`.
        case underscore
        /// The name starts with `.`.
        case dot
        /// The name starts with `#`.
        case hash
        /// The name starts with `~`.
        case tilde
        /// The name ends with `~` (an editor backup).
        case backup
        /// The path matches an `exclude` pattern.
        case excluded(pattern: String)

        /// The reason, for messages.
        public var description: String {
            switch self {
            case .underscore: "its name starts with `_`"
            case .dot: "its name starts with `.`"
            case .hash: "its name starts with `#`"
            case .tilde: "its name starts with `~`"
            case .backup: "its name ends with `~`"
            case .excluded(let pattern): "it matches Jekyll's `exclude: \(pattern)`"
            }
        }
    }

    /// A dropped path: the highest dropped folder or file on the way to a file, and why it is dropped.
    public struct Exclusion: Sendable, Hashable {
        /// The dropped folder or file, as a site path (`/docs/_static`).
        public var root: String
        /// Whether `root` is a folder.
        public var isDirectory: Bool
        /// Why Jekyll drops it.
        public var reason: Reason

        /// Creates an exclusion.
        public init(root: String, isDirectory: Bool, reason: Reason) {
            self.root = root
            self.isDirectory = isDirectory
            self.reason = reason
        }
    }

    /// The `include` patterns in effect, Jekyll's default first.
    public let include: [String]
    /// The `exclude` patterns in effect, Jekyll's defaults last.
    public let exclude: [String]

    /// A filter for a site configured by `config`.
    public init(config: JekyllConfig = JekyllConfig()) {
        include = JekyllConfig.defaultInclude + config.include
        // An `exclude` pattern that `include` also names does not exclude (Jekyll subtracts the lists).
        exclude = (config.exclude + JekyllConfig.defaultExclude).filter { !config.include.contains($0) }
    }

    /// Why the file at `sitePath` is not published, or nil when Jekyll copies it.
    public func exclusion(of sitePath: String) -> Exclusion? {
        let names = sitePath.split(separator: "/")
        var relative = ""
        for (index, name) in names.enumerated() {
            relative += "/" + name
            let isDirectory = index < names.count - 1
            let included = include.contains { Self.matches($0, "/" + name, isDirectory) || Self.matches($0, relative, isDirectory) }
            if !included, let pattern = exclude.first(where: { Self.matches($0, relative, isDirectory) }) {
                return Exclusion(root: relative, isDirectory: isDirectory, reason: .excluded(pattern: pattern))
            }
            if included { continue }
            if let reason = Self.specialReason(name) {
                return Exclusion(root: relative, isDirectory: isDirectory, reason: reason)
            }
        }
        return nil
    }

    private static func specialReason(_ name: Substring) -> Reason? {
        switch name.first {
        case "_": return .underscore
        case ".": return .dot
        case "#": return .hash
        case "~": return .tilde
        default: return name.hasSuffix("~") ? .backup : nil
        }
    }

    /// Jekyll's `glob_include?` for one pattern: `fnmatch`, a prefix, or a folder written with a trailing `/`.
    static func matches(_ pattern: String, _ entry: String, _ isDirectory: Bool) -> Bool {
        let anchored = pattern.hasPrefix("/") ? pattern : "/" + pattern
        return entry.hasPrefix(anchored) || (isDirectory && anchored == entry + "/")
            || fnmatch(Array(anchored.unicodeScalars), Array(entry.unicodeScalars))
    }

    /// Ruby's `File.fnmatch?` without flags: `*` matches anything (`/` included), `?` one character, `[…]` a
    /// class (`!` or `^` negates), `\` escapes.
    static func fnmatch(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0
        var t = 0
        var starPattern = -1
        var starText = 0
        while t < text.count {
            if p < pattern.count {
                switch pattern[p] {
                case "*":
                    starPattern = p
                    starText = t
                    p += 1
                    continue
                case "?":
                    p += 1
                    t += 1
                    continue
                case "[":
                    if let (matched, next) = matchClass(pattern, p, text[t]) {
                        if matched {
                            p = next
                            t += 1
                            continue
                        }
                    } else if text[t] == "[" {
                        p += 1
                        t += 1
                        continue
                    }
                case "\\" where p + 1 < pattern.count:
                    if pattern[p + 1] == text[t] {
                        p += 2
                        t += 1
                        continue
                    }
                default:
                    if pattern[p] == text[t] {
                        p += 1
                        t += 1
                        continue
                    }
                }
            }
            // Mismatch: let the last `*` swallow one more character, or fail.
            guard starPattern >= 0 else { return false }
            p = starPattern + 1
            starText += 1
            t = starText
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Matches `character` against the class opening at `start`; nil when the class is not closed.
    private static func matchClass(_ pattern: [Unicode.Scalar], _ start: Int, _ character: Unicode.Scalar) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count, pattern[index] != "]" || first {
            first = false
            var low = pattern[index]
            if low == "\\", index + 1 < pattern.count {
                index += 1
                low = pattern[index]
            }
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                if low.value <= character.value && character.value <= pattern[index + 2].value { matched = true }
                index += 3
            } else {
                if low == character { matched = true }
                index += 1
            }
        }
        guard index < pattern.count else { return nil }
        return (matched != negated, index + 1)
    }
}
