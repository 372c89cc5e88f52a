import Certification
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A temporary state directory and deploy folder with a few files, removed on deinit.
final class CertificationFixture {
    let root: String
    var site: String { root + "/site" }
    var state: String { root + "/state" }
    var keys: SigningKeys { SigningKeys(stateDirectory: state) }

    init() throws {
        root = NSTemporaryDirectory() + "chimera-cert-\(UUID().uuidString)"
        try write("index.html", "<h1>hello</h1>\n")
        try write("about/index.html", "<p>about</p>\n")
        try write("assets/app.js", "console.log(1)\n")
        try write("_redirects", "/old /new 301\n")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
    }

    deinit {
        // Staged copies are read-only: open them up so they can be removed.
        _ = try? Process.run(URL(fileURLWithPath: "/bin/chmod"), arguments: ["-R", "u+w", root]).waitUntilExit()
        try? FileManager.default.removeItem(atPath: root)
    }

    func write(_ path: String, _ text: String, in folder: String? = nil) throws {
        let full = (folder ?? site) + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// Certifies the site with the store's current key.
    func certify(key: SigningKey? = nil) throws -> Certificate {
        let manifest = try Manifest.make(folder: site)
        let predicate = CertificationPredicate(
            platform: "netlify",
            simulationReport: Array(#"{"verdict":"pass"}"#.utf8),
            configs: ["_redirects": String(repeating: "0", count: 64)],
            repository: "/repo",
            commit: "abc123",
            context: "production"
        )
        return try Certificate.sign(Statement(manifest: manifest, predicate: predicate), with: key ?? keys.current())
    }

    func verify(_ certificate: Certificate) throws -> VerificationResult {
        CertificateVerifier(publicKeys: try keys.publicKeys()).verify(folder: site, certificate: certificate)
    }

    func mode(of path: String) -> Int {
        var info = stat()
        stat(path, &info)
        return Int(info.st_mode & 0o7777)
    }
}
