import PlatformModels
import SiteSimulation

/// One release of a node-hosted site, ready to answer requests with its platform's semantics.
///
/// Loading reads the release's files and rules once; the web server keeps one `NodeSite` per release id and
/// calls `respond` for every request.
///
/// ```swift
/// let site = try NodeSite.load(release: try store.current()!)
/// let response = site.respond(method: "GET", target: "/blog/?page=2", headers: [("Accept-Language", "fr")])
/// ```
public struct NodeSite: Sendable {
    /// The platform router behind a site, with its rules (the probe plan reads them).
    public enum PlatformRouter: Sendable {
        /// Netlify's `_redirects`, `_headers` and `netlify.toml` rules.
        case netlify(NetlifyRouter)
        /// A Render static site's `routes` and `headers`.
        case render(RenderRouter)
        /// GitHub Pages: files under a base path.
        case pages(PagesRouter)
    }

    /// The release served.
    public let release: Release
    /// The platform router over the release's files.
    public let platformRouter: PlatformRouter
    /// What reading the release's files and config found (informational; the release was certified already).
    public let findings: [Finding]
    /// Each installed file's digest and size, by site path (`/docs/a.html`).
    let digests: [String: ReleaseManifest.Entry]

    /// The router as the common protocol.
    public var router: any SiteRouter {
        switch platformRouter {
        case .netlify(let router): router
        case .render(let router): router
        case .pages(let router): router
        }
    }

    /// Builds the platform router over `release/files` with the release's copied config and options.
    ///
    /// - Throws: `NodeHostingError` when the release's files, manifest or config cannot be read.
    public static func load(release: Release) throws(NodeHostingError) -> Self {
        let manifest = try release.manifest()
        let digests = Dictionary(uniqueKeysWithValues: manifest.files.map { ("/" + $0.key, $0.value) })
        let files = release.filesPath
        let options = release.metadata.options
        do {
            switch release.metadata.platform {
            case .netlify:
                let config = configFile(of: release, suffixes: [".toml"], preferred: "netlify.toml")
                // The files folder is given as the repository root so netlify.toml is never looked for above it.
                let site = try NetlifySite.load(
                    publishDirectory: files,
                    configPath: config,
                    context: release.metadata.context ?? "production",
                    repositoryRoot: files
                )
                guard site.folder != nil else { throw SiteLoadError("the release's files folder \(files) is missing") }
                return Self(release: release, platformRouter: .netlify(site.router), findings: site.findings, digests: digests)
            case .render:
                if let blueprint = configFile(of: release, suffixes: [".yaml", ".yml"], preferred: "render.yaml") {
                    let site = try RenderSite.load(publishDirectory: files, blueprintPath: blueprint, serviceName: options.renderServiceName)
                    guard site.folder != nil else { throw SiteLoadError("the release's files folder \(files) is missing") }
                    return Self(release: release, platformRouter: .render(site.router), findings: site.findings, digests: digests)
                }
                // Without render.yaml, RenderSite would look for one above the release: build the rule-less router here.
                return Self(release: release, platformRouter: .render(try plainRenderRouter(files)), findings: [], digests: digests)
            case .pages:
                let site = try PagesSite.load(
                    publishDirectory: files,
                    basePath: options.pagesBasePath,
                    repository: options.pagesRepository,
                    source: release.metadata.pagesSource
                )
                guard site.folder != nil else { throw SiteLoadError("the release's files folder \(files) is missing") }
                return Self(release: release, platformRouter: .pages(site.router), findings: site.findings, digests: digests)
            }
        } catch {
            throw NodeHostingError("release \(release.id) of site \(release.metadata.site) cannot be served: \(error)")
        }
    }

    /// Render with no blueprint: files only; `_redirects` and `_headers` are served as plain files, as Render does.
    private static func plainRenderRouter(_ files: String) throws(SiteLoadError) -> RenderRouter {
        let folder: PublishFolder
        do {
            folder = try PublishFolder.scan(files)
        } catch {
            throw SiteLoadError(error.description)
        }
        var paths = folder.sitePaths
        for name in ["_redirects", "_headers"] where POSIXFiles.kind(files + "/" + name) == .file { paths.append("/" + name) }
        return RenderRouter(routes: [], headers: [], files: SiteFileIndex(paths: paths))
    }

    /// The copied config file: `preferred` when present, else the first whose name has one of `suffixes`.
    private static func configFile(of release: Release, suffixes: [String], preferred: String) -> String? {
        if let path = release.configFile(preferred) { return path }
        for name in release.metadata.options.configFiles where suffixes.contains(where: { name.hasSuffix($0) }) {
            if let path = release.configFile(name) { return path }
        }
        return nil
    }

    /// The platform's predicted answer to `target` (`/path?query`), without request headers: the prediction
    /// that live probes check. An unreadable target answers 400.
    public func route(_ target: String) -> RouteResult {
        guard let request = RouteRequest(target) else { return RouteResult(status: 400) }
        return route(request)
    }

    /// The platform's predicted answer to `request`, custom headers included.
    public func route(_ request: RouteRequest) -> RouteResult {
        router.route(request, includeHeaders: true)
    }

    /// The digest and size of an installed file, by site path (`/docs/a.html`).
    public func fileEntry(_ sitePath: String) -> ReleaseManifest.Entry? { digests[sitePath] }
}
