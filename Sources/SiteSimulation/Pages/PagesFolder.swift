#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file of a folder as GitHub Pages receives it, with its size.
///
/// Unlike ``PublishFolder`` (Netlify's upload), nothing is left out here but `.git`, which is never part of a
/// published tree: dotfiles, `_` names, `_redirects` and the like all reach Pages, and whether they are
/// published is Jekyll's decision, made by ``PagesRouter``.
public struct PagesFolder: Sendable {
    /// One file of the folder.
    public struct File: Sendable, Hashable {
        /// The site path, with a leading `/`.
        public var path: String
        /// The size in bytes.
        public var bytes: Int
    }

    /// The folder's path on disk.
    public let root: String
    /// Every file, sorted by name within each folder.
    public let files: [File]

    /// Walks `root`; symbolic links are followed for files and folders alike, once each.
    public static func scan(_ root: String) throws(PublishFolder.ReadError) -> Self {
        var walker = Walker()
        try walker.walk(directory: root, sitePrefix: "")
        return Self(root: root, files: walker.files)
    }

    private struct Walker {
        var files: [File] = []
        var visitedDirectories: Set<[UInt64]> = []

        mutating func walk(directory: String, sitePrefix: String) throws(PublishFolder.ReadError) {
            var info = stat()
            if stat(directory, &info) == 0 {
                // A symlinked folder that points back up would make the walk endless.
                guard visitedDirectories.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
            }
            guard let handle = opendir(directory) else {
                throw PublishFolder.ReadError(path: directory, reason: String(cString: strerror(errno)))
            }
            defer { closedir(handle) }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." || (sitePrefix.isEmpty && name == ".git") { continue }
                names.append(name)
            }
            names.sort()
            for name in names {
                let fullPath = directory + "/" + name
                var info = stat()
                guard stat(fullPath, &info) == 0 else { continue }  // a dangling link publishes nothing
                switch info.st_mode & S_IFMT {
                case S_IFDIR: try walk(directory: fullPath, sitePrefix: sitePrefix + "/" + name)
                case S_IFREG: files.append(File(path: sitePrefix + "/" + name, bytes: Int(info.st_size)))
                default: continue
                }
            }
        }
    }
}
