import ChimeraHTTP
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// The client's request type (Hummingbird also exports a type named `HTTPRequest`).
private typealias OutgoingRequest = ChimeraHTTP.HTTPRequest

/// Exercises HTTPClient (libcurl) against a real Hummingbird server on 127.0.0.1.
@Suite struct HTTPClientTests {
    let client = HTTPClient(userAgent: "chimera-tests")

    /// The routes every test uses.
    static func makeRouter() -> Router<ConnectionContext> {
        let router = Router(context: ConnectionContext.self)
        router.get("echo-headers") { request, _ -> String in
            var lines = ["authority: \(request.head.authority ?? "-")"]
            for field in request.headers {
                lines.append("\(field.name.canonicalName): \(field.value)")
            }
            return lines.joined(separator: "\n")
        }
        router.post("echo-body") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 4 * 1024 * 1024)
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Saw-Expect")!] = request.headers[.expect] ?? "none"
            headers[HTTPField.Name("X-Saw-Content-Type")!] = request.headers[.contentType] ?? "none"
            headers[HTTPField.Name("X-Saw-Method")!] = request.method.rawValue
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
        }
        router.patch("echo-body") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1024 * 1024)
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Saw-Method")!] = request.method.rawValue
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
        }
        router.get("repeated") { _, _ -> Response in
            var headers = HTTPFields()
            headers.append(HTTPField(name: .setCookie, value: "a=1"))
            headers.append(HTTPField(name: .setCookie, value: "b=2"))
            headers.append(HTTPField(name: HTTPField.Name("X-Repeat")!, value: "first"))
            headers.append(HTTPField(name: HTTPField.Name("X-Repeat")!, value: "second"))
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok")))
        }
        router.get("status/{code}") { _, context -> Response in
            let code = try context.parameters.require("code", as: Int.self)
            let body = code == 204 || code == 304 ? ByteBuffer() : ByteBuffer(string: "status \(code)")
            return Response(status: HTTPTypes.HTTPResponse.Status(code: code), body: ResponseBody(byteBuffer: body))
        }
        router.head("resource") { _, _ -> Response in
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Head")!] = "yes"
            return Response(status: .ok, headers: headers)
        }
        router.get("redirect") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.location] = "/echo-headers"
            return Response(status: .found, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "moved")))
        }
        router.get("slow") { _, _ -> String in
            try? await Task.sleep(for: .seconds(2))
            return "late"
        }
        router.get("connection") { _, context -> String in
            "\(context.remotePort)"
        }
        return router
    }

    private static func text(_ response: ChimeraHTTP.HTTPResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }

    @Test func customHeadersAndHostOverrideArriveAsSent() async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            let response = try await client.send(OutgoingRequest(
                url: "http://127.0.0.1:\(port)/echo-headers",
                headers: [
                    HTTPHeader(name: "Host", value: "docs.example.org"),
                    HTTPHeader(name: "X-Custom", value: "abc 123"),
                    HTTPHeader(name: "X-Empty", value: ""),
                    HTTPHeader(name: "Accept", value: "text/plain"),
                ]))
            #expect(response.status == 200)
            let lines = Set(Self.text(response).split(separator: "\n").map(String.init))
            #expect(lines.contains("authority: docs.example.org"))
            #expect(lines.contains("x-custom: abc 123"))
            #expect(lines.contains("x-empty: "))
            #expect(lines.contains("accept: text/plain"))
            #expect(lines.contains("user-agent: chimera-tests"))
        }
    }

    @Test func binaryBodyOfOneMegabyteRoundTrips() async throws {
        let client = self.client
        let body = (0..<(1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 9)) }
        #expect(body.contains(0))
        try await withTestServer(Self.makeRouter()) { port in
            let response = try await client.send(OutgoingRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/echo-body", body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.value(for: "x-saw-expect") == "none")
            #expect(response.value(for: "X-SAW-CONTENT-TYPE") == "none")

            let patched = try await client.send(OutgoingRequest(
                method: "PATCH", url: "http://127.0.0.1:\(port)/echo-body",
                headers: [HTTPHeader(name: "Content-Type", value: "application/json")], body: Array("{}".utf8)))
            #expect(patched.value(for: "x-saw-method") == "PATCH")
            #expect(Self.text(patched) == "{}")

            let empty = try await client.send(OutgoingRequest(method: "POST", url: "http://127.0.0.1:\(port)/echo-body"))
            #expect(empty.status == 200)
            #expect(empty.body.isEmpty)
        }
    }

    @Test func repeatedResponseHeadersKeepTheirOrder() async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            let response = try await client.send(OutgoingRequest(url: "http://127.0.0.1:\(port)/repeated"))
            #expect(response.values(for: "set-cookie") == ["a=1", "b=2"])
            #expect(response.values(for: "X-Repeat") == ["first", "second"])
            #expect(response.value(for: "x-repeat") == "first")
            #expect(response.value(for: "x-absent") == nil)
            #expect(Self.text(response) == "ok")
        }
    }

    @Test(arguments: [200, 201, 204, 304, 404, 422, 500, 503])
    func statusCodesAreReturnedNotThrown(code: Int) async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            let response = try await client.send(OutgoingRequest(url: "http://127.0.0.1:\(port)/status/\(code)"))
            #expect(response.status == code)
            if code == 204 || code == 304 {
                #expect(response.body.isEmpty)
            } else {
                #expect(Self.text(response) == "status \(code)")
            }
        }
    }

    @Test func headDoesNotWaitForABody() async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            let response = try await client.send(OutgoingRequest(
                method: "HEAD", url: "http://127.0.0.1:\(port)/resource", timeout: .seconds(10)))
            #expect(response.status == 200)
            #expect(response.value(for: "x-head") == "yes")
            #expect(response.body.isEmpty)
        }
    }

    @Test func redirectsAreNotFollowedUnlessAsked() async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            let plain = try await client.send(OutgoingRequest(url: "http://127.0.0.1:\(port)/redirect"))
            #expect(plain.status == 302)
            #expect(plain.value(for: "location") == "/echo-headers")
            #expect(Self.text(plain) == "moved")

            let followed = try await client.send(OutgoingRequest(
                url: "http://127.0.0.1:\(port)/redirect", followRedirects: true))
            #expect(followed.status == 200)
            #expect(followed.value(for: "location") == nil)
            #expect(Self.text(followed).hasPrefix("authority: "))
        }
    }

    @Test func slowHandlerTimesOutWithAReadableError() async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            do {
                _ = try await client.send(OutgoingRequest(
                    url: "http://127.0.0.1:\(port)/slow?token=abcdef123456", timeout: .milliseconds(300)))
                Issue.record("the request should have timed out")
            } catch let error as HTTPClientError {
                #expect(error.isTimeout)
                #expect(error.description.contains("timed out"))
                #expect(error.description.contains("timeout"))
                #expect(error.url == "http://127.0.0.1:\(port)/slow")
                #expect(!error.description.contains("abcdef123456"))
            }
        }
    }

    @Test func closedPortGivesConnectionRefused() async throws {
        let client = self.client
        // A port that was just listening and is now closed.
        let port = try await withTestServer(Self.makeRouter()) { $0 }
        let url = "http://deploy:hunter2secret@127.0.0.1:\(port)/hook?token=abcdef123456&x=1"
        do {
            _ = try await client.send(OutgoingRequest(url: url, timeout: .seconds(5)))
            Issue.record("nothing should be listening on port \(port)")
        } catch let error as HTTPClientError {
            #expect(error.code == 7)
            #expect(error.description.contains("127.0.0.1:\(port)/hook"))
            #expect(error.description.lowercased().contains("connect"))
            for secret in ["hunter2secret", "abcdef123456", "token=", "deploy:"] {
                #expect(!error.description.contains(secret), "error leaks \(secret): \(error)")
                #expect(!error.message.contains(secret))
                #expect(!error.url.contains(secret))
            }
        }
    }

    @Test func invalidRequestsFailBeforeSending() async throws {
        do {
            _ = try await client.send(OutgoingRequest(url: "ftp://127.0.0.1/file"))
            Issue.record("ftp should be refused")
        } catch let error as HTTPClientError {
            #expect(error.description.contains("http"))
        }
        do {
            _ = try await client.send(OutgoingRequest(
                url: "http://127.0.0.1:1/", headers: [HTTPHeader(name: "X-Bad", value: "a\r\nX-Injected: 1")]))
            Issue.record("a header with a line break should be refused")
        } catch let error as HTTPClientError {
            #expect(error.description.contains("X-Bad"))
        }
    }

    @Test func performAllReusesOneConnection() async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            let requests = (0..<50).map { _ in OutgoingRequest(url: "http://127.0.0.1:\(port)/connection") }
            let results = await client.sendAll(requests)
            #expect(results.count == 50)
            let ports = try results.map { try Self.text($0.get()) }
            #expect(Set(ports).count == 1, "requests came from client ports \(Set(ports))")

            // Separate sends use separate handles, hence separate connections: proves the check can fail.
            let first = try await client.send(requests[0])
            let second = try await client.send(requests[1])
            #expect(Self.text(first) != Self.text(second))
        }
    }

    @Test func performAllReportsEachFailureInPlace() async throws {
        let client = self.client
        try await withTestServer(Self.makeRouter()) { port in
            let results = await client.sendAll([
                OutgoingRequest(url: "http://127.0.0.1:\(port)/status/200"),
                OutgoingRequest(url: "ftp://127.0.0.1/nope"),
                OutgoingRequest(url: "http://127.0.0.1:\(port)/status/404"),
            ])
            let first = try results[0].get()
            let third = try results[2].get()
            #expect(first.status == 200)
            #expect(throws: HTTPClientError.self) { try results[1].get() }
            #expect(third.status == 404)
        }
    }
}
