import Crypto
import Foundation

/// An in-toto Statement v1 about one deploy folder: the files as `subject`, the rest as our predicate.
///
/// Serialized as canonical JSON (sorted keys, no whitespace), so the same facts give the same bytes:
/// `{"_type":"https://in-toto.io/Statement/v1","predicate":{…},"predicateType":"https://chimera.dev/certification/v1","subject":[…]}`.
public struct Statement: Sendable, Hashable {
    /// The in-toto statement type.
    public static let type = "https://in-toto.io/Statement/v1"
    /// Chimera's predicate type.
    public static let predicateType = "https://chimera.dev/certification/v1"

    /// The files certified.
    public var manifest: Manifest
    /// Platform, provenance, report and config digests, time and nonce.
    public var predicate: CertificationPredicate

    /// Creates a statement about `manifest`.
    public init(manifest: Manifest, predicate: CertificationPredicate) {
        self.manifest = manifest
        self.predicate = predicate
    }

    /// The statement as canonical JSON.
    public var json: CanonicalJSON {
        var files: [String: CanonicalJSON] = [:]
        for entry in manifest.entries {
            files[entry.path] = .object(["mode": .string(entry.octalMode), "size": .integer(Int(entry.size))])
        }
        var predicateObject: [String: CanonicalJSON] = [
            "platform": .string(predicate.platform),
            "simulationReport": .object(["sha256": .string(predicate.simulationReportSHA256)]),
            "configs": .object(predicate.configs.mapValues { .string($0) }),
            "files": .object(files),
            "manifestDigest": .string(manifest.digest),
            "time": .string(predicate.time),
            "nonce": .string(predicate.nonce),
        ]
        if let repository = predicate.repository { predicateObject["repository"] = .string(repository) }
        if let commit = predicate.commit { predicateObject["commit"] = .string(commit) }
        if let healing = predicate.healing {
            predicateObject["heal"] = .object(["fixed": .array(healing.fixed.map { .string($0) }), "patchSHA256": .string(healing.patchSHA256)])
        }
        if let context = predicate.context { predicateObject["context"] = .string(context) }
        return .object([
            "_type": .string(Self.type),
            "subject": manifest.subjects,
            "predicateType": .string(Self.predicateType),
            "predicate": .object(predicateObject),
        ])
    }

    /// The exact bytes the certificate's payload carries: the same bytes as `json.bytes`, written directly
    /// because a 20,000-file folder would otherwise build (and sort) 40,000 small objects.
    public var bytes: [UInt8] {
        let subjects = manifest.subjectBytes
        var out: [UInt8] = []
        out.reserveCapacity(subjects.count * 2 + 1024)
        func key(_ name: String) {
            CanonicalJSON.appendString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        func string(_ name: String, _ value: String) {
            key(name)
            CanonicalJSON.appendString(value, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(UInt8(ascii: "{"))
        string("_type", Self.type)
        key("predicate")
        out.append(UInt8(ascii: "{"))
        // Keys in byte order: commit, configs, context, files, heal, manifestDigest, nonce, platform, repository,
        // simulationReport, time.
        if let commit = predicate.commit { string("commit", commit) }
        key("configs")
        out.append(contentsOf: CanonicalJSON.object(predicate.configs.mapValues { .string($0) }).bytes)
        out.append(UInt8(ascii: ","))
        if let context = predicate.context { string("context", context) }
        key("files")
        out.append(UInt8(ascii: "{"))
        // Object keys sort by their bytes, which is the manifest's canonical order.
        for (index, entry) in manifest.entries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            key(entry.path)
            out.append(contentsOf: #"{"mode":"#.utf8)
            CanonicalJSON.appendString(entry.octalMode, to: &out)
            out.append(contentsOf: #","size":\#(entry.size)}"#.utf8)
        }
        out.append(contentsOf: "},".utf8)
        if let healing = predicate.healing {
            key("heal")
            out.append(contentsOf: CanonicalJSON.object(["fixed": .array(healing.fixed.map { .string($0) }), "patchSHA256": .string(healing.patchSHA256)]).bytes)
            out.append(UInt8(ascii: ","))
        }
        string("manifestDigest", Hex.encode(SHA256.hash(data: subjects)))
        string("nonce", predicate.nonce)
        string("platform", predicate.platform)
        if let repository = predicate.repository { string("repository", repository) }
        key("simulationReport")
        out.append(contentsOf: #"{"sha256":"#.utf8)
        CanonicalJSON.appendString(predicate.simulationReportSHA256, to: &out)
        out.append(contentsOf: "},".utf8)
        key("time")
        CanonicalJSON.appendString(predicate.time, to: &out)
        out.append(contentsOf: "},".utf8)
        string("predicateType", Self.predicateType)
        key("subject")
        out.append(contentsOf: subjects)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Reads a statement back from payload bytes.
    ///
    /// - Throws: `CertificationError` when the bytes are not an in-toto v1 statement with Chimera's predicate.
    public init(decoding payload: [UInt8]) throws {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(payload))
        } catch {
            throw CertificationError("the payload is not an in-toto statement: \(error)")
        }
        guard document.type == Self.type else {
            throw CertificationError("the payload is not an in-toto statement: _type is \(document.type), not \(Self.type)")
        }
        guard document.predicateType == Self.predicateType else {
            throw CertificationError("the statement's predicateType is \(document.predicateType), not \(Self.predicateType)")
        }
        var entries: [ManifestEntry] = []
        for subject in document.subject {
            guard let file = document.predicate.files[subject.name], let mode = Int(file.mode, radix: 8),
                let sha256 = subject.digest["sha256"], let sha3 = subject.digest["sha3_256"]
            else {
                throw CertificationError("the statement's subject \(subject.name) lacks a sha256, sha3_256, mode or size")
            }
            entries.append(ManifestEntry(path: subject.name, size: file.size, mode: mode, sha256: sha256, sha3_256: sha3))
        }
        manifest = Manifest(entries: entries)
        let predicate = document.predicate
        self.predicate = CertificationPredicate(
            platform: predicate.platform,
            repository: predicate.repository,
            commit: predicate.commit,
            context: predicate.context,
            simulationReportSHA256: predicate.simulationReport.sha256,
            configs: predicate.configs,
            time: predicate.time,
            nonce: predicate.nonce
        )
        self.predicate.healing = predicate.heal
    }

    private struct Document: Decodable {
        struct Subject: Decodable {
            var name: String
            var digest: [String: String]
        }
        struct File: Decodable {
            var mode: String
            var size: Int64
        }
        struct Report: Decodable {
            var sha256: String
        }
        struct Predicate: Decodable {
            var platform: String
            var repository: String?
            var commit: String?
            var context: String?
            var simulationReport: Report
            var configs: [String: String]
            var files: [String: File]
            var time: String
            var nonce: String
            var heal: CertificationPredicate.Healing?
        }
        var type: String
        var subject: [Subject]
        var predicateType: String
        var predicate: Predicate

        enum CodingKeys: String, CodingKey {
            case type = "_type"
            case subject, predicateType, predicate
        }
    }
}
