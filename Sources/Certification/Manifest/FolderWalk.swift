#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists every regular file under a folder with its `lstat`, in canonical order.
///
/// Symbolic links, sockets, FIFOs and devices are refused: a platform uploads a link's target (or drops
/// it), so the bytes behind a link are not the bytes in the folder, and a certificate could not say what
/// ships. Build output with links must be dereferenced first (`cp -rL`).
struct FolderWalk {
    /// One regular file.
    struct File: Sendable {
        /// The POSIX path relative to the folder, `/`-separated.
        var path: String
        /// Its `lstat`.
        var status: FileStatus
    }

    /// The absolute or relative folder walked.
    var root: String
    /// Threads listing folders.
    var workers = 2

    /// Every regular file, sorted by the bytes of its UTF-8 path.
    func files() throws -> [File] {
        var info = stat()
        guard lstat(root, &info) == 0 else { throw CertificationError("cannot read the folder \(root): \(errnoText())") }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw CertificationError("\(root) is not a folder") }
        // The top two levels are listed here; the folders below them are walked on `workers` threads
        // (a 20,000-page site is mostly `section/page/index.html`: thousands of small folders).
        var out: [File] = []
        var level = [""]
        for _ in 0..<2 {
            var next: [String] = []
            for relative in level {
                for (name, info) in try entries(of: relative) {
                    let path = relative.isEmpty ? name : relative + "/" + name
                    if info.st_mode & S_IFMT == S_IFDIR { next.append(path) } else { try add(path, info, to: &out) }
                }
            }
            level = next
        }
        let subtrees = level
        let walked = forEachFile(subtrees.count, workers: workers, bufferSize: 16) { index, _ -> Result<[File], CertificationError> in
            var files: [File] = []
            do {
                try walk(relative: subtrees[index], into: &files)
            } catch let error as CertificationError {
                return .failure(error)
            } catch {
                return .failure(CertificationError("\(subtrees[index]): \(error)"))
            }
            return .success(files)
        }
        for result in walked { out += try result.get() }
        // Canonical order, compared as raw bytes (memcmp), not as Unicode strings.
        let keys = out.map { Array($0.path.utf8) }
        let order = keys.indices.sorted { left, right in
            let (a, b) = (keys[left], keys[right])
            let common = Swift.min(a.count, b.count)
            // Paths are never empty, so both base addresses exist.
            let difference = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in memcmp(x.baseAddress!, y.baseAddress!, common) } }
            return difference != 0 ? difference < 0 : a.count < b.count
        }
        return order.map { out[$0] }
    }

    /// Every folder under the root (relative, the root as ""), parents first.
    func folders() throws -> [String] {
        var out: [String] = [""]
        var index = 0
        while index < out.count {
            let relative = out[index]
            for (name, info) in try entries(of: relative) where info.st_mode & S_IFMT == S_IFDIR {
                out.append(relative.isEmpty ? name : relative + "/" + name)
            }
            index += 1
        }
        return out
    }

    private func walk(relative: String, into out: inout [File]) throws {
        for (name, info) in try entries(of: relative) {
            let path = relative.isEmpty ? name : relative + "/" + name
            if info.st_mode & S_IFMT == S_IFDIR { try walk(relative: path, into: &out) } else { try add(path, info, to: &out) }
        }
    }

    /// Lists a regular file; refuses anything else that is not a folder.
    private func add(_ path: String, _ info: stat, to out: inout [File]) throws {
        switch info.st_mode & S_IFMT {
        case S_IFREG: out.append(File(path: path, status: FileStatus(info)))
        case S_IFLNK:
            throw CertificationError(
                "\(path) is a symbolic link: a certificate covers file contents only; dereference links in the build output (cp -rL)"
            )
        default:
            throw CertificationError("\(path) is not a regular file or folder (a socket, FIFO or device): remove it from the deploy folder")
        }
    }

    /// The names in `relative` with their `lstat`.
    private func entries(of relative: String) throws -> [(String, stat)] {
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let handle = opendir(folder) else { throw CertificationError("cannot list \(folder): \(errnoText())") }
        defer { closedir(handle) }
        let descriptor = dirfd(handle)
        var out: [(String, stat)] = []
        while let entry = readdir(handle) {
            var info = stat()
            // d_type is a hint some file systems leave unknown; lstat is the answer either way. fstatat on the
            // open folder skips resolving the whole path again for each of thousands of files.
            let found = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: 256) { name -> String? in
                    if name[0] == 0x2e, name[1] == 0 || (name[1] == 0x2e && name[2] == 0) { return nil }
                    return fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? String(cString: name) : ""
                }
            }
            guard let name = found else { continue }
            guard !name.isEmpty else { throw CertificationError("cannot read an entry of \(folder): \(errnoText())") }
            out.append((name, info))
        }
        return out
    }
}
