/// The stable name of a kind of finding, such as `REDIRECT_SHADOWED`.
///
/// Codes never change meaning once published: scripts and the healing stage key on them.
public struct FindingCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The code as printed, upper snake case.
    public let rawValue: String

    /// Wraps a code string.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a code string.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The code as printed.
    public var description: String { rawValue }

    /// Orders codes alphabetically.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Encodes as a bare string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a bare string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// A `_redirects` line or `[[redirects]]` entry that Netlify drops.
    public static let redirectSyntax = Self("REDIRECT_SYNTAX")
    /// A rule without force whose `from` is a file of the deploy, so it never fires.
    public static let redirectShadowed = Self("REDIRECT_SHADOWED")
    /// A rule that an earlier rule always matches first.
    public static let redirectUnreachable = Self("REDIRECT_UNREACHABLE")
    /// A rewrite or site-internal redirect to a path that no file or rule serves.
    public static let redirectTargetMissing = Self("REDIRECT_TARGET_MISSING")
    /// Redirects that lead back to where they started, or never end.
    public static let redirectLoop = Self("REDIRECT_LOOP")
    /// A `!` separated from its status (`301 !`), which Netlify silently ignores.
    public static let redirectForceDetached = Self("REDIRECT_FORCE_DETACHED")
    /// A condition Netlify ignores or truncates (`Country` with no `=`, `k=v=w`, unknown keys).
    public static let redirectConditionInvalid = Self("REDIRECT_CONDITION_INVALID")
    /// A status that is not a plain integer, lies outside 100–599, or is one Netlify has not honoured.
    public static let redirectStatusSuspect = Self("REDIRECT_STATUS_SUSPECT")
    /// A `:name` in `to` that `from` does not bind.
    public static let redirectPlaceholderUnbound = Self("REDIRECT_PLACEHOLDER_UNBOUND")
    /// A protocol-relative destination (`//host/...`): an open redirect.
    public static let redirectOpen = Self("REDIRECT_OPEN")
    /// An exact duplicate of another rule; Netlify keeps only the last copy.
    public static let redirectDuplicate = Self("REDIRECT_DUPLICATE")
    /// A `_headers` line Netlify ignores or rejects.
    public static let headersSyntax = Self("HEADERS_SYNTAX")
    /// Two matching header rules set one header to different values for the same path.
    public static let headersConflict = Self("HEADERS_CONFLICT")
    /// A header name Netlify does not let a site set.
    public static let headersRestricted = Self("HEADERS_RESTRICTED")
    /// `netlify.toml` is not valid TOML.
    public static let configTOMLSyntax = Self("CONFIG_TOML_SYNTAX")
    /// A key in `netlify.toml` that Netlify does not know, or a value of the wrong type.
    public static let configUnknownKey = Self("CONFIG_UNKNOWN_KEY")
    /// A build plugin that runs during the build; its effects are not simulated.
    public static let configPlugin = Self("CONFIG_PLUGIN")
    /// `[build] base` names a folder that does not exist.
    public static let configBaseMissing = Self("CONFIG_BASE_MISSING")
    /// `_redirects` or `_headers` in the repository but not in the publish folder, where Netlify reads them.
    public static let configSideFileMisplaced = Self("CONFIG_SIDE_FILE_MISPLACED")
    /// The publish folder does not exist.
    public static let publishDirMissing = Self("PUBLISH_DIR_MISSING")
    /// A local reference in an HTML file that no file and no rule serves.
    public static let assetMissing = Self("ASSET_MISSING")
    /// A configuration file that is not valid UTF-8; Netlify reads it with replacement characters.
    public static let fileEncodingInvalid = Self("FILE_ENCODING_INVALID")

    // GitHub Pages
    /// `_redirects`, `_headers` or `netlify.toml` rules in a Pages site: Pages ignores them, so they stop working.
    public static let pagesUnsupportedConfig = Self("PAGES_UNSUPPORTED_CONFIG")
    /// Paths starting with `_` that Jekyll drops because there is no `.nojekyll` at the root.
    public static let pagesJekyllUnderscore = Self("PAGES_JEKYLL_UNDERSCORE")
    /// A `CNAME` file Pages cannot read as one custom domain.
    public static let pagesCNAMEInvalid = Self("PAGES_CNAME_INVALID")
    /// A root-absolute reference that misses the base path of a project site served under `/<repo>/`.
    public static let pagesBasePath = Self("PAGES_BASEPATH")
    /// A file over GitHub's 100 MB limit.
    public static let pagesFileTooLarge = Self("PAGES_FILE_TOO_LARGE")
    /// A published site over GitHub Pages' 1 GB limit.
    public static let pagesSiteTooLarge = Self("PAGES_SITE_TOO_LARGE")
    /// No `404.html` at the root: Pages answers missing pages with its own page.
    public static let pages404Missing = Self("PAGES_404_MISSING")
    private static let pagesErrors: Set<Self> = [
        .pagesUnsupportedConfig, .pagesCNAMEInvalid, .pagesBasePath, .pagesFileTooLarge, .pagesSiteTooLarge,
    ]
    private static let pagesInfos: Set<Self> = [.pages404Missing]

    // Builds and deploy folders, on every platform
    /// A symbolic link in the deploy folder whose target lies outside it: the file would leak from the build machine.
    public static let symlinkEscapes = Self("SYMLINK_ESCAPES")
    /// A file whose name holds `#` or `?`: no URL can reach it.
    public static let fileNameInvalid = Self("FILE_NAME_INVALID")
    /// The publish folder resolves outside the repository.
    public static let publishDirOutsideRepo = Self("PUBLISH_DIR_OUTSIDE_REPO")
    /// The build command ran past `CHIMERA_SIM_TIMEOUT` and was killed with everything it started.
    public static let buildTimeout = Self("BUILD_TIMEOUT")
    /// The build command exited with a failure status.
    public static let buildFailed = Self("BUILD_FAILED")
    /// The commit's tree holds a symbolic link pointing outside it, or a submodule the build will not see.
    public static let workspaceExportNote = Self("WORKSPACE_EXPORT_NOTE")

    private static let errors: Set<Self> = [
        .redirectSyntax, .headersSyntax, .redirectConditionInvalid, .redirectForceDetached, .redirectLoop,
        .assetMissing, .redirectTargetMissing, .configTOMLSyntax, .publishDirMissing, .configBaseMissing,
        .configSideFileMisplaced, .symlinkEscapes, .fileNameInvalid, .publishDirOutsideRepo, .buildTimeout, .buildFailed,
    ]
    private static let infos: Set<Self> = [.configPlugin, .workspaceExportNote]

    /// The severity a finding of this code has unless its analyzer says otherwise.
    public var defaultSeverity: Finding.Severity {
        if let severity = Self.renderSeverities[self] { return severity }
        if Self.errors.contains(self) || Self.pagesErrors.contains(self) { return .error }
        if Self.infos.contains(self) || Self.pagesInfos.contains(self) { return .info }
        return .warning
    }
}
