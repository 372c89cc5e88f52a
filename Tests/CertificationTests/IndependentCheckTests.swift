import Certification
import Foundation
import Testing

/// Verifies a certificate outside Swift, from the bytes docs/CHIMERA_CERTIFICATION_FLOW.md documents:
/// Python's `cryptography` when installed, otherwise the standard library plus `openssl pkeyutl`.
@Suite struct IndependentCheckTests {
    static let script = #"""
        import base64, hashlib, json, subprocess, sys, tempfile, os
        envelope_path, pem_path, site = sys.argv[1:4]
        envelope = json.load(open(envelope_path))
        payload = base64.b64decode(envelope["payload"])
        ptype = envelope["payloadType"].encode()
        pae = b"DSSEv1 %d %s %d %s" % (len(ptype), ptype, len(payload), payload)
        sig = envelope["signatures"][0]
        signature = base64.b64decode(sig["sig"])
        pem = open(pem_path, "rb").read()
        der = base64.b64decode(b"".join(l for l in pem.splitlines() if not l.startswith(b"-----")))
        raw = der[12:]
        assert der[:12] == bytes.fromhex("302a300506032b6570032100"), "not an Ed25519 SPKI"
        assert hashlib.sha256(raw).hexdigest() == sig["keyid"], "keyid mismatch"
        try:
            from cryptography.hazmat.primitives.serialization import load_pem_public_key
            load_pem_public_key(pem).verify(signature, pae)  # raises InvalidSignature
            how = "cryptography"
        except ImportError:
            with tempfile.TemporaryDirectory() as d:
                open(os.path.join(d, "pae"), "wb").write(pae)
                open(os.path.join(d, "sig"), "wb").write(signature)
                subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pem_path, "-rawin",
                                "-in", os.path.join(d, "pae"), "-sigfile", os.path.join(d, "sig")], check=True)
            how = "openssl"
        statement = json.loads(payload)
        assert statement["_type"] == "https://in-toto.io/Statement/v1"
        assert statement["predicateType"] == "https://chimera.dev/certification/v1"
        subject = next(s for s in statement["subject"] if s["name"] == "index.html")
        data = open(os.path.join(site, "index.html"), "rb").read()
        assert hashlib.sha256(data).hexdigest() == subject["digest"]["sha256"]
        assert hashlib.sha3_256(data).hexdigest() == subject["digest"]["sha3_256"]
        canonical = json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert canonical == payload, "payload is not canonical JSON"
        print("verified with " + how)
        """#

    @Test func pythonOrOpenSSLVerifiesFromTheDocumentedBytes() throws {
        let fixture = try CertificationFixture()
        let certificate = try fixture.certify()
        let envelope = fixture.root + "/site.dsse.json"
        let pem = fixture.root + "/key.pem"
        try certificate.write(to: envelope)
        try Data(try fixture.keys.current().publicKey.pem.utf8).write(to: URL(fileURLWithPath: pem))
        let (status, output) = try run(["python3", "-c", Self.script, envelope, pem, fixture.site])
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("verified with "))

        // The same check fails for a tampered file.
        try fixture.write("index.html", "<h1>HELLO</h1>\n")
        #expect(try run(["python3", "-c", Self.script, envelope, pem, fixture.site]).status != 0)
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
