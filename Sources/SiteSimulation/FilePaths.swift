#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path arithmetic and file checks for the loader, on plain strings (POSIX paths).
enum FilePaths {
    /// The current working directory.
    static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` made absolute against the working directory, with `.` and `..` removed.
    static func absolute(_ path: String) -> String {
        normalize(path.hasPrefix("/") ? path : currentDirectory + "/" + path)
    }

    /// Removes `.`, `..`, empty segments and any trailing slash.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `path` joined to `base`, or `path` itself when absolute.
    static func join(_ base: String, _ path: String) -> String {
        normalize(path.hasPrefix("/") ? path : base + "/" + path)
    }

    /// The parent folder, or nil at the root.
    static func parent(_ path: String) -> String? {
        guard path != "/" else { return nil }
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// How to show an absolute path: relative to `base` (by default the working directory) when inside it.
    static func display(_ absolutePath: String, relativeTo base: String? = nil) -> String {
        let base = base ?? currentDirectory
        if absolutePath == base { return "." }
        let prefix = base == "/" ? "/" : base + "/"
        return absolutePath.hasPrefix(prefix) ? String(absolutePath.dropFirst(prefix.count)) : absolutePath
    }

    /// Whether `path` is `folder` or lies inside it (both absolute and normalized).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    enum Kind { case missing, file, directory, other }

    /// What is at `path`, following symbolic links.
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// Reads a whole file.
    static func read(_ path: String) throws(SiteLoadError) -> [UInt8] {
        guard FilePaths.kind(path) == .file, let bytes = FileReader.contents(of: path) else {
            throw SiteLoadError("cannot read \(display(path)): \(FilePaths.kind(path) == .missing ? "no such file" : "not a readable file")")
        }
        return bytes
    }
}

/// Input the simulation cannot work with at all: an unreadable or wrongly typed path given by the user.
public struct SiteLoadError: Error, CustomStringConvertible {
    /// What is wrong and what to do.
    public var description: String

    /// Creates an error with its message.
    public init(_ description: String) { self.description = description }
}
