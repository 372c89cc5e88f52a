#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a command's raw output into lines for the caller, writes it to the log, and keeps the tail.
///
/// Nothing is buffered beyond the current unfinished line, so output of any size streams through.
struct OutputRecorder {
    /// A line longer than this is passed on in pieces, so a command printing without newlines cannot
    /// grow memory without bound.
    static let longestLine = 64 << 10

    private let log: Int32
    private let logLimit: Int
    private var pending: [UInt8] = []
    private(set) var tail: LineTail
    private(set) var totalBytes = 0
    private(set) var loggedBytes = 0
    private(set) var logTruncated = false

    init(log: Int32, logLimit: Int, tailLength: Int) {
        self.log = log
        self.logLimit = logLimit
        self.tail = LineTail(capacity: tailLength)
    }

    /// Takes one chunk of output as read from the pipe.
    mutating func consume(_ chunk: UnsafeRawBufferPointer, emit: (String) -> Void) {
        totalBytes += chunk.count
        writeToLog(chunk)
        var start = 0
        for index in 0..<chunk.count where chunk[index] == UInt8(ascii: "\n") {
            pending.append(contentsOf: chunk[start..<index])
            finishLine(emit: emit)
            start = index + 1
        }
        pending.append(contentsOf: chunk[start...])
        while pending.count > Self.longestLine {
            let rest = Array(pending[Self.longestLine...])
            pending.removeSubrange(Self.longestLine...)
            finishLine(emit: emit)
            pending = rest
        }
    }

    /// Passes on the last line when the output did not end with a newline.
    mutating func finish(emit: (String) -> Void) {
        if !pending.isEmpty { finishLine(emit: emit) }
    }

    private mutating func finishLine(emit: (String) -> Void) {
        let line = Self.decode(pending[...])
        pending.removeAll(keepingCapacity: true)
        tail.append(line)
        emit(line)
    }

    private mutating func writeToLog(_ chunk: UnsafeRawBufferPointer) {
        guard !logTruncated else { return }
        let room = logLimit - loggedBytes
        let part = UnsafeRawBufferPointer(rebasing: chunk[..<min(room, chunk.count)])
        Self.writeAll(log, part)
        loggedBytes += part.count
        if part.count < chunk.count {
            logTruncated = true
            let note = "\n[chimera: log cut at \(logLimit) bytes; the rest of the output was not kept]\n"
            var bytes = Array(note.utf8)
            bytes.withUnsafeMutableBytes { Self.writeAll(log, UnsafeRawBufferPointer($0)) }
        }
    }

    /// Writes every byte, retrying short writes and interruptions; a failing log does not stop the build.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Output as text: invalid UTF-8 becomes U+FFFD, and a carriage return before the newline is dropped.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        var line = bytes
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
