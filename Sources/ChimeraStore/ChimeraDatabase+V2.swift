import GRDB

extension ChimeraDatabase {
    /// Migration "v2": what the deploy service needs — webhook deliveries, the deploy queue, idempotency keys
    /// (effects), quarantine and API tokens.
    ///
    /// Times are GRDB's `Date` text (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), which sorts and compares as text.
    static func migrateV2(_ db: Database) throws {
        try db.create(table: Deploy.databaseTableName) { t in
            // `d-` + 12 hex digits of milliseconds + 16 of a monotonic random part: sorting by id is sorting by age.
            t.primaryKey("id", .text)
            t.column("site", .text).notNull()
            t.column("context", .text).notNull()
            t.column("branch", .text).notNull()
            t.column("commit_id", .text).notNull()
            t.column("repository", .text).notNull()
            t.column("trigger", .text).notNull()
            t.column("state", .text).notNull()
            t.column("stage", .text).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("last_error", .text)
            t.column("release_id", .text)
            t.column("certificate", .text)
            t.column("details", .text).notNull().defaults(to: "{}")
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
            t.column("finished_at", .datetime)
            t.column("not_before", .datetime)
        }
        // claimNext and supersede look deploys up by state, then by site (and context).
        try db.create(index: "deploys_state_site", on: Deploy.databaseTableName, columns: ["state", "site", "context"])

        try db.create(table: StoredDelivery.databaseTableName) { t in
            // AUTOINCREMENT: a sequence is never reused, so "the delivery with sequence N" always means one request.
            t.autoIncrementedPrimaryKey("sequence")
            t.column("delivery_id", .text).notNull()
            t.column("hook_id", .text).notNull().defaults(to: "")
            t.column("event", .text).notNull()
            t.column("received_at", .datetime).notNull()
            t.column("body", .blob).notNull()
            t.column("state", .text).notNull().indexed()
            t.column("reason", .text)
            t.column("deploy_id", .text).references(Deploy.databaseTableName)
            // GitHub redelivers with the same X-GitHub-Delivery; the pair identifies one delivery of one hook.
            t.uniqueKey(["hook_id", "delivery_id"])
        }

        try db.create(table: EffectRecord.databaseTableName) { t in
            t.primaryKey("key", .text)
            t.column("result", .text).notNull()
            t.column("created_at", .datetime).notNull()
        }

        try db.create(table: QuarantineEntry.databaseTableName) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("deploy_id", .text).references(Deploy.databaseTableName).indexed()
            t.column("delivery_sequence", .integer).references(StoredDelivery.databaseTableName)
            t.column("error", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("replayed_at", .datetime)
            // Exactly one of the two subjects.
            t.check(sql: "(deploy_id IS NULL) <> (delivery_sequence IS NULL)")
        }

        try db.create(table: APIToken.databaseTableName) { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull().unique()
            t.column("role", .text).notNull()
            // Hex SHA-256 of the secret; the secret itself is never stored.
            t.column("hash", .text).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("revoked_at", .datetime)
        }
    }
}
