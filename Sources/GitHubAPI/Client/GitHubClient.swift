import ChimeraHTTP
import Foundation

/// Calls GitHub's REST API (commit statuses) over ``HTTPClient``, with retries per ``RetryPolicy``.
/// The token only ever goes into the `Authorization` header: no error or message contains it.
public struct GitHubClient: Sendable {
    /// The API base without a trailing slash, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`.
    public var apiURL: String
    /// The HTTP client the calls go through.
    public var http: HTTPClient
    /// How failures are retried.
    public var retry: RetryPolicy
    private let token: String?

    /// The REST API version every call asks for.
    public static let apiVersion = "2022-11-28"

    /// Makes a client; a nil or empty `token` sends no `Authorization` header (GitHub then refuses writes).
    public init(
        apiURL: String = "https://api.github.com",
        token: String?,
        http: HTTPClient = HTTPClient(),
        retry: RetryPolicy = .standard
    ) {
        var base = apiURL
        while base.hasSuffix("/") { base.removeLast() }
        self.apiURL = base
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.http = http
        self.retry = retry
    }

    /// Posts a commit status on `sha` of `repository` (`owner/name`) and returns the id GitHub gives it.
    /// Throws ``GitHubError`` (or `CancellationError` when the task is cancelled while waiting to retry).
    public func createStatus(repository: String, sha: String, status: CommitStatus) async throws -> Int {
        let template = "POST /repos/{owner}/{repo}/statuses/{sha}"
        try Self.validate(repository: repository, call: template)
        guard Self.isCommitID(sha) else {
            throw GitHubError(
                status: nil, message: "\"\(sha.prefix(80))\" is not a full commit SHA", path: template,
                hint: "pass the 40 (SHA-1) or 64 (SHA-256) hex digit commit id, not a branch or a short SHA")
        }
        let payload = StatusPayload(
            state: status.state.rawValue, targetURL: status.targetURL, description: status.description,
            context: status.context)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let body = try Array(encoder.encode(payload))
        let response = try await call(method: "POST", path: "/repos/\(repository)/statuses/\(sha)", body: body)
        guard let created = try? JSONDecoder().decode(CreatedStatus.self, from: Data(response.body)) else {
            throw GitHubError(
                status: response.status, message: "the answer has no status id", path: "POST /repos/\(repository)/statuses/\(sha)",
                hint: "check that the API URL points at GitHub's REST API")
        }
        return created.id
    }

    // MARK: - Calls and retries

    /// Sends one API call, retrying per the policy; returns only a 2xx answer.
    func call(method: String, path: String, body: [UInt8]?) async throws -> HTTPResponse {
        let label = "\(method) \(path)"
        var headers = [
            HTTPHeader(name: "Accept", value: "application/vnd.github+json"),
            HTTPHeader(name: "X-GitHub-Api-Version", value: Self.apiVersion),
            HTTPHeader(name: "User-Agent", value: http.userAgent.isEmpty ? "chimera" : http.userAgent),
        ]
        if let token { headers.append(HTTPHeader(name: "Authorization", value: "Bearer \(token)")) }
        if body != nil { headers.append(HTTPHeader(name: "Content-Type", value: "application/json")) }
        let request = HTTPRequest(method: method, url: apiURL + path, headers: headers, body: body)

        var retriesLeft = retry.attempts
        var backoff = retry.baseDelay
        var tries = 0
        while true {
            tries += 1
            let response: HTTPResponse
            do {
                response = try await http.send(request)
            } catch let error as HTTPClientError {
                if retriesLeft > 0 {
                    retriesLeft -= 1
                    try await Task.sleep(for: backoff)
                    backoff = backoff * 2
                    continue
                }
                throw GitHubError(
                    status: nil, message: scrub("no answer after \(tries) tries: \(error)"), path: label,
                    hint: "check that \(apiHostForMessages) is reachable from this machine")
            }

            let status = response.status
            switch status {
            case 200..<300:
                return response
            case 403, 429:
                let message = githubMessage(response)
                guard let wait = Self.rateLimitWait(response, message: message) else {
                    throw GitHubError(
                        status: status, message: message, path: label,
                        hint: status == 403
                            ? "the token may lack permission: a fine-grained token needs \"Commit statuses: write\", a classic one repo:status"
                            : nil)
                }
                if wait > retry.maxRateLimitWait || retriesLeft == 0 {
                    throw GitHubError(
                        status: status, message: message, path: label, retryAt: Date().addingTimeInterval(Self.seconds(wait)),
                        hint: "GitHub's rate limit is exhausted; retry after the time given")
                }
                retriesLeft -= 1
                try await Task.sleep(for: wait)
            case 500..<600:
                if retriesLeft > 0 {
                    retriesLeft -= 1
                    try await Task.sleep(for: backoff)
                    backoff = backoff * 2
                    continue
                }
                throw GitHubError(
                    status: status, message: githubMessage(response), path: label,
                    hint: "GitHub answered with a server error \(tries) times; try again later")
            default:
                throw GitHubError(status: status, message: githubMessage(response), path: label, hint: Self.hint(for: status))
            }
        }
    }

    /// How long GitHub asks us to wait, or nil when the answer is not a rate limit.
    /// `retry-after` (seconds) wins; then `x-ratelimit-remaining: 0` with `x-ratelimit-reset` (epoch seconds);
    /// a secondary rate limit without either header waits a minute, as GitHub's documentation advises.
    static func rateLimitWait(_ response: HTTPResponse, message: String) -> Duration? {
        if let text = response.value(for: "retry-after"), let seconds = Int(text.trimmingCharacters(in: .whitespaces)) {
            return .seconds(max(0, seconds))
        }
        if response.value(for: "x-ratelimit-remaining")?.trimmingCharacters(in: .whitespaces) == "0",
           let text = response.value(for: "x-ratelimit-reset"),
           let reset = Double(text.trimmingCharacters(in: .whitespaces)) {
            let seconds = max(0, reset - Date().timeIntervalSince1970)
            return .milliseconds(Int((seconds * 1000).rounded(.up)))
        }
        if message.lowercased().contains("rate limit") {
            return .seconds(60)
        }
        return nil
    }

    // MARK: - Messages

    /// GitHub's `message` plus any validation details from `errors`; a short fallback when there is none.
    private func githubMessage(_ response: HTTPResponse) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let message = object["message"] as? String
        else {
            let text = String(decoding: response.body.prefix(200), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return scrub(text.isEmpty ? "no message in the answer" : "unexpected answer: \(text)")
        }
        var details: [String] = []
        for item in object["errors"] as? [Any] ?? [] {
            if let text = item as? String {
                details.append(text)
            } else if let entry = item as? [String: Any] {
                if let text = entry["message"] as? String {
                    details.append(text)
                } else {
                    let field = entry["field"] as? String ?? "?"
                    let code = entry["code"] as? String ?? "invalid"
                    details.append("\(field) is \(code)")
                }
            }
        }
        return scrub(details.isEmpty ? message : "\(message): \(details.joined(separator: "; "))")
    }

    /// Masks the token, should any text ever echo it.
    private func scrub(_ text: String) -> String {
        guard let token else { return text }
        return text.replacingOccurrences(of: token, with: "***")
    }

    private var apiHostForMessages: String {
        guard let components = URLComponents(string: apiURL), let host = components.host else { return "the API URL" }
        return host
    }

    private static func hint(for status: Int) -> String? {
        switch status {
        case 401: "the token is missing, expired or revoked; set a valid GitHub token"
        case 404: "check the repository name and that the token can see the repository (GitHub answers 404 for private repositories it hides)"
        case 422: "GitHub refused the values sent; see the message"
        default: nil
        }
    }

    // MARK: - Validation

    private static func validate(repository: String, call: String) throws {
        let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
        let valid = parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty && part != "." && part != ".."
                    && part.unicodeScalars.allSatisfy { scalar in
                        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                            || scalar == "-" || scalar == "_" || scalar == ".")
                    }
            }
        guard valid else {
            throw GitHubError(
                status: nil, message: "\"\(repository.prefix(200))\" is not a repository name of the form owner/name",
                path: call, hint: "use the repository's full name as GitHub shows it, e.g. octocat/hello-world")
        }
    }

    private static func isCommitID(_ sha: String) -> Bool {
        (sha.utf8.count == 40 || sha.utf8.count == 64) && sha.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// The JSON body of "create a commit status"; nil fields are left out.
private struct StatusPayload: Encodable {
    var state: String
    var targetURL: String?
    var description: String?
    var context: String

    enum CodingKeys: String, CodingKey {
        case state, description, context
        case targetURL = "target_url"
    }
}

/// The part of GitHub's answer Chimera keeps.
private struct CreatedStatus: Decodable {
    var id: Int
}
