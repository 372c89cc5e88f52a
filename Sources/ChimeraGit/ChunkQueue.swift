import Foundation

/// Hands out consecutive runs of the indices `0..<count` to worker threads, first come, first served.
///
/// Runs, not every n-th index: neighbouring files of a tree share a folder, and two threads creating files in
/// one folder queue on that folder's lock in the kernel. Taking runs on demand also balances the threads
/// when some files are much larger than others.
// @unchecked Sendable: `next` is only read and written while `lock` is held.
final class ChunkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    /// How many indices there are.
    let count: Int
    /// How many indices one call hands out at most.
    let chunk: Int

    /// Creates a queue over `0..<count` handing out `chunk` indices at a time.
    init(count: Int, chunk: Int) {
        self.count = count
        self.chunk = max(1, chunk)
    }

    /// Hands out nothing more: the work failed somewhere.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        next = count
    }

    /// The next run of indices, or nil when all were handed out (or `stop()` was called).
    func take() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        let start = next
        next = min(count, start + chunk)
        return start..<next
    }
}
