import Certification
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DeployGateTests {
    @Test func certifiedFolderIsStagedReadOnlyAndIdentical() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify()
        let staged = try DeployGate(stateDirectory: fixture.state).admit(
            folder: fixture.site,
            certificate: certificate,
            keys: try fixture.keys.publicKeys()
        )
        #expect(staged.path.hasPrefix(fixture.state + "/staged/"))
        #expect(staged.certificateDigest == certificate.digest)
        #expect(try Manifest.make(folder: staged.path).entries.map(\.sha256) == (try Manifest.make(folder: fixture.site)).entries.map(\.sha256))
        for path in ["index.html", "about/index.html", "assets/app.js", "_redirects"] {
            #expect(FileManager.default.contents(atPath: staged.path + "/" + path) == FileManager.default.contents(atPath: fixture.site + "/" + path))
            #expect(fixture.mode(of: staged.path + "/" + path) == 0o444)
        }
        #expect(fixture.mode(of: staged.path) == 0o555)
        #expect(fixture.mode(of: staged.path + "/about") == 0o555)
        if getuid() != 0 {
            // root ignores permission bits; elsewhere the copy cannot be written.
            #expect(open(staged.path + "/index.html", O_WRONLY) == -1)
        }
        try staged.discard()
        #expect(!FileManager.default.fileExists(atPath: staged.path))
    }

    @Test func tamperingIsRefusedAndNothingIsLeftStaged() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify()
        let gate = DeployGate(stateDirectory: fixture.state)
        try fixture.write("assets/app.js", "console.log(666)\n")
        let refusal = try #require(throws: GateRefusal.self) {
            try gate.admit(folder: fixture.site, certificate: certificate, keys: try fixture.keys.publicKeys())
        }
        #expect(refusal.result.changed.map(\.path) == ["assets/app.js"])
        #expect((try? FileManager.default.contentsOfDirectory(atPath: gate.stagingRoot)) ?? [] == [])

        try fixture.write("assets/app.js", "console.log(1)\n")
        try fixture.write("sneaky.js", "alert(1)\n")
        let added = try #require(throws: GateRefusal.self) {
            try gate.admit(folder: fixture.site, certificate: certificate, keys: try fixture.keys.publicKeys())
        }
        #expect(added.result.added == ["sneaky.js"])
    }

    @Test func foreignKeyIsRefused() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify(key: SigningKey())
        let refusal = try #require(throws: GateRefusal.self) {
            try DeployGate(stateDirectory: fixture.state).admit(folder: fixture.site, certificate: certificate, keys: try fixture.keys.publicKeys())
        }
        #expect(refusal.result.failure?.reason == .unknownKey)
    }
}
