import Foundation
import ChimeraStore
import HTTPTypes
import Hummingbird

/// Bearer-token roles for `/api/chimera/*`: `observer` reads, `admiral` and `system_core` also write.
struct Authorization: Sendable {
    let database: ChimeraDatabase

    /// What a route needs.
    enum Need {
        case read
        case write
    }

    /// The caller's token, checked against `need`.
    /// - Throws: `HTTPError` 401 without a known token, 403 when its role may not do this.
    func require(_ need: Need, _ request: Request) throws -> APIToken {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "send Authorization: Bearer <token> (chimeractl tokens create)")
        }
        let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let token = try TokenStore(database: database).authenticate(secret: secret) else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "unknown or revoked token")
        }
        if need == .write, !token.role.canWrite {
            throw HTTPError(.forbidden, message: "token \(token.name) has role \(token.role.rawValue), which may only read; writes need admiral or system_core")
        }
        return token
    }
}
