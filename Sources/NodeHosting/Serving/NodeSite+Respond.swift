import PlatformModels

extension NodeSite {
    /// Answers one request with the platform's semantics.
    ///
    /// - Parameters:
    ///   - method: the request method; only `GET` and `HEAD` are served (others: 405 with `Allow: GET, HEAD`).
    ///   - target: the request target as received: `/path?query` (or an absolute URL).
    ///   - headers: the request headers; see `RequestMapping` for those that feed the platform's conditions.
    ///     `If-None-Match` makes a 304 when it matches the file's ETag.
    ///   - proxyEnabled: whether proxy rules may be followed. When false, a proxy rule answers 502 with a plain
    ///     text explanation; when true, the response has `status` 0 and `proxy` set to the upstream URL, which
    ///     the caller fetches and relays.
    /// - Returns: the status, headers and body to send. A redirect carries `Location` and no body; a file answer
    ///   carries `Content-Type` (by extension), `Content-Length` and a strong `ETag` from the file's SHA-256;
    ///   the rules' custom headers are added (they may override `Content-Type`, never `Content-Length`).
    public func respond(
        method: String,
        target: String,
        headers: [(name: String, value: String)],
        proxyEnabled: Bool = false
    ) -> NodeResponse {
        let method = method.uppercased()
        guard method == "GET" || method == "HEAD" else {
            var response = Self.plain(405, "405 Method Not Allowed: the node target serves GET and HEAD only\n", head: false)
            response.headers.append(NodeHeader("Allow", "GET, HEAD"))
            return response
        }
        let head = method == "HEAD"
        guard let request = RequestMapping.routeRequest(target: target, headers: headers) else {
            return Self.plain(400, "400 Bad Request: the request target must be a path starting with / or an absolute http(s) URL\n", head: head)
        }
        let result = route(request)
        let custom = result.headers.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { NodeHeader($0.key, $0.value) }

        if let upstream = result.proxy {
            if proxyEnabled { return NodeResponse(status: 0, proxy: upstream) }
            let rule = result.rule.map { " (\($0.source) line \($0.line))" } ?? ""
            return Self.plain(
                502,
                "502 Bad Gateway: this site's rule\(rule) proxies \(request.path) to \(upstream), and proxying is disabled on the node target. "
                    + "Enable it with proxy = true under the site's [[site.target]] in the sites file (it is off by default: the server would fetch whatever URLs "
                    + "the site's rules name), or change the rule to a redirect.\n",
                head: head
            )
        }

        if (300..<400).contains(result.status), let location = result.location {
            return NodeResponse(
                status: result.status,
                headers: Self.merge([NodeHeader("Location", location), NodeHeader("Content-Length", "0")], custom),
                body: .empty
            )
        }

        guard let file = result.file else {
            // 2xx needs a body file; a rule answering 200 without one has nothing to send.
            let status = (200..<300).contains(result.status) ? 404 : result.status
            return Self.plain(status, Self.reasonLine(status) + "\n", head: head, custom: custom)
        }
        guard let served = servable(file) else {
            return Self.plain(404, Self.reasonLine(404) + "\n", head: head, custom: custom)
        }
        guard served.size == served.entry.size else {
            return Self.plain(
                500,
                "500 Internal Server Error: \(file) in release \(release.id) is \(served.size) bytes on disk but \(served.entry.size) in its manifest; reinstall the release\n",
                head: head
            )
        }
        let tag = EntityTag.forSHA256(served.entry.sha256)
        if (200..<300).contains(result.status),
            let condition = Self.headerValues("If-None-Match", in: headers),
            EntityTag.noneMatchHits(condition, tag: tag)
        {
            return NodeResponse(status: 304, headers: Self.merge([NodeHeader("ETag", tag)], custom), body: .empty)
        }
        return NodeResponse(
            status: result.status,
            headers: Self.merge(
                [
                    NodeHeader("Content-Type", ContentTypes.forPath(file)),
                    NodeHeader("Content-Length", String(served.size)),
                    NodeHeader("ETag", tag),
                ],
                custom
            ),
            body: head ? .empty : .file(path: served.path, size: served.size)
        )
    }

    /// The installed file behind a router's site path, when it is one of the release's manifest files, stays
    /// inside `files/` and is a regular file on disk.
    func servable(_ sitePath: String) -> (path: String, size: Int64, entry: ReleaseManifest.Entry)? {
        guard sitePath.hasPrefix("/"), let entry = digests[sitePath],
            ReleaseStore.isSafeRelativePath(String(sitePath.dropFirst()))
        else { return nil }
        let path = release.filesPath + sitePath
        // lstat: a symbolic link put there after install is not followed out of the release.
        guard POSIXFiles.kind(path) == .file, let size = POSIXFiles.size(path) else { return nil }
        return (path, size, entry)
    }

    /// The request's values of a header, joined by commas as RFC 9110 allows for list fields.
    static func headerValues(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        let lowered = name.lowercased()
        let values = headers.filter { $0.name.lowercased() == lowered }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// Our headers, then the rules' custom ones: a custom header replaces ours of the same name, except the
    /// framing ones (`Content-Length`, `Transfer-Encoding`, `Connection`), which stay the server's.
    static func merge(_ base: [NodeHeader], _ custom: [NodeHeader]) -> [NodeHeader] {
        let framing: Set<String> = ["content-length", "transfer-encoding", "connection"]
        let usable = custom.filter { !framing.contains($0.name.lowercased()) }
        let replaced = Set(usable.map { $0.name.lowercased() })
        return base.filter { !replaced.contains($0.name.lowercased()) } + usable
    }

    /// A plain-text answer.
    static func plain(_ status: Int, _ text: String, head: Bool, custom: [NodeHeader] = []) -> NodeResponse {
        let bytes = Array(text.utf8)
        return NodeResponse(
            status: status,
            headers: merge(
                [NodeHeader("Content-Type", "text/plain; charset=utf-8"), NodeHeader("Content-Length", String(bytes.count))],
                custom
            ),
            body: head ? .empty : .bytes(bytes)
        )
    }

    /// `404 Not Found` and the like.
    static func reasonLine(_ status: Int) -> String {
        let reasons = [
            400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 410: "Gone", 451: "Unavailable For Legal Reasons", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable",
        ]
        return "\(status) \(reasons[status] ?? "")".trimmingSpaces
    }
}
