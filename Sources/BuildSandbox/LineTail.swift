#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The last lines of a stream, kept in a fixed-size ring so memory stays flat however long the output.
struct LineTail: Sendable {
    private var ring: [String] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds a line, dropping the oldest one when full.
    mutating func append(_ line: String) {
        if ring.count < capacity {
            ring.append(line)
        } else {
            ring[next] = line
            next = (next + 1) % capacity
        }
    }

    /// The lines kept, oldest first.
    var lines: [String] { Array(ring[next...] + ring[..<next]) }

    /// The last `count` lines of a file, read from its end (at most 256 KiB), so a large log is not loaded whole.
    static func lastLines(ofFile path: String, count: Int) -> [String] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return [] }
        let window = min(Int(size), 256 << 10)
        var bytes = [UInt8](repeating: 0, count: window)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, window, off_t(Int(size) - window)) }
        guard read > 0 else { return [] }
        var lines = bytes[..<read].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { OutputRecorder.decode($0) }
        if lines.last == "" { lines.removeLast() }
        // A window that starts mid-file starts mid-line: drop that partial first line.
        if window < Int(size), lines.count > 1 { lines.removeFirst() }
        return Array(lines.suffix(count))
    }
}
