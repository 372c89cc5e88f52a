import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON answers built from plain values, with `{"error": …}` for failures.
enum JSONResponse {
    /// `value` encoded as JSON with `status`.
    static func encode(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var buffer = ByteBuffer(bytes: data)
        buffer.writeString("\n")
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    /// A JSON object of simple values.
    static func object(_ status: HTTPResponse.Status, _ members: [String: JSONScalar]) -> Response { encode(status, members) }

    /// `{"error": message, "status": code}`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        encode(status, ["error": JSONScalar.string(message), "status": .int(status.code)])
    }
}

/// A string, number or boolean in a JSON answer.
enum JSONScalar: Encodable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case int(Int)
    case int64(Int64)
    case bool(Bool)

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .int64(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }
}
