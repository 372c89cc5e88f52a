/// The platform whose semantics a node-hosted release is served with.
public enum ReleasePlatform: String, Sendable, Hashable, Codable, CaseIterable {
    /// Netlify: `_redirects`, `_headers` and `netlify.toml` rules.
    case netlify
    /// Render static sites: `routes` and `headers` of `render.yaml`.
    case render
    /// GitHub Pages: files only, under an optional base path.
    case pages
}
