#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files of a deploy folder as Netlify uploads them: names starting with `.` (but `.well-known`) and
/// `__MACOSX` folders are left out, as Netlify's deploy does; `_redirects` and `_headers` are read, not served.
public struct PublishFolder: Sendable {
    /// The folder's path on disk.
    public let root: String
    /// Every served file as a site path (`/docs/a.html`).
    public let sitePaths: [String]
    /// The site paths of the HTML files (`.html`, `.htm`).
    public let htmlFiles: [String]
    /// The total size of the served files, in bytes.
    public let totalBytes: Int
    /// Symbolic links whose target lies outside the folder: deploying them would publish files of the
    /// build machine. Linked folders outside are not walked.
    public let escapingLinks: [EscapingLink]
    /// Site paths whose names hold `#` or `?`, which a URL cannot reach.
    public let unreachableNames: [String]

    /// A symbolic link that leaves the deploy folder.
    public struct EscapingLink: Sendable, Hashable {
        /// The link's site path.
        public var sitePath: String
        /// Where it points, as written in the link.
        public var target: String
    }

    /// Why a folder could not be read.
    public struct ReadError: Error, CustomStringConvertible {
        /// The folder or file that failed.
        public var path: String
        /// The system's reason.
        public var reason: String
        /// What failed, for the user.
        public var description: String { "cannot read \(path): \(reason)" }
    }

    /// Walks `root`; symbolic links are followed for files and folders alike, once each.
    public static func scan(_ root: String) throws(ReadError) -> Self {
        var walker = Walker(root: root, realRoot: Self.realPath(root) ?? root)
        try walker.walk(directory: root, sitePrefix: "")
        return Self(
            root: root,
            sitePaths: walker.paths,
            htmlFiles: walker.html,
            totalBytes: walker.bytes,
            escapingLinks: walker.escapingLinks,
            unreachableNames: walker.unreachableNames
        )
    }

    /// The canonical absolute path, symbolic links resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(validatingCString: resolved)
    }

    private struct Walker {
        let root: String
        let realRoot: String
        var paths: [String] = []
        var escapingLinks: [EscapingLink] = []
        var unreachableNames: [String] = []
        var html: [String] = []
        var bytes = 0
        var visitedDirectories: Set<[UInt64]> = []

        /// The text of a symbolic link, or nil when `path` is not one.
        static func linkTarget(_ path: String) -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBufferPointer { pointer in
                pointer.withMemoryRebound(to: CChar.self) { readlink(path, $0.baseAddress!, $0.count) }
            }
            return count < 0 ? nil : String(decoding: buffer[..<count], as: UTF8.self)
        }

        mutating func walk(directory: String, sitePrefix: String) throws(ReadError) {
            var info = stat()
            if stat(directory, &info) == 0 {
                // A symlinked folder that points back up would make the walk endless.
                guard visitedDirectories.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
            }
            guard let handle = opendir(directory) else {
                throw ReadError(path: directory, reason: String(cString: strerror(errno)))
            }
            defer { closedir(handle) }
            var entries: [(name: String, type: UInt8)] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                entries.append((name, entry.pointee.d_type))
            }
            entries.sort { $0.name < $1.name }
            for (name, type) in entries {
                if name.hasPrefix(".") && name != ".well-known" { continue }
                if name == "__MACOSX" { continue }
                let fullPath = directory + "/" + name
                let sitePath = sitePrefix + "/" + name
                if name.contains("#") || name.contains("?") { unreachableNames.append(sitePath) }
                if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN), let target = Self.linkTarget(fullPath),
                    let resolved = PublishFolder.realPath(fullPath), resolved != realRoot, !resolved.hasPrefix(realRoot + "/")
                {
                    escapingLinks.append(EscapingLink(sitePath: sitePath, target: target))
                    // Never walk into a linked folder outside: it may be the whole file system.
                    if FilePaths.kind(fullPath) == .directory { continue }
                }
                var isDirectory = type == UInt8(DT_DIR)
                var isFile = type == UInt8(DT_REG)
                var size = 0
                if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) || isFile {
                    var info = stat()
                    guard stat(fullPath, &info) == 0 else { continue }  // a dangling link serves nothing
                    isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
                    isFile = (info.st_mode & S_IFMT) == S_IFREG
                    size = Int(info.st_size)
                }
                if isDirectory {
                    try walk(directory: fullPath, sitePrefix: sitePath)
                } else if isFile {
                    if sitePrefix.isEmpty && (name == "_redirects" || name == "_headers") { continue }
                    paths.append(sitePath)
                    bytes += size
                    if name.hasSuffix(".html") || name.hasSuffix(".htm") { html.append(sitePath) }
                }
            }
        }
    }
}
