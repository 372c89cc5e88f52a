import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Digests remembered between runs, keyed by (device, inode) and trusted only while size, mtime and ctime
/// (nanoseconds) are unchanged.
///
/// Racy files: a file modified in the same clock tick as the cache write could change again without its
/// mtime moving. As git does for its index, an entry whose mtime or ctime is not strictly older than the
/// cache file's own mtime (the file system's clock, not the process's) is treated as unknown and hashed again.
///
/// File format (native little-endian): the 8 bytes `CHHC0001`, a UInt64 count, then per file
/// device, inode (UInt64), size, mtime ns, ctime ns (Int64), SHA-256 and SHA3-256 (32 bytes each).
public struct HashCache: Sendable {
    struct Key: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    struct Record: Sendable {
        var size: Int64
        var modified: Int64
        var changed: Int64
        var sha256: [UInt8]
        var sha3_256: [UInt8]
    }

    /// Where the cache lives.
    public let path: String
    /// The cache file's mtime when loaded (ns): entries at or after it are racy.
    public private(set) var writtenAt: Int64?
    var records: [Key: Record] = [:]
    /// Keys stored during this run, kept first when the cache grows too large.
    private var fresh: Set<Key> = []

    /// Beyond this many entries only the latest run's are written (each workspace brings new inodes).
    static let limit = 200_000
    private static let magic = Array("CHHC0001".utf8)
    private static let recordSize = 8 * 5 + 64

    /// Loads the cache at `path`; a missing, truncated or foreign file gives an empty cache.
    public init(path: String) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path), data.count >= 16 else { return }
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let parsed: [Key: Record]? = data.withUnsafeBytes { raw in
            guard Array(raw.prefix(8)) == Self.magic else { return nil }
            let count = Int(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            guard count >= 0, raw.count == 16 + count * Self.recordSize else { return nil }
            var records: [Key: Record] = [:]
            records.reserveCapacity(count)
            var offset = 16
            func integer(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + at, as: UInt64.self)) }
            for _ in 0..<count {
                let key = Key(device: integer(0), inode: integer(8))
                records[key] = Record(
                    size: Int64(bitPattern: integer(16)),
                    modified: Int64(bitPattern: integer(24)),
                    changed: Int64(bitPattern: integer(32)),
                    sha256: Array(raw[(offset + 40)..<(offset + 72)]),
                    sha3_256: Array(raw[(offset + 72)..<(offset + 104)])
                )
                offset += Self.recordSize
            }
            return records
        }
        guard let parsed else { return }
        records = parsed
        writtenAt = FileStatus(info).modified
    }

    /// The number of files remembered.
    public var count: Int { records.count }

    /// The digests of a file with `status`, or nil when unknown, changed or racy.
    public func lookup(_ status: FileStatus) -> FileDigests? {
        guard let writtenAt, let record = records[Key(device: status.device, inode: status.inode)] else { return nil }
        guard record.size == status.size, record.modified == status.modified, record.changed == status.changed else { return nil }
        // git's racy-index rule: same tick as the cache write means the stat data cannot vouch for the contents.
        guard status.modified < writtenAt, status.changed < writtenAt else { return nil }
        return FileDigests(sha256: record.sha256, sha3_256: record.sha3_256, size: record.size)
    }

    /// Remembers `digests` for the file with `status`.
    public mutating func store(_ digests: FileDigests, for status: FileStatus) {
        let key = Key(device: status.device, inode: status.inode)
        records[key] = Record(
            size: status.size,
            modified: status.modified,
            changed: status.changed,
            sha256: digests.sha256,
            sha3_256: digests.sha3_256
        )
        fresh.insert(key)
    }

    /// Writes the cache atomically (temporary file, then rename) and takes the new file's mtime as the racy threshold.
    public mutating func write() throws {
        if records.count > Self.limit { records = records.filter { fresh.contains($0.key) } }
        var bytes: [UInt8] = Self.magic
        bytes.reserveCapacity(16 + records.count * Self.recordSize)
        func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(UInt64(records.count))
        for (key, record) in records {
            append(key.device)
            append(key.inode)
            append(UInt64(bitPattern: record.size))
            append(UInt64(bitPattern: record.modified))
            append(UInt64(bitPattern: record.changed))
            bytes.append(contentsOf: record.sha256)
            bytes.append(contentsOf: record.sha3_256)
        }
        try AtomicFile.makeFolder((path as NSString).deletingLastPathComponent, mode: 0o700)
        try AtomicFile.write(bytes, to: path, mode: 0o600)
        var info = stat()
        if stat(path, &info) == 0 { writtenAt = FileStatus(info).modified }
        fresh = []
    }
}
