import ChimeraHTTP
import NodeHosting

/// Sends a release's probes to the live node over HTTP (libcurl) and compares the answers with the prediction.
public struct LiveProber: Sendable {
    /// The server the node sites are served by, such as `http://127.0.0.1:8000`; nil when no server runs
    /// (the CLI then answers the probes in-process from the release, which checks the release but not a server).
    /// Read at each verification: a server on port 0 learns its port only once it listens.
    public var baseURL: @Sendable () -> String?
    /// The HTTP client.
    public var http: HTTPClient

    /// Creates a prober.
    public init(baseURL: @escaping @Sendable () -> String?, http: HTTPClient = HTTPClient(userAgent: "chimera-verify")) {
        self.baseURL = baseURL
        self.http = http
    }

    /// Sends every probe with `Host: host` and returns what differed, in probe order.
    public func mismatches(of expectations: [ProbeExpectation], site: NodeSite, host: String) async -> [ProbeMismatch] {
        guard let baseURL = baseURL() else {
            return expectations.flatMap { expectation in
                let answer = site.respond(method: "GET", target: expectation.target, headers: [(name: "Host", value: host)])
                return expectation.compare(status: answer.status, headers: answer.headers.map { ($0.name, $0.value) })
            }
        }
        let requests = expectations.map { expectation in
            HTTPRequest(method: "GET", url: baseURL + expectation.target, headers: [HTTPHeader(name: "Host", value: host)], timeout: .seconds(10))
        }
        let answers = await http.sendAll(requests)
        var out: [ProbeMismatch] = []
        for (expectation, answer) in zip(expectations, answers) {
            switch answer {
            case .success(let response):
                out += expectation.compare(status: response.status, headers: response.headers.map { ($0.name, $0.value) })
            case .failure(let error):
                out.append(ProbeMismatch(target: expectation.target, description: "\(expectation.target): no answer (\(error))"))
            }
        }
        return out
    }
}
