/// One entry of a static site's `routes`: a redirect or rewrite from a source path to a destination.
public struct RenderRoute: Sendable, Hashable {
    /// What the route does with a matching request.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `301 Moved Permanently` to the destination.
        case redirect
        /// Serve the destination's content at the requested path (a proxy when the destination is a URL).
        case rewrite
    }

    /// What the route does.
    public var kind: Kind
    /// The source path as written.
    public var source: String
    /// The destination path or URL as written.
    public var destination: String
    /// The 1-based line of the route in `render.yaml`.
    public var line: Int
    /// The compiled source.
    public let pattern: RenderRoutePattern

    /// Creates a route; nil when the source is too long or too complex to compile.
    public init?(kind: Kind, source: String, destination: String, line: Int) {
        guard let pattern = RenderRoutePattern(source) else { return nil }
        self.kind = kind
        self.source = source
        self.destination = destination
        self.line = line
        self.pattern = pattern
    }

    /// Whether the destination is an absolute `http(s)` URL (a rewrite to one is a proxy).
    public var destinationIsURL: Bool { Self.isURL(destination) }

    /// Whether `text` is an absolute `http://` or `https://` URL.
    public static func isURL(_ text: String) -> Bool {
        let lowered = text.prefix(8).lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }
}
