import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls releases need, over POSIX: hard links, copies, modes, symbolic links, renames
/// and `fsync`, each failing with a `NodeHostingError` that names the path and the system's reason.
enum POSIXFiles {
    /// The text of the current `errno`.
    static func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// What is at `path` without following a final symbolic link.
    enum Kind { case missing, file, directory, symlink, other }

    /// The kind of `path`, not following a final symbolic link.
    static func kind(_ path: String) -> Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    /// `lstat(2)` of `path`, or nil when it does not exist.
    static func status(_ path: String) -> stat? {
        var status = stat()
        return lstat(path, &status) == 0 ? status : nil
    }

    /// The size of the file at `path` (not following a final symbolic link), or nil when it does not exist.
    static func size(_ path: String) -> Int64? {
        status(path).map { Int64($0.st_size) }
    }

    /// Creates one folder with `mode`.
    static func makeFolder(_ path: String, mode: mode_t = 0o755) throws(NodeHostingError) {
        guard mkdir(path, mode) == 0 || (errno == EEXIST && kind(path) == .directory) else {
            throw NodeHostingError("cannot create the folder \(path): \(errnoText())")
        }
    }

    /// Creates `path` and its missing parents.
    static func makeFolders(_ path: String) throws(NodeHostingError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw NodeHostingError("cannot create the folder \(path): \(error.localizedDescription)")
        }
    }

    /// Hard-links `source` at `destination`; returns the `errno` on failure so callers can fall back.
    static func hardLink(_ source: String, _ destination: String) -> Int32? {
        link(source, destination) == 0 ? nil : errno
    }

    /// Copies the bytes of `source` to a new file `destination` (created with `mode`), flushed to disk.
    static func copyFile(_ source: String, _ destination: String, mode: mode_t = 0o644) throws(NodeHostingError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw NodeHostingError("cannot read \(source): \(errnoText())") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard output >= 0 else { throw NodeHostingError("cannot create \(destination): \(errnoText())") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw NodeHostingError("cannot read \(source): \(errnoText())")
            }
            if count == 0 { break }
            try writeAll(output, buffer[..<count], path: destination)
        }
        guard fsync(output) == 0 else { throw NodeHostingError("cannot flush \(destination): \(errnoText())") }
    }

    /// Writes `bytes` to a new file `path` with `mode`, flushed to disk.
    static func writeFile(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(NodeHostingError) {
        let output = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard output >= 0 else { throw NodeHostingError("cannot create \(path): \(errnoText())") }
        defer { close(output) }
        try writeAll(output, bytes[...], path: path)
        guard fsync(output) == 0 else { throw NodeHostingError("cannot flush \(path): \(errnoText())") }
    }

    /// Appends `bytes` to `path` (created when missing) and flushes it: the activation log's durability.
    static func append(_ bytes: [UInt8], to path: String) throws(NodeHostingError) {
        let output = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw NodeHostingError("cannot open \(path): \(errnoText())") }
        defer { close(output) }
        try writeAll(output, bytes[...], path: path)
        guard fsync(output) == 0 else { throw NodeHostingError("cannot flush \(path): \(errnoText())") }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(NodeHostingError) {
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                offset += written
            }
        }
        if let failure { throw NodeHostingError("cannot write \(path): \(failure)") }
    }

    /// The whole contents of a file, or nil when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }

    /// Flushes a folder's entries (after a rename or a new link in it) to disk.
    static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        // Best effort: some file systems refuse fsync on a folder, and the rename is already visible.
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Sets the permission bits of `path`.
    static func setMode(_ path: String, _ mode: mode_t) throws(NodeHostingError) {
        guard chmod(path, mode) == 0 else { throw NodeHostingError("cannot set the mode of \(path): \(errnoText())") }
    }

    /// `rename(2)`: atomic replacement of `destination` on the same file system.
    static func renameItem(_ source: String, _ destination: String) throws(NodeHostingError) {
        guard rename(source, destination) == 0 else {
            throw NodeHostingError("cannot rename \(source) to \(destination): \(errnoText())")
        }
    }

    /// Creates a symbolic link at `path` holding `target`.
    static func makeSymlink(_ target: String, at path: String) throws(NodeHostingError) {
        guard symlink(target, path) == 0 else { throw NodeHostingError("cannot create the link \(path): \(errnoText())") }
    }

    /// The text of the symbolic link at `path`, or nil when there is none.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { readlink(path, $0.baseAddress!, $0.count) }
        }
        return count < 0 ? nil : String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// The entries of a folder, or nil when it cannot be listed.
    static func entries(_ path: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: path)
    }

    /// Removes a read-only tree: folders are made writable again first (files need not be: unlinking needs
    /// write permission on the folder only).
    static func removeTree(_ path: String) throws(NodeHostingError) {
        guard kind(path) != .missing else { return }
        if kind(path) == .directory { makeWritable(path) }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw NodeHostingError("cannot remove \(path): \(error.localizedDescription)")
        }
    }

    private static func makeWritable(_ folder: String) {
        chmod(folder, 0o755)
        for name in entries(folder) ?? [] where kind(folder + "/" + name) == .directory {
            makeWritable(folder + "/" + name)
        }
    }

    /// 32 random bits as 8 hex digits; `digits` keeps the last ones.
    static func randomHex(_ digits: Int = 8) -> String {
        let text = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let padded = String(repeating: "0", count: max(0, 8 - text.count)) + text
        return String(padded.suffix(digits))
    }
}
