#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with POSIX calls into storage that is reused from one file to the next, so a worker
/// scanning thousands of pages allocates once, for its largest page.
struct FileReader {
    private var storage: [UInt8] = []

    /// Calls `body` with the file's bytes; nil when the file cannot be read.
    mutating func withContents<Result>(of path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let count = load(path) else { return nil }
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// The file's bytes in a new array, or nil when the file cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        var reader = Self()
        return reader.withContents(of: path) { Array($0) }
    }

    /// Reads the file into `storage` and returns how many bytes it holds.
    private mutating func load(_ path: String) -> Int? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        if storage.count < size { storage = [UInt8](repeating: 0, count: size) }
        var done = 0
        let complete = storage.withUnsafeMutableBytes { raw -> Bool in
            while done < size {
                let count = read(descriptor, raw.baseAddress! + done, size - done)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { return false }
                if count == 0 { break }  // the file shrank while we read it: keep what is there
                done += count
            }
            return true
        }
        return complete ? done : nil
    }
}
