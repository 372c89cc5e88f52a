/// The local references of one HTML page, resolved the way a browser resolves them: against the page's
/// folder or its first `<base href>`, each `srcset` candidate on its own. Every reference checker walks
/// pages through this one loop.
enum PageReferences {
    /// Calls `body` with each local reference's resolved target (`path` or `path?query`), its attribute and
    /// the byte range of the text as written.
    static func forEach(
        in bytes: UnsafeBufferPointer<UInt8>,
        pageDirectory: [UInt8],
        resolver: inout ReferenceResolver,
        _ body: (_ target: String, _ attribute: HTMLReferenceScanner.Attribute, _ range: Range<Int>) -> Void
    ) {
        var directory = pageDirectory
        var sawBase = false
        var externalBase = false
        HTMLReferenceScanner.scan(bytes) { attribute, range in
            if attribute == .baseHref {
                // Only the first <base> counts, as in browsers.
                guard !sawBase else { return }
                sawBase = true
                switch resolver.resolveBase(UnsafeBufferPointer(rebasing: bytes[range]), pageDirectory: directory) {
                case .directory(let base): directory = base
                case .external: externalBase = true
                case .none: break
                }
                return
            }
            // Under a <base> on another site, every reference points there: nothing local to check.
            if externalBase { return }
            let ranges = attribute == .srcset ? Array(SrcsetCandidates(bytes, range)) : [range]
            for range in ranges {
                if let target = resolver.resolve(UnsafeBufferPointer(rebasing: bytes[range]), pageDirectory: directory) {
                    body(target, attribute, range)
                }
            }
        }
    }
}

/// Turns byte offsets into line numbers, counting forward only: references arrive in document order and
/// lines are needed only for the rare broken ones.
struct LineCursor {
    private var offset = 0
    private var line = 1

    /// The 1-based line of `position`, which must not precede an earlier call's.
    mutating func line(at position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        for index in offset..<position where bytes[index] == UInt8(ascii: "\n") { line += 1 }
        offset = position
        return line
    }
}
