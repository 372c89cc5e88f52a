import PlatformModels
import Testing

@Suite("netlify.toml")
struct NetlifyConfigTests {
    // MARK: [build] and [context.*]

    static let contexts = """
        [build]
          base = "site"
          publish = "dist"
          command = "make build"
          ignore = "git diff --quiet HEAD^ HEAD ."
          functions = "netlify/functions"
          edge_functions = "netlify/edge-functions"
          [build.environment]
            NODE_VERSION = "20"
            MODE = "build"
            RETRIES = 3

        [context.production]
          command = "make production"
          environment = { MODE = "production" }

        [context.deploy-preview]
          publish = "preview"

        [context.branch-deploy]
          command = "make branch"

        [context.feature-x]
          command = "make feature-x"
          environment = { EXTRA = "yes" }
        """

    @Test("[build] settings are read, environment values included")
    func build() {
        let config = parseConfig(Self.contexts)
        #expect(config.isValidTOML)
        #expect(
            config.build
                == BuildSettings(
                    base: "site",
                    publish: "dist",
                    command: "make build",
                    ignore: "git diff --quiet HEAD^ HEAD .",
                    functions: "netlify/functions",
                    edgeFunctions: "netlify/edge-functions",
                    environment: ["NODE_VERSION": "20", "MODE": "build", "RETRIES": "3"]
                )
        )
        #expect(config.findings.isEmpty)
        #expect(config.line(ofKey: "publish") == 3)
        #expect(config.line(ofKey: "publish", context: "deploy-preview") == 18)
        #expect(config.line(ofKey: "command", context: "deploy-preview") == 4)
    }

    @Test(
        "settings(context:branch:) merges [build], then the deploy context, then the branch's context",
        arguments: [
            ("production", nil, "make production", "dist", ["NODE_VERSION": "20", "MODE": "production", "RETRIES": "3"]),
            ("deploy-preview", nil, "make build", "preview", ["NODE_VERSION": "20", "MODE": "build", "RETRIES": "3"]),
            ("branch-deploy", nil, "make branch", "dist", ["NODE_VERSION": "20", "MODE": "build", "RETRIES": "3"]),
            ("branch-deploy", "feature-x", "make feature-x", "dist", ["NODE_VERSION": "20", "MODE": "build", "RETRIES": "3", "EXTRA": "yes"]),
            ("branch-deploy", "other", "make branch", "dist", ["NODE_VERSION": "20", "MODE": "build", "RETRIES": "3"]),
            ("dev", nil, "make build", "dist", ["NODE_VERSION": "20", "MODE": "build", "RETRIES": "3"]),
        ] as [(String, String?, String, String, [String: String])]
    )
    func contextMerge(context: String, branch: String?, command: String, publish: String, environment: [String: String]) {
        let settings = parseConfig(Self.contexts).settings(context: context, branch: branch)
        #expect(settings.command == command)
        #expect(settings.publish == publish)
        #expect(settings.base == "site")
        #expect(settings.environment == environment)
    }

    @Test("a branch context wins over the production context for the production branch")
    func branchContextOverProduction() {
        let config = parseConfig(
            """
            [build]
              command = "a"
            [context.production]
              command = "b"
            [context.main]
              command = "c"
            """
        )
        #expect(config.settings(context: "production", branch: "main").command == "c")
        #expect(config.settings(context: "production").command == "b")
        #expect(config.contexts.keys.sorted() == ["main", "production"])
    }

    @Test("unknown keys and wrong types are reported as CONFIG_UNKNOWN_KEY with their line")
    func unknownKeys() {
        let config = parseConfig(
            """
            [build]
              publish = 3
              pubish = "dist"
            [something]
              x = 1
            """
        )
        #expect(config.build.publish == nil)
        #expect(Set(codeLines(config.findings)) == ["CONFIG_UNKNOWN_KEY@2", "CONFIG_UNKNOWN_KEY@3", "CONFIG_UNKNOWN_KEY@4"])
    }

    // MARK: [[plugins]]

    @Test("[[plugins]] are read and reported as CONFIG_PLUGIN at their header line")
    func plugins() {
        let config = parseConfig(
            """
            [build]
              publish = "dist"

            [[plugins]]
              package = "@netlify/plugin-lighthouse"
              [plugins.inputs]
                output_path = "reports"

            [[plugins]]
              package = "./plugins/local"
            """
        )
        #expect(config.plugins.map(\.package) == ["@netlify/plugin-lighthouse", "./plugins/local"])
        #expect(config.plugins.map(\.line) == [4, 9])
        #expect(codeLines(config.findings) == ["CONFIG_PLUGIN@4", "CONFIG_PLUGIN@9"])
        #expect(config.findings.allSatisfy { $0.severity == .info })
    }

    // MARK: [[redirects]]

    @Test("[[redirects]] with every field")
    func redirectEveryField() throws {
        let config = parseConfig(
            """
            [[redirects]]
              from = "/old-path"
              to = "/new-path"
              status = 302
              force = true
              query = {path = ":path"}
              conditions = {Language = ["en"], Country = ["US"], Role = ["admin"], Cookie = ["beta"]}
              headers = {X-From = "Netlify"}
              signed = "API_SIGNATURE_TOKEN"
            """
        )
        let rule = try #require(config.redirects.first)
        #expect(
            RuleSummary(rule)
                == RuleSummary(
                    from: "/old-path",
                    to: "/new-path",
                    status: 302,
                    force: true,
                    query: ["path": ":path"],
                    conditions: .init(country: ["US"], language: ["en"], role: ["admin"], cookie: ["beta"]),
                    signed: "API_SIGNATURE_TOKEN"
                )
        )
        #expect(rule.headers == ["X-From": "Netlify"])
        #expect(rule.source == RuleSource(kind: .netlifyTOML, displayPath: "netlify.toml", line: 1))
        #expect(config.findings.isEmpty)
    }

    @Test("status defaults to 301 and force to false")
    func redirectDefaults() throws {
        let rule = try #require(parseConfig("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"").redirects.first)
        #expect(rule.status == 301)
        #expect(!rule.force)
    }

    @Test(
        "legacy aliases: origin, destination, params, parameters, sign, signing",
        arguments: [
            ("origin = \"/old\"\nto = \"/new\"", RuleSummary(from: "/old", to: "/new")),
            ("from = \"/old\"\ndestination = \"/new\"", RuleSummary(from: "/old", to: "/new")),
            ("from = \"/old\"\nto = \"/new\"\nparams = {path = \":path\"}", RuleSummary(from: "/old", to: "/new", query: ["path": ":path"])),
            ("from = \"/old\"\nto = \"/new\"\nparameters = {path = \":path\"}", RuleSummary(from: "/old", to: "/new", query: ["path": ":path"])),
            ("from = \"/old\"\nto = \"/new\"\nsign = \"api_key\"", RuleSummary(from: "/old", to: "/new", signed: "api_key")),
            ("from = \"/old\"\nto = \"/new\"\nsigning = \"api_key\"", RuleSummary(from: "/old", to: "/new", signed: "api_key")),
        ]
    )
    func legacyAliases(body: String, expected: RuleSummary) {
        let config = parseConfig("[[redirects]]\n" + body)
        #expect(summaries(config.redirects) == [expected])
        #expect(config.findings.isEmpty)
    }

    @Test("the current name wins over its legacy alias")
    func currentNameWins() {
        let config = parseConfig(
            """
            [[redirects]]
              from = "/from"
              origin = "/origin"
              to = "/to"
              destination = "/destination"
              query = {a = "1"}
              params = {b = "2"}
              parameters = {c = "3"}
              signed = "S1"
              signing = "S2"
              sign = "S3"
            """
        )
        #expect(summaries(config.redirects) == [RuleSummary(from: "/from", to: "/to", query: ["a": "1"], signed: "S1")])
    }

    @Test("status = \"301!\" is read as 301 and NOT forced, and is reported")
    func bangInStatusStringIsNotForce() throws {
        let config = parseConfig("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = \"301!\"")
        let rule = try #require(config.redirects.first)
        #expect(rule.status == 301)
        #expect(!rule.force)
        #expect(codeLines(config.findings) == ["REDIRECT_FORCE_DETACHED@4"])
    }

    @Test("a numeric status string is read as the number")
    func statusString() {
        let config = parseConfig("[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nstatus = \"200\"")
        #expect(config.redirects.map(\.status) == [200])
        #expect(config.findings.isEmpty)
    }

    @Test(
        "entries Netlify drops are REDIRECT_SYNTAX and absent",
        arguments: [
            "to = \"/b\"",
            "from = \"/a\"",
            "from = 3\nto = \"/b\"",
            "from = \"/a\"\nto = 3",
            "from = \"/a\"\nto = \"/b\"\nstatus = \"\"",
            "from = \"/a\"\nto = \"/b\"\nstatus = \"not_a_status\"",
            "from = \"/a\"\nto = \"/b\"\nstatus = true",
            "from = \"/a/*\"\nstatus = 301",
            "from = \"http://\"\nto = \"http://www.example.com/new-path\"",
            "from = \"https://:80/x\"\nto = \"/y\"",
            "from = \"/.netlify/functions/x\"\nto = \"/y\"",
            "from = \"https://example.com/.netlify/x\"\nto = \"/y\"",
            "from = \"/a\"\nto = \"/b\"\nheaders = \"X-A: 1\"",
            "from = \"/old-path\"\nto = \"/new-path\"\n[[redirects.headers]]\nexample = \"value\"",
        ]
    )
    func droppedEntries(body: String) {
        let config = parseConfig("[[redirects]]\nfrom = \"/keep\"\nto = \"/kept\"\n\n[[redirects]]\n" + body)
        #expect(config.redirects.map(\.from) == ["/keep"])
        #expect(codes(config.findings) == [.redirectSyntax])
        #expect(config.findings.first?.line.map { $0 >= 5 } == true)
    }

    @Test("`[redirects]` as a table, or an array of strings, is reported and yields no rule")
    func redirectsWrongShape() {
        let table = parseConfig("[redirects]\n  from = \"/old-path\"")
        #expect(table.redirects.isEmpty)
        #expect(codes(table.findings) == [.configUnknownKey])
        let strings = parseConfig("redirects = [\"/old-path\"]")
        #expect(strings.redirects.isEmpty)
        #expect(codes(strings.findings) == [.redirectSyntax])
    }

    @Test("a forward rule in netlify.toml gets `to = from/:splat`")
    func forward() {
        let config = parseConfig("[[redirects]]\nfrom = \"/old-path/*\"\nstatus = 200")
        #expect(summaries(config.redirects) == [RuleSummary(from: "/old-path/*", to: "/old-path/:splat", status: 200)])
    }

    @Test("a status outside HTTP's range is kept, as Netlify's parser keeps it")
    func highStatusKept() {
        let config = parseConfig("[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nstatus = 2000")
        #expect(config.redirects.map(\.status) == [2000])
    }

    @Test("conditions as strings are comma lists; case-insensitive names; unknown names reported")
    func conditionForms() {
        let config = parseConfig(
            """
            [[redirects]]
              from = "/a"
              to = "/b"
              conditions = {country = "us, ca", language = ["en", "fr"], role = "admin", Planet = "mars"}
            """
        )
        #expect(config.redirects.map(\.conditions) == [RedirectConditions(country: ["us", "ca"], language: ["en", "fr"], role: ["admin"])])
        #expect(codes(config.findings) == [.redirectConditionInvalid])
    }

    @Test("each rule's line is its own [[redirects]] header")
    func ruleLines() {
        let config = parseConfig(
            """
            # comment
            [[redirects]]
              from = "/a"
              to = "/b"

            [[redirects]]
              from = "/c"
              to = "/d"
            """
        )
        #expect(config.redirects.map(\.source.line) == [2, 6])
    }

    @Test("a domain-level `from` in netlify.toml")
    func fromURL() throws {
        let config = parseConfig(
            "[[redirects]]\nfrom = \"http://www.example.com/old-path\"\nto = \"http://www.example.com/new-path\""
        )
        let rule = try #require(config.redirects.first)
        #expect(rule.scheme == "http")
        #expect(rule.host == "www.example.com")
        #expect(rule.pattern == PathPattern("/old-path"))
    }

    // MARK: [[headers]]

    @Test("[[headers]] rules: for, values, arrays and multi-line values joined with \", \"")
    func headers() {
        let config = parseConfig(
            """
            [[headers]]
              for = "  /path  "
              [headers.values]
                " test " = "  one  "
                X-Array = ["one ", " two"]
                cache-control = '''
                max-age=0,
                no-cache,
                no-store,
                must-revalidate'''

            [[headers]]
              for = "path"
              values = {test = "one"}

            [[headers]]
              for = "/undefined-values"
            """
        )
        #expect(config.headers.map(\.forPath) == ["/path", "path"])
        #expect(
            config.headers.first?.values == [
                .init(name: "test", value: "one"), .init(name: "X-Array", value: "one, two"),
                .init(name: "cache-control", value: "max-age=0, no-cache, no-store, must-revalidate"),
            ]
        )
        #expect(config.headers.map(\.source.line) == [1, 12])
        #expect(config.headers.map(\.source.kind) == [.netlifyTOML, .netlifyTOML])
        #expect(config.headers.last?.pattern.matches("/path") == true)
        #expect(config.findings.isEmpty)
    }

    @Test(
        "invalid [[headers]] entries are reported as HEADERS_SYNTAX and dropped",
        arguments: [
            "for = 3\nvalues = {test = \"one\"}",
            "values = {test = \"one\"}",
            "for = \"/path\"\nvalues = \"test\"",
            "for = \"/path\"\nvalues = {\"\" = \"one\"}",
            "for = \"/path\"\nvalues = {test = 3}",
            "for = \"/path\"\nvalues = {test = [\"one\", 2]}",
        ]
    )
    func invalidHeaders(body: String) {
        let config = parseConfig("[[headers]]\nfor = \"/ok\"\nvalues = {X-Ok = \"1\"}\n\n[[headers]]\n" + body)
        #expect(config.headers.map(\.forPath) == ["/ok"])
        #expect(codeLines(config.findings) == ["HEADERS_SYNTAX@5"])
    }

    // MARK: Syntax errors and garbage

    @Test("invalid TOML is CONFIG_TOML_SYNTAX with line and column, and leaves an empty configuration")
    func syntaxError() throws {
        let config = parseConfig(
            """
            [build]
              publish = "dist"
              command = "unterminated
            [[redirects]]
              from = "/a"
              to = "/b"
            """
        )
        #expect(!config.isValidTOML)
        #expect(config.redirects.isEmpty)
        #expect(config.build == BuildSettings())
        let finding = try #require(config.findings.first)
        #expect(finding.code == .configTOMLSyntax)
        #expect(finding.severity == .error)
        #expect(finding.line == 3)
        #expect(finding.message.contains("column"))
        #expect(finding.fix?.contains("line 3, column") == true)
    }

    @Test("a duplicate key is a TOML error")
    func duplicateKey() {
        let config = parseConfig("[build]\npublish = \"a\"\npublish = \"b\"")
        #expect(codeLines(config.findings) == ["CONFIG_TOML_SYNTAX@3"])
    }

    @Test("10,000 nested arrays give CONFIG_TOML_SYNTAX, not a crash")
    func deeplyNestedArrays() throws {
        let config = parseConfig("x = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
        let finding = try #require(config.findings.first)
        #expect(finding.code == .configTOMLSyntax)
        #expect(finding.line == 1)
        #expect(finding.message.contains("column"))
    }

    @Test("10,000 `[` alone give CONFIG_TOML_SYNTAX, not a crash")
    func unbalancedBrackets() {
        let config = parseConfig(String(repeating: "[", count: 10_000))
        #expect(codeLines(config.findings) == ["CONFIG_TOML_SYNTAX@1"])
    }

    @Test("10,000 nested inline tables give CONFIG_TOML_SYNTAX, not a crash")
    func deeplyNestedInlineTables() {
        let config = parseConfig("x = " + String(repeating: "{a = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000))
        #expect(codeLines(config.findings) == ["CONFIG_TOML_SYNTAX@1"])
    }

    @Test(
        "input that would abort TOMLKit is CONFIG_TOML_SYNTAX at its line and column",
        arguments: [
            ("[[[", 1, 3), ("[!x]\n", 1, 2), ("a = 1\n[\nb = 2", 2, 2), ("[[ !x]]", 1, 4), ("[\t{]", 1, 3), ("x = 1\n  [[\u{E9}]]", 2, 5),
            ("a = [1,\n2]\n[*]", 3, 2), ("a = [}]", 1, 6), ("a = [1,\n  }]", 2, 3), ("a = [{b = [}]}]", 1, 12), ("\u{FEFF}\u{FEFF}[.", 1, 2),
            ("a = 1979-05-27T_:", 1, 16), ("a = [1,\n 1979-05-27tx:00]", 2, 13),
        ]
    )
    func inputThatAbortsTOMLKit(text: String, line: Int, column: Int) throws {
        let config = parseConfig(text)
        #expect(!config.isValidTOML)
        let finding = try #require(config.findings.first)
        #expect(finding.code == .configTOMLSyntax)
        #expect(finding.line == line)
        #expect(finding.message.contains("column \(column)"))
    }

    @Test(
        "valid TOML that only looks like what aborts TOMLKit parses normally",
        arguments: [
            "x = [\n  [ {a = 1} ],\n  [[1]],\n]\n[t]",
            "s = '''\n[!not a header\n'''\n[t]",
            "s = \"\"\"\n[!x\"\"\"\n[t]",
            "s = \"\"\"a\\\"\"\"\n[!x\"\"\"",
            "s = \"\"\"a\"\"\"\"\"\n[t]",
            "# [!comment\n[ok]",
            "[ \"quoted key\" ]\nx = 1",
            "s = \"a#b[\" # c [\n[t]",
            "[a.\"b]c\"]\n[d]",
            "x = [{a = [1]}, {b = \"}\"}]\n[t]",
            "1979-05-27Tx = 1\n[1979-05-27T_]\nd = 1979-05-27T07:32:00Z\ne = [1979-05-27 07:32:00]",
        ]
    )
    func validLookalikes(text: String) {
        let config = parseConfig(text)
        #expect(config.isValidTOML, "\(config.findings.map(\.message))")
    }

    @Test("random TOML-like token soup never crashes the parser")
    func fuzz() {
        let tokens = [
            "[", "]", "[[", "]]", "{", "}", "=", "\"", "'", "\"\"\"", "'''", "#", "\n", " ", "a", "1", ".", ",", "!", "\\", "\u{E9}",
            "\t", "\r\n", "redirects", "from", "true", "1979-05-27", "+", "*", "\u{0}", "-", "0x", "inf", "nan", ":", "T", "e",
            "_", "\\u", "\u{FEFF}", "\u{7F}", "\r", "\u{C}",
        ]
        var generator = SplitMix64(seed: 17)
        var valid = 0
        for _ in 0..<3_000 {
            let count = Int(generator.next() % 60) + 1
            let prefixes = ["", "a = [", "[[redirects]]\n", "a = {", "s = \"\"\"", "[t]\nk = "]
            let text = prefixes[Int(generator.next() % 6)] + (0..<count).map { _ in tokens[Int(generator.next() % UInt64(tokens.count))] }.joined()
            let config = parseConfig(text)
            if config.isValidTOML { valid += 1 } else { #expect(codes(config.findings).contains(.configTOMLSyntax)) }
        }
        #expect(valid > 0)
    }

    @Test("random edits of a valid netlify.toml never crash the parser")
    func mutationFuzz() {
        let base =
            Array(NetlifyConfigTests.contexts.unicodeScalars)
            + Array("\n[[redirects]]\nfrom = \"/a\"\nto = [1, {a = 2}, 1979-05-27T07:32:00Z, 0x1F, 1e3, 'lit', \"\"\"m\nl\"\"\"]\n".unicodeScalars)
        let alphabet = Array("[]{}=\"'#\n\t ,.:-+_0123456789TtZzexob\\!*é\u{0}\r".unicodeScalars)
        var generator = SplitMix64(seed: 98)
        for _ in 0..<2_000 {
            var scalars = base
            for _ in 0..<Int(generator.next() % 4 + 1) {
                let position = Int(generator.next() % UInt64(scalars.count))
                let replacement = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                switch generator.next() % 3 {
                case 0: scalars[position] = replacement
                case 1: scalars.insert(replacement, at: position)
                default: scalars.remove(at: position)
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            let config = parseConfig(text)
            #expect(config.isValidTOML || codes(config.findings).contains(.configTOMLSyntax))
        }
    }

    @Test("a 10,000-deep dotted table header is valid TOML and does not crash")
    func deeplyDottedTable() {
        let config = parseConfig("[" + Array(repeating: "a", count: 10_000).joined(separator: ".") + "]\nx = 1")
        #expect(config.isValidTOML)
        #expect(codes(config.findings) == [.configUnknownKey])
    }

    @Test("binary bytes and invalid UTF-8 are reported, never a crash")
    func garbage() {
        var generator = SplitMix64(seed: 3)
        let bytes = (0..<8192).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let binary = NetlifyConfig.parse(TextFile(displayPath: "netlify.toml", bytes: bytes))
        #expect(binary.findings.contains { $0.code == .fileEncodingInvalid })
        #expect(binary.findings.contains { $0.code == .configTOMLSyntax })

        let invalid = NetlifyConfig.parse(
            TextFile(displayPath: "netlify.toml", bytes: Array("[build]\npublish = \"".utf8) + [0xFF] + Array("\"\n".utf8))
        )
        #expect(codeLines(invalid.findings).first == "FILE_ENCODING_INVALID@2")
    }

    @Test("a 1 MB value parses")
    func megabyteValue() {
        let huge = String(repeating: "x", count: 1 << 20)
        let config = parseConfig("[build]\ncommand = \"\(huge)\"")
        #expect(config.build.command?.count == 1 << 20)
    }

    @Test("CRLF line endings keep line numbers right")
    func crlfLines() {
        let config = parseConfig("[build]\r\n  publish = \"dist\"\r\n\r\n[[plugins]]\r\n  package = \"p\"\r\n")
        #expect(config.build.publish == "dist")
        #expect(config.line(ofKey: "publish") == 2)
        #expect(config.plugins.map(\.line) == [4])
    }

    @Test("an empty file is an empty, valid configuration")
    func empty() {
        let config = parseConfig("")
        #expect(config.isValidTOML)
        #expect(config.findings.isEmpty)
        #expect(config.redirects.isEmpty && config.headers.isEmpty && config.plugins.isEmpty)
    }
}
