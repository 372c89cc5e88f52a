import Foundation

/// The time format of events and ledger entries: RFC 3339 in UTC with milliseconds, `2026-11-24T22:45:00.123Z`.
///
/// Times are stored as this text, not as a number, so that the ledger hashes exactly what it stores.
public enum Timestamp {
    /// Formats `date` as RFC 3339 UTC with milliseconds.
    public static func string(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
