import Dispatch
import PlatformModels
import Synchronization

/// Checks the local references of a Pages site's HTML pages against what GitHub Pages serves.
///
/// Each page is read at the URL Pages serves it from, under the base path of a project site, so a relative
/// reference resolves as a browser resolves it there. A reference nothing serves is, in this order:
/// - `PAGES_BASEPATH` when it leaves the project site (`/img/a.png` on a site served under `/repo/`): an error
///   when the site has the file under its base path (the reference only misses `/repo`), a warning otherwise
///   (it may be meant for another site on the same host);
/// - a reference to a file that Jekyll does not publish, collected for `PAGES_JEKYLL_UNDERSCORE`;
/// - `ASSET_MISSING` otherwise.
///
/// Pages that Jekyll renders (published from a branch without `.nojekyll`, starting with front matter) are
/// templates whose references are Liquid until the build: they are counted and not checked.
public struct PagesReferenceAnalyzer: Sendable {
    /// References that point into one path Jekyll does not publish.
    public struct DroppedReference: Sendable, Hashable {
        /// Why the path is not published, and which path it is.
        public var exclusion: JekyllEntryFilter.Exclusion
        /// How many references point into it.
        public var count: Int
        /// The page of the first such reference, as shown in findings.
        public var file: String
        /// Its line.
        public var line: Int
    }

    /// What the scan found.
    public struct Output: Sendable {
        /// `ASSET_MISSING` and `PAGES_BASEPATH` findings, one per broken reference occurrence.
        public var findings: [Finding] = []
        /// The number of local references checked.
        public var references = 0
        /// HTML pages scanned.
        public var pages = 0
        /// HTML pages skipped because Jekyll renders them.
        public var templates = 0
        /// References to unpublished paths, by dropped path.
        public var droppedReferences: [String: DroppedReference] = [:]
    }

    let router: PagesRouter
    /// The same site with every file published, to tell a dropped file from a missing one.
    let everything: PagesRouter
    let folder: PagesFolder
    let displayRoot: String

    /// Creates an analyzer over a site's folder; nil when the folder does not exist.
    public init?(site: PagesSite) {
        guard let folder = site.folder else { return nil }
        self.router = site.router
        self.everything = PagesRouter(publishedFiles: SiteFileIndex(paths: folder.files.map(\.path)), basePath: site.router.basePath)
        self.folder = folder
        self.displayRoot = site.display
    }

    /// Scans every published HTML page; `workers` defaults to the number of cores.
    public func run(workers: Int = System.activeProcessorCount) -> Output {
        let pages = router.files.paths.filter { path in
            router.sourceFile(of: path) == path && (path.hasSuffix(".html") || path.hasSuffix(".htm"))
        }.sorted()
        let workerCount = max(1, min(workers, pages.count))
        let results = Mutex<[Output]>([])
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            var state = WorkerState(analyzer: self)
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
            merged.pages += output.pages
            merged.templates += output.templates
            for (root, dropped) in output.droppedReferences {
                guard var known = merged.droppedReferences[root] else {
                    merged.droppedReferences[root] = dropped
                    continue
                }
                known.count += dropped.count
                if (dropped.file, dropped.line) < (known.file, known.line) {
                    known.file = dropped.file
                    known.line = dropped.line
                }
                merged.droppedReferences[root] = known
            }
        }
        merged.findings.sort { ($0.file ?? "", $0.line ?? 0, $0.message) < ($1.file ?? "", $1.line ?? 0, $1.message) }
        return merged
    }

    /// What a broken reference is, once Pages does not serve it.
    enum Outcome: Equatable {
        case served
        case missing
        /// Outside the base path; `correctable` when the site serves it under the base path.
        case outside(correctable: Bool)
        /// The file exists but Jekyll does not publish it.
        case dropped(JekyllEntryFilter.Exclusion)
    }

    /// Classifies a resolved reference (`path` percent-encoded as written, `query` without `?`).
    func classify(path: String, query: String?) -> Outcome {
        if Self.follow(router, path, query) != nil { return .served }
        if let base = router.basePath, router.sitePath(forRequestPath: PercentDecoding.decode(path)) == nil {
            return .outside(correctable: Self.follow(router, base + path, query) != nil)
        }
        if let file = Self.follow(everything, path, query), let exclusion = router.unpublished[file] { return .dropped(exclusion) }
        return .missing
    }

    /// The file that finally answers a request, following Pages' trailing-slash redirects.
    static func follow(_ router: PagesRouter, _ path: String, _ query: String?) -> String? {
        var request = RouteRequest(path: path, query: query)
        for _ in 0..<10 {
            let answer = router.route(request, includeHeaders: false)
            switch answer.status {
            case 200..<300:
                return answer.file
            case 300..<400:
                guard let location = answer.location, let next = RouteRequest(location) else { return nil }
                request = next
            default:
                return nil
            }
        }
        return nil
    }

    /// Whether a page starts with YAML front matter (`---` alone on the first line), which makes Jekyll render it.
    static func hasFrontMatter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "-"), bytes[1] == UInt8(ascii: "-"), bytes[2] == UInt8(ascii: "-") else {
            return false
        }
        var index = 3
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        return index < bytes.count && bytes[index] == 0x0A
    }

    private struct WorkerState {
        let analyzer: PagesReferenceAnalyzer
        var output = Output()
        var resolver = ReferenceResolver()
        var outcomes: [String: Outcome] = [:]
        var reader = FileReader()

        init(analyzer: PagesReferenceAnalyzer) { self.analyzer = analyzer }

        mutating func scan(page: String) {
            let fullPath = analyzer.folder.root + page
            let displayPath = analyzer.displayRoot + page
            // The reader is moved out while its bytes are lent to the scan, which mutates the rest of `self`.
            var reader = FileReader()
            swap(&reader, &self.reader)
            defer { swap(&reader, &self.reader) }
            _ = reader.withContents(of: fullPath) { bytes in
                if analyzer.router.runsJekyll && PagesReferenceAnalyzer.hasFrontMatter(bytes) {
                    output.templates += 1
                } else {
                    output.pages += 1
                    scan(bytes, page: page, displayPath: displayPath)
                }
            }
        }

        private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, page: String, displayPath: String) {
            // The page's folder as a browser sees it: under the base path of a project site.
            let directory = Array(((analyzer.router.basePath ?? "") + page[...page.lastIndex(of: "/")!]).utf8)
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
            let mark = target.firstIndex(of: "?")
            let path = mark.map { String(target[..<$0]) } ?? target
            let outcome: Outcome
            if let known = outcomes[target] {
                outcome = known
            } else {
                outcome = analyzer.classify(path: path, query: mark.map { String(target[target.index(after: $0)...]) })
                outcomes[target] = outcome
            }
            if outcome == .served { return }
            let line = lines.line(at: range.lowerBound, in: bytes)
            let written = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            let base = analyzer.router.basePath ?? ""
            switch outcome {
            case .served:
                return
            case .dropped(let exclusion):
                if var known = output.droppedReferences[exclusion.root] {
                    known.count += 1
                    output.droppedReferences[exclusion.root] = known
                } else {
                    output.droppedReferences[exclusion.root] = DroppedReference(
                        exclusion: exclusion,
                        count: 1,
                        file: displayPath,
                        line: line
                    )
                }
            case .outside(let correctable):
                let reference = "\(attribute) \"\(written.abbreviated())\" points at \(target.abbreviated()), outside the project site \(base)/"
                let corrected = (base + path).abbreviated()
                output.findings.append(
                    Finding(
                        .pagesBasePath,
                        severity: correctable ? .error : .warning,
                        file: displayPath,
                        line: line,
                        message: correctable
                            ? "\(reference): this site serves it at \((base + target).abbreviated())"
                            : "\(reference), and nothing in this site serves it",
                        fix: correctable
                            ? "write \(corrected) or a relative reference"
                            : "if it is meant for this site, add the file and write \(corrected); links to other sites may stay"
                    )
                )
            case .missing:
                output.findings.append(
                    Finding(
                        .assetMissing,
                        file: displayPath,
                        line: line,
                        message: "\(attribute) \"\(written.abbreviated())\" points at \(target.abbreviated()), which GitHub Pages does not serve",
                        fix: "add the file or correct the reference (Pages has no redirect rules)"
                    )
                )
            }
        }
    }
}
