import Foundation

/// The time formats of releases: ISO 8601 with milliseconds in files, and the compact UTC stamp that starts a
/// release id.
enum Timestamps {
    /// `2026-11-25T10:15:00.123Z`.
    static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Reads `text(_:)`'s format, with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `20261125T101500123Z`: UTC to the millisecond, digits only, so ids sort by time.
    static func stamp(milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T" + pad(parts.hour, 2) + pad(parts.minute, 2)
            + pad(parts.second, 2) + pad(millis, 3) + "Z"
    }

    /// The milliseconds since 1970 of a `stamp(milliseconds:)`, or nil when `text` is not one.
    static func milliseconds(ofStamp text: some StringProtocol) -> Int64? {
        let characters = Array(text)
        guard characters.count == 19, characters[8] == "T", characters[18] == "Z" else { return nil }
        let digits = String(characters[0..<8]) + String(characters[9..<18])
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        var components = DateComponents()
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = Int(digits.prefix(4))
        components.month = Int(digits.dropFirst(4).prefix(2))
        components.day = Int(digits.dropFirst(6).prefix(2))
        components.hour = Int(digits.dropFirst(8).prefix(2))
        components.minute = Int(digits.dropFirst(10).prefix(2))
        components.second = Int(digits.dropFirst(12).prefix(2))
        guard let millis = Int64(digits.suffix(3)) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let date = calendar.date(from: components) else { return nil }
        return Int64((date.timeIntervalSince1970).rounded()) * 1000 + millis
    }
}
