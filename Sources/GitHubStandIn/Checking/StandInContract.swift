import Foundation

/// The contract file `Contract/github-statuses.contract.json`: the operations the stand-in serves and the rules
/// every request must follow.
struct StandInContract: Sendable, Decodable {
    /// REST API versions accepted in `X-GitHub-Api-Version`.
    var apiVersions: [String]
    /// The operations.
    var operations: [Operation]

    /// One operation: method, path template and the rules for its headers, query and body.
    struct Operation: Sendable, Decodable {
        var id: String
        var method: String
        var path: String
        var pathParameters: [String: String]
        var headers: HeaderRules
        var query: [String: QueryRule]?
        var body: BodyRules?
        var success: Int
    }

    /// Header rules: required names, accepted media types, value patterns (checked when the header is present).
    struct HeaderRules: Sendable, Decodable {
        var required: [String]
        var mediaTypes: [String: [String]]?
        var patterns: [String: String]?
    }

    /// A query parameter.
    struct QueryRule: Sendable, Decodable {
        var type: String
        var minimum: Int?
        var maximum: Int?
        var `default`: Int?
    }

    /// The JSON body: an object with these properties.
    struct BodyRules: Sendable, Decodable {
        var required: [String]
        var additionalProperties: Bool
        var properties: [String: Property]
    }

    /// One body property.
    struct Property: Sendable, Decodable {
        var type: String
        var nullable: Bool?
        var `enum`: [String]?
        var maxLength: Int?
        var `default`: String?
    }

    /// Reads the contract shipped as a resource of this module.
    static func load() throws -> StandInContract {
        guard let url = Bundle.module.url(forResource: "github-statuses.contract", withExtension: "json", subdirectory: "Contract")
            ?? Bundle.module.url(forResource: "github-statuses.contract", withExtension: "json")
        else {
            throw GitHubStandInError(
                "the stand-in's contract file Contract/github-statuses.contract.json is missing from the GitHubStandIn "
                    + "resource bundle; check the target's resources in Package.swift")
        }
        do {
            return try JSONDecoder().decode(StandInContract.self, from: Data(contentsOf: url))
        } catch {
            throw GitHubStandInError("the stand-in's contract file \(url.path) cannot be read: \(error)")
        }
    }
}
