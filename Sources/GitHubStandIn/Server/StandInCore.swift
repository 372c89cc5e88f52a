import Foundation
import Hummingbird
import HTTPTypes
import NIOConcurrencyHelpers

/// The stand-in's recorded state and request handling, shared by the server's handlers and the test's handle.
final class StandInCore: Sendable {
    /// Everything that changes while the server runs, behind one lock.
    struct State {
        var contract: ContractChecker?
        var port = 0
        var requests: [RecordedRequest] = []
        var violations: [String] = []
        var statuses: [StandInStatus] = []
        var comments: [StandInComment] = []
        var faults: [ScriptedFault] = []
        var nextID = 1
    }

    let state = NIOLockedValueBox(State())
    /// When set, `Authorization` must carry exactly this token.
    let expectedToken: String?

    init(expectedToken: String?) {
        self.expectedToken = expectedToken
    }

    /// Answers one request: records it, checks it against the contract, then serves it (or a scripted fault).
    func respond(to request: Request) async -> Response {
        var request = request
        let method = request.method.rawValue
        let path = request.uri.path
        let query = request.uri.query.flatMap { $0.isEmpty ? nil : $0 }
        var headers: [String: String] = [:]
        if let authority = request.head.authority { headers["host"] = authority }
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.collectBody(upTo: 1024 * 1024))
        } catch {
            return record(
                method: method, path: path, query: query, headers: headers, body: [], json: nil,
                answer: Self.json(status: 413, ["message": .string("Payload too large for the stand-in (1 MiB)")]),
                violations: ["\(method) \(path): body larger than 1 MiB"])
        }

        guard let checker = state.withLockedValue({ $0.contract }) else {
            return Self.json(status: 503, ["message": .string("the stand-in has not loaded its contract")])
        }
        let outcome = checker.check(method: method, path: path, query: query, headers: headers, body: body)
        var violations = outcome.violations.map(\.message)
        var status = outcome.violations.first?.status
        if violations.isEmpty, let expectedToken, let authorization = headers["authorization"],
           authorization.split(separator: " ", maxSplits: 1).last.map(String.init) != expectedToken {
            violations.append("\(method) \(path): the Authorization token is not the one the stand-in was started with")
            status = 401
        }
        if let status, let first = violations.first {
            return record(
                method: method, path: path, query: query, headers: headers, body: body, json: outcome.json,
                answer: Self.githubError(status: status, violations: violations, first: first), violations: violations)
        }
        if let fault = state.withLockedValue({ $0.faults.isEmpty ? nil : $0.faults.removeFirst() }) {
            var answer = Self.json(status: fault.status, ["message": .string(fault.message)])
            for (name, value) in fault.headers.sorted(by: { $0.key < $1.key }) {
                if let fieldName = HTTPField.Name(name) { answer.headers[fieldName] = value }
            }
            return record(
                method: method, path: path, query: query, headers: headers, body: body, json: outcome.json,
                answer: answer, violations: [])
        }
        let answer = serve(outcome, headers: headers)
        return record(
            method: method, path: path, query: query, headers: headers, body: body, json: outcome.json,
            answer: answer, violations: [])
    }

    // MARK: - Operations

    private func serve(_ outcome: ContractChecker.Outcome, headers: [String: String]) -> Response {
        let parameters = outcome.parameters
        let owner = parameters["owner"] ?? ""
        let repo = parameters["repo"] ?? ""
        let base = "http://\(headers["host"] ?? "127.0.0.1")"
        switch outcome.operation?.id {
        case "create-commit-status":
            let sha = parameters["sha"] ?? ""
            let json = outcome.json
            let createdAt = Date().formatted(.iso8601)
            let status = state.withLockedValue { state in
                let status = StandInStatus(
                    id: state.nextID, repository: "\(owner)/\(repo)", sha: sha,
                    state: json?["state"]?.stringValue ?? "",
                    context: json?["context"]?.stringValue ?? "default",
                    description: json?["description"]?.stringValue,
                    targetURL: json?["target_url"]?.stringValue,
                    createdAt: createdAt)
                state.nextID += 1
                state.statuses.append(status)
                return status
            }
            var response = Self.json(status: 201, Self.representation(status, base: base))
            response.headers[.location] = "\(base)/repos/\(owner)/\(repo)/statuses/\(sha)"
            return response
        case "list-commit-statuses-for-ref":
            let ref = parameters["ref"] ?? ""
            let perPage = outcome.query["per_page"] ?? 30
            let page = outcome.query["page"] ?? 1
            let all = state.withLockedValue { state in
                state.statuses.filter { $0.repository.lowercased() == "\(owner)/\(repo)".lowercased() && $0.sha == ref }
            }
            // GitHub lists the newest first.
            let pageItems = all.reversed().dropFirst((page - 1) * perPage).prefix(perPage)
            return Self.json(status: 200, .array(pageItems.map { Self.representation($0, base: base) }))
        case "create-commit-comment":
            let sha = parameters["commit_sha"] ?? ""
            let body = outcome.json?["body"]?.stringValue ?? ""
            let comment = state.withLockedValue { state in
                let comment = StandInComment(id: state.nextID, repository: "\(owner)/\(repo)", sha: sha, body: body)
                state.nextID += 1
                state.comments.append(comment)
                return comment
            }
            var response = Self.json(status: 201, Self.representation(comment, base: base))
            response.headers[.location] = "\(base)/repos/\(owner)/\(repo)/comments/\(comment.id)"
            return response
        case "update-commit-comment":
            let id = Int(parameters["comment_id"] ?? "") ?? -1
            let body = outcome.json?["body"]?.stringValue ?? ""
            let updated: StandInComment? = state.withLockedValue { state in
                guard let index = state.comments.firstIndex(where: { $0.id == id && $0.repository.lowercased() == "\(owner)/\(repo)".lowercased() }) else {
                    return nil
                }
                state.comments[index].body = body
                state.comments[index].edits += 1
                return state.comments[index]
            }
            guard let updated else { return Self.json(status: 404, ["message": .string("Not Found")]) }
            return Self.json(status: 200, Self.representation(updated, base: base))
        default:
            return Self.json(status: 404, ["message": .string("Not Found")])
        }
    }

    /// The comment as GitHub's `commit-comment` schema describes it.
    private static func representation(_ comment: StandInComment, base: String) -> JSONValue {
        .object([
            "url": .string("\(base)/repos/\(comment.repository)/comments/\(comment.id)"),
            "html_url": .string("https://github.com/\(comment.repository)/commit/\(comment.sha)#commitcomment-\(comment.id)"),
            "id": .integer(comment.id),
            "node_id": .string("CC_standin_\(comment.id)"),
            "body": .string(comment.body),
            "path": .null,
            "position": .null,
            "line": .null,
            "commit_id": .string(comment.sha),
            "user": .null,
            "author_association": .string("NONE"),
            "created_at": .string(Date().formatted(.iso8601)),
            "updated_at": .string(Date().formatted(.iso8601)),
        ])
    }

    /// The status as GitHub's `status` schema describes it.
    private static func representation(_ status: StandInStatus, base: String) -> JSONValue {
        .object([
            "url": .string("\(base)/repos/\(status.repository)/statuses/\(status.sha)"),
            "avatar_url": .null,
            "id": .integer(status.id),
            "node_id": .string("SC_standin_\(status.id)"),
            "state": .string(status.state),
            "description": status.description.map(JSONValue.string) ?? .null,
            "target_url": status.targetURL.map(JSONValue.string) ?? .null,
            "context": .string(status.context),
            "created_at": .string(status.createdAt),
            "updated_at": .string(status.createdAt),
            "creator": .null,
        ])
    }

    // MARK: - Answers

    private func record(
        method: String, path: String, query: String?, headers: [String: String], body: [UInt8], json: JSONValue?,
        answer: Response, violations: [String]
    ) -> Response {
        let entry = RecordedRequest(
            method: method, path: path, query: query, headers: headers, body: body, json: json,
            answeredStatus: Int(answer.status.code), violations: violations)
        state.withLockedValue { state in
            state.requests.append(entry)
            state.violations.append(contentsOf: violations)
        }
        return answer
    }

    /// GitHub's error shapes: 422 "Validation Failed" with `errors`, 401 "Requires authentication", 404 "Not Found"…
    private static func githubError(status: Int, violations: [String], first: String) -> Response {
        let message: String = switch status {
        case 400: "Problems parsing JSON"
        case 401: "Requires authentication"
        case 404: "Not Found"
        default: "Validation Failed"
        }
        return json(status: status, .object([
            "message": .string(message),
            "errors": .array(violations.map { .object(["resource": .string("Status"), "code": .string("custom"), "message": .string($0)]) }),
            "documentation_url": .string("https://docs.github.com/rest/commits/statuses#create-a-commit-status"),
            "status": .string("\(status)"),
        ]))
    }

    static func json(status: Int, _ value: JSONValue) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
