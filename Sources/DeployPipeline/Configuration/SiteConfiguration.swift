/// One site the service deploys, as the sites file describes it.
///
/// ```toml
/// [[site]]
/// name = "docs"
/// repository = "example-org/docs-site"
/// clone_url = "https://github.com/example-org/docs-site.git"
/// platform = "netlify"
/// domains = ["docs.example.org"]
/// [site.branches]
/// main = "production"
/// [[site.target]]
/// kind = "node"
/// ```
public struct SiteConfiguration: Sendable, Hashable {
    /// The platform whose rules the site follows.
    public enum Platform: String, Sendable, Hashable, CaseIterable {
        /// Netlify: `netlify.toml`, `_redirects`, `_headers`.
        case netlify
        /// Render: `render.yaml`.
        case render
        /// GitHub Pages.
        case pages
    }

    /// Where a deploy goes.
    public struct Target: Sendable, Hashable {
        /// The kind of target.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// The self-hosted node: releases under the state directory, served by `chimeractl serve`.
            case node
        }

        /// The kind of target.
        public var kind: Kind
        /// node: whether proxy rules are forwarded (otherwise they answer 502).
        public var proxy: Bool

        /// Creates a target.
        public init(kind: Kind, proxy: Bool = false) {
            self.kind = kind
            self.proxy = proxy
        }

        /// The name statuses use: `chimera/deploy/<name>`.
        public var name: String { kind.rawValue }
    }

    /// The site's name: letters, digits, `-` and `_`; used in paths, statuses and the API.
    public var name: String
    /// The GitHub repository, `owner/name`.
    public var repository: String
    /// Where commits are fetched from (`https://…`, `file://…` or a local path).
    public var cloneURL: String
    /// The platform model.
    public var platform: Platform
    /// The host names the node target serves the site under.
    public var domains: [String]
    /// Which branch deploys to which context (`main` → `production`).
    public var branches: [String: String]
    /// The targets, at least one.
    public var targets: [Target]
    /// render: the service to deploy (default: the blueprint's first static site).
    public var service: String?
    /// pages: the base path the site is served under, such as `/docs-site`.
    public var basePath: String?

    /// Creates a site.
    public init(
        name: String,
        repository: String,
        cloneURL: String,
        platform: Platform,
        domains: [String] = [],
        branches: [String: String] = ["main": "production"],
        targets: [Target] = [Target(kind: .node)],
        service: String? = nil,
        basePath: String? = nil
    ) {
        self.name = name
        self.repository = repository
        self.cloneURL = cloneURL
        self.platform = platform
        self.domains = domains
        self.branches = branches
        self.targets = targets
        self.service = service
        self.basePath = basePath
    }

    /// The context `branch` deploys to, or nil when the site does not deploy it.
    public func context(forBranch branch: String) -> String? { branches[branch] }
}
