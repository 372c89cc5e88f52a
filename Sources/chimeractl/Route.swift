import ArgumentParser
import Foundation
import PlatformModels
import SiteSimulation

extension Chimeractl {
    /// `chimeractl route`: predicts the platform's answer to each request.
    struct Route: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predict how the platform answers each request (status, Location, file, proxy, rule, headers).",
            discussion: """
                A REQUEST is a path with an optional query (/a?x=1) or an absolute URL (https://host/a). \
                Without --config, netlify.toml (or render.yaml) is looked for in PUBLISH and then in its parent \
                folders up to the repository root. Configuration errors are printed on standard error; run `simulate` for \
                every finding. Exit status: 0 success, 2 bad usage or unreadable input.
                """
        )

        @OptionGroup var platform: PlatformOptions
        @Option(help: ArgumentHelp("The publish folder.", valueName: "PUBLISH")) var dir: String
        @Option(help: "The visitor's country (ISO code), for Country= rules.") var country: String?
        @Option(help: "The visitor's languages, comma-separated, for Language= rules.") var language: String?
        @Option(help: "The visitor's JWT roles, comma-separated, for Role= rules.") var role: String?
        @Option(help: ArgumentHelp("A cookie the visitor sends (repeatable), for Cookie= rules.", valueName: "NAME=VALUE"))
        var cookie: [String] = []
        @Option(help: "Output format.") var format: OutputFormat = .text
        @Argument(help: ArgumentHelp("Requests to predict.", valueName: "REQUEST")) var requests: [String]

        func validate() throws {
            guard !requests.isEmpty else { throw ValidationError("give at least one REQUEST, such as / or /blog/?page=2") }
            for cookie in cookie where !cookie.contains("=") {
                throw ValidationError("--cookie \(cookie): write it as NAME=VALUE")
            }
        }

        func run() throws {
            let (router, findings) = try platform.loadRouter(directory: dir)
            // Routing still answers, but a user must know when rules were lost on the way.
            for finding in findings where finding.severity == .error {
                let place = [finding.file, finding.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                standardError("chimeractl: warning: \(place): \(finding.message) [\(finding.code)]\n")
            }
            var cookies: [String: String] = [:]
            for pair in cookie {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                cookies[String(parts[0])] = String(parts[1])
            }
            let split: (String?) -> [String] = { $0?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? [] }
            var lines: [String] = []
            for text in requests {
                guard var request = RouteRequest(text) else {
                    throw InputError("request \"\(text)\" is neither a path starting with / nor an http(s):// URL")
                }
                request.country = country
                request.languages = split(language)
                request.roles = split(role)
                request.cookies = cookies
                let answer = router.route(request, includeHeaders: true)
                lines.append(format == .json ? try RouteLine(request: text, answer: answer).json() : RouteLine.text(request: text, answer))
            }
            print(lines.joined(separator: "\n"))
        }
    }
}

/// One line of `route --format json`: exactly the documented keys, with `null` for what is absent.
struct RouteLine: Encodable {
    var request: String
    var answer: RouteResult

    enum CodingKeys: String, CodingKey {
        case request, status, location, file, proxy, rule, headers
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(request, forKey: .request)
        try container.encode(answer.status, forKey: .status)
        try container.encode(answer.location, forKey: .location)
        try container.encode(answer.file, forKey: .file)
        try container.encode(answer.proxy, forKey: .proxy)
        try container.encode(answer.rule, forKey: .rule)
        try container.encode(answer.headers, forKey: .headers)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func text(request: String, _ answer: RouteResult) -> String {
        var text = "\(request) → \(answer.status)"
        if let location = answer.location { text += " Location: \(location)" }
        if let proxy = answer.proxy { text += " proxy: \(proxy)" }
        if let file = answer.file { text += " file: \(file)" }
        text += answer.rule.map { " (rule \($0.source):\($0.line))" } ?? " (no rule)"
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) { text += "\n    \(name): \(value)" }
        return text
    }
}
