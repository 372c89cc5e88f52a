import Foundation

/// Checks one request against the ``StandInContract`` and says which operation it is and what is wrong with it.
struct ContractChecker: Sendable {
    let contract: StandInContract

    /// The outcome of a check.
    struct Outcome: Sendable {
        /// The operation matched, nil when no operation has this method and path.
        var operation: StandInContract.Operation?
        /// Path parameters by name.
        var parameters: [String: String] = [:]
        /// Query parameters after defaults.
        var query: [String: Int] = [:]
        /// The body decoded as JSON (nil when absent or not JSON).
        var json: JSONValue?
        /// What is wrong, each with the status GitHub would answer for it.
        var violations: [(status: Int, message: String)] = []
    }

    /// Checks method, path, headers (names lower-cased), query and body.
    func check(method: String, path: String, query: String?, headers: [String: String], body: [UInt8]) -> Outcome {
        var outcome = Outcome()
        if !body.isEmpty {
            outcome.json = try? JSONDecoder().decode(JSONValue.self, from: Data(body))
        }
        let candidates = contract.operations.compactMap { operation in
            Self.match(template: operation.path, path: path).map { (operation, $0) }
        }
        guard !candidates.isEmpty else {
            outcome.violations.append((404, "unknown path \(path): the contract has no operation for it"))
            return outcome
        }
        guard let (operation, parameters) = candidates.first(where: { $0.0.method == method }) else {
            let allowed = candidates.map(\.0.method).joined(separator: ", ")
            outcome.violations.append((404, "wrong method \(method) for \(path): the contract allows \(allowed)"))
            return outcome
        }
        outcome.operation = operation
        outcome.parameters = parameters
        let label = "\(method) \(operation.path)"

        for (name, pattern) in operation.pathParameters.sorted(by: { $0.key < $1.key }) {
            if let value = parameters[name], !Self.matches(value, pattern: pattern) {
                outcome.violations.append((422, "\(label): path parameter \(name) \"\(value)\" does not match \(pattern)"))
            }
        }
        checkHeaders(operation.headers, headers: headers, label: label, into: &outcome)
        checkQuery(operation.query ?? [:], query: query, label: label, into: &outcome)
        if let rules = operation.body {
            checkBody(rules, headers: headers, body: body, label: label, into: &outcome)
        }
        return outcome
    }

    // MARK: - Parts

    private func checkHeaders(
        _ rules: StandInContract.HeaderRules, headers: [String: String], label: String, into outcome: inout Outcome
    ) {
        for name in rules.required where (headers[name.lowercased()] ?? "").isEmpty {
            // GitHub answers 401 to an unauthenticated write; other missing headers are contract errors.
            outcome.violations.append((name.lowercased() == "authorization" ? 401 : 422, "\(label): missing required header \(name)"))
        }
        for (name, accepted) in (rules.mediaTypes ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let value = headers[name.lowercased()], !value.isEmpty else { continue }
            let given = value.split(separator: ",").map { item in
                item.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            }
            if !given.contains(where: { accepted.contains($0) }) {
                outcome.violations.append(
                    (422, "\(label): header \(name) is \"\(value)\", expected \(accepted.joined(separator: " or "))"))
            }
        }
        for (name, pattern) in (rules.patterns ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let value = headers[name.lowercased()], !value.isEmpty else { continue }
            if !Self.matches(value, pattern: pattern) {
                // The value may be a credential: say what is wrong without echoing it.
                outcome.violations.append((name.lowercased() == "authorization" ? 401 : 422, "\(label): header \(name) does not match \(pattern)"))
            }
        }
        if let version = headers["x-github-api-version"], !contract.apiVersions.contains(version) {
            outcome.violations.append(
                (400, "\(label): X-GitHub-Api-Version \"\(version)\" is not supported (\(contract.apiVersions.joined(separator: ", ")))"))
        }
    }

    private func checkQuery(
        _ rules: [String: StandInContract.QueryRule], query: String?, label: String, into outcome: inout Outcome
    ) {
        var values: [String: Int] = rules.compactMapValues(\.default)
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let name = parts[0]
            guard let rule = rules[name] else {
                outcome.violations.append((422, "\(label): unknown query parameter \(name)"))
                continue
            }
            guard parts.count == 2, let number = Int(parts[1]), rule.type == "integer" else {
                outcome.violations.append((422, "\(label): query parameter \(name) must be an \(rule.type)"))
                continue
            }
            if let minimum = rule.minimum, number < minimum {
                outcome.violations.append((422, "\(label): query parameter \(name) is \(number), below \(minimum)"))
            }
            if let maximum = rule.maximum, number > maximum {
                outcome.violations.append((422, "\(label): query parameter \(name) is \(number), above \(maximum)"))
            }
            values[name] = number
        }
        outcome.query = values
    }

    private func checkBody(
        _ rules: StandInContract.BodyRules, headers: [String: String], body: [UInt8], label: String,
        into outcome: inout Outcome
    ) {
        guard !body.isEmpty else {
            outcome.violations.append((400, "\(label): the request has no body; a JSON object is required"))
            return
        }
        guard let json = outcome.json else {
            outcome.violations.append((400, "\(label): the body is not valid JSON (GitHub answers \"Problems parsing JSON\")"))
            return
        }
        guard case .object(let members) = json else {
            outcome.violations.append((400, "\(label): the body is a JSON \(json.typeName), expected an object"))
            return
        }
        for name in rules.required where members[name] == nil {
            outcome.violations.append((422, "\(label): missing required field \(name)"))
        }
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            guard let property = rules.properties[name] else {
                if !rules.additionalProperties {
                    outcome.violations.append((422, "\(label): unknown field \(name) (the contract allows \(rules.properties.keys.sorted().joined(separator: ", ")))"))
                }
                continue
            }
            if case .null = value {
                if property.nullable != true {
                    outcome.violations.append((422, "\(label): field \(name) must not be null"))
                }
                continue
            }
            guard value.typeName == property.type || (property.type == "number" && value.typeName == "integer") else {
                outcome.violations.append((422, "\(label): field \(name) is a \(value.typeName), expected a \(property.type)"))
                continue
            }
            if let allowed = property.enum, let text = value.stringValue, !allowed.contains(text) {
                outcome.violations.append(
                    (422, "\(label): field \(name) \"\(text)\" is not one of \(allowed.joined(separator: ", ")) (bad enum value)"))
            }
            if let limit = property.maxLength, let text = value.stringValue, text.unicodeScalars.count > limit {
                outcome.violations.append(
                    (422, "\(label): field \(name) is too long: \(text.unicodeScalars.count) characters (maximum is \(limit))"))
            }
        }
    }

    // MARK: - Matching

    /// Path parameters when `path` fits `template` (`{name}` matches one non-empty segment), else nil.
    static func match(template: String, path: String) -> [String: String]? {
        let expected = template.split(separator: "/", omittingEmptySubsequences: false)
        let actual = path.split(separator: "/", omittingEmptySubsequences: false)
        guard expected.count == actual.count else { return nil }
        var parameters: [String: String] = [:]
        for (pattern, segment) in zip(expected, actual) {
            if pattern.hasPrefix("{") && pattern.hasSuffix("}") {
                guard !segment.isEmpty else { return nil }
                parameters[String(pattern.dropFirst().dropLast())] = String(segment).removingPercentEncoding ?? String(segment)
            } else if pattern != segment {
                return nil
            }
        }
        return parameters
    }

    static func matches(_ value: String, pattern: String) -> Bool {
        value.range(of: pattern, options: .regularExpression) != nil
    }
}
