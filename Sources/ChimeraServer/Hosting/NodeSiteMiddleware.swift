import ChimeraHTTP
import DeployPipeline
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NodeHosting

/// Serves node-hosted sites by `Host`: a request for one of a site's domains (or `<site>.localhost`) is answered
/// from the site's live release with its platform's rules; every other request goes on to the API routes.
struct NodeSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let sites: SitesFile
    let cache: NodeSiteCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let host = Self.host(of: request), let site = site(for: host) else { return try await next(request, context) }
        let node: NodeSite?
        do {
            node = try cache.current(site.name)
        } catch {
            return Self.text(.internalServerError, "500: the live release of \(site.name) cannot be read: \(error)\n")
        }
        guard let node else {
            return Self.text(.notFound, "404: \(site.name) has no live release yet: push to a branch it deploys, or run chimeractl deploy\n")
        }
        let headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        let answer = node.respond(
            method: request.method.rawValue,
            target: request.uri.description,
            headers: headers,
            proxyEnabled: site.targets.contains { $0.proxy }
        )
        if let upstream = answer.proxy {
            return await ProxyRelay.relay(request, to: upstream)
        }
        var fields = HTTPFields()
        for header in answer.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        let body: ResponseBody
        switch answer.body {
        case .empty: body = ResponseBody()
        case .bytes(let bytes): body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        case .file(let path, let size):
            body = size == 0 ? ResponseBody() : try await FileIO(threadPool: NodeFileThreads.pool).loadFile(path: path, context: context)
        }
        return Response(status: HTTPResponse.Status(code: answer.status), headers: fields, body: body)
    }

    func site(for host: String) -> SiteConfiguration? {
        if let site = sites.site(servingHost: host) { return site }
        if host.hasSuffix(".localhost") { return sites.site(named: String(host.dropLast(".localhost".count))) }
        return nil
    }

    /// The request's host name without its port, lowercased.
    static func host(of request: Request) -> String? {
        guard let value = request.head.authority else { return nil }
        var host = Substring(value)
        if host.hasPrefix("[") {
            host = host.prefix { $0 != "]" }.dropFirst()
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return host.lowercased()
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
