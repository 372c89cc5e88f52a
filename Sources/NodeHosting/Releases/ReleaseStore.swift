import Certification
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A site's immutable releases on the node target, the atomic switch between them, and rollback.
///
/// Layout, under the folder given (the lead passes `<state>/sites/<site name>`):
/// ```
/// releases/<id>/files/          the site's files (0444; folders 0555)
/// releases/<id>/config/         copies of the platform config files that live outside the publish folder
/// releases/<id>/release.json    ReleaseMetadata
/// releases/<id>/manifest.json   ReleaseManifest: path → sha256, size
/// current -> releases/<id>      switched with rename(2) over a fresh symbolic link
/// activations.log               one line per activation, `<ISO 8601 time> <id>`, appended with fsync
/// rejected.log                  ids of releases that failed live verification (a plain rollback skips them)
/// ```
///
/// Release ids are `<UTC time to the millisecond>-<first 8 hex of the manifest digest>-<4 random hex>`, such as
/// `20261125T101500123Z-3f2a9c1d-7b0e`. A new id's time is made later than the newest existing id's, even when
/// the clock stepped back, so ids sort by creation as plain strings.
///
/// ```swift
/// let store = ReleaseStore(siteFolder: state + "/sites/blog")
/// let release = try store.install(stagedFolder: staged.path, manifest: staged.statement.manifest, metadata: metadata, configFiles: [:])
/// try store.activate(release.id)
/// try store.prune(keep: 10)
/// ```
///
/// Calls that change the store must come from one pipeline at a time per site; readers (the web server) may
/// read `current` at any moment and always see a complete release.
public struct ReleaseStore: Sendable {
    /// The site's folder, absolute.
    public let root: String

    /// A store over `siteFolder` (created on the first install).
    public init(siteFolder: String) {
        var path = siteFolder.hasPrefix("/") ? siteFolder : FileManager.default.currentDirectoryPath + "/" + siteFolder
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.root = path
    }

    /// `releases/`.
    public var releasesPath: String { root + "/releases" }
    /// The `current` symbolic link.
    public var currentLink: String { root + "/current" }
    /// `activations.log`.
    public var activationLogPath: String { root + "/activations.log" }
    /// The releases that failed live verification, one id per line; a default rollback never goes back to them.
    public var rejectedLogPath: String { root + "/rejected.log" }

    // MARK: Install

    /// Installs the staged, certified copy of a site as a new release, without activating it.
    ///
    /// The release is built in `releases/.incoming-<random>` and renamed into place, so no half-written release
    /// is ever listed. Each manifest file is hard-linked to an identical file (same SHA-256 and size) of the
    /// current release or another kept one when there is one; otherwise hard-linked from `stagedFolder`, or
    /// copied when that is on another file system.
    ///
    /// - Parameters:
    ///   - stagedFolder: the read-only staged copy (`StagedDeploy.path`); every manifest file must be in it.
    ///   - manifest: the certified manifest of the staged copy; only its files are installed.
    ///   - metadata: the release's metadata; `id`, `createdAt` and `options.configFiles` are filled in here.
    ///   - configFiles: platform config files to copy into `config/`, file name → source path.
    /// - Returns: the installed release.
    /// - Throws: `NodeHostingError` naming the file or folder that failed.
    public func install(
        stagedFolder: String,
        manifest: Manifest,
        metadata: ReleaseMetadata,
        configFiles: [String: String] = [:]
    ) throws(NodeHostingError) -> Release {
        for name in configFiles.keys where !Self.isPlainName(name) {
            throw NodeHostingError("config file name \"\(name)\" is not a plain file name: give names such as netlify.toml or render.yaml")
        }
        try POSIXFiles.makeFolders(releasesPath)
        removeLeftovers()

        let existing = releaseIDs()
        let (id, created) = Self.makeID(manifestDigest: manifest.digest, after: existing.first)
        let incoming = releasesPath + "/.incoming-" + POSIXFiles.randomHex()
        do {
            try build(
                incoming,
                id: id,
                created: created,
                stagedFolder: stagedFolder,
                manifest: manifest,
                metadata: metadata,
                configFiles: configFiles
            )
            let final = releasesPath + "/" + id
            try POSIXFiles.renameItem(incoming, final)
            POSIXFiles.syncFolder(releasesPath)
            // After the rename: moving a folder to a new name needs it writable on some systems.
            try POSIXFiles.setMode(final, 0o555)
            return try Release.read(folder: final)
        } catch {
            try? POSIXFiles.removeTree(incoming)
            throw error
        }
    }

    private func build(
        _ incoming: String,
        id: String,
        created: Date,
        stagedFolder: String,
        manifest: Manifest,
        metadata: ReleaseMetadata,
        configFiles: [String: String]
    ) throws(NodeHostingError) {
        let files = incoming + "/files"
        let config = incoming + "/config"
        try POSIXFiles.makeFolder(incoming)
        try POSIXFiles.makeFolder(files)
        try POSIXFiles.makeFolder(config)

        let reusable = reusableFiles()
        var folders: Set<String> = []
        for entry in manifest.entries {
            guard Self.isSafeRelativePath(entry.path) else {
                throw NodeHostingError("manifest path \"\(entry.path)\" is not a relative path inside the site; the manifest is refused")
            }
            var parent = entry.path.split(separator: "/").dropLast().joined(separator: "/")
            var missing: [String] = []
            while !parent.isEmpty, folders.insert(parent).inserted {
                missing.append(parent)
                parent = parent.split(separator: "/").dropLast().joined(separator: "/")
            }
            for folder in missing.reversed() { try POSIXFiles.makeFolder(files + "/" + folder) }

            let destination = files + "/" + entry.path
            if let earlier = reusable[ContentKey(sha256: entry.sha256, size: entry.size)],
                POSIXFiles.size(earlier) == entry.size,
                POSIXFiles.hardLink(earlier, destination) == nil
            {
                continue
            }
            let source = stagedFolder + "/" + entry.path
            guard POSIXFiles.kind(source) == .file, let size = POSIXFiles.size(source) else {
                throw NodeHostingError(
                    "the staged folder \(stagedFolder) has no regular file \(entry.path), which the manifest lists; stage the certified folder again"
                )
            }
            guard size == entry.size else {
                throw NodeHostingError(
                    "staged file \(stagedFolder)/\(entry.path) is \(size) bytes, the manifest says \(entry.size); stage the certified folder again"
                )
            }
            // A hard link needs the same file system; otherwise (EXDEV, or a link limit) the bytes are copied.
            if POSIXFiles.hardLink(source, destination) != nil {
                try POSIXFiles.copyFile(source, destination, mode: 0o444)
            }
            try POSIXFiles.setMode(destination, 0o444)
        }

        var names: [String] = []
        for (name, source) in configFiles.sorted(by: { $0.key < $1.key }) {
            guard POSIXFiles.kind(source) != .missing else {
                throw NodeHostingError("config file \(name): \(source) does not exist; pass the path of the platform's config file")
            }
            try POSIXFiles.copyFile(source, config + "/" + name, mode: 0o444)
            names.append(name)
        }

        var written = metadata
        written.id = id
        written.createdAt = created
        written.options.configFiles = names
        let metadataBytes: [UInt8]
        do {
            metadataBytes = [UInt8](try ReleaseMetadata.encoder().encode(written))
        } catch {
            throw NodeHostingError("cannot encode the metadata of release \(id): \(error)")
        }
        try POSIXFiles.writeFile(metadataBytes, to: incoming + "/release.json", mode: 0o444)
        try POSIXFiles.writeFile(try ReleaseManifest(manifest).encoded(), to: incoming + "/manifest.json", mode: 0o444)

        // Deepest folders first: a read-only parent would stop nothing here, but this keeps the order obvious.
        for folder in folders.sorted(by: { $0.count > $1.count }) { try POSIXFiles.setMode(files + "/" + folder, 0o555) }
        try POSIXFiles.setMode(files, 0o555)
        try POSIXFiles.setMode(config, 0o555)
    }

    /// A file's content identity: equal keys mean equal bytes, so the file can be shared by hard link.
    private struct ContentKey: Hashable {
        var sha256: String
        var size: Int64
    }

    /// The files of the current release, then of the other kept ones (newest first), by content.
    private func reusableFiles() -> [ContentKey: String] {
        var ordered: [String] = []
        if let current = currentID() { ordered.append(current) }
        ordered += releaseIDs().filter { $0 != ordered.first }
        var files: [ContentKey: String] = [:]
        for id in ordered {
            // A release whose manifest cannot be read simply shares nothing.
            guard let manifest = try? ReleaseManifest.read(releasesPath + "/" + id + "/manifest.json") else { continue }
            for (path, entry) in manifest.files where Self.isSafeRelativePath(path) {
                let key = ContentKey(sha256: entry.sha256, size: entry.size)
                if files[key] == nil { files[key] = releasesPath + "/" + id + "/files/" + path }
            }
        }
        return files
    }

    // MARK: Switch

    /// Makes release `id` current: a new symbolic link renamed over `current`, so a reader sees the old
    /// release or the new one, never a missing or partial folder. The activation is then appended to
    /// `activations.log`.
    @discardableResult
    public func activate(_ id: String) throws(NodeHostingError) -> Release {
        let release = try release(id)
        let temporary = root + "/.current-" + POSIXFiles.randomHex()
        try POSIXFiles.makeSymlink("releases/" + id, at: temporary)
        do {
            try POSIXFiles.renameItem(temporary, currentLink)
        } catch {
            unlink(temporary)
            throw error
        }
        POSIXFiles.syncFolder(root)
        // Logged after the switch: a crash in between leaves a log that still names the real previous release.
        let line = Timestamps.text(Date()) + " " + id + "\n"
        try POSIXFiles.append(Array(line.utf8), to: activationLogPath)
        return release
    }

    /// The current release, or nil before the first activation (or when `current` names a release that cannot
    /// be read, which only a hand-edited folder can do).
    public func current() -> Release? {
        guard let id = currentID() else { return nil }
        return try? Release.read(folder: releasesPath + "/" + id)
    }

    /// The release `current` points at, read from the link.
    public func currentID() -> String? {
        guard let target = POSIXFiles.linkTarget(currentLink) else { return nil }
        return target.split(separator: "/").last.map(String.init)
    }

    /// The kept release `id`.
    ///
    /// - Throws: `NodeHostingError` listing the kept ids when there is no such release.
    public func release(_ id: String) throws(NodeHostingError) -> Release {
        let folder = releasesPath + "/" + id
        guard Self.isReleaseID(id), POSIXFiles.kind(folder) == .directory else {
            throw NodeHostingError("no release \(id) in \(releasesPath); \(keptList())")
        }
        return try Release.read(folder: folder)
    }

    /// The kept releases, newest first.
    public func releases() -> [Release] {
        // A folder that cannot be read as a release (altered by hand) is left out rather than hiding the others.
        releaseIDs().compactMap { try? Release.read(folder: releasesPath + "/" + $0) }
    }

    /// The ids of the kept releases, newest first.
    public func releaseIDs() -> [String] {
        (POSIXFiles.entries(releasesPath) ?? []).filter(Self.isReleaseID).sorted(by: >)
    }

    /// Every activation in order, oldest first: the release ids from `activations.log`.
    public func activations() -> [String] {
        guard let bytes = POSIXFiles.readFile(activationLogPath) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            // A torn last line (crash mid-append) has no id field and is skipped.
            return fields.count == 2 && Self.isReleaseID(String(fields[1])) ? String(fields[1]) : nil
        }
    }

    /// Records that release `id` failed live verification and was rolled back from: ``previous()`` skips it, so
    /// a later plain `rollback` never puts a release back that was already found wrong.
    public func reject(_ id: String) throws(NodeHostingError) {
        try POSIXFiles.append(Array((id + "\n").utf8), to: rejectedLogPath)
    }

    /// The ids recorded with ``reject(_:)``.
    public func rejected() -> Set<String> {
        guard let bytes = POSIXFiles.readFile(rejectedLogPath) else { return [] }
        return Set(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter(Self.isReleaseID))
    }

    /// The release that was current before the current one (still kept, and not rejected), or nil.
    public func previous() -> Release? {
        guard let current = currentID() else { return nil }
        let rejected = rejected()
        for id in activations().reversed() where id != current && !rejected.contains(id) {
            if let release = try? Release.read(folder: releasesPath + "/" + id) { return release }
        }
        return nil
    }

    /// Activates release `id`, or the previous release when `id` is nil.
    ///
    /// Rolling back to an explicit id is idempotent (a retry activates the same release again); the default
    /// alternates between the two last releases, so retries should pass the id.
    ///
    /// - Returns: the release that was current (nil when none was) and the one now current.
    /// - Throws: `NodeHostingError` when there is no previous release or no release `id`, listing the kept ids.
    @discardableResult
    public func rollback(to id: String? = nil) throws(NodeHostingError) -> (from: Release?, to: Release) {
        let from = current()
        let target: Release
        if let id {
            target = try release(id)
        } else {
            guard let previous = previous() else {
                let now = from.map { "the current release is \($0.id)" } ?? "no release is current"
                throw NodeHostingError("there is no previous release to roll back to: \(now); \(keptList()); pass --to <id> to choose one")
            }
            target = previous
        }
        let now = try activate(target.id)
        return (from, now)
    }

    // MARK: Prune

    /// Removes the oldest releases beyond the `keep` newest, never the current or the previous one.
    ///
    /// Each release is first renamed to a hidden name, so it leaves the listing at once, then removed.
    ///
    /// - Returns: the ids removed, oldest last.
    @discardableResult
    public func prune(keep: Int = 10) throws(NodeHostingError) -> [String] {
        removeLeftovers()
        let ids = releaseIDs()
        var protected = Set(ids.prefix(max(0, keep)))
        if let current = currentID() { protected.insert(current) }
        if let previous = previous() { protected.insert(previous.id) }
        var removed: [String] = []
        for id in ids where !protected.contains(id) {
            let hidden = releasesPath + "/.removing-" + id
            // A folder can only be renamed into another while it is writable.
            chmod(releasesPath + "/" + id, 0o755)
            try POSIXFiles.renameItem(releasesPath + "/" + id, hidden)
            try POSIXFiles.removeTree(hidden)
            removed.append(id)
        }
        return removed
    }

    /// Removes what an interrupted install or prune left (`.incoming-*`, `.removing-*`, `.current-*`).
    private func removeLeftovers() {
        for name in POSIXFiles.entries(releasesPath) ?? [] where name.hasPrefix(".incoming-") || name.hasPrefix(".removing-") {
            try? POSIXFiles.removeTree(releasesPath + "/" + name)
        }
        for name in POSIXFiles.entries(root) ?? [] where name.hasPrefix(".current-") {
            unlink(root + "/" + name)
        }
    }

    // MARK: Ids and names

    private func keptList() -> String {
        let ids = releaseIDs()
        return ids.isEmpty ? "no release is kept" : "kept releases, newest first: " + ids.joined(separator: ", ")
    }

    /// A new id later than `newest`, with its creation time.
    static func makeID(manifestDigest: String, after newest: String?, now: Date = Date()) -> (String, Date) {
        var milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        if let newest, let last = Timestamps.milliseconds(ofStamp: newest.prefix(19)), milliseconds <= last {
            milliseconds = last + 1
        }
        let digest = manifestDigest.isEmpty ? "00000000" : String(manifestDigest.prefix(8))
        let id = Timestamps.stamp(milliseconds: milliseconds) + "-" + digest + "-" + POSIXFiles.randomHex(4)
        return (id, Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Whether `name` can be a release id: letters, digits, `-`, `_` and `.`, not starting with `.`.
    static func isReleaseID(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.utf8.count <= 200
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    /// Whether `name` is one file name (no `/`, not `.` or `..`).
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    /// Whether a manifest path stays inside `files/`: relative, no empty, `.` or `..` segment.
    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.contains("\0")
            && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
