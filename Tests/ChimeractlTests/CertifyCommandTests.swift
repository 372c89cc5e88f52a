import Foundation
import Testing

/// `chimeractl certify`, `verify` and `keys` run as a user would, with their own state directory.
@Suite struct CertifyCommandTests {
    private let root = NSTemporaryDirectory() + "chimera-certify-\(UUID().uuidString)"

    private func write(_ path: String, _ text: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    private func chimeractl(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CHIMERA_STATE_DIR"] = root + "/state"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func certificationsAndKeyRotationsAreSignedLedgerEntriesWithTheirEvents() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("site/index.html", "<h1>hi</h1>\n")
        #expect(try chimeractl(["certify", "--platform", "netlify", "--dir", root + "/site"]).status == 0)
        #expect(try chimeractl(["keys", "rotate"]).status == 0)
        #expect(try chimeractl(["certify", "--platform", "netlify", "--dir", root + "/site"]).status == 0)
        let shown = try chimeractl(["ledger", "show", "--format", "json"])
        let entries = try #require(JSONSerialization.jsonObject(with: Data(shown.output.utf8)) as? [[String: Any]])
        #expect(entries.compactMap { $0["action"] as? String } == ["key.create", "certify", "key.rotate", "certify"])
        let verified = try chimeractl(["ledger", "verify"])
        #expect(verified.status == 0)
        #expect(verified.output.contains("4 entries intact, signatures valid"))
        let events = try Self.sqlite(root + "/state/chimera.sqlite", "SELECT name FROM events ORDER BY sequence")
        #expect(
            events.split(separator: "\n") == [
                "chimera.certify.start", "chimera.certify.complete", "deploy.certified", "chimera.certify.start",
                "chimera.certify.complete", "deploy.certified",
            ]
        )
    }

    private static func sqlite(_ database: String, _ query: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, query]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func certifyThenVerifyThenTamper() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("site/index.html", "<link rel=\"stylesheet\" href=\"/style.css\"><h1>hi</h1>\n")
        try write("site/style.css", "h1 { color: red }\n")
        let certified = try chimeractl(["certify", "--platform", "netlify", "--dir", root + "/site", "--out", root + "/site.dsse.json"])
        #expect(certified.status == 0, "\(certified.output)")
        #expect(certified.output.contains("certificate: \(root)/site.dsse.json"))
        #expect(certified.output.contains("manifest: "))

        let verified = try chimeractl([
            "verify", "--platform", "netlify", "--truth", "--dir", root + "/site", "--certificate", root + "/site.dsse.json",
        ])
        #expect(verified.status == 0, "\(verified.output)")

        try write("site/style.css", "h1 { color: blue }\n")
        try write("site/extra.js", "1\n")
        let tampered = try chimeractl([
            "verify", "--platform", "netlify", "--truth", "--dir", root + "/site", "--certificate", root + "/site.dsse.json",
        ])
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("added: extra.js"))
        #expect(tampered.output.contains("changed: style.css"))

        let otherPlatform = try chimeractl([
            "verify", "--platform", "pages", "--truth", "--dir", root + "/site", "--certificate", root + "/site.dsse.json",
        ])
        #expect(otherPlatform.status == 1)
        #expect(otherPlatform.output.contains("wrong platform"))
    }

    @Test func failingVerdictIsNotCertified() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("site/index.html", "<img src=\"/missing.png\">\n")
        let result = try chimeractl(["certify", "--platform", "netlify", "--dir", root + "/site"])
        #expect(result.status == 1)
        #expect(result.output.contains("not certified"))
        #expect(!FileManager.default.fileExists(atPath: root + "/state/certificates"))
    }

    @Test func defaultStoreAndKeys() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("site/index.html", "<h1>hi</h1>\n")
        #expect(try chimeractl(["certify", "--platform", "netlify", "--dir", root + "/site"]).status == 0)
        let shown = try chimeractl(["keys", "show"])
        #expect(shown.output.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(!shown.output.contains("PRIVATE"))
        #expect(try chimeractl(["keys", "rotate"]).status == 0)
        // The certificate from the store, signed by the now retired key, still verifies.
        let verified = try chimeractl(["verify", "--platform", "netlify", "--truth", "--dir", root + "/site"])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(try chimeractl(["keys", "show"]).output.contains("retired keyid: "))
    }

    @Test func certifyACommitsPublishFolder() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("repo/netlify.toml", "[build]\npublish = \"public\"\n")
        try write("repo/public/index.html", "<h1>x</h1>\n")
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/bin/sh")
        git.arguments = ["-c", "cd '\(root)/repo' && git init -q && git add . && git -c user.name=t -c user.email=t@t commit -qm init"]
        try git.run()
        git.waitUntilExit()
        let result = try chimeractl(["certify", "--platform", "netlify", "--repo", root + "/repo", "--commit", "HEAD", "--out", root + "/c.json"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("(1 files, 11 bytes"))
        let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/c.json"))) as? [String: Any]
        let payload = try #require(Data(base64Encoded: envelope?["payload"] as? String ?? ""))
        let text = String(decoding: payload, as: UTF8.self)
        #expect(text.contains(#""configs":{"netlify.toml":"#))
        #expect(text.contains(#""name":"index.html""#))
        #expect(text.contains(#""commit":""#))
    }
}
