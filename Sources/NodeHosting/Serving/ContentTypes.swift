/// The `Content-Type` the node target sends for a file, by its extension.
public enum ContentTypes {
    /// Media types by lowercased extension; `text/*` types get `; charset=utf-8` in `forPath(_:)`.
    public static let byExtension: [String: String] = [
        "html": "text/html", "htm": "text/html", "css": "text/css", "js": "text/javascript", "mjs": "text/javascript",
        "cjs": "text/javascript", "json": "application/json", "map": "application/json", "webmanifest": "application/manifest+json",
        "xml": "application/xml", "rss": "application/rss+xml", "atom": "application/atom+xml", "txt": "text/plain",
        "md": "text/markdown", "markdown": "text/markdown", "csv": "text/csv", "svg": "image/svg+xml", "png": "image/png",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif",
        "ico": "image/x-icon", "bmp": "image/bmp", "pdf": "application/pdf", "woff": "font/woff", "woff2": "font/woff2",
        "ttf": "font/ttf", "otf": "font/otf", "eot": "application/vnd.ms-fontobject", "wasm": "application/wasm",
        "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav",
        "zip": "application/zip", "gz": "application/gzip", "yaml": "text/yaml", "yml": "text/yaml",
    ]

    /// The type sent when the extension is unknown.
    public static let fallback = "application/octet-stream"

    /// The `Content-Type` value for a file path: `text/*` types with `; charset=utf-8`.
    public static func forPath(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return fallback }
        guard let type = byExtension[name[name.index(after: dot)...].lowercased()] else { return fallback }
        return type.hasPrefix("text/") ? type + "; charset=utf-8" : type
    }
}
