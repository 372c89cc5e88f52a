import TOMLKit

/// `netlify.toml`: build settings, deploy contexts, redirect and header rules, and plugins.
///
/// Parsed with TOMLKit; a syntax error becomes a `CONFIG_TOML_SYNTAX` finding with line and column and
/// leaves an empty configuration. See <https://docs.netlify.com/configure-builds/file-based-configuration/>.
public struct NetlifyConfig: Sendable {
    /// A build plugin declared in `[[plugins]]`.
    public struct Plugin: Sendable, Hashable {
        /// The npm package or local path.
        public var package: String
        /// The line of its `[[plugins]]` header.
        public var line: Int?
    }

    /// The file as shown to the user.
    public var displayPath: String
    /// `[build]`.
    public var build = BuildSettings()
    /// `[context.NAME]`, by name.
    public var contexts: [String: BuildSettings] = [:]
    /// `[[redirects]]` that Netlify keeps, in order.
    public var redirects: [RedirectRule] = []
    /// `[[headers]]` that Netlify keeps, in order.
    public var headers: [HeaderRule] = []
    /// `[[plugins]]`.
    public var plugins: [Plugin] = []
    /// Problems found while reading the file.
    public var findings: [Finding] = []
    /// True when the file parsed as TOML.
    public var isValidTOML = true
    private var locator = TOMLLineLocator("")

    /// An empty configuration, as when the site has no `netlify.toml`.
    public init(displayPath: String = "netlify.toml") {
        self.displayPath = displayPath
    }

    /// Parses `file`.
    public static func parse(_ file: TextFile) -> Self {
        var config = Self(displayPath: file.displayPath)
        if let finding = file.encodingFinding() { config.findings.append(finding) }
        if let (line, column) = TOMLCrashGuard.firstCrashingPosition(in: file.text) {
            // TOMLKit would abort the process here (see `TOMLCrashGuard`); report it as toml++ would have.
            config.isValidTOML = false
            config.findings.append(
                Finding(
                    .configTOMLSyntax,
                    file: file.displayPath,
                    line: line,
                    message: "netlify.toml is not valid TOML (column \(column)): unexpected character",
                    fix: "correct the TOML at line \(line), column \(column); Netlify fails the build on it"
                )
            )
            return config
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: file.text)
        } catch let error as TOMLParseError {
            config.isValidTOML = false
            config.findings.append(
                Finding(
                    .configTOMLSyntax,
                    file: file.displayPath,
                    line: error.source.begin.line,
                    message: "netlify.toml is not valid TOML (column \(error.source.begin.column)): \(error.description)",
                    fix: "correct the TOML at line \(error.source.begin.line), column \(error.source.begin.column); Netlify fails the build on it"
                )
            )
            return config
        } catch {
            config.isValidTOML = false
            config.findings.append(
                Finding(.configTOMLSyntax, file: file.displayPath, line: nil, message: "netlify.toml could not be read as TOML: \(error)")
            )
            return config
        }
        config.locator = TOMLLineLocator(file.text)
        var reader = NetlifyConfigReader(config: config)
        reader.read(table)
        return reader.config
    }

    /// The build settings for a deploy: `[build]`, then the deploy context, then the branch's own context.
    ///
    /// - Parameters:
    ///   - context: `production`, `deploy-preview`, `branch-deploy` or `dev`.
    ///   - branch: the branch deployed, whose `[context.BRANCH]` wins over everything.
    public func settings(context: String, branch: String? = nil) -> BuildSettings {
        var settings = build
        if let override = contexts[context] { settings = settings.overlaid(with: override) }
        if let branch, branch != context, let override = contexts[branch] { settings = settings.overlaid(with: override) }
        return settings
    }

    /// The line of `key` in `[build]` or `[context.NAME]`, for findings about that setting.
    ///
    /// The same merge order as `settings(context:branch:)`: the branch's own context first, then the deploy
    /// context, then `[build]`.
    public func line(ofKey key: String, context: String? = nil, branch: String? = nil) -> Int? {
        for table in [branch, context].compactMap({ $0 }) {
            if let line = locator.keyLine(key, in: "context.\(table)") { return line }
        }
        return locator.keyLine(key, in: "build")
    }

    func arrayTableLine(_ name: String, index: Int) -> Int? { locator.arrayTableLine(name, index: index) }
    func keyLine(_ key: String, in table: String) -> Int? { locator.keyLine(key, in: table) }
}
