import CGit2
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension GitRepository {
    /// Writes the tree of the commit `revision` names into `folder`, as a fresh clone's checkout would.
    ///
    /// Regular files keep their exec bit (modes follow the umask, as with git), symbolic links are written
    /// as links, submodules become empty folders, and `.gitattributes` filters (`eol`, `ident`) are applied
    /// when the tree has such a file. Nothing is written outside `folder`.
    /// - Parameters:
    ///   - revision: the commit to export (see `resolve(_:)`).
    ///   - folder: a missing or empty folder (created with its parents when missing).
    ///   - workers: threads writing files, each with its own repository handle.
    /// - Returns: counts, the symbolic links that resolve outside the tree, and the submodules.
    /// - Throws: `GitError` for an unknown revision, a non-empty `folder`, an unsafe path in the tree (`..`,
    ///   `.git`), or a failed read or write; `folder` then holds a partial export.
    public func export(_ revision: String, into folder: String, workers: Int = GitRepository.exportWorkers) throws(GitError) -> ExportReport {
        let commit = try lookupCommit(revision)
        defer { git_commit_free(commit) }
        var commitID = git_commit_id(commit).pointee
        var tree: OpaquePointer?
        let status = git_commit_tree(&tree, commit)
        guard status == 0, let tree else { throw GitError.libgit2(status, "cannot read the tree of '\(revision)' in \(path)") }
        defer { git_tree_free(tree) }

        let root = try GitRepository.openFreshFolder(folder)
        defer { close(root) }
        var walk = TreeWalk(root: root, folder: folder)
        try walk.visit(tree, prefix: "", repository: self)

        // Blobs are read and written by up to `workers` threads, each with its own repository handle (handles
        // are not thread-safe): inflating objects and creating files is the cost, and both split well. A
        // thread per 64 files at most: opening a handle costs more than writing a few small files.
        let count = max(1, min(workers, walk.files.count / 64))
        let files = walk.files
        let queue = ChunkQueue(count: files.count, chunk: 128)
        let attributesCommit = walk.hasAttributes ? commitID : nil
        let outcomes = concurrentMap(count) { worker -> Result<(files: Int, bytes: Int64), GitError> in
            Result { () throws(GitError) in
                do throws(GitError) {
                    let repository = worker == 0 ? self : try GitRepository(path: self.gitDirectory)
                    return try repository.writeFiles(files, from: queue, root: root, folder: folder, attributesFrom: attributesCommit)
                } catch {
                    queue.stop()  // the export failed: the other threads need not finish it
                    throw error
                }
            }
        }
        var report = ExportReport(
            commitID: GitRepository.hex(&commitID),
            files: 0,
            bytes: 0,
            symlinks: walk.symlinks.targets.count,
            escapingSymlinks: [],
            submodules: walk.submodules.sorted { $0.path < $1.path }
        )
        for outcome in outcomes {
            let (files, bytes) = try outcome.get()
            report.files += files
            report.bytes += bytes
        }
        report.escapingSymlinks = walk.symlinks.targets
            .filter { walk.symlinks.escapes($0.key) }
            .map { ExportReport.Symlink(path: $0.key, target: $0.value) }
            .sorted { $0.path < $1.path }
        return report
    }

    /// Threads an export uses by default: one per core, at most 4 (beyond that the disk is the limit).
    public static var exportWorkers: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Writes the regular files whose indices `queue` hands out, under `root`.
    ///
    /// Returns the files and bytes written.
    private func writeFiles(
        _ files: [TreeWalk.File],
        from queue: ChunkQueue,
        root: Int32,
        folder: String,
        attributesFrom commitID: git_oid?
    ) throws(GitError) -> (files: Int, bytes: Int64) {
        var odb: OpaquePointer?
        let status = git_repository_odb(&odb, handle)
        guard status == 0, let odb else { throw GitError.libgit2(status, "cannot open the object database of \(path)") }
        defer { git_odb_free(odb) }
        var filterOptions: git_blob_filter_options?
        if let commitID {
            var options = git_blob_filter_options()
            git_blob_filter_options_init(&options, UInt32(GIT_BLOB_FILTER_OPTIONS_VERSION))
            // Attributes from the exported commit, not HEAD: a bare repository has no working tree to read.
            options.flags |= GIT_BLOB_FILTER_ATTRIBUTES_FROM_COMMIT.rawValue
            options.attr_commit_id = commitID
            filterOptions = options
        }
        var written = 0
        var bytes: Int64 = 0
        while let range = queue.take() {
            for index in range {
                let file = files[index]
                if var options = filterOptions {
                    bytes += try writeFiltered(file, options: &options, root: root, folder: folder)
                } else {
                    bytes += try writeRaw(file, odb: odb, root: root, folder: folder)
                }
                written += 1
            }
        }
        return (written, bytes)
    }

    /// Writes `file` with its blob's bytes as stored: the fast path, for trees without `.gitattributes`.
    private func writeRaw(_ file: TreeWalk.File, odb: OpaquePointer, root: Int32, folder: String) throws(GitError) -> Int64 {
        var id = file.id
        var object: OpaquePointer?
        // Straight from the object database: no git_blob object, and blobs skip libgit2's object cache anyway.
        let status = git_odb_read(&object, odb, &id)
        guard status == 0, let object else { throw GitError.libgit2(status, "cannot read '\(file.path)' from \(path)") }
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        try GitRepository.writeFile(git_odb_object_data(object), size, to: file, root: root, folder: folder)
        return Int64(size)
    }

    /// Writes `file` through the filters its attributes select (`eol`, `text`, `ident`), as a checkout does.
    private func writeFiltered(_ file: TreeWalk.File, options: inout git_blob_filter_options, root: Int32, folder: String) throws(GitError) -> Int64 {
        var id = file.id
        var blob: OpaquePointer?
        let lookup = git_blob_lookup(&blob, handle, &id)
        guard lookup == 0, let blob else { throw GitError.libgit2(lookup, "cannot read '\(file.path)' from \(path)") }
        defer { git_blob_free(blob) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let status = file.path.withCString { git_blob_filter(&buffer, blob, $0, &options) }
        guard status == 0 else { throw GitError.libgit2(status, "cannot filter '\(file.path)' of \(path)") }
        try GitRepository.writeFile(UnsafeRawPointer(buffer.ptr), buffer.size, to: file, root: root, folder: folder)
        return Int64(buffer.size)
    }

    /// Creates `file` under `root` (it must not exist yet) and writes `size` bytes into it.
    private static func writeFile(_ data: UnsafeRawPointer?, _ size: Int, to file: TreeWalk.File, root: Int32, folder: String) throws(GitError) {
        let mode: mode_t = file.executable ? 0o777 : 0o666
        // O_EXCL and O_NOFOLLOW: never write through a link or over a file, whatever the tree holds.
        let fd = file.path.withCString { openat(root, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) }
        guard fd >= 0 else { throw GitRepository.systemError("cannot create \(folder)/\(file.path)") }
        defer { close(fd) }
        var offset = 0
        while offset < size, let data {
            let count = write(fd, data + offset, size - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw GitRepository.systemError("cannot write \(folder)/\(file.path)")
            }
            offset += count
        }
    }

    /// Opens `folder` for an export, creating it (and its parents) when missing; refuses a non-empty one.
    private static func openFreshFolder(_ folder: String) throws(GitError) -> Int32 {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw GitError.chimera("\(folder) exists and is not a folder") }
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: folder)
            } catch {
                throw GitError.chimera("cannot read the folder \(folder): \(error.localizedDescription)")
            }
            // Exporting over old files would mix them into the deploy: only a fresh folder is safe.
            guard entries.isEmpty else {
                throw GitError.chimera("\(folder) is not empty (\(entries.count) entries): export into a new or empty folder")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw GitError.chimera("cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw systemError("cannot open the folder \(folder)") }
        return fd
    }

    /// An error for a failed system call, with `strerror(errno)`.
    static func systemError(_ context: String) -> GitError {
        let code = errno
        return GitError(code: -1, message: "\(context): \(String(cString: strerror(code)))")
    }
}
