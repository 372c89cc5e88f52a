import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The deploy gate: a folder goes out only if its certificate's signature and every digest hold, and then
/// only as a read-only staged copy whose bytes are the bytes that were hashed.
///
/// ```swift
/// let gate = DeployGate(stateDirectory: state)
/// let staged = try gate.admit(folder: "public", certificate: certificate, keys: try keys.publicKeys())
/// upload(staged.path)
/// try staged.discard()
/// ```
///
/// The source is read exactly once: each file is copied chunk by chunk while the chunks go to both hashers,
/// so a file changed between a check and the upload cannot slip through.
public struct DeployGate: Sendable {
    /// The folder staged copies are made in, `<state>/staged`.
    public var stagingRoot: String
    /// Threads copying and hashing.
    public var workers = ProcessInfo.processInfo.activeProcessorCount

    /// A gate staging under `<stateDirectory>/staged`.
    public init(stateDirectory: String) { stagingRoot = stateDirectory + "/staged" }

    /// Checks `folder` against `certificate` and returns its read-only staged copy.
    ///
    /// - Throws: `GateRefusal` naming the signature problem or every added, removed and changed file;
    ///   `CertificationError` when the staged copy cannot be written.
    public func admit(folder: String, certificate: Certificate, keys: [PublicKey]) throws -> StagedDeploy {
        var result = VerificationResult()
        let statement: Statement
        switch CertificateVerifier(publicKeys: keys).checkSignature(of: certificate) {
        case .failure(let failure):
            result.failure = failure
            throw GateRefusal(result: result)
        case .success(let checked):
            statement = checked.statement
            result.keyid = checked.keyid
            result.statement = statement
        }
        let files: [FolderWalk.File]
        do {
            files = try FolderWalk(root: folder).files()
        } catch {
            result.failure = .init(.unreadableFolder, "\(error)")
            throw GateRefusal(result: result)
        }
        let expected = Dictionary(statement.manifest.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let present = Set(files.map(\.path))
        result.added = files.map(\.path).filter { expected[$0] == nil }
        result.removed = statement.manifest.entries.map(\.path).filter { !present.contains($0) }
        guard result.added.isEmpty, result.removed.isEmpty else { throw GateRefusal(result: result) }

        let staging = try makeStagingFolder(for: certificate)
        do {
            let copied = try copy(files, from: folder, to: staging)
            // The digests compared are those of the bytes written to the copy, modes those of the source.
            let actual = Manifest(
                entries: zip(files, copied).map { file, digests in
                    ManifestEntry(
                        path: file.path,
                        size: digests.size,
                        mode: file.status.mode,
                        sha256: Hex.encode(digests.sha256),
                        sha3_256: Hex.encode(digests.sha3_256)
                    )
                }
            )
            (result.added, result.removed, result.changed) = CertificateVerifier.compare(expected: statement.manifest, actual: actual)
            guard result.holds else { throw GateRefusal(result: result) }
            try seal(staging, files: files)
        } catch {
            try? StagedDeploy.remove(staging)
            throw error
        }
        return StagedDeploy(path: staging, statement: statement, certificateDigest: certificate.digest, keyid: result.keyid!)
    }

    private func makeStagingFolder(for certificate: Certificate) throws -> String {
        try AtomicFile.makeFolder(stagingRoot, mode: 0o700)
        let stamp = ISO8601DateFormatter().string(from: Date()).filter(\.isNumber)
        let path = stagingRoot + "/\(stamp)-\(certificate.digest.prefix(12))-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        guard mkdir(path, 0o700) == 0 else { throw CertificationError("cannot create the staging folder \(path): \(errnoText())") }
        return path
    }

    /// Copies every file into `staging` while hashing the copied bytes, on `workers` threads.
    private func copy(_ files: [FolderWalk.File], from folder: String, to staging: String) throws -> [FileDigests] {
        var parents = Set<String>()
        for file in files {
            var parent = (file.path as NSString).deletingLastPathComponent
            while !parent.isEmpty, parents.insert(parent).inserted { parent = (parent as NSString).deletingLastPathComponent }
        }
        // Shorter paths first: a parent exists before its children.
        for parent in parents.sorted(by: { $0.count < $1.count }) {
            guard mkdir(staging + "/" + parent, 0o700) == 0 else { throw CertificationError("cannot create \(staging)/\(parent): \(errnoText())") }
        }
        let results = forEachFile(files.count, workers: workers) { index, buffer -> Result<FileDigests, CertificationError> in
            let path = files[index].path
            do {
                return .success(try FileDigests.read(folder + "/" + path, buffer: buffer, copyTo: staging + "/" + path))
            } catch let error as CertificationError {
                return .failure(error)
            } catch {
                return .failure(CertificationError("\(path): \(error)"))
            }
        }
        return try results.map { try $0.get() }
    }

    /// Makes the copy read-only: files 0444, then folders 0555.
    private func seal(_ staging: String, files: [FolderWalk.File]) throws {
        for file in files where chmod(staging + "/" + file.path, 0o444) != 0 {
            throw CertificationError("cannot make \(staging)/\(file.path) read-only: \(errnoText())")
        }
        for folder in try FolderWalk(root: staging).folders().reversed() {
            let path = folder.isEmpty ? staging : staging + "/" + folder
            guard chmod(path, 0o555) == 0 else { throw CertificationError("cannot make \(path) read-only: \(errnoText())") }
        }
    }
}
