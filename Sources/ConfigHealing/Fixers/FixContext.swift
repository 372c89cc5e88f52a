import Foundation
import PlatformModels
import SiteSimulation

/// What a fixer may read: the site as the simulation loaded it, and the text of the files findings point at.
public struct FixContext: Sendable {
    /// The platform of the site.
    public var platform: HealPlatform
    /// The Netlify site, for `netlify`.
    public var netlify: NetlifySite?
    /// The Pages site, for `pages`.
    public var pages: PagesSite?
    /// The Render site, for `render`.
    public var render: RenderSite?
    /// The files findings point at, by absolute path, as read before any fix.
    public var documents: [String: LineDocument]
    /// The folder relative display paths are relative to (the working directory of the simulation).
    public var displayBase: String

    /// Creates a context.
    public init(
        platform: HealPlatform,
        netlify: NetlifySite? = nil,
        pages: PagesSite? = nil,
        render: RenderSite? = nil,
        documents: [String: LineDocument] = [:],
        displayBase: String = FileManager.default.currentDirectoryPath
    ) {
        self.platform = platform
        self.netlify = netlify
        self.pages = pages
        self.render = render
        self.documents = documents
        self.displayBase = displayBase
    }

    /// The absolute path of a file as a finding shows it.
    public func absolutePath(_ displayPath: String) -> String {
        let joined = displayPath.hasPrefix("/") ? displayPath : (displayBase == "/" ? "/" : displayBase + "/") + displayPath
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// The finding's file and its lines, or nil when it names none or the file was not read.
    public func document(for finding: Finding) -> (path: String, document: LineDocument)? {
        guard let file = finding.file else { return nil }
        let path = absolutePath(file)
        return documents[path].map { (path, $0) }
    }

    /// The kind of configuration file `path` is, by name.
    func kind(of path: String) -> RuleSource.Kind? {
        switch (path as NSString).lastPathComponent {
        case "_redirects": .redirectsFile
        case "_headers": .headersFile
        case let name where name.hasSuffix(".toml"): .netlifyTOML
        default: nil
        }
    }
}

/// The platforms ARIE heals.
public enum HealPlatform: String, Sendable, Hashable, Codable, CaseIterable {
    /// Netlify: `_redirects`, `_headers`, `netlify.toml`.
    case netlify
    /// Render: `render.yaml`.
    case render
    /// GitHub Pages.
    case pages
}
