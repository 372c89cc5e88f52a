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

    /// A JSON object of simple values, keys sorted.
    ///
    /// Written directly rather than through `JSONEncoder`: this is every webhook's answer, and an encoder per
    /// response cost more than the rest of the answer. The bytes are the ones `encode` writes for the same
    /// members (sorted keys, slashes unescaped, a final newline) as long as keys sort the same bytewise as
    /// `JSONEncoder` sorts them, which holds for the lowercase ASCII keys used here.
    static func object(_ status: HTTPResponse.Status, _ members: [String: JSONScalar]) -> Response {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(128)
        buffer.writeInteger(UInt8(ascii: "{"))
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            JSONScalar.string(key).write(to: &buffer)
            buffer.writeInteger(UInt8(ascii: ":"))
            members[key]?.write(to: &buffer)
        }
        buffer.writeStaticString("}\n")
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: buffer))
    }

    /// `{"error": message, "status": code}`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        object(status, ["error": JSONScalar.string(message), "status": .int(status.code)])
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

    /// Appends the value as JSON, escaping a string the way `JSONEncoder` with `.withoutEscapingSlashes` does.
    func write(to buffer: inout ByteBuffer) {
        switch self {
        case .int(let value): buffer.writeString(String(value))
        case .int64(let value): buffer.writeString(String(value))
        case .bool(let value): buffer.writeStaticString(value ? "true" : "false")
        case .string(let value):
            buffer.writeInteger(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case 0x08: buffer.writeStaticString("\\b")
                case 0x0C: buffer.writeStaticString("\\f")
                case 0x00..<0x20:
                    // The other control characters as `\u00XX`, lowercase hex.
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(UInt8(ascii: "0") + (byte >> 4))
                    let low = byte & 0x0F
                    buffer.writeInteger(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
                default: buffer.writeInteger(byte)
                }
            }
            buffer.writeInteger(UInt8(ascii: "\""))
        }
    }
}
