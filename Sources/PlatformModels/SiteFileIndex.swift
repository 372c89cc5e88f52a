/// The files of a deploy folder, by site path (`/docs/index.html`), and how a CDN finds one for a request.
public struct SiteFileIndex: Sendable {
    /// Every file, as a site path with a leading `/`.
    public let paths: Set<String>

    /// Indexes site paths; each must start with `/`.
    public init(paths: some Sequence<String>) {
        self.paths = Set(paths)
    }

    /// Whether the exact file exists.
    public func contains(_ path: String) -> Bool { paths.contains(path) }

    /// The file served for a percent-decoded request path: the exact file, `path.html`, or `path/index.html`.
    public func lookup(_ path: String) -> String? {
        if path.hasSuffix("/") {
            let base = String(path.dropLast())
            if paths.contains(base + "/index.html") { return base + "/index.html" }
            if !base.isEmpty, paths.contains(base + ".html") { return base + ".html" }
            return nil
        }
        if path.isEmpty { return lookup("/") }
        if paths.contains(path) { return path }
        if paths.contains(path + ".html") { return path + ".html" }
        if paths.contains(path + "/index.html") { return path + "/index.html" }
        return nil
    }
}
