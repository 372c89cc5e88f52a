import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's two digests and length, from one pass over its bytes.
public struct FileDigests: Sendable, Hashable {
    /// SHA-256, 32 bytes.
    public var sha256: [UInt8]
    /// SHA3-256, 32 bytes.
    public var sha3_256: [UInt8]
    /// How many bytes were hashed.
    public var size: Int64

    /// Creates digests from their parts.
    public init(sha256: [UInt8], sha3_256: [UInt8], size: Int64) {
        self.sha256 = sha256
        self.sha3_256 = sha3_256
        self.size = size
    }

    /// Reads `path` once, feeding each chunk to both hashers; with `copyTo`, also writes every chunk there,
    /// so the digests describe exactly the bytes of the copy.
    ///
    /// - Parameter buffer: the caller's scratch buffer, reused across files so a worker allocates once.
    static func read(_ path: String, buffer: UnsafeMutableRawBufferPointer, copyTo destination: String? = nil) throws -> FileDigests {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw CertificationError("cannot open \(path): \(errnoText())") }
        defer { close(source) }
        var target: Int32 = -1
        if let destination {
            target = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard target >= 0 else { throw CertificationError("cannot create \(destination): \(errnoText())") }
        }
        defer { if target >= 0 { close(target) } }
        var sha2 = SHA256()
        var sha3 = SHA3_256()
        var size: Int64 = 0
        while true {
            let count = Glibc.read(source, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw CertificationError("cannot read \(path): \(errnoText())")
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            sha2.update(bufferPointer: chunk)
            sha3.update(bufferPointer: chunk)
            size += Int64(count)
            if target >= 0 {
                var offset = 0
                while offset < count {
                    let written = Glibc.write(target, chunk.baseAddress! + offset, count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw CertificationError("cannot write \(destination!): \(errnoText())")
                    }
                    offset += written
                }
            }
        }
        return FileDigests(sha256: Array(sha2.finalize()), sha3_256: Array(sha3.finalize()), size: size)
    }
}
