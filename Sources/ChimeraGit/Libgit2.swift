import CGit2

/// libgit2's process-wide setup, done once before the first repository is opened.
///
/// A global `let` is initialised lazily and atomically, so concurrent first uses are safe. libgit2 is never
/// shut down: it lives as long as the process.
let libgit2Ready: Bool = {
    guard git_libgit2_init() >= 0 else { return false }
    // Owner validation is off. libgit2 1.5 refuses a repository owned by another user with the misleading
    // "config value 'safe.directory' was not found", even as root. git's check protects a user from a
    // planted repository whose config runs commands (core.fsmonitor, hooks, filter drivers); libgit2 runs
    // none of them, and Chimera only opens the repositories its operator configured, which a service
    // account often does not own (a deploy user reading a git user's repositories).
    _ = chimera_git_set_owner_validation(0)
    // Objects are not hashed again when read, as git itself does not: zlib's checksum already catches a
    // damaged object, and re-hashing every blob cost 0.85 s of CPU (70% more) exporting the 484 MB of the
    // 20,000-page benchmark repository (bench/export_bench.sh), where `git archive` spends 1.2 s in all.
    _ = chimera_git_set_strict_hash_verification(0)
    return true
}()
