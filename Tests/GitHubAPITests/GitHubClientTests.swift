import ChimeraHTTP
import Foundation
import GitHubAPI
import GitHubStandIn
import Testing

/// Runs `body` against a freshly started stand-in for GitHub and always stops it.
private func withGitHubStandIn<T: Sendable>(
    token: String? = nil, _ body: (GitHubStandIn) async throws -> T
) async throws -> T {
    let github = GitHubStandIn(token: token)
    try await github.start()
    do {
        let result = try await body(github)
        await github.stop()
        return result
    } catch {
        await github.stop()
        throw error
    }
}

/// GitHubClient against the local stand-in for GitHub's REST API (every request checked against the contract).
@Suite struct GitHubClientTests {
    static let token = "ghp_Chimera0Test0Token0Value0123456789"
    static let sha = "0123456789abcdef0123456789abcdef01234567"
    /// Tiny delays so retry tests stay quick.
    static let quick = RetryPolicy(attempts: 3, baseDelay: .milliseconds(10), maxRateLimitWait: .seconds(5))

    static func client(_ github: GitHubStandIn, retry: RetryPolicy = quick) -> GitHubClient {
        GitHubClient(apiURL: github.url + "/", token: token, http: HTTPClient(userAgent: "chimera-tests"), retry: retry)
    }

    static func failure(_ work: () async throws -> Void) async -> (any Error)? {
        do {
            try await work()
            return nil
        } catch {
            return error
        }
    }

    @Test func statusesReachGitHubStandInAndPassTheContract() async throws {
        try await withGitHubStandIn(token: Self.token) { github in
            let client = Self.client(github)
            let pendingID = try await client.createStatus(
                repository: "acme/docs-site", sha: Self.sha,
                status: CommitStatus(state: .pending, context: "chimera/deploy/production", description: "Deploying…", targetURL: nil))
            let successID = try await client.createStatus(
                repository: "acme/docs-site", sha: Self.sha,
                status: CommitStatus(
                    state: .success, context: "chimera/deploy/production", description: "Deployed",
                    targetURL: "https://chimera.example.org/api/chimera/deploys/42"))

            #expect(github.violations.isEmpty, "\(github.violations)")
            let statuses = github.statuses(for: Self.sha)
            #expect(statuses.map(\.id) == [pendingID, successID])
            #expect(statuses.map(\.state) == ["pending", "success"])
            #expect(statuses.map(\.context) == ["chimera/deploy/production", "chimera/deploy/production"])
            #expect(statuses[1].targetURL == "https://chimera.example.org/api/chimera/deploys/42")
            #expect(statuses[0].repository == "acme/docs-site")

            let requests = github.requests
            #expect(requests.count == 2)
            let first = try #require(requests.first)
            #expect(first.method == "POST")
            #expect(first.path == "/repos/acme/docs-site/statuses/\(Self.sha)")
            #expect(first.header("Accept") == "application/vnd.github+json")
            #expect(first.header("X-GitHub-Api-Version") == "2022-11-28")
            #expect(first.header("Authorization") == "Bearer \(Self.token)")
            #expect(first.header("User-Agent") == "chimera-tests")
            #expect(first.header("Content-Type") == "application/json")
            #expect(first.header("Expect") == nil)
            #expect(first.json?["state"] == .string("pending"))
            #expect(first.json?["description"] == .string("Deploying…"))
            #expect(first.json?["target_url"] == nil, "nil fields are left out")
            #expect(requests[1].json?["target_url"] == .string("https://chimera.example.org/api/chimera/deploys/42"))
            #expect(requests.allSatisfy { $0.answeredStatus == 201 })
        }
    }

    @Test func listingStatusesOnGitHubStandInReturnsNewestFirst() async throws {
        try await withGitHubStandIn { github in
            let client = Self.client(github)
            for state in [CommitStatus.State.pending, .failure] {
                _ = try await client.createStatus(
                    repository: "acme/docs-site", sha: Self.sha,
                    status: CommitStatus(state: state, context: "ci", description: nil, targetURL: nil))
            }
            let response = try await HTTPClient().send(ChimeraHTTP.HTTPRequest(
                url: "\(github.url)/repos/acme/docs-site/commits/\(Self.sha)/statuses?per_page=10",
                headers: [HTTPHeader(name: "Accept", value: "application/vnd.github+json")]))
            #expect(response.status == 200)
            let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]
            #expect(list?.compactMap { $0["state"] as? String } == ["failure", "pending"])
            #expect(github.violations.isEmpty, "\(github.violations)")
        }
    }

    @Test func contractViolationsAreDetectedByGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            let http = HTTPClient()
            let url = "\(github.url)/repos/acme/docs-site/statuses/\(Self.sha)"
            let goodHeaders = [
                HTTPHeader(name: "Accept", value: "application/vnd.github+json"),
                HTTPHeader(name: "Authorization", value: "Bearer \(Self.token)"),
                HTTPHeader(name: "Content-Type", value: "application/json"),
            ]

            let badEnum = try await http.send(ChimeraHTTP.HTTPRequest(
                method: "POST", url: url, headers: goodHeaders, body: Array(#"{"state":"done","context":"ci"}"#.utf8)))
            #expect(badEnum.status == 422)
            #expect(String(decoding: badEnum.body, as: UTF8.self).contains("Validation Failed"))
            #expect(github.violations.count == 1)
            #expect(github.violations.first?.contains("state") == true)
            #expect(github.violations.first?.contains("bad enum value") == true)

            let tooLong = String(repeating: "a", count: 141)
            _ = try await http.send(ChimeraHTTP.HTTPRequest(
                method: "POST", url: url, headers: goodHeaders, body: Array(#"{"state":"success","description":"\#(tooLong)"}"#.utf8)))
            #expect(github.violations.last?.contains("too long") == true)

            _ = try await http.send(ChimeraHTTP.HTTPRequest(
                method: "POST", url: url, headers: goodHeaders, body: Array(#"{"context":"ci","target-url":"x"}"#.utf8)))
            #expect(github.violations.contains { $0.contains("missing required field state") })
            #expect(github.violations.contains { $0.contains("unknown field target-url") })

            let unauthenticated = try await http.send(ChimeraHTTP.HTTPRequest(
                method: "POST", url: url, headers: [goodHeaders[0], goodHeaders[2]], body: Array(#"{"state":"success"}"#.utf8)))
            #expect(unauthenticated.status == 401)
            #expect(github.violations.contains { $0.contains("missing required header Authorization") })

            // libcurl sends "Accept: */*" unless told otherwise: GitHub's media type is missing.
            let anyAccept = try await http.send(ChimeraHTTP.HTTPRequest(
                method: "POST", url: url, headers: [goodHeaders[1], goodHeaders[2]], body: Array(#"{"state":"success"}"#.utf8)))
            #expect(anyAccept.status == 422)
            #expect(github.violations.contains { $0.contains("header Accept is \"*/*\", expected application/vnd.github+json") })

            let emptyAccept = try await http.send(ChimeraHTTP.HTTPRequest(
                method: "POST", url: url, headers: [HTTPHeader(name: "Accept", value: ""), goodHeaders[1], goodHeaders[2]],
                body: Array(#"{"state":"success"}"#.utf8)))
            #expect(emptyAccept.status == 422)
            #expect(github.violations.contains { $0.contains("missing required header Accept") })

            let unknown = try await http.send(ChimeraHTTP.HTTPRequest(url: "\(github.url)/repos/acme/docs-site/hooks", headers: goodHeaders))
            #expect(unknown.status == 404)
            #expect(github.violations.contains { $0.contains("unknown path") })

            let wrongMethod = try await http.send(ChimeraHTTP.HTTPRequest(method: "GET", url: url, headers: goodHeaders))
            #expect(wrongMethod.status == 404)
            #expect(github.violations.contains { $0.contains("wrong method GET") })

            #expect(github.statuses(for: Self.sha).isEmpty)
            #expect(github.requests.allSatisfy { !$0.violations.isEmpty })
        }
    }

    @Test func wrongTokenIsRefusedByGitHubStandInWithoutLeakingIt() async throws {
        try await withGitHubStandIn(token: "the-expected-token") { github in
            let error = await Self.failure {
                _ = try await Self.client(github).createStatus(
                    repository: "acme/docs-site", sha: Self.sha,
                    status: CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil))
            }
            let gitHubError = try #require(error as? GitHubError)
            #expect(gitHubError.status == 401)
            #expect(!"\(gitHubError)".contains(Self.token))
            #expect(github.violations.count == 1)
            #expect(github.violations.allSatisfy { !$0.contains(Self.token) })
        }
    }

    @Test func tooManyRequestsWithRetryAfterIsWaitedOutAgainstGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            github.failNext(1, status: 429, headers: ["retry-after": "1"])
            let id = try await Self.client(github).createStatus(
                repository: "acme/docs-site", sha: Self.sha,
                status: CommitStatus(state: .success, context: "ci", description: "ok", targetURL: nil))
            #expect(github.requests.map(\.answeredStatus) == [429, 201])
            #expect(github.statuses(for: Self.sha).map(\.id) == [id])
            #expect(github.violations.isEmpty)
        }
    }

    @Test func exhaustedRateLimitIsWaitedUntilResetAgainstGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            let reset = Int(Date().timeIntervalSince1970) + 1
            github.failNext(1, status: 403, headers: ["x-ratelimit-remaining": "0", "x-ratelimit-reset": "\(reset)"])
            _ = try await Self.client(github).createStatus(
                repository: "acme/docs-site", sha: Self.sha,
                status: CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil))
            #expect(github.requests.map(\.answeredStatus) == [403, 201])
        }
    }

    @Test func rateLimitBeyondTheCapFailsWithTheRetryTimeAgainstGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            github.failNext(1, status: 429, headers: ["retry-after": "3600"])
            let error = await Self.failure {
                _ = try await Self.client(github).createStatus(
                    repository: "acme/docs-site", sha: Self.sha,
                    status: CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil))
            }
            let gitHubError = try #require(error as? GitHubError)
            #expect(gitHubError.status == 429)
            let retryAt = try #require(gitHubError.retryAt)
            #expect(retryAt > Date().addingTimeInterval(3000))
            #expect("\(gitHubError)".contains("retry after"))
            #expect(github.requests.count == 1)
        }
    }

    @Test func badGatewayTwiceThenSuccessAgainstGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            github.failNext(2, status: 502)
            _ = try await Self.client(github).createStatus(
                repository: "acme/docs-site", sha: Self.sha,
                status: CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil))
            #expect(github.requests.map(\.answeredStatus) == [502, 502, 201])
        }
    }

    @Test func persistentServerErrorsGiveUpAfterTheRetriesAgainstGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            github.failNext(10, status: 503)
            let error = await Self.failure {
                _ = try await Self.client(github).createStatus(
                    repository: "acme/docs-site", sha: Self.sha,
                    status: CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil))
            }
            let gitHubError = try #require(error as? GitHubError)
            #expect(gitHubError.status == 503)
            #expect(github.requests.count == 4, "the first try and 3 retries")
        }
    }

    @Test func notFoundFailsAtOnceWithGitHubsMessageFromGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            github.failNext(1, status: 404, message: "Not Found")
            let error = await Self.failure {
                _ = try await Self.client(github).createStatus(
                    repository: "acme/private-site", sha: Self.sha,
                    status: CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil))
            }
            let gitHubError = try #require(error as? GitHubError)
            #expect(gitHubError.status == 404)
            #expect(gitHubError.message == "Not Found")
            #expect(gitHubError.path == "POST /repos/acme/private-site/statuses/\(Self.sha)")
            #expect(github.requests.count == 1, "4xx is not retried")
            #expect(!"\(gitHubError)".contains(Self.token))
        }
    }

    @Test func invalidRepositoryOrShaIsRefusedBeforeSendingToGitHubStandIn() async throws {
        try await withGitHubStandIn { github in
            let client = Self.client(github)
            let status = CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil)
            for (repository, sha) in [("acme", Self.sha), ("acme/docs/site", Self.sha), ("acme/..", Self.sha),
                                      ("acme/docs-site", "main"), ("acme/docs-site", "0123456"),
                                      ("acme/docs-site", String(repeating: "g", count: 40))] {
                let error = await Self.failure {
                    _ = try await client.createStatus(repository: repository, sha: sha, status: status)
                }
                let gitHubError = try #require(error as? GitHubError, "\(repository) \(sha) was accepted")
                #expect(gitHubError.status == nil)
                #expect(gitHubError.message.contains(sha == Self.sha ? "owner/name" : "commit SHA"))
            }
            let sha256 = String(repeating: "ab", count: 32)
            _ = try await client.createStatus(repository: "acme/docs-site", sha: sha256, status: status)
            #expect(github.requests.count == 1)
            #expect(github.violations.isEmpty)
        }
    }

    @Test func unreachableAPIErrorNeverContainsTheToken() async throws {
        // A port that was just listening and is now closed.
        let closedURL = try await withGitHubStandIn { $0.url }
        let client = GitHubClient(
            apiURL: closedURL, token: Self.token, retry: RetryPolicy(attempts: 1, baseDelay: .milliseconds(5)))
        let error = await Self.failure {
            _ = try await client.createStatus(
                repository: "acme/docs-site", sha: Self.sha,
                status: CommitStatus(state: .success, context: "ci", description: nil, targetURL: nil))
        }
        let gitHubError = try #require(error as? GitHubError)
        #expect(gitHubError.status == nil)
        #expect("\(gitHubError)".contains("no answer after 2 tries"))
        #expect(!"\(gitHubError)".contains(Self.token))
        #expect(!gitHubError.message.contains(Self.token))
    }
}
