import Foundation
import GRDB

/// ARIE's memory of what held: each applied fix's outcome, per site, so that a fixer whose fix failed to hold
/// twice for a site is no longer applied there automatically.
public struct HealMemory: Sendable {
    /// The store.
    public let database: ChimeraDatabase
    /// After this many fixes that did not hold, a fixer stops being applied automatically on that site.
    public static let failuresBeforeBenching = 2

    /// Uses `database`.
    public init(database: ChimeraDatabase) {
        self.database = database
    }

    /// Records applied fixes, in one transaction.
    @discardableResult
    public func record(_ outcomes: [AppliedFix]) throws -> [AppliedFix] {
        try database.writer.write { db in try outcomes.map { try $0.inserted(db) } }
    }

    /// Records whether the deploy that shipped a heal verified live.
    public func markVerified(deployID: String, verified: Bool) throws {
        try database.writer.write { db in
            try db.execute(sql: "UPDATE heal_outcomes SET verified = ? WHERE deploy_id = ?", arguments: [verified, deployID])
        }
    }

    /// How many of `code`'s fixes failed to hold on `site`.
    public func failures(site: String, code: String) throws -> Int {
        try database.writer.read { db in
            try AppliedFix.filter(AppliedFix.Columns.site == site && AppliedFix.Columns.code == code).fetchAll(db).filter(\.failedToHold).count
        }
    }

    /// The codes whose fixes failed to hold at least ``failuresBeforeBenching`` times on `site`.
    public func benchedCodes(site: String) throws -> Set<String> {
        let outcomes = try history(site: site)
        var counts: [String: Int] = [:]
        for outcome in outcomes where outcome.failedToHold { counts[outcome.code, default: 0] += 1 }
        return Set(counts.filter { $0.value >= Self.failuresBeforeBenching }.keys)
    }

    /// Every outcome, newest first, for one site or all.
    public func history(site: String? = nil, limit: Int = 500) throws -> [AppliedFix] {
        try database.writer.read { db in
            var request = AppliedFix.order(AppliedFix.Columns.id.desc)
            if let site { request = request.filter(AppliedFix.Columns.site == site) }
            return try request.limit(limit).fetchAll(db)
        }
    }
}
