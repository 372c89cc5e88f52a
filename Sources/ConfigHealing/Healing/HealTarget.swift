import Foundation
import PlatformModels

/// The site a heal works on: the platform, the folder and the options its simulation takes.
public struct HealTarget: Sendable {
    /// The platform.
    public var platform: HealPlatform
    /// The publish folder (netlify, pages, render with a built folder), or the repository root for
    /// `render` when `renderRepository` is true.
    public var directory: String
    /// netlify: `netlify.toml` to use; render: `render.yaml` to use. Looked for when nil.
    public var configPath: String?
    /// netlify: the deploy context (default production).
    public var context: String = "production"
    /// netlify: the repository root, above which `netlify.toml` is not looked for.
    public var repositoryRoot: String?
    /// render: the service; nil for the blueprint's first static site.
    public var serviceName: String?
    /// render: `directory` is the repository root (the publish folder is the service's `staticPublishPath`).
    public var renderRepository = false
    /// pages: the base path (`/repo`).
    public var basePath: String?
    /// pages: the repository (`owner/name`).
    public var repository: String?
    /// pages: how the site is published.
    public var pagesSource: PagesPublishingSource = .branch
    /// The folder the patches' paths are shown relative to (`a/PATH`); `directory` when nil.
    public var displayRoot: String?

    /// Creates a target.
    public init(platform: HealPlatform, directory: String) {
        self.platform = platform
        self.directory = directory
    }
}
