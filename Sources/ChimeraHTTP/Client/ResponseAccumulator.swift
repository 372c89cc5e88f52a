/// Collects what libcurl's write and header callbacks deliver for one transfer.
/// A class because the C callbacks reach it through an opaque pointer (`Unmanaged`).
final class ResponseAccumulator {
    /// Header fields of the latest response seen (reset at every status line, so only the final one remains).
    var headers: [HTTPHeader] = []
    /// Body bytes of the latest response.
    var body: [UInt8] = []

    /// Takes one raw header line as libcurl delivers it (status line, field line or the blank end line).
    func receiveHeaderLine(_ raw: String) {
        let line = raw.trimmingLineEnd()
        if line.hasPrefix("HTTP/") {
            // A new response starts (1xx interim, a followed redirect, a proxy CONNECT): forget the earlier one.
            headers.removeAll()
            body.removeAll()
            return
        }
        guard !line.isEmpty else { return }
        if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            // obsolete line folding: the line continues the previous field's value
            headers[headers.count - 1].value += " " + line.trimmingSpaces()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingSpaces()
        let value = String(line[line.index(after: colon)...]).trimmingSpaces()
        headers.append(HTTPHeader(name: name, value: value))
    }
}

extension String {
    /// Drops trailing CR and LF characters.
    func trimmingLineEnd() -> String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, last == "\r" || last == "\n" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Drops leading and trailing spaces and tabs (what HTTP calls optional whitespace).
    func trimmingSpaces() -> String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
