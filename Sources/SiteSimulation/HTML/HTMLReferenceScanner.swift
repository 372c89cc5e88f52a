#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the URL-bearing attributes of an HTML document in one pass over its bytes.
///
/// It reads what a browser would load or follow: `href` on `<a>`, `<link>` and `<area>`; `src` on any
/// element; `srcset` on `<img>` and `<source>`; `poster` on `<video>`; and `<base href>`, which changes how
/// the references after it resolve. Comments, `<script>` and `<style>` bodies are skipped. It is a tokenizer, not a validator: broken markup never stops it.
struct HTMLReferenceScanner {
    /// Which attribute a reference came from.
    enum Attribute: UInt8 {
        case href, src, srcset, poster
        /// `href` of `<base>`: not a reference itself, but the URL later relative references resolve against.
        case baseHref
    }

    private enum Tag {
        case anchorLike, image, source, video, script, style, base, other
    }

    /// Calls `body` with the attribute and the byte range of its value, in document order.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Attribute, Range<Int>) -> Void) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { return }
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            guard index < count else { return }
            let first = bytes[index]
            if first == UInt8(ascii: "!") {
                if index + 2 < count, bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] == UInt8(ascii: "-") {
                    index = find(bytes, "-->", from: index + 3).map { $0 + 3 } ?? count
                } else {
                    index = find(bytes, ">", from: index).map { $0 + 1 } ?? count
                }
                continue
            }
            guard isLetter(first) else { continue }
            let nameStart = index
            while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
                index += 1
            }
            let tag = classifyTag(bytes, nameStart..<index)
            var selfClosing = false
            attributes: while index < count {
                while index < count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") {
                    selfClosing = bytes[index] == UInt8(ascii: "/")
                    index += 1
                }
                guard index < count else { break }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    break attributes
                }
                selfClosing = false
                let attributeStart = index
                index += 1  // an attribute name may start with `=`; take at least one byte
                while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ">"),
                    bytes[index] != UInt8(ascii: "/")
                {
                    index += 1
                }
                let attribute = classifyAttribute(bytes, attributeStart..<index)
                while index < count, isSpace(bytes[index]) { index += 1 }
                guard index < count, bytes[index] == UInt8(ascii: "=") else { continue }
                index += 1
                while index < count, isSpace(bytes[index]) { index += 1 }
                guard index < count else { break }
                let valueRange: Range<Int>
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let end = find(bytes, quote, from: index + 1) ?? count
                    valueRange = (index + 1)..<end
                    index = min(end + 1, count)
                } else {
                    let start = index
                    while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    valueRange = start..<index
                }
                if attribute == .href, tag == .base {
                    body(.baseHref, valueRange)
                } else if let attribute, wanted(attribute, on: tag) {
                    body(attribute, valueRange)
                }
            }
            if !selfClosing, tag == .script || tag == .style {
                // Raw text: nothing inside is markup until the matching end tag.
                let closing: [UInt8] = tag == .script ? Array("</script".utf8) : Array("</style".utf8)
                index = findCaseInsensitive(bytes, closing, from: index) ?? count
            }
        }
    }

    private static func wanted(_ attribute: Attribute, on tag: Tag) -> Bool {
        switch attribute {
        case .href: tag == .anchorLike
        case .src: true
        case .srcset: tag == .image || tag == .source
        case .poster: tag == .video
        case .baseHref: false
        }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// Packs up to eight lowercased bytes into an integer, so names compare in one instruction.
    @inline(__always)
    private static func packed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        guard range.count <= 8 else { return nil }
        var value: UInt64 = 0
        for (shift, index) in range.enumerated() { value |= UInt64(bytes[index] | 0x20) << (8 * UInt64(shift)) }
        return value
    }

    private static func pack(_ text: StaticString) -> UInt64 {
        var value: UInt64 = 0
        text.withUTF8Buffer { buffer in
            for (shift, byte) in buffer.enumerated() { value |= UInt64(byte | 0x20) << (8 * UInt64(shift)) }
        }
        return value
    }

    private static let tagA = pack("a")
    private static let tagLink = pack("link")
    private static let tagArea = pack("area")
    private static let tagImg = pack("img")
    private static let tagSource = pack("source")
    private static let tagVideo = pack("video")
    private static let tagScript = pack("script")
    private static let tagStyle = pack("style")
    private static let tagBase = pack("base")
    private static let attributeHref = pack("href")
    private static let attributeSrc = pack("src")
    private static let attributeSrcset = pack("srcset")
    private static let attributePoster = pack("poster")

    private static func classifyTag(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Tag {
        guard let name = packed(bytes, range) else { return .other }
        switch name {
        case tagA, tagLink, tagArea: return .anchorLike
        case tagImg: return .image
        case tagSource: return .source
        case tagVideo: return .video
        case tagScript: return .script
        case tagStyle: return .style
        case tagBase: return .base
        default: return .other
        }
    }

    private static func classifyAttribute(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Attribute? {
        guard let name = packed(bytes, range) else { return nil }
        switch name {
        case attributeHref: return .href
        case attributeSrc: return .src
        case attributeSrcset: return .srcset
        case attributePoster: return .poster
        default: return nil
        }
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from start: Int) -> Int? {
        let needleBytes = Array(UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
        var position = start
        while let candidate = find(bytes, needleBytes[0], from: position) {
            if candidate + needleBytes.count <= bytes.count,
                needleBytes.indices.allSatisfy({ bytes[candidate + $0] == needleBytes[$0] })
            {
                return candidate
            }
            position = candidate + 1
        }
        return nil
    }

    private static func findCaseInsensitive(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from start: Int) -> Int? {
        var position = start
        while let candidate = find(bytes, UInt8(ascii: "<"), from: position) {
            if candidate + needle.count <= bytes.count,
                needle.indices.allSatisfy({ bytes[candidate + $0] | 0x20 == needle[$0] | 0x20 })
            {
                return candidate
            }
            position = candidate + 1
        }
        return nil
    }
}
