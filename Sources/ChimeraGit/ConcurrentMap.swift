import Dispatch

/// Runs `body` for `0..<count` on up to `count` threads at once and returns the results in order.
///
/// For blocking work (libgit2 reads, file writes) that must not occupy Swift's cooperative pool.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = Slots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        slots.pointer[index] = body(index)
    }
    return (0..<count).map { slots.pointer[$0]! }
}

/// One result slot per iteration of `concurrentMap`.
// @unchecked Sendable: each slot is written by exactly one iteration, and read only after concurrentPerform
// has returned, which orders every write before the reads.
private final class Slots<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T?>
    let count: Int

    init(_ count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<T?>.allocate(capacity: count)
        pointer.initialize(repeating: nil, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}
