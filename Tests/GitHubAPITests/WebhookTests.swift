import Foundation
import GitHubAPI
import Testing

/// Webhook signatures, delivery bodies and payload parsing.
@Suite struct WebhookTests {
    // The example from GitHub's "Validating webhook deliveries" documentation.
    static let docsSecret = "It's a Secret to Everybody"
    static let docsBody = Array("Hello, World!".utf8)
    static let docsSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    @Test func signatureFromGitHubsDocumentationIsValid() {
        #expect(WebhookSignature.isValid(body: Self.docsBody, signatureHeader: Self.docsSignature, secret: Self.docsSecret))
        #expect(WebhookSignature.isValid(
            body: Self.docsBody, signatureHeader: Self.docsSignature.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="),
            secret: Self.docsSecret))
        #expect(WebhookSignature.header(body: Self.docsBody, secret: Self.docsSecret) == Self.docsSignature)
    }

    @Test func tamperedBodyOrWrongSecretIsInvalid() {
        #expect(!WebhookSignature.isValid(body: Array("Hello, World?".utf8), signatureHeader: Self.docsSignature, secret: Self.docsSecret))
        #expect(!WebhookSignature.isValid(body: Self.docsBody, signatureHeader: Self.docsSignature, secret: "another secret"))
        #expect(!WebhookSignature.isValid(body: Self.docsBody, signatureHeader: Self.docsSignature, secret: ""))
    }

    @Test func missingMalformedOrWrongPrefixSignatureIsInvalid() {
        let hex = String(Self.docsSignature.dropFirst("sha256=".count))
        for header in [nil, "", hex, "sha1=\(hex)", "sha256=", "sha256=\(hex.dropLast())", "sha256=\(hex)00", "sha256=zz\(hex.dropFirst(2))"] {
            #expect(!WebhookSignature.isValid(body: Self.docsBody, signatureHeader: header, secret: Self.docsSecret), "accepted \(String(describing: header))")
        }
    }

    @Test func jsonBodyPassesThrough() throws {
        let body = PushPayloadFixture.payload()
        #expect(try WebhookBody.jsonBytes(body: body, contentType: "application/json") == body)
        #expect(try WebhookBody.jsonBytes(body: body, contentType: "Application/JSON; charset=utf-8") == body)
    }

    @Test func formBodyYieldsThePercentDecodedPayload() throws {
        let json = #"{"zen":"Design for failure & success","hook_id":42,"x":"100% + ü"}"#
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~ ")
        let encoded = json.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: " ", with: "+")
        let body = Array("other=1&payload=\(encoded)&more=%20".utf8)
        let extracted = try WebhookBody.jsonBytes(body: body, contentType: "application/x-www-form-urlencoded")
        #expect(String(decoding: extracted, as: UTF8.self) == json)
        let ping = try JSONDecoder().decode(PingEvent.self, from: Data(extracted))
        #expect(ping.hookID == 42)
        #expect(ping.zen == "Design for failure & success")
    }

    @Test func unusableBodiesGiveClearErrors() {
        func message(_ body: String, _ type: String?) -> String {
            do {
                _ = try WebhookBody.jsonBytes(body: Array(body.utf8), contentType: type)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("{}", nil).contains("no Content-Type"))
        #expect(message("{}", "text/plain").contains("text/plain"))
        #expect(message("a=1&b=2", "application/x-www-form-urlencoded").contains("no payload field"))
        #expect(message("payload=%7B%2", "application/x-www-form-urlencoded").contains("malformed percent escape"))
        #expect(message("payload=", "application/x-www-form-urlencoded").contains("empty payload"))
    }

    @Test func branchPushIsParsedFromARealisticPayload() throws {
        let body = PushPayloadFixture.payload()
        #expect(body.count > 6_000 && body.count < 9_000, "payload is \(body.count) bytes")
        let push = try JSONDecoder().decode(PushEvent.self, from: Data(body))
        #expect(push.ref == "refs/heads/main")
        #expect(push.branch == "main")
        #expect(push.tag == nil)
        #expect(!push.isDeletion)
        #expect(push.before == "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")
        #expect(push.after == "0123456789abcdef0123456789abcdef01234567")
        #expect(push.forced == false)
        #expect(push.repository.fullName == "acme/docs-site")
        #expect(push.repository.cloneURL == "https://github.com/acme/docs-site.git")
        #expect(push.repository.htmlURL == "https://github.com/acme/docs-site")
        #expect(push.repository.defaultBranch == "main")
        #expect(push.headCommit?.id == push.after)
        #expect(push.headCommit?.message.hasPrefix("Update page 3") == true)
        #expect(push.headCommit?.timestamp == "2026-05-15T09:30:00+02:00")
        #expect(push.commitCount == 3)
        #expect(push.pusherName == "dana")
        #expect(push.senderLogin == "dana")
    }

    @Test func branchDeletionIsRecognised() throws {
        let body = PushPayloadFixture.payload(after: PushPayloadFixture.zeroSHA, deleted: true, commitCount: 0)
        let push = try JSONDecoder().decode(PushEvent.self, from: Data(body))
        #expect(push.isDeletion)
        #expect(push.headCommit == nil)
        #expect(push.commitCount == 0)

        // Without the deleted flag, an all-zero SHA-256 `after` still means deletion.
        let sha256Zero = String(repeating: "0", count: 64)
        let unflagged = try JSONDecoder().decode(
            PushEvent.self, from: Data(PushPayloadFixture.payload(after: sha256Zero, deleted: nil, commitCount: 0)))
        #expect(unflagged.deleted == nil)
        #expect(unflagged.isDeletion)
    }

    @Test func tagPushHasNoBranch() throws {
        let body = PushPayloadFixture.payload(ref: "refs/tags/v1.2.0")
        let push = try JSONDecoder().decode(PushEvent.self, from: Data(body))
        #expect(push.branch == nil)
        #expect(push.tag == "v1.2.0")
        #expect(!push.isDeletion)
    }

    @Test func branchNamesWithSlashesAreKept() throws {
        let push = try JSONDecoder().decode(PushEvent.self, from: Data(PushPayloadFixture.payload(ref: "refs/heads/feature/new-nav")))
        #expect(push.branch == "feature/new-nav")
    }

    @Test func pingIsParsed() throws {
        let json = #"{"zen":"Keep it logically awesome.","hook_id":123456,"hook":{"type":"Repository","id":123456,"active":true}}"#
        let ping = try JSONDecoder().decode(PingEvent.self, from: Data(json.utf8))
        #expect(ping.zen == "Keep it logically awesome.")
        #expect(ping.hookID == 123456)
    }
}
