import CCurl

/// libcurl's process-wide setup, run once: a global `let` is initialised lazily and atomically.
/// Stored as the raw `CURLcode` so the value is plainly `Sendable`.
let curlGlobalInitCode: UInt32 = chimera_curl_global_init_default().rawValue

/// libcurl's write callback: appends body bytes to the ``ResponseAccumulator`` passed as `WRITEDATA`.
/// A plain function (capturing nothing) so it converts to a C function pointer.
private func curlWriteCallback(
    data: UnsafeMutablePointer<CChar>?, size: Int, count: Int, userdata: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let userdata, length > 0 else { return length }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(userdata).takeUnretainedValue()
    accumulator.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    return length
}

/// libcurl's header callback: hands each raw header line to the ``ResponseAccumulator`` passed as `HEADERDATA`.
private func curlHeaderCallback(
    data: UnsafeMutablePointer<CChar>?, size: Int, count: Int, userdata: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    guard let data, let userdata, length > 0 else { return length }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(userdata).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    accumulator.receiveHeaderLine(line)
    return length
}

/// One libcurl easy handle. Reusing it for several requests in sequence reuses its kept-alive connections
/// (`curl_easy_reset` clears the options but keeps the connection cache). Not thread-safe: one request at a time.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// libcurl writes its detailed error text here (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Makes a handle, or explains why libcurl could not provide one.
    static func make(method: String, url: String) throws(HTTPClientError) -> CurlEasy {
        let redacted = RedactedURL(url).text
        guard curlGlobalInitCode == CURLE_OK.rawValue else {
            throw HTTPClientError(
                code: Int(curlGlobalInitCode),
                message: "libcurl could not be initialised (curl_global_init failed); check the libcurl installation",
                method: method, url: redacted)
        }
        guard let handle = curl_easy_init() else {
            throw HTTPClientError(
                code: Int(CURLE_FAILED_INIT.rawValue),
                message: "libcurl could not create a request handle (curl_easy_init returned NULL; out of memory?)",
                method: method, url: redacted)
        }
        return CurlEasy(handle: handle)
    }

    private init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Runs one request to completion on the calling thread (blocking).
    func perform(_ request: HTTPRequest, userAgent: String) -> Result<HTTPResponse, HTTPClientError> {
        let redacted = RedactedURL(request.url)
        func failure(_ code: Int, _ message: String) -> HTTPClientError {
            HTTPClientError(code: code, message: redacted.scrub(message), method: request.method, url: redacted.text)
        }

        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let accumulator = ResponseAccumulator()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        do throws(HTTPClientError) {
            try validate(request, failure: failure)
            headerList = try makeHeaderList(request, failure: failure)
            try configure(request, userAgent: userAgent, headers: headerList, accumulator: accumulator, failure: failure)
        } catch {
            return .failure(error)
        }

        let code = withExtendedLifetime(accumulator) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            return .failure(failure(Int(code.rawValue), explain(code, request: request)))
        }
        var status = 0
        _ = chimera_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: accumulator.headers, body: accumulator.body))
    }

    // MARK: - Steps

    /// Refuses what libcurl would misread: odd methods, non-HTTP URLs, line breaks in headers (header injection).
    private func validate(_ request: HTTPRequest, failure: (Int, String) -> HTTPClientError) throws(HTTPClientError) {
        let method = request.method
        if method.isEmpty || method.unicodeScalars.contains(where: { !isTokenCharacter($0) }) {
            throw failure(0, "the method \"\(method)\" is not a valid HTTP method token; use e.g. GET or POST")
        }
        let lowered = request.url.lowercased()
        if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) {
            throw failure(
                Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue),
                "only absolute http:// and https:// URLs are supported")
        }
        for header in request.headers {
            if header.name.isEmpty || header.name.unicodeScalars.contains(where: { !isTokenCharacter($0) }) {
                throw failure(0, "the header name \"\(header.name)\" is not a valid HTTP field name")
            }
            if header.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw failure(0, "the value of header \(header.name) contains a line break or NUL; remove it")
            }
        }
    }

    /// Builds the `curl_slist` of request headers (the caller frees it after the transfer).
    private func makeHeaderList(
        _ request: HTTPRequest, failure: (Int, String) -> HTTPClientError
    ) throws(HTTPClientError) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = request.headers.map { header in
            // "Name;" is libcurl's way to send a field with an empty value ("Name:" would remove the field).
            header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
        let names = Set(request.headers.map { $0.name.lowercased() })
        // An empty "Expect:" stops libcurl from sending "Expect: 100-continue" and waiting on large bodies.
        if !names.contains("expect") { lines.append("Expect:") }
        // With a body libcurl would claim application/x-www-form-urlencoded; send no type unless one is given.
        if request.body != nil && !names.contains("content-type") { lines.append("Content-Type:") }

        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw failure(Int(CURLE_OUT_OF_MEMORY.rawValue), "could not build the header list (out of memory)")
            }
            list = appended
        }
        return list
    }

    /// Sets every option for `request` on the (freshly reset) handle.
    private func configure(
        _ request: HTTPRequest,
        userAgent: String,
        headers: UnsafeMutablePointer<curl_slist>?,
        accumulator: ResponseAccumulator,
        failure: (Int, String) -> HTTPClientError
    ) throws(HTTPClientError) {
        var firstError: (CURLcode, String)?
        func check(_ code: CURLcode, _ what: String) {
            if code != CURLE_OK && firstError == nil { firstError = (code, what) }
        }
        let handle = self.handle

        check(request.url.withCString { chimera_curl_setopt_string(handle, CURLOPT_URL, $0) }, "URL")
        check(chimera_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), "ERRORBUFFER")
        // No signals: libcurl is used from many threads, and SIGALRM-based DNS timeouts are not thread-safe.
        check(chimera_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        check("http,https".withCString { chimera_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, $0) }, "PROTOCOLS_STR")
        check(userAgent.withCString { chimera_curl_setopt_string(handle, CURLOPT_USERAGENT, $0) }, "USERAGENT")

        let milliseconds = Self.milliseconds(request.timeout)
        check(chimera_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds), "TIMEOUT_MS")
        check(chimera_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds), "CONNECTTIMEOUT_MS")

        if request.followRedirects {
            check(chimera_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1), "FOLLOWLOCATION")
            check(chimera_curl_setopt_long(handle, CURLOPT_MAXREDIRS, 10), "MAXREDIRS")
            check(
                "http,https".withCString { chimera_curl_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, $0) },
                "REDIR_PROTOCOLS_STR")
        }

        // Method and body.
        let method = request.method
        if method == "HEAD" {
            // NOBODY makes libcurl send HEAD and not wait for a body that never comes.
            check(chimera_curl_setopt_long(handle, CURLOPT_NOBODY, 1), "NOBODY")
        } else {
            if let body = request.body {
                // The size first: COPYPOSTFIELDS copies exactly that many bytes (so NUL bytes are fine).
                check(chimera_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "POSTFIELDSIZE_LARGE")
                // An empty body still needs a valid pointer for libcurl to send "Content-Length: 0".
                let bytes: [UInt8] = body.isEmpty ? [0] : body
                check(bytes.withUnsafeBytes { chimera_curl_setopt_bytes(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }, "COPYPOSTFIELDS")
            } else if method == "POST" {
                check(chimera_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0), "POSTFIELDSIZE_LARGE")
                check([UInt8(0)].withUnsafeBytes { chimera_curl_setopt_bytes(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }, "COPYPOSTFIELDS")
            } else if method == "GET" {
                check(chimera_curl_setopt_long(handle, CURLOPT_HTTPGET, 1), "HTTPGET")
            }
            if method != "POST" && !(method == "GET" && request.body == nil) {
                check(method.withCString { chimera_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, $0) }, "CUSTOMREQUEST")
            }
        }

        check(chimera_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers), "HTTPHEADER")

        let opaque = Unmanaged.passUnretained(accumulator).toOpaque()
        check(chimera_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback), "WRITEFUNCTION")
        check(chimera_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, opaque), "WRITEDATA")
        check(chimera_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback), "HEADERFUNCTION")
        check(chimera_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, opaque), "HEADERDATA")

        if let (code, option) = firstError {
            throw failure(
                Int(code.rawValue),
                "libcurl refused the option \(option): \(Self.text(of: code)); this libcurl may be too old (7.85 or newer is needed)")
        }
    }

    /// Turns a libcurl failure into a sentence, with a hint for the common cases.
    private func explain(_ code: CURLcode, request: HTTPRequest) -> String {
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : Self.text(of: code)
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return "timed out: no complete answer within the request's timeout of \(request.timeout) (\(detail))"
        case CURLE_COULDNT_CONNECT:
            return "\(detail); is the server running and listening on that address and port?"
        case CURLE_COULDNT_RESOLVE_HOST:
            return "\(detail); check the host name"
        default:
            return detail
        }
    }

    private static func text(of code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "unknown libcurl error" }
        return String(cString: text)
    }

    /// libcurl treats 0 as "no limit", so anything shorter than a millisecond becomes 1 ms.
    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow || seconds < 0 { return seconds < 0 ? 1 : Int.max }
        return max(1, Int(product + attoseconds / 1_000_000_000_000_000))
    }
}

/// RFC 9110 token characters (methods and field names).
private func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9": return true
    case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~": return true
    default: return false
    }
}
