import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that readers see either before or after, never half done: a temporary file in the
/// same folder, flushed, then renamed over the target.
public enum AtomicFile {
    /// Writes `bytes` to `path` with `mode`; with `exclusive`, fails with `EEXIST` instead of replacing.
    ///
    /// - Returns: false when `exclusive` and `path` already exists.
    @discardableResult
    public static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o644, exclusive: Bool = false) throws -> Bool {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // The mode is given at creation so a private key is never readable by others, even for an instant.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw CertificationError("cannot create \(temporary): \(errnoText())") }
        var failure: String?
        Array(bytes).withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                offset += written
            }
        }
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = errnoText() }
        if failure == nil, fsync(descriptor) != 0 { failure = errnoText() }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw CertificationError("cannot write \(path): \(failure)")
        }
        if exclusive {
            // link(2) refuses an existing target, so two processes creating the same file agree on one.
            let linked = link(temporary, path)
            let error = errno
            unlink(temporary)
            if linked == 0 { return true }
            if error == EEXIST { return false }
            throw CertificationError("cannot create \(path): \(String(cString: strerror(error)))")
        }
        guard rename(temporary, path) == 0 else {
            let text = errnoText()
            unlink(temporary)
            throw CertificationError("cannot replace \(path): \(text)")
        }
        return true
    }

    /// Creates `path` and its parents; the last folder gets `mode`.
    public static func makeFolder(_ path: String, mode: mode_t = 0o755) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CertificationError("cannot create the folder \(path): \(error.localizedDescription)")
        }
        guard chmod(path, mode) == 0 else { throw CertificationError("cannot set the mode of \(path): \(errnoText())") }
    }
}

/// The text of the current `errno`.
func errnoText() -> String { String(cString: strerror(errno)) }
