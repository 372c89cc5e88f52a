import Crypto
import Foundation

/// Every file of a deploy folder with its size, mode, SHA-256 and SHA3-256, in canonical order (the bytes
/// of the UTF-8 path).
///
/// ```swift
/// var cache = HashCache(path: state + "/cache/hash-cache.bin")
/// let manifest = try Manifest.make(folder: "public", cache: &cache)
/// print(manifest.digest)
/// ```
///
/// Only regular files are listed: empty folders are not recorded, and symbolic links are refused.
public struct Manifest: Sendable, Hashable {
    /// How the manifest was made.
    public struct Statistics: Sendable, Hashable {
        /// Files listed.
        public var files = 0
        /// Bytes listed.
        public var bytes: Int64 = 0
        /// Files read and hashed.
        public var hashed = 0
        /// Files whose digests came from the cache.
        public var cached = 0
    }

    /// The files, in canonical order.
    public var entries: [ManifestEntry]
    /// Files, bytes, hashed and cached counts; not part of the manifest's identity.
    public var statistics = Statistics()

    /// Creates a manifest from entries, putting them in canonical order.
    public init(entries: [ManifestEntry]) {
        self.entries = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        statistics.files = entries.count
        statistics.bytes = entries.reduce(0) { $0 + $1.size }
    }

    init(entries: [ManifestEntry], sorted: Bool) {
        self.entries = entries
        statistics.files = entries.count
        statistics.bytes = entries.reduce(0) { $0 + $1.size }
    }

    /// Hashes every file of `folder` on `workers` threads, reading each file once for both digests.
    ///
    /// - Parameter cache: digests from earlier runs; updated with what was hashed, and written back when given.
    /// - Throws: `CertificationError` for an unreadable file, a symbolic link or a special file.
    public static func make(folder: String, cache: inout HashCache?, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Manifest {
        let files = try FolderWalk(root: folder, workers: workers).files()
        let known = cache
        let results = forEachFile(files.count, workers: workers) { index, buffer -> Result<(FileDigests, Bool), CertificationError> in
            let file = files[index]
            if let hit = known?.lookup(file.status) { return .success((hit, true)) }
            do {
                return .success((try FileDigests.read(folder + "/" + file.path, buffer: buffer), false))
            } catch let error as CertificationError {
                return .failure(error)
            } catch {
                return .failure(CertificationError("\(file.path): \(error)"))
            }
        }
        var entries: [ManifestEntry] = []
        entries.reserveCapacity(files.count)
        var statistics = Statistics()
        for (file, result) in zip(files, results) {
            let (digests, hit) = try result.get()
            // A file whose length changed while it was read is listed as read, but not remembered.
            if !hit, digests.size == file.status.size { cache?.store(digests, for: file.status) }
            if hit { statistics.cached += 1 } else { statistics.hashed += 1 }
            statistics.bytes += digests.size
            entries.append(
                ManifestEntry(
                    path: file.path,
                    size: digests.size,
                    mode: file.status.mode,
                    sha256: Hex.encode(digests.sha256),
                    sha3_256: Hex.encode(digests.sha3_256)
                )
            )
        }
        statistics.files = entries.count
        if statistics.hashed > 0 || cache?.writtenAt == nil { try cache?.write() }
        // Already in canonical order: the walk sorted the files.
        var manifest = Manifest(entries: entries, sorted: true)
        manifest.statistics = statistics
        return manifest
    }

    /// Hashes every file of `folder` without a cache.
    public static func make(folder: String, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> Manifest {
        var none: HashCache? = nil
        return try make(folder: folder, cache: &none, workers: workers)
    }

    /// The in-toto `subject` array: `{"digest": {"sha256": …, "sha3_256": …}, "name": path}` per file.
    public var subjects: CanonicalJSON {
        .array(
            entries.map { entry in
                .object([
                    "name": .string(entry.path),
                    "digest": .object(["sha256": .string(entry.sha256), "sha3_256": .string(entry.sha3_256)]),
                ])
            }
        )
    }

    /// The canonical bytes of `subjects`, written directly: entries are already in canonical order, so the
    /// tree of `CanonicalJSON` values (and its per-object key sort) is skipped for large folders.
    public var subjectBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 200)
        out.append(UInt8(ascii: "["))
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"digest":{"sha256":"#.utf8)
            CanonicalJSON.appendString(entry.sha256, to: &out)
            out.append(contentsOf: #","sha3_256":"#.utf8)
            CanonicalJSON.appendString(entry.sha3_256, to: &out)
            out.append(contentsOf: #"},"name":"#.utf8)
            CanonicalJSON.appendString(entry.path, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// The manifest digest: hex SHA-256 of the canonical bytes of `subjects`, the certificate's subject in one value.
    public var digest: String { Hex.encode(SHA256.hash(data: subjectBytes)) }

    /// Manifests are equal when their files are; statistics do not count.
    public static func == (left: Manifest, right: Manifest) -> Bool { left.entries == right.entries }

    /// Hashes the files only.
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
}
