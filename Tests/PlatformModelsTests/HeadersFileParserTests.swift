import PlatformModels
import Testing

@Suite("_headers parser")
struct HeadersFileParserTests {
    /// The rules as `(for, [name: value])`, for one-line comparisons.
    private func blocks(_ output: HeadersFileParser.Output) -> [String] {
        output.rules.map { rule in
            rule.forPath + " {" + rule.values.map { "\($0.name): \($0.value)" }.joined(separator: "; ") + "}"
        }
    }

    @Test("a path line opens a block; `Name: value` lines under it are its headers")
    func blocksAndValues() throws {
        let output = parseHeaders(
            """
            # a path:
            /templates/index.html
              # headers for that path:
              X-Frame-Options: DENY
              X-XSS-Protection: 1; mode=block
            /templates/index2.html
              X-Frame-Options: SAMEORIGIN
            """
        )
        #expect(
            blocks(output) == [
                "/templates/index.html {X-Frame-Options: DENY; X-XSS-Protection: 1; mode=block}",
                "/templates/index2.html {X-Frame-Options: SAMEORIGIN}",
            ]
        )
        #expect(output.rules.map(\.source.line) == [2, 6])
        #expect(output.rules.map(\.source.kind) == [.headersFile, .headersFile])
        #expect(output.findings.isEmpty)
    }

    @Test("a name repeated in one block is joined with \", \" in order")
    func repeatedNamesJoin() {
        let output = parseHeaders(
            """
            /*
              cache-control: max-age=0
              cache-control: no-cache
              cache-control: no-store
              cache-control: must-revalidate
            """
        )
        #expect(blocks(output) == ["/* {cache-control: max-age=0, no-cache, no-store, must-revalidate}"])
    }

    @Test("the same name in two blocks is not joined: each block keeps its own value")
    func repeatedNamesAcrossBlocks() {
        let output = parseHeaders("/a\n  X-A: 1\n/a\n  X-A: 2")
        #expect(blocks(output) == ["/a {X-A: 1}", "/a {X-A: 2}"])
    }

    @Test("the value is everything after the first colon, trimmed; the name is trimmed")
    func colonsAndTrimming() {
        let output = parseHeaders(
            """
              /path
            \tLink : </style.css>; rel=preload; as=style\t
              Basic-Auth: someuser:somepassword anotheruser:anotherpassword
            """
        )
        #expect(
            blocks(output) == [
                "/path {Link: </style.css>; rel=preload; as=style; Basic-Auth: someuser:somepassword anotheruser:anotherpassword}"
            ]
        )
    }

    @Test("a block without headers is dropped, as Netlify does")
    func emptyBlockDropped() {
        let output = parseHeaders("/empty\n/full\n  X-A: 1\n/empty-at-end")
        #expect(blocks(output) == ["/full {X-A: 1}"])
        #expect(output.findings.isEmpty)
    }

    @Test("a `name = value` line is ignored and reported with the fix")
    func equalsInsteadOfColon() throws {
        let output = parseHeaders("/path\n  X-Frame-Options = DENY\n  X-A: 1")
        #expect(blocks(output) == ["/path {X-A: 1}"])
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@2"])
        let finding = try #require(output.findings.first)
        #expect(finding.fix == "write `X-Frame-Options: DENY`")
        #expect(finding.severity == .error)
        #expect(finding.file == "_headers")
    }

    @Test("a line that is neither a path nor a header is reported")
    func neitherPathNorHeader() {
        let output = parseHeaders("/path\n  just some words\n  X-A: 1")
        #expect(blocks(output) == ["/path {X-A: 1}"])
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@2"])
    }

    @Test("headers before any path line are rejected")
    func headerBeforePath() {
        let output = parseHeaders("  X-A: one\n/path\n  X-B: two")
        #expect(blocks(output) == ["/path {X-B: two}"])
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@1"])
    }

    @Test("a header without a value is rejected", arguments: ["  X-A:", "  X-A:    ", "  X-A:\t"])
    func missingValue(line: String) {
        let output = parseHeaders("/path\n\(line)\n  X-B: 1")
        #expect(blocks(output) == ["/path {X-B: 1}"])
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@2"])
        #expect(output.findings.first?.message.contains("no value") == true)
    }

    @Test("a header without a name is rejected")
    func missingName() {
        let output = parseHeaders("/path\n  : one")
        #expect(output.rules.isEmpty)
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@2"])
        #expect(output.findings.first?.message.contains("name is missing") == true)
    }

    @Test("a name that is not an HTTP token is reported and not kept")
    func invalidHeaderName() {
        let output = parseHeaders("/path\n  X Frame: DENY\n  X-Ok: 1")
        #expect(blocks(output) == ["/path {X-Ok: 1}"])
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@2"])
    }

    @Test("restricted header names are parsed; the router is what leaves them out")
    func restrictedNamesAreParsed() {
        let output = parseHeaders("/path\n  Content-Length: 5")
        #expect(blocks(output) == ["/path {Content-Length: 5}"])
        #expect(HeaderName.restricted.contains("content-length"))
    }

    @Test("CRLF line endings split blocks and values correctly")
    func crlf() {
        let output = parseHeaders("/a\r\n  X-A: 1\r\n/b\r\n  X-B: 2\r\n")
        #expect(blocks(output) == ["/a {X-A: 1}", "/b {X-B: 2}"])
        #expect(output.rules.map(\.source.line) == [1, 3])
    }

    @Test("invalid UTF-8 is reported and the rest still parses")
    func invalidUTF8() {
        let bytes = Array("/a\n  X-A: ".utf8) + [0xC0, 0xAF] + Array("\n/b\n  X-B: 2\n".utf8)
        let output = HeadersFileParser().parse(TextFile(displayPath: "_headers", bytes: bytes))
        #expect(codeLines(output.findings) == ["FILE_ENCODING_INVALID@2"])
        #expect(output.rules.map(\.forPath) == ["/a", "/b"])
        #expect(output.rules.first?.values.first?.value == "\u{FFFD}\u{FFFD}")
    }

    @Test("binary input and a 1 MB line never crash")
    func garbage() {
        var generator = SplitMix64(seed: 7)
        let bytes = (0..<65536).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let binary = HeadersFileParser().parse(TextFile(displayPath: "_headers", bytes: bytes))
        #expect(binary.findings.contains { $0.code == .fileEncodingInvalid })

        let huge = String(repeating: "v", count: 1 << 20)
        let output = parseHeaders("/path\n  X-Huge: \(huge)\n  \(huge)")
        #expect(output.rules.first?.values.first?.value.count == 1 << 20)
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@3"])
        #expect(output.findings.allSatisfy { $0.message.count < 400 })
    }

    @Test(
        "HeaderName.isValid accepts RFC 9110 tokens only",
        arguments: [
            ("X-Frame-Options", true), ("x_custom.header~1", true), ("X Frame", false), ("", false), ("X:A", false), ("Ünicode", false),
        ]
    )
    func headerNameValidity(name: String, valid: Bool) {
        #expect(HeaderName.isValid(name) == valid)
    }
}
