import Dispatch
import PlatformModels
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds local references in HTML files that no file and no rule serves (`ASSET_MISSING`).
///
/// A reference counts as served when the platform's router answers it with a file, a proxy, or a redirect that
/// ends at one (internal redirects are followed, up to ten hops). Pages are scanned on every core; each
/// worker reads one file at a time into a reused buffer, so memory stays flat whatever the site's size.
public struct AssetAnalyzer<Router: SiteRouter>: Sendable {
    /// What the scan found.
    public struct Output: Sendable {
        /// One `ASSET_MISSING` finding per broken reference occurrence.
        public var findings: [Finding] = []
        /// The number of local references checked.
        public var references = 0
    }

    let router: Router
    let folder: PublishFolder
    let displayRoot: String

    /// Creates an analyzer over a folder; findings name files under `displayRoot`.
    public init(router: Router, folder: PublishFolder, displayRoot: String) {
        self.router = router
        self.folder = folder
        self.displayRoot = displayRoot
    }

    /// Scans every HTML file; `workers` defaults to the number of cores.
    public func run(workers: Int = System.activeProcessorCount) -> Output {
        let pages = folder.htmlFiles
        let workerCount = max(1, min(workers, pages.count))
        let results = Mutex<[Output]>([])
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            var state = WorkerState(analyzer: self)
            // Interleaved assignment keeps the workers' loads even without coordination.
            for page in stride(from: worker, to: pages.count, by: workerCount) {
                state.scan(page: pages[page])
            }
            let output = state.output
            results.withLock { $0.append(output) }
        }
        var merged = Output()
        for output in results.withLock({ $0 }) {
            merged.findings += output.findings
            merged.references += output.references
        }
        merged.findings.sort { ($0.file ?? "", $0.line ?? 0, $0.message) < ($1.file ?? "", $1.line ?? 0, $1.message) }
        return merged
    }

    /// Whether the platform answers a local reference with content.
    func isServed(path: String, query: String?) -> Bool {
        var request = RouteRequest(path: path, query: query)
        for _ in 0..<10 {
            let answer = router.route(request, includeHeaders: false)
            if answer.proxy != nil { return true }
            switch answer.status {
            case 200..<300:
                return answer.file != nil
            case 300..<400:
                guard let location = answer.location else { return false }
                guard location.hasPrefix("/"), !location.hasPrefix("//") else { return true }
                guard let next = RouteRequest(location) else { return false }
                request = next
            default:
                return false
            }
        }
        return false
    }

    private struct WorkerState {
        let analyzer: AssetAnalyzer
        var output = Output()
        var resolver = ReferenceResolver()
        var served: [String: Bool] = [:]
        var reader = FileReader()

        init(analyzer: AssetAnalyzer) { self.analyzer = analyzer }

        mutating func scan(page: String) {
            let fullPath = analyzer.folder.root + page
            let displayPath = analyzer.displayRoot + page
            // The reader is moved out while its bytes are lent to the scan, which mutates the rest of `self`.
            var reader = FileReader()
            swap(&reader, &self.reader)
            defer { swap(&reader, &self.reader) }
            _ = reader.withContents(of: fullPath) { bytes in scan(bytes, page: page, displayPath: displayPath) }
        }

        private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, page: String, displayPath: String) {
            let directory = Array(page[...page.lastIndex(of: "/")!].utf8)
            var lines = LineCursor()
            // The resolver is moved out while the loop lends it, since `check` mutates the rest of `self`.
            var resolver = self.resolver
            defer { self.resolver = resolver }
            PageReferences.forEach(in: bytes, pageDirectory: directory, resolver: &resolver) { target, attribute, range in
                check(target, attribute, range, in: bytes, displayPath, &lines)
            }
        }

        private mutating func check(
            _ target: String,
            _ attribute: HTMLReferenceScanner.Attribute,
            _ range: Range<Int>,
            in bytes: UnsafeBufferPointer<UInt8>,
            _ displayPath: String,
            _ lines: inout LineCursor
        ) {
            output.references += 1
            if let known = served[target] {
                if known { return }
            } else {
                let mark = target.firstIndex(of: "?")
                let path = mark.map { String(target[..<$0]) } ?? target
                let query = mark.map { String(target[target.index(after: $0)...]) }
                let isServed = analyzer.isServed(path: path, query: query)
                served[target] = isServed
                if isServed { return }
            }
            let line = lines.line(at: range.lowerBound, in: bytes)
            let written = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            output.findings.append(
                Finding(
                    .assetMissing,
                    file: displayPath,
                    line: line,
                    message: "\(attribute) \"\(written.abbreviated())\" points at \(target.abbreviated()), which no file and no rule serves",
                    fix: "add the file, correct the reference, or add a redirect rule for it"
                )
            )
        }
    }
}

/// The URLs of a `srcset` value: each comma-separated candidate up to its first whitespace.
struct SrcsetCandidates: Sequence, IteratorProtocol {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    mutating func next() -> Range<Int>? {
        while position < end {
            while position < end,
                bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x09
                    || bytes[position] == 0x0D || bytes[position] == UInt8(ascii: ",")
            {
                position += 1
            }
            let start = position
            while position < end, bytes[position] != 0x20, bytes[position] != 0x0A, bytes[position] != 0x09, bytes[position] != 0x0D {
                position += 1
            }
            var urlEnd = position
            // A URL glued to the comma (`a.png,b.png 2x`) ends at the comma.
            if let comma = (start..<urlEnd).first(where: { bytes[$0] == UInt8(ascii: ",") }), comma == urlEnd - 1 { urlEnd = comma }
            while position < end, bytes[position] != UInt8(ascii: ",") { position += 1 }
            if urlEnd > start { return start..<urlEnd }
        }
        return nil
    }
}

/// Facts about the machine the analyzers run on.
public enum System {
    /// The number of cores available to this process.
    public static var activeProcessorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
