import PlatformModels
import Testing

@Suite("_redirects parser")
struct RedirectsFileParserTests {
    // MARK: Comments and blank lines

    @Test("full-line comments and blank lines are skipped, line numbers still count them")
    func fullLineComments() {
        let output = parseRedirects(
            """
            # a comment
               # an indented comment

            /old /new
            #/commented /out
            """
        )
        #expect(summaries(output.rules) == [RuleSummary(from: "/old", to: "/new")])
        #expect(output.rules.first?.source.line == 4)
        #expect(output.rules.first?.source.kind == .redirectsFile)
        #expect(output.findings.isEmpty)
    }

    @Test("a comment starts at the first token beginning with #, wherever it is")
    func inlineComments() {
        let output = parseRedirects(
            """
            /a /b # old leftover
            /c /d 302 #no space after the hash
            /e /f 301! Country=us # comment after conditions
            /g #x /h
            """
        )
        #expect(
            summaries(output.rules) == [
                RuleSummary(from: "/a", to: "/b"),
                RuleSummary(from: "/c", to: "/d", status: 302),
                RuleSummary(from: "/e", to: "/f", force: true, conditions: .init(country: ["us"])),
            ]
        )
        // `/g #x /h`: everything from `#x` is a comment, so the rule has no destination.
        #expect(codeLines(output.findings) == ["REDIRECT_SYNTAX@4"])
    }

    @Test("a # inside a token is not a comment: it stays in the destination")
    func hashInsideToken() {
        let output = parseRedirects("/page /other#section 301")
        #expect(summaries(output.rules) == [RuleSummary(from: "/page", to: "/other#section")])
    }

    // MARK: Whitespace

    @Test(
        "any whitespace separates tokens",
        arguments: [
            "/a /b 302",
            "/a\t/b\t302",
            "/a    /b      302",
            "/a \t \t/b\t  302",
            "/a\u{00A0}/b\u{00A0}302",
            "/a\u{3000}/b\u{2003}302",
            "\t  /a /b 302  \t",
            "\u{FEFF}/a /b 302",
            "/a /b 302\r",
        ]
    )
    func whitespaceSeparators(line: String) {
        let output = parseRedirects(line)
        #expect(summaries(output.rules) == [RuleSummary(from: "/a", to: "/b", status: 302)])
        #expect(output.findings.isEmpty)
    }

    @Test("U+0085 is not JavaScript whitespace, so it does not separate tokens")
    func nextLineIsNotWhitespace() {
        // JavaScript's \s has no U+0085: Netlify sees one token `/a\u{85}/b` and no destination.
        let output = parseRedirects("/a\u{0085}/b")
        #expect(output.rules.isEmpty)
        #expect(codes(output.findings) == [.redirectSyntax])
    }

    @Test("a zero-width space is not whitespace either: it stays part of the token")
    func zeroWidthSpaceIsNotWhitespace() {
        let output = parseRedirects("/a /b\u{200B}")
        #expect(output.rules.first?.to == "/b\u{200B}")
    }

    @Test("CRLF line endings give one rule per line with the right line numbers")
    func crlfLineEndings() {
        let output = parseRedirects("/a /b\r\n# comment\r\n/c /d 302\r\n")
        #expect(summaries(output.rules) == [RuleSummary(from: "/a", to: "/b"), RuleSummary(from: "/c", to: "/d", status: 302)])
        #expect(output.rules.map(\.source.line) == [1, 3])
    }

    // MARK: Forward rules, status and force

    @Test("a forward rule `/admin/* 200` gets `to = /admin/:splat`")
    func forwardRule() {
        let output = parseRedirects("/admin/* 200\n/shop/* 200!")
        #expect(
            summaries(output.rules) == [
                RuleSummary(from: "/admin/*", to: "/admin/:splat", status: 200),
                RuleSummary(from: "/shop/*", to: "/shop/:splat", status: 200, force: true),
            ]
        )
        #expect(output.findings.isEmpty)
    }

    @Test(
        "a forward rule needs a splat `from` and a 2xx status",
        arguments: ["/admin 200", "/admin/* 301", "/admin/*/x 200", "/swfobject.html?detectflash=false 301"]
    )
    func forwardRuleWithoutSplatOrSuccessIsDropped(line: String) {
        let output = parseRedirects(line)
        #expect(output.rules.isEmpty)
        #expect(codeLines(output.findings) == ["REDIRECT_SYNTAX@1"])
    }

    @Test("the status defaults to 301")
    func defaultStatus() {
        let rule = parseRedirects("/a /b").rules.first
        #expect(rule?.status == 301)
        #expect(rule?.force == false)
    }

    @Test(
        "status tokens are read as integers, with a glued ! forcing the rule",
        arguments: [
            ("/a /b 200", 200, false), ("/a /b 301", 301, false), ("/a /b 302!", 302, true), ("/a /b 404", 404, false),
            ("/a /b 410!", 410, true), ("/a /b 200!", 200, true),
        ]
    )
    func statusAndForce(line: String, status: Int, force: Bool) {
        let output = parseRedirects(line)
        #expect(output.rules.map(\.status) == [status])
        #expect(output.rules.map(\.force) == [force])
        #expect(output.findings.isEmpty)
    }

    @Test("a detached `301 !` keeps the rule, unforced, and is reported as REDIRECT_FORCE_DETACHED")
    func detachedForce() throws {
        let output = parseRedirects("/a /b 301 !")
        let rule = try #require(output.rules.first)
        #expect(rule.status == 301)
        #expect(rule.force == false)
        #expect(rule.conditions.isEmpty)
        #expect(codeLines(output.findings) == ["REDIRECT_FORCE_DETACHED@1"])
        #expect(output.findings.first?.severity == .error)
    }

    @Test("a detached ! followed by conditions still reads the conditions")
    func detachedForceWithConditions() {
        let output = parseRedirects("/a /b 302 ! Country=us")
        #expect(summaries(output.rules) == [RuleSummary(from: "/a", to: "/b", status: 302, conditions: .init(country: ["us"]))])
        #expect(codes(output.findings) == [.redirectForceDetached])
    }

    @Test("`!` where the status should be is not a status: Netlify drops the line")
    func bangAsStatus() {
        let output = parseRedirects("/a /b !")
        #expect(output.rules.isEmpty)
        #expect(codes(output.findings) == [.redirectSyntax])
    }

    @Test(
        "a token that is not an integer where the status goes drops the line",
        arguments: ["/a /b abc", "/from /to not_a_status", "/a /b Country=us", "/a /b x301"]
    )
    func badStatusDropsLine(line: String) {
        let output = parseRedirects(line)
        #expect(output.rules.isEmpty)
        #expect(codeLines(output.findings) == ["REDIRECT_SYNTAX@1"])
    }

    @Test("a status with trailing garbage is read like parseInt and flagged as suspect")
    func statusWithTrailingGarbage() {
        let output = parseRedirects("/a /b 301abc")
        #expect(output.rules.map(\.status) == [301])
        #expect(codes(output.findings) == [.redirectStatusSuspect])
    }

    // MARK: Query parameters

    @Test("tokens between `from` and `to` are required query parameters")
    func queryPairs() throws {
        let output = parseRedirects(
            """
            /store id=:id /blog/:id 301
            /articles id=:id tag=:tag /posts/:tag/:id 301
            /      page=news      /news
            /      _escaped_fragment_=/about    /about
            """
        )
        #expect(
            summaries(output.rules) == [
                RuleSummary(from: "/store", to: "/blog/:id", query: ["id": ":id"]),
                RuleSummary(from: "/articles", to: "/posts/:tag/:id", query: ["id": ":id", "tag": ":tag"]),
                RuleSummary(from: "/", to: "/news", query: ["page": "news"]),
                RuleSummary(from: "/", to: "/about", query: ["_escaped_fragment_": "/about"]),
            ]
        )
        let articles = output.rules[1]
        #expect(articles.query.map(\.name) == ["id", "tag"])
        #expect(articles.query.compactMap(\.captureName) == ["id", "tag"])
        #expect(articles.boundNames == ["id", "tag"])
        #expect(output.findings.isEmpty)
    }

    @Test("query pairs without a destination drop the line")
    func queryWithoutDestination() {
        let output = parseRedirects("/m/scge/legal source=:source")
        #expect(output.rules.isEmpty)
        #expect(codes(output.findings) == [.redirectSyntax])
        #expect(output.findings.first?.message.contains("must start with /") == true)
    }

    // MARK: Conditions

    @Test("Country, Language, Role and Cookie conditions; comma lists; lowercase names")
    func conditions() {
        let output = parseRedirects(
            """
            /  /anz 302  Country=au,nz
            /china/*  /china/zh-cn/:splat  302  Language=zh
            /admin/*  200!  Role=admin,editor
            /beta/*  /beta-site/:splat  302  Cookie=beta_tester
            /x /y 302 country=us language=en role=member
            /  /china 302 Country=il Language=en
            """
        )
        #expect(
            output.rules.map(\.conditions) == [
                RedirectConditions(country: ["au", "nz"]),
                RedirectConditions(language: ["zh"]),
                RedirectConditions(role: ["admin", "editor"]),
                RedirectConditions(cookie: ["beta_tester"]),
                RedirectConditions(country: ["us"], language: ["en"], role: ["member"]),
                RedirectConditions(country: ["il"], language: ["en"]),
            ]
        )
        #expect(output.rules[2].to == "/admin/:splat")
        #expect(output.rules[2].force)
        #expect(output.findings.isEmpty)
    }

    @Test("Sign= and signed= name the proxy signing secret and are not conditions", arguments: ["Sign", "signed"])
    func signed(key: String) throws {
        let output = parseRedirects("/api/*  https://api.example.com/:splat  200!  \(key)=API_SECRET")
        let rule = try #require(output.rules.first)
        #expect(rule.signed == "API_SECRET")
        #expect(rule.conditions.isEmpty)
        #expect(rule.isProxy)
        #expect(output.findings.isEmpty)
    }

    @Test("a condition with two = keeps only the first value and is reported")
    func conditionWithTwoEquals() {
        let output = parseRedirects("/a /b 302 Country=us=ca")
        #expect(output.rules.map(\.conditions) == [RedirectConditions(country: ["us"])])
        #expect(codeLines(output.findings) == ["REDIRECT_CONDITION_INVALID@1"])
        #expect(output.findings.first?.severity == .error)
    }

    @Test("a condition without a value is ignored, so the rule applies to everyone, and is reported")
    func conditionWithoutValue() {
        let output = parseRedirects("/a /b 302 Country")
        #expect(output.rules.count == 1)
        #expect(output.rules.first?.conditions.isEmpty == true)
        #expect(codeLines(output.findings) == ["REDIRECT_CONDITION_INVALID@1"])
    }

    @Test("an unknown condition name is reported and ignored")
    func unknownCondition() {
        let output = parseRedirects("/a /b 302 Planet=mars")
        #expect(output.rules.first?.conditions.isEmpty == true)
        #expect(codes(output.findings) == [.redirectConditionInvalid])
    }

    // MARK: Lines Netlify drops

    @Test(
        "lines Netlify drops are reported as REDIRECT_SYNTAX and left out",
        arguments: [
            "/no-destination",
            "/blog blog.html",
            "/a /b abc",
            "/.netlify/functions/x /y 200",
            "/.netlify /y",
            "https://example.com/.netlify/x /y",
            "https://:80/x /y",
            "http:// /to",
            "https://exa%mple.com/x /y",
            "https://example.com:99999/x /y",
            "old-path /new-path",
        ]
    )
    func droppedLines(line: String) {
        let output = parseRedirects("/keep /kept\n\(line)\n/also /kept")
        #expect(output.rules.map(\.from) == ["/keep", "/also"])
        #expect(codeLines(output.findings) == ["REDIRECT_SYNTAX@2"])
        #expect(output.findings.first?.severity == .error)
        #expect(output.findings.first?.file == "_redirects")
    }

    @Test("a destination with a space in it: the first part becomes a query pair, the rest is the destination")
    func spaceInDestination() {
        // Netlify reads `my` as a query token without a value (which requires nothing), `/page` as `to`.
        let output = parseRedirects("/a my /page")
        #expect(summaries(output.rules) == [RuleSummary(from: "/a", to: "/page")])
        #expect(codeLines(output.findings) == ["REDIRECT_CONDITION_INVALID@1"])
    }

    // MARK: Domain-level rules and URLs

    @Test("an absolute `from` splits into scheme, host and path")
    func domainLevelFrom() throws {
        let output = parseRedirects("http://Hello.BitBalloon.com/*  http://www.hello.com/:splat  301!")
        let rule = try #require(output.rules.first)
        #expect(rule.scheme == "http")
        #expect(rule.host == "hello.bitballoon.com")
        #expect(rule.pattern == PathPattern("/*"))
        #expect(rule.to == "http://www.hello.com/:splat")
        #expect(rule.force)
    }

    @Test("a 200 rule to an absolute URL is a proxy; a 301 to one is not")
    func proxyFlag() {
        let output = parseRedirects("/api/* https://api.example.com/:splat 200\n/old https://example.com/new 301")
        #expect(output.rules.map(\.isProxy) == [true, false])
        #expect(output.rules.map(\.targetIsURL) == [true, true])
    }

    // MARK: Encoding and garbage

    @Test("invalid UTF-8 is reported as FILE_ENCODING_INVALID on its line, and parsing goes on")
    func invalidUTF8() {
        var bytes = Array("/a /b 301\n/c ".utf8)
        bytes += [0xFF, 0xFE, 0xC3]
        bytes += Array(" /d\n/e /f\n".utf8)
        let output = RedirectsFileParser().parse(TextFile(displayPath: "_redirects", bytes: bytes))
        #expect(output.findings.first?.code == .fileEncodingInvalid)
        #expect(output.findings.first?.line == 2)
        #expect(output.rules.map(\.from) == ["/a", "/c", "/e"])
        #expect(output.rules.last?.source.line == 3)
    }

    @Test("binary bytes give findings, never a crash, and every kept rule is well-formed")
    func binaryInput() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<20 {
            let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let output = RedirectsFileParser().parse(TextFile(displayPath: "_redirects", bytes: bytes))
            #expect(output.findings.contains { $0.code == .fileEncodingInvalid })
            for rule in output.rules {
                #expect(rule.from.hasPrefix("/") || RedirectRule.isURL(rule.from))
                #expect(!rule.from.hasPrefix("/.netlify"))
            }
        }
    }

    @Test("NUL bytes in a line do not hide the rules around them")
    func nulBytes() {
        let output = parseRedirects("/a /b\n\u{0}\u{0}\u{0}\n/c /d")
        #expect(output.rules.map(\.from) == ["/a", "/c"])
        #expect(codeLines(output.findings) == ["REDIRECT_SYNTAX@2"])
    }

    @Test("a 1 MB line is parsed, and findings about it stay short")
    func megabyteLine() {
        let huge = String(repeating: "x", count: 1 << 20)
        let output = parseRedirects("/a \(huge)\n/long /\(huge)\n/b /c")
        #expect(output.rules.map(\.from) == ["/long", "/b"])
        #expect(output.rules.first?.to.utf8.count == (1 << 20) + 1)
        #expect(codeLines(output.findings) == ["REDIRECT_SYNTAX@1"])
        #expect(output.findings.allSatisfy { $0.message.count < 400 && ($0.fix?.count ?? 0) < 400 })
    }

    @Test("an empty file has no rules and no findings")
    func emptyFile() {
        let output = parseRedirects("")
        #expect(output.rules.isEmpty)
        #expect(output.findings.isEmpty)
    }
}

/// A small deterministic generator, so that garbage tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
