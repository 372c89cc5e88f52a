import ChimeraHTTP
import HTTPTypes
import Hummingbird
import NIOCore

/// Forwards a request a proxy rule matched to its upstream (libcurl), for node sites whose target turns proxying
/// on (`proxy = true`), and relays the answer.
///
/// Off by default: with it on, the server fetches whatever URLs the site's rules name.
enum ProxyRelay {
    /// Request and answer fields that describe one connection, not the message, so they are not forwarded.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
        "host", "content-length",
    ]
    /// The largest request body forwarded.
    static let maximumBody = 10 * 1024 * 1024

    static func relay(_ request: Request, to upstream: String) async -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBody)
        } catch {
            return NodeSiteMiddleware<BasicRequestContext>.text(.contentTooLarge, "413: the node forwards request bodies up to 10 MB\n")
        }
        let headers = request.headers.filter { !hopByHop.contains($0.name.canonicalName) }.map { HTTPHeader(name: $0.name.rawName, value: $0.value) }
        let forwarded = ChimeraHTTP.HTTPRequest(
            method: request.method.rawValue,
            url: upstream,
            headers: headers,
            body: body.readableBytes > 0 ? Array(buffer: body) : nil,
            timeout: .seconds(30)
        )
        do {
            let answer = try await HTTPClient(userAgent: "chimera-node-proxy").send(forwarded)
            var fields = HTTPFields()
            for header in answer.headers where !hopByHop.contains(header.name.lowercased()) {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            return Response(status: HTTPResponse.Status(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        } catch {
            return NodeSiteMiddleware<BasicRequestContext>.text(.badGateway, "502: the proxy rule's upstream did not answer: \(error)\n")
        }
    }
}
