import Foundation

/// Unique ids that sort by creation time: `<prefix>` + 12 hex digits of Unix milliseconds + 16 hex digits of a random
/// part, such as `d-0193a2b4c5d6-8f1e2d3c4b5a6978`.
///
/// Within one process the ids are strictly increasing: in the same millisecond (or when the clock steps back) the
/// random part of the previous id is incremented instead of drawn again, so "oldest first" is "smallest id first".
enum SortableID {
    private struct Last {
        var milliseconds: UInt64 = 0
        var random: UInt64 = 0
    }

    private static let last = Locked(Last())

    /// A new id starting with `prefix`.
    static func make(prefix: String, now: Date = Date()) -> String {
        let clock = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        let (milliseconds, random) = last.withLock { last -> (UInt64, UInt64) in
            if clock > last.milliseconds {
                last.milliseconds = clock
                // Top bit clear: leaves room to increment within one millisecond without wrapping around.
                last.random = UInt64.random(in: 0...(UInt64.max >> 1))
            } else {
                last.random &+= 1
            }
            return (last.milliseconds, last.random)
        }
        return prefix + hex(milliseconds, digits: 12) + "-" + hex(random, digits: 16)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
