/// Turns the value of an HTML URL attribute into the site path it points at, as a browser resolves it
/// against the page: root-relative or relative to the page's folder, dot segments removed, fragment dropped.
///
/// References with a scheme (`https:`, `mailto:`, `tel:`, `data:`, `javascript:`…), protocol-relative ones
/// (`//host`) and fragment-only ones (`#top`) are not local and resolve to nil.
struct ReferenceResolver {
    private var scratch: [UInt8] = []
    private var segments: [Range<Int>] = []

    init() {
        scratch.reserveCapacity(512)
    }

    /// What a `<base href>` does to the references after it.
    enum Base: Equatable {
        /// Relative references resolve against this folder of the site (ends with `/`).
        case directory([UInt8])
        /// Every later reference points at another site.
        case external
        /// The value changes nothing (empty, or a fragment).
        case none
    }

    /// Reads a `<base href>` value against the page's folder.
    mutating func resolveBase(_ value: UnsafeBufferPointer<UInt8>, pageDirectory: [UInt8]) -> Base {
        if let resolved = resolve(value, pageDirectory: pageDirectory) {
            let path = resolved.prefix(while: { $0 != "?" })
            return .directory(Array(path[...path.lastIndex(of: "/")!].utf8))
        }
        // Not local: either another site (`//host/`, `https://…`) or nothing at all (empty, `#top`).
        guard let start = value.firstIndex(where: { !Self.isSpace($0) }) else { return .none }
        return value[start] == UInt8(ascii: "/") || Self.hasScheme(value, start, value.count) ? .external : .none
    }

    /// The resolved `path` or `path?query`, or nil when the reference is not local.
    mutating func resolve(_ value: UnsafeBufferPointer<UInt8>, pageDirectory: [UInt8]) -> String? {
        var start = 0
        var end = value.count
        while start < end, Self.isSpace(value[start]) { start += 1 }
        while end > start, Self.isSpace(value[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        if value[start...].prefix(end - start).contains(UInt8(ascii: "&")) {
            let decoded = HTMLEntities.decode(Array(value[start..<end]))
            return decoded.withUnsafeBufferPointer { resolveTrimmed($0, 0, $0.count, pageDirectory: pageDirectory) }
        }
        return resolveTrimmed(value, start, end, pageDirectory: pageDirectory)
    }

    private mutating func resolveTrimmed(
        _ value: UnsafeBufferPointer<UInt8>,
        _ start: Int,
        _ end: Int,
        pageDirectory: [UInt8]
    ) -> String? {
        let first = value[start]
        if first == UInt8(ascii: "#") { return nil }
        if first == UInt8(ascii: "/"), start + 1 < end, value[start + 1] == UInt8(ascii: "/") { return nil }
        if Self.hasScheme(value, start, end) { return nil }
        var cut = end
        for index in start..<end where value[index] == UInt8(ascii: "#") {
            cut = index
            break
        }
        guard cut > start else { return nil }
        var queryStart = cut
        for index in start..<cut where value[index] == UInt8(ascii: "?") {
            queryStart = index
            break
        }
        if queryStart == start {
            // `?x=1` alone points at the page itself, which exists.
            return nil
        }
        scratch.removeAll(keepingCapacity: true)
        if first != UInt8(ascii: "/") { scratch.append(contentsOf: pageDirectory) }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: value[start..<queryStart]))
        removeDotSegments()
        if queryStart < cut { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: value[queryStart..<cut])) }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// RFC 3986 dot-segment removal on `scratch`, which holds an absolute path.
    private mutating func removeDotSegments() {
        guard scratch.contains(UInt8(ascii: ".")) else { return }
        let path = scratch
        segments.removeAll(keepingCapacity: true)
        var index = 1
        var trailingSlash = false
        while index <= path.count {
            var next = index
            while next < path.count, path[next] != UInt8(ascii: "/") { next += 1 }
            let segment = index..<next
            let isLast = next >= path.count
            if segment.count == 1, path[segment.lowerBound] == UInt8(ascii: ".") {
                trailingSlash = isLast
            } else if segment.count == 2, path[segment.lowerBound] == UInt8(ascii: "."), path[segment.lowerBound + 1] == UInt8(ascii: ".") {
                if !segments.isEmpty { segments.removeLast() }
                trailingSlash = isLast
            } else {
                segments.append(segment)
                trailingSlash = false
            }
            index = next + 1
        }
        scratch.removeAll(keepingCapacity: true)
        for segment in segments {
            scratch.append(UInt8(ascii: "/"))
            scratch.append(contentsOf: path[segment])
        }
        if trailingSlash || scratch.isEmpty { scratch.append(UInt8(ascii: "/")) }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    /// `scheme:` before any `/`, `?` or `#`, as URL parsers recognize it.
    static func hasScheme(_ value: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let first = value[start] | 0x20
        guard first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") else { return false }
        var index = start + 1
        while index < end {
            let byte = value[index]
            if byte == UInt8(ascii: ":") { return true }
            let lower = byte | 0x20
            let allowed =
                (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard allowed else { return false }
            index += 1
        }
        return false
    }
}

/// Decodes the character references that appear in URL attributes (`&amp;`, `&#47;`, `&#x2F;`…).
enum HTMLEntities {
    private static let named: [String: UInt8] = [
        "amp": UInt8(ascii: "&"), "lt": UInt8(ascii: "<"), "gt": UInt8(ascii: ">"),
        "quot": UInt8(ascii: "\""), "apos": UInt8(ascii: "'"), "sol": UInt8(ascii: "/"), "quest": UInt8(ascii: "?"),
        "num": UInt8(ascii: "#"), "period": UInt8(ascii: "."), "colon": UInt8(ascii: ":"), "equals": UInt8(ascii: "="),
    ]

    static func decode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "&"),
                let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";"))
            else {
                output.append(bytes[index])
                index += 1
                continue
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            var scalar: Unicode.Scalar?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
            } else if let byte = named[name] {
                scalar = Unicode.Scalar(byte)
            }
            if let scalar {
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
                index = semicolon + 1
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }
}
