import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes patches atomically: each file is written to a temporary file beside it, flushed, given the original's
/// permission mode, and renamed over the original, so a reader sees the old file or the new one, never a part.
public enum PatchWriter {
    /// Writes `patch`.
    /// - Throws: `HealError` when the file changed since the patch was computed, or cannot be written.
    public static func write(_ patch: Patch) throws(HealError) {
        let current = FileManager.default.contents(atPath: patch.path).map { Array($0) }
        guard current == patch.original else {
            throw HealError(
                patch.original == nil
                    ? "\(patch.displayPath) appeared since the heal was planned; run heal again"
                    : "\(patch.displayPath) changed since the heal was planned; run heal again"
            )
        }
        var mode: mode_t = mode_t(patch.mode ?? 0o644)
        if patch.original != nil {
            var status = stat()
            if stat(patch.path, &status) == 0 { mode = status.st_mode & 0o7777 }
        }
        let directory = (patch.path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (patch.path as NSString).lastPathComponent + ".chimera-heal-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw HealError("cannot write beside \(patch.displayPath): \(String(cString: strerror(errno)))") }
        var failure: String?
        patch.updated.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        // The umask may have narrowed the mode given to open(2): set it exactly.
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil, rename(temporary, patch.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw HealError("cannot write \(patch.displayPath): \(failure)")
        }
    }
}

/// A heal that cannot run: an unreadable site, a file that changed underneath, a failed write.
public struct HealError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, where, and what to do.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
