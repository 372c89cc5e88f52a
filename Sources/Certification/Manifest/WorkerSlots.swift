import Dispatch

/// Runs `body(index, buffer)` for `0..<count` on `workers` threads, each with its own scratch buffer, and
/// returns the results in index order.
///
/// Hashing is blocking file I/O: it runs on Dispatch's threads, never on Swift's cooperative pool.
func forEachFile<T: Sendable>(
    _ count: Int,
    workers: Int,
    bufferSize: Int = 256 * 1024,
    _ body: @Sendable (Int, UnsafeMutableRawBufferPointer) -> T
) -> [T] {
    let slots = WorkerSlots<T>(count)
    let workers = max(1, min(workers, count))
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        // Interleaved (worker, worker + workers, …): large and small files spread evenly without a shared counter.
        for index in stride(from: worker, to: count, by: workers) {
            slots.pointer[index] = body(index, buffer)
        }
    }
    return (0..<count).map { slots.pointer[$0]! }
}

/// One result slot per index of `forEachFile`.
// @unchecked Sendable: each slot is written by exactly one worker, and read only after concurrentPerform
// has returned, which orders every write before the reads.
private final class WorkerSlots<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T?>
    let count: Int

    init(_ count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<T?>.allocate(capacity: max(count, 1))
        pointer.initialize(repeating: nil, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}
