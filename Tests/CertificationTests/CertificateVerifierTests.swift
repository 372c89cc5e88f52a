import Certification
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CertificateVerifierTests {
    @Test func certifiedFolderVerifies() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify()
        let result = try fixture.verify(certificate)
        #expect(result.holds, "\(result.problems)")
        #expect(result.keyid == (try fixture.keys.current().keyid))
        #expect(result.statement?.manifest.entries.map(\.path) == ["_redirects", "about/index.html", "assets/app.js", "index.html"])
        // The written envelope reads back to the same certificate.
        let path = fixture.root + "/c.dsse.json"
        try certificate.write(to: path)
        #expect(try Certificate(contentsOf: path) == certificate)
    }

    @Test func flippedByteIsNamed() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify()
        try fixture.write("assets/app.js", "console.log(2)\n")
        let result = try fixture.verify(certificate)
        #expect(!result.holds)
        #expect(result.changed.map(\.path) == ["assets/app.js"])
        #expect(result.changed.first?.kind == .content)
    }

    @Test func addedAndRemovedFilesAreNamed() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify()
        try fixture.write("extra.html", "new\n")
        try FileManager.default.removeItem(atPath: fixture.site + "/about/index.html")
        let result = try fixture.verify(certificate)
        #expect(result.added == ["extra.html"])
        #expect(result.removed == ["about/index.html"])
        #expect(result.changed.isEmpty)
    }

    @Test func changedModeIsNamed() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify()
        chmod(fixture.site + "/index.html", 0o755)
        let result = try fixture.verify(certificate)
        #expect(result.changed.map(\.path) == ["index.html"])
        #expect(result.changed.first?.kind == .mode)
        #expect(result.changed.first?.detail.contains("0644 → 0755") == true)
    }

    @Test func swappedSignatureIsABadSignature() throws {
        let fixture = try CertificationFixture()
        var certificate = try fixture.certify()
        let other = try fixture.certify()  // same key, other nonce: another payload
        certificate.signatures = other.signatures
        let result = try fixture.verify(certificate)
        #expect(result.failure?.reason == .badSignature)
    }

    @Test func anotherKeyIsUnknown() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify(key: SigningKey())
        let result = try fixture.verify(certificate)
        #expect(result.failure?.reason == .unknownKey)
        // Relabelled with the trusted key's id, the foreign signature is a bad signature.
        var relabelled = certificate
        relabelled.signatures[0].keyid = try fixture.keys.current().keyid
        #expect(try fixture.verify(relabelled).failure?.reason == .badSignature)
    }

    @Test func payloadThatIsNotAStatementIsNamed() throws {
        let fixture = try CertificationFixture()
        let key = try fixture.keys.current()
        let payload = Array(#"{"hello":"world"}"#.utf8)
        let signature = try key.signature(for: PreAuthenticationEncoding.bytes(payloadType: Certificate.inTotoPayloadType, payload: payload))
        let certificate = Certificate(
            payloadType: Certificate.inTotoPayloadType,
            payload: payload,
            signatures: [.init(keyid: key.keyid, sig: Data(signature).base64EncodedString())]
        )
        #expect(try fixture.verify(certificate).failure?.reason == .notInTotoStatement)
        var wrongType = certificate
        wrongType.payloadType = "text/plain"
        #expect(try fixture.verify(wrongType).failure?.reason == .wrongPayloadType)
    }

    @Test func olderKeyVerifiesAfterRotation() throws {
        let fixture = try CertificationFixture()
        let old = try fixture.certify()
        let oldID = try fixture.keys.current().keyid
        let new = try fixture.keys.rotate()
        #expect(new.keyid != oldID)
        #expect(try fixture.keys.current().keyid == new.keyid)
        #expect(try fixture.keys.publicKeys().map(\.keyid).contains(oldID))
        #expect(try fixture.verify(old).holds)
        #expect(try fixture.verify(try fixture.certify()).keyid == new.keyid)
    }

    @Test func keyFileIsPrivate() throws {
        let fixture = try CertificationFixture()
        let key = try fixture.keys.current()
        #expect(fixture.mode(of: fixture.state + "/keys/current.key") == 0o600)
        #expect(fixture.mode(of: fixture.state + "/keys") == 0o700)
        #expect(!key.description.contains("PRIVATE"))
        let pem = key.publicKey.pem
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
        #expect(try PublicKey(pem: pem) == key.publicKey)
        // The same key is read back, not regenerated.
        #expect(try fixture.keys.current().keyid == key.keyid)
    }

    @Test func statementBytesAreCanonical() throws {
        let fixture = try CertificationFixture()
        try fixture.write("ünï \"quoted\" \\ name.html", "odd\n")
        let certificate = try fixture.certify()
        let statement = try certificate.unverifiedStatement()
        #expect(statement.bytes == certificate.payload)
        // The direct writer and the general canonical serializer agree byte for byte.
        #expect(statement.json.bytes == statement.bytes)
        let envelope = CanonicalJSON.object([
            "payload": .string(Data(certificate.payload).base64EncodedString()),
            "payloadType": .string(certificate.payloadType),
            "signatures": .array(certificate.signatures.map { .object(["keyid": .string($0.keyid), "sig": .string($0.sig)]) }),
        ])
        #expect(certificate.json == envelope.bytes + [0x0a])
        #expect(try fixture.verify(certificate).holds)
        let text = String(decoding: certificate.payload, as: UTF8.self)
        #expect(text.hasPrefix(#"{"_type":"https://in-toto.io/Statement/v1","predicate":{"#))
        #expect(!text.contains("\n") && !text.contains(": "))
        #expect(statement.predicate.nonce.count == 64)
    }

    @Test func symbolicLinksAreRefused() throws {
        let fixture = try CertificationFixture()
        symlink("index.html", fixture.site + "/link.html")
        #expect(throws: CertificationError.self) { try Manifest.make(folder: fixture.site) }
        // Deep in a folder walked on a worker thread, too.
        try FileManager.default.removeItem(atPath: fixture.site + "/link.html")
        try fixture.write("x/y/z/page.html", "p\n")
        symlink("page.html", fixture.site + "/x/y/z/link.html")
        let error = try #require(throws: CertificationError.self) { try Manifest.make(folder: fixture.site) }
        #expect(error.message.contains("x/y/z/link.html is a symbolic link"))
    }

    @Test func deepFoldersAreInByteOrder() throws {
        let fixture = try CertificationFixture()
        for path in ["a/b/c/d.html", "a/b/c.d", "a/b.c", "a/b/c/d/e/f.txt", "a-b/x", "A/z", "a/b/c/D.html"] {
            try fixture.write(path, path)
        }
        let paths = try Manifest.make(folder: fixture.site, workers: 2).entries.map(\.path)
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(paths.count == 11)
        #expect(Array(paths.prefix(4)) == ["A/z", "_redirects", "a-b/x", "a/b.c"])
    }
}

@Suite struct HealedStatementTests {
    @Test func aHealedFolderIsRecordedInTheStatement() throws {
        let fixture = try CertificationFixture()
        try fixture.write("index.html", "<p>healed</p>\n")
        var predicate = CertificationPredicate(platform: "netlify", simulationReport: Array("{}".utf8))
        predicate.healing = CertificationPredicate.Healing(fixed: ["REDIRECT_SYNTAX", "HEADERS_SYNTAX"], patchSHA256: String(repeating: "ab", count: 32))
        let statement = Statement(manifest: try Manifest.make(folder: fixture.site), predicate: predicate)
        // The direct writer and the general canonical serializer agree, and the record survives a round trip.
        #expect(statement.json.bytes == statement.bytes)
        let text = String(decoding: statement.bytes, as: UTF8.self)
        #expect(text.contains(#""heal":{"fixed":["HEADERS_SYNTAX","REDIRECT_SYNTAX"],"patchSHA256":"abab"#))
        let read = try Statement(decoding: statement.bytes)
        #expect(read.predicate.healing == predicate.healing)
        // An unhealed statement has no such key.
        predicate.healing = nil
        #expect(!String(decoding: Statement(manifest: statement.manifest, predicate: predicate).bytes, as: UTF8.self).contains("\"heal\""))
    }
}
