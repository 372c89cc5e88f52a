import Foundation
import GRDB

/// An external effect that was carried out, in the `effects` table, under its idempotency key.
///
/// The key names the effect, such as `<deploy id>:deploy:activate`; the result is canonical JSON object text (the
/// release activated, the status posted). A replayed pipeline finds the key and skips the effect.
struct EffectRecord: Hashable, Sendable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "effects"

    var key: String
    var result: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case key, result
        case createdAt = "created_at"
    }
}
