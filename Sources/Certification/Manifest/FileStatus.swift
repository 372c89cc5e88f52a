#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `lstat` says about one file: the cache key and the mode a certificate records.
public struct FileStatus: Sendable, Hashable {
    /// The device the file is on.
    public var device: UInt64
    /// The inode number.
    public var inode: UInt64
    /// The size in bytes.
    public var size: Int64
    /// The permission bits (`st_mode & 0o7777`).
    public var mode: Int
    /// The modification time, nanoseconds since the epoch.
    public var modified: Int64
    /// The status-change time, nanoseconds since the epoch.
    public var changed: Int64

    /// Creates a status from its parts.
    public init(device: UInt64, inode: UInt64, size: Int64, mode: Int, modified: Int64, changed: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.mode = mode
        self.modified = modified
        self.changed = changed
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        mode = Int(info.st_mode & 0o7777)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }
}
