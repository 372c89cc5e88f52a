import Foundation
/// A unified diff (`diff -u` format, three lines of context) between two versions of a file.
///
/// The line matching is Myers' shortest edit script; a run of pure deletions or insertions is then slid as far
/// down as identical lines allow, as GNU diff does, so the hunks read like `diff -u` output on the same files.
public struct UnifiedDiff: Sendable {
    /// Lines of context around each change.
    public var context: Int

    /// Creates a differ with `context` lines of context.
    public init(context: Int = 3) {
        self.context = context
    }

    /// The diff of `old` to `new`, with `--- oldLabel` and `+++ newLabel` headers; empty when they are equal.
    /// A nil `old` is a new file (`--- /dev/null`).
    public func diff(old: [UInt8]?, new: [UInt8], oldLabel: String, newLabel: String) -> String {
        if let old, old == new { return "" }
        let oldLines = old.map { LineDocument(bytes: $0).lines } ?? []
        let newLines = LineDocument(bytes: new).lines
        var output = "--- \(old == nil ? "/dev/null" : oldLabel)\n+++ \(newLabel)\n"
        output += hunks(oldLines, newLines)
        return output
    }

    /// The `@@` hunks only.
    func hunks(_ old: [LineDocument.Line], _ new: [LineDocument.Line]) -> String {
        let a = old.map { $0.content + $0.ending }
        let b = new.map { $0.content + $0.ending }
        var (deleted, inserted) = Self.changes(a, b)
        Self.slide(&deleted, lines: a, other: inserted, otherCount: b.count, forward: true)
        Self.slide(&inserted, lines: b, other: deleted, otherCount: a.count, forward: false)

        // Walk both files together to list the operations in order.
        enum Op { case same(Int, Int), delete(Int), insert(Int) }
        var ops: [Op] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, deleted[i] {
                ops.append(.delete(i))
                i += 1
            } else if j < b.count, inserted[j] {
                ops.append(.insert(j))
                j += 1
            } else {
                ops.append(.same(i, j))
                i += 1
                j += 1
            }
        }
        // Group changes whose unchanged gap is at most 2 × context into hunks.
        let changeIndices = ops.indices.filter { if case .same = ops[$0] { false } else { true } }
        guard !changeIndices.isEmpty else { return "" }
        var groups: [(Int, Int)] = []
        var start = changeIndices[0]
        var end = changeIndices[0]
        for index in changeIndices.dropFirst() {
            if index - end - 1 > 2 * context {
                groups.append((start, end))
                start = index
            }
            end = index
        }
        groups.append((start, end))

        var text = ""
        for (first, last) in groups {
            let low = max(0, first - context)
            let high = min(ops.count - 1, last + context)
            var oldStart: Int?
            var newStart: Int?
            var oldCount = 0
            var newCount = 0
            var body = ""
            // Where an empty range sits: the number of lines of that file before the hunk.
            var oldBefore = 0
            var newBefore = 0
            for op in ops[..<low] {
                switch op {
                case .same: oldBefore += 1; newBefore += 1
                case .delete: oldBefore += 1
                case .insert: newBefore += 1
                }
            }
            for op in ops[low...high] {
                switch op {
                case .same(let x, let y):
                    oldStart = oldStart ?? x
                    newStart = newStart ?? y
                    oldCount += 1
                    newCount += 1
                    body += Self.line(" ", old[x], isLast: x == old.count - 1)
                case .delete(let x):
                    oldStart = oldStart ?? x
                    oldCount += 1
                    body += Self.line("-", old[x], isLast: x == old.count - 1)
                case .insert(let y):
                    newStart = newStart ?? y
                    newCount += 1
                    body += Self.line("+", new[y], isLast: y == new.count - 1)
                }
            }
            let oldRange = Self.range(start: oldCount == 0 ? oldBefore : (oldStart ?? 0) + 1, count: oldCount)
            let newRange = Self.range(start: newCount == 0 ? newBefore : (newStart ?? 0) + 1, count: newCount)
            text += "@@ -\(oldRange) +\(newRange) @@\n" + body
        }
        return text
    }

    private static func range(start: Int, count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    private static func line(_ marker: String, _ line: LineDocument.Line, isLast: Bool) -> String {
        let content = String(decoding: line.content + (line.ending == [13, 10] ? [13] : []), as: UTF8.self)
        if line.ending.isEmpty { return marker + content + "\n\\ No newline at end of file\n" }
        return marker + content + "\n"
    }

    /// Myers' O(ND) shortest edit script: which lines of `a` are deleted and which of `b` inserted.
    static func changes(_ a: [[UInt8]], _ b: [[UInt8]]) -> ([Bool], [Bool]) {
        let n = a.count
        let m = b.count
        var deleted = [Bool](repeating: false, count: n)
        var inserted = [Bool](repeating: false, count: m)
        let max = n + m
        if max == 0 { return (deleted, inserted) }
        let offset = max
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        var found = false
        for d in 0...max {
            trace.append(v)
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    found = true
                    break
                }
                k += 2
            }
            if found { break }
        }
        // Backtrack through the saved frontiers.
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == previousX { inserted[y - 1] = true } else { deleted[x - 1] = true }
            }
            x = previousX
            y = previousY
        }
        return (deleted, inserted)
    }

    /// Slides each run of changed lines down while the line after it equals its first line, unless the run sits
    /// against a change in the other file (a replacement), which it stays aligned with.
    static func slide(_ changed: inout [Bool], lines: [[UInt8]], other: [Bool], otherCount: Int, forward: Bool) {
        var index = 0
        while index < changed.count {
            guard changed[index] else {
                index += 1
                continue
            }
            var start = index
            var end = index
            while end < changed.count, changed[end] { end += 1 }
            if !touchesOtherChange(changed, start: start, end: end, other: other) {
                while end < lines.count, !changed[end], lines[start] == lines[end] {
                    changed[start] = false
                    changed[end] = true
                    if touchesOtherChange(changed, start: start + 1, end: end + 1, other: other) {
                        changed[start] = true
                        changed[end] = false
                        break
                    }
                    start += 1
                    end += 1
                    while end < changed.count, changed[end] { end += 1 }
                }
            }
            index = end
        }
    }

    /// Whether the other file has a change right where the run `[start, end)` sits (before or after it).
    private static func touchesOtherChange(_ changed: [Bool], start: Int, end: Int, other: [Bool]) -> Bool {
        // Unchanged lines pair up in order: the k-th unchanged line of one file is the k-th of the other.
        let unchangedBefore = changed[..<start].filter { !$0 }.count
        // The position in the other file just after its `unchangedBefore`-th unchanged line.
        var seen = 0
        var position = 0
        while position < other.count, seen < unchangedBefore || other[position] {
            if seen == unchangedBefore, other[position] { return true }
            if !other[position] { seen += 1 }
            position += 1
        }
        return false
    }
}
