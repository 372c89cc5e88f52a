import CGit2
import Foundation

extension GitRepository {
    /// Opens the bare repository at `path`, creating it (and its parent folders) when it does not exist yet.
    ///
    /// The deploy service keeps one such cache repository per site and fetches each pushed commit into it.
    /// - Throws: `GitError` when the folder exists but is not a repository, or cannot be created.
    public static func openOrCreateBare(path: String) throws(GitError) -> GitRepository {
        guard libgit2Ready else { throw GitError.libgit2(-1, "libgit2 failed to initialise") }
        if FileManager.default.fileExists(atPath: path) { return try GitRepository(path: path) }
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
        } catch {
            throw GitError.chimera("cannot create the folder of \(path): \(error.localizedDescription)")
        }
        var handle: OpaquePointer?
        let status = path.withCString { git_repository_init(&handle, $0, 1) }
        guard status == 0, let handle else { throw GitError.libgit2(status, "cannot create the repository \(path)") }
        git_repository_free(handle)
        return try GitRepository(path: path)
    }

    /// Fetches `refspecs` from `url` (https://, ssh://, file:// or a local path) into this repository.
    ///
    /// Blocks on the network and the disk: from async code, run it on a thread pool.
    /// - Parameters:
    ///   - url: the remote; credentials in it are never repeated in errors.
    ///   - refspecs: such as `+refs/heads/main:refs/heads/main`; empty takes the remote's default refspecs.
    /// - Throws: `GitError` naming the remote (without credentials) and libgit2's reason.
    public func fetch(from url: String, refspecs: [String]) throws(GitError) {
        let shown = Self.redacted(url)
        var remote: OpaquePointer?
        let created = url.withCString { git_remote_create_anonymous(&remote, handle, $0) }
        guard created == 0, let remote else { throw GitError.libgit2(created, "cannot use the remote \(shown)") }
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        let initialised = git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
        guard initialised == 0 else { throw GitError.libgit2(initialised, "cannot prepare a fetch") }
        // Tags are not needed to deploy a commit, and fetching them all from a large remote is slow.
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        let status = Self.withStringArray(refspecs) { array in
            git_remote_fetch(remote, array, &options, "chimera: fetch")
        }
        guard status == 0 else { throw GitError.libgit2(status, "cannot fetch from \(shown)") }
    }

    /// `url` without a password or token in its userinfo (`https://user:secret@host` → `https://user@host`).
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let userinfo = url[scheme.upperBound..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + String(url[at...])
    }

    /// Calls `body` with a `git_strarray` over `strings` (nil when empty), valid only during the call.
    private static func withStringArray(_ strings: [String], _ body: (UnsafePointer<git_strarray>?) -> Int32) -> Int32 {
        guard !strings.isEmpty else { return body(nil) }
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return body(&array)
        }
    }
}
