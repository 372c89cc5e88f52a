import PlatformModels
import Testing

/// Netlify's own parser fixtures (netlify/build `packages/redirect-parser/tests` and
/// `packages/headers-parser/tests`), rewritten as inline data: each case carries the fixture's name, its
/// text, and what Netlify's parser keeps or rejects.
@Suite("Netlify's documented parser cases")
struct NetlifyParserFixtureTests {
    struct Fixture<Expected: Sendable>: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: Expected
        var testDescription: String { name }
        init(_ name: String, _ text: String, _ expected: Expected) {
            self.name = name
            self.text = text
            self.expected = expected
        }
    }

    // MARK: redirect-parser: _redirects

    static let redirectsFileCases: [Fixture<[RuleSummary]>] = [
        Fixture("empty", "", []),
        Fixture(
            "empty_line",
            "/blog/my-post.php /blog/my-post\n\n/blog/my-post-two.php /blog/my-post-two\n",
            [RuleSummary(from: "/blog/my-post.php", to: "/blog/my-post"), RuleSummary(from: "/blog/my-post-two.php", to: "/blog/my-post-two")]
        ),
        Fixture(
            "multiple_lines",
            "/10thmagnitude  http://www.10thmagnitude.com/  301\n/bananastand    http://eepurl.com/Lgde5         301\n",
            [
                RuleSummary(from: "/10thmagnitude", to: "http://www.10thmagnitude.com/"),
                RuleSummary(from: "/bananastand", to: "http://eepurl.com/Lgde5"),
            ]
        ),
        Fixture("line_trim", "  /home              /\n", [RuleSummary(from: "/home", to: "/")]),
        Fixture(
            "comment_full",
            "# my comment\n/blog/my-post.php /blog/my-post\n",
            [RuleSummary(from: "/blog/my-post.php", to: "/blog/my-post")]
        ),
        Fixture(
            "comment_inline",
            "/blog/my-post.php  /blog/my-post # this is just an old leftover\n",
            [RuleSummary(from: "/blog/my-post.php", to: "/blog/my-post")]
        ),
        Fixture("from_simple", "/home /\n", [RuleSummary(from: "/home", to: "/")]),
        Fixture(
            "from_absolute_uri",
            "http://hello.bitballoon.com/* http://www.hello.com/:splat\n",
            [RuleSummary(from: "http://hello.bitballoon.com/*", to: "http://www.hello.com/:splat")]
        ),
        Fixture(
            "query",
            "/      page=news      /news\n/blog  post=:post_id  /blog/:post_id\n/      _escaped_fragment_=/about    /about\n",
            [
                RuleSummary(from: "/", to: "/news", query: ["page": "news"]),
                RuleSummary(from: "/blog", to: "/blog/:post_id", query: ["post": ":post_id"]),
                RuleSummary(from: "/", to: "/about", query: ["_escaped_fragment_": "/about"]),
            ]
        ),
        Fixture(
            "to_anchor",
            "/blog/my-post-ads.php  /blog/my-post#ads\n",
            [RuleSummary(from: "/blog/my-post-ads.php", to: "/blog/my-post#ads")]
        ),
        Fixture(
            "to_splat_no_force",
            "/*  https://www.bitballoon.com/:splat  301\n",
            [RuleSummary(from: "/*", to: "https://www.bitballoon.com/:splat")]
        ),
        Fixture(
            "to_splat_force",
            "/*  https://www.bitballoon.com/:splat  301!\n",
            [RuleSummary(from: "/*", to: "https://www.bitballoon.com/:splat", force: true)]
        ),
        Fixture(
            "to_path_forward",
            "/admin/* 200\n/admin/* 200!\n",
            [
                RuleSummary(from: "/admin/*", to: "/admin/:splat", status: 200),
                RuleSummary(from: "/admin/*", to: "/admin/:splat", status: 200, force: true),
            ]
        ),
        Fixture(
            "proxy",
            "/api/*  https://api.bitballoon.com/*  200\n",
            [RuleSummary(from: "/api/*", to: "https://api.bitballoon.com/*", status: 200)]
        ),
        Fixture(
            "status",
            "/test https://www.bitballoon.com/test=hello 301\n",
            [RuleSummary(from: "/test", to: "https://www.bitballoon.com/test=hello")]
        ),
        Fixture(
            "status_force",
            "/test https://www.bitballoon.com/test=hello 301!\n",
            [RuleSummary(from: "/test", to: "https://www.bitballoon.com/test=hello", force: true)]
        ),
        Fixture(
            "conditions_country",
            "/  /china 302 Country=ch,tw\n",
            [RuleSummary(from: "/", to: "/china", status: 302, conditions: .init(country: ["ch", "tw"]))]
        ),
        Fixture(
            "conditions_country_language",
            "/  /china 302 Country=il Language=en\n",
            [RuleSummary(from: "/", to: "/china", status: 302, conditions: .init(country: ["il"], language: ["en"]))]
        ),
        Fixture(
            "conditions_role",
            "/admin/*  /admin/:splat  200  Role=admin\n",
            [RuleSummary(from: "/admin/*", to: "/admin/:splat", status: 200, conditions: .init(role: ["admin"]))]
        ),
        Fixture(
            "conditions_roles",
            "/member/*  /member/:splat  200  Role=admin,member\n",
            [RuleSummary(from: "/member/*", to: "/member/:splat", status: 200, conditions: .init(role: ["admin", "member"]))]
        ),
        Fixture(
            "conditions_query",
            "/donate source=:source email=:email /donate/usa?source=:source&email=:email 302 Country=us\n",
            [
                RuleSummary(
                    from: "/donate",
                    to: "/donate/usa?source=:source&email=:email",
                    status: 302,
                    query: ["source": ":source", "email": ":email"],
                    conditions: .init(country: ["us"])
                )
            ]
        ),
        Fixture(
            "conditions_country_case",
            "/old-path /new-path 200 country=US\n",
            [RuleSummary(from: "/old-path", to: "/new-path", status: 200, conditions: .init(country: ["US"]))]
        ),
        Fixture(
            "conditions_language_case",
            "/old-path /new-path 200 language=en\n",
            [RuleSummary(from: "/old-path", to: "/new-path", status: 200, conditions: .init(language: ["en"]))]
        ),
        Fixture(
            "conditions_role_case",
            "/old-path /new-path 200 role=admin\n",
            [RuleSummary(from: "/old-path", to: "/new-path", status: 200, conditions: .init(role: ["admin"]))]
        ),
        Fixture(
            "signed",
            "/api/*   https://api.example.com/:splat   200!  Sign=API_SECRET\n",
            [RuleSummary(from: "/api/*", to: "https://api.example.com/:splat", status: 200, force: true, signed: "API_SECRET")]
        ),
        Fixture(
            "signed_backward_compat",
            "/api/*   https://api.example.com/:splat   200!  signed=API_SECRET\n",
            [RuleSummary(from: "/api/*", to: "https://api.example.com/:splat", status: 200, force: true, signed: "API_SECRET")]
        ),
    ]

    @Test("Parses _redirects", arguments: redirectsFileCases)
    func parsesRedirectsFile(fixture: Fixture<[RuleSummary]>) {
        let output = parseRedirects(fixture.text)
        #expect(summaries(output.rules) == fixture.expected)
        #expect(output.findings.isEmpty)
    }

    @Test("Parses _redirects | from_absolute_uri splits scheme, host and path; proxy is a proxy")
    func absoluteURIAndProxyDetails() {
        let uri = parseRedirects("http://hello.bitballoon.com/* http://www.hello.com/:splat\n").rules
        #expect(uri.map(\.scheme) == ["http"])
        #expect(uri.map(\.host) == ["hello.bitballoon.com"])
        #expect(uri.map(\.pattern) == [PathPattern("/*")])
        #expect(parseRedirects("/api/*  https://api.bitballoon.com/*  200\n").rules.map(\.isProxy) == [true])
    }

    /// Netlify rejects these; each is kept out of the rules and reported as REDIRECT_SYNTAX on its line(s).
    static let redirectsFileErrors: [Fixture<[String]>] = [
        Fixture("invalid_url", "http:// /to\n", ["REDIRECT_SYNTAX@1"]),
        Fixture("invalid_dot_netlify_url", "https://example.com/.netlify/x /to\n", ["REDIRECT_SYNTAX@1"]),
        Fixture("invalid_dot_netlify_path", "/.netlify/x /to\n", ["REDIRECT_SYNTAX@1"]),
        Fixture("invalid_status", "/from /to not_a_status\n", ["REDIRECT_SYNTAX@1"]),
        Fixture("invalid_no_to_no_status", "/from\n", ["REDIRECT_SYNTAX@1"]),
        Fixture("invalid_no_to_status", "/swfobject.html?detectflash=false 301\n", ["REDIRECT_SYNTAX@1"]),
        Fixture("invalid_no_to_query", "/m/scge/legal source=:source\n", ["REDIRECT_SYNTAX@1"]),
        Fixture(
            "invalid_no_slash",
            "/\tindex.html\n/blog\tblog.html\n/trt-therapy-san-diego\ttrt-therapy-san-diego.html\n",
            ["REDIRECT_SYNTAX@1", "REDIRECT_SYNTAX@2", "REDIRECT_SYNTAX@3"]
        ),
        Fixture(
            "invalid_mistaken_headers",
            "# Protect backups with Basic Auth\n/backup/*\n    Basic-Auth: dev@terraeclipse.com:nud-feud-contour\n",
            ["REDIRECT_SYNTAX@2", "REDIRECT_SYNTAX@3"]
        ),
    ]

    @Test("Validate syntax errors in _redirects", arguments: redirectsFileErrors)
    func redirectsFileSyntaxErrors(fixture: Fixture<[String]>) {
        let output = parseRedirects(fixture.text)
        #expect(output.rules.isEmpty)
        #expect(codeLines(output.findings) == fixture.expected)
    }

    // MARK: redirect-parser: netlify.toml

    static let configCases: [Fixture<[RuleSummary]>] = [
        Fixture("empty", "", []),
        Fixture(
            "backward_compat_origin",
            "[[redirects]]\norigin = \"/old-path\"\nto = \"/new-path\"",
            [RuleSummary(from: "/old-path", to: "/new-path")]
        ),
        Fixture(
            "backward_compat_destination",
            "[[redirects]]\nfrom = \"/old-path\"\ndestination = \"/new-path\"",
            [RuleSummary(from: "/old-path", to: "/new-path")]
        ),
        Fixture(
            "backward_compat_params",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nparams = {path = \":path\"}",
            [RuleSummary(from: "/old-path", to: "/new-path", query: ["path": ":path"])]
        ),
        Fixture(
            "backward_compat_parameters",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nparameters = {path = \":path\"}",
            [RuleSummary(from: "/old-path", to: "/new-path", query: ["path": ":path"])]
        ),
        Fixture(
            "backward_compat_sign",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nsign = \"api_key\"",
            [RuleSummary(from: "/old-path", to: "/new-path", signed: "api_key")]
        ),
        Fixture(
            "backward_compat_signing",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nsigning = \"api_key\"",
            [RuleSummary(from: "/old-path", to: "/new-path", signed: "api_key")]
        ),
        Fixture("from_simple", "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"", [RuleSummary(from: "/old-path", to: "/new-path")]),
        Fixture(
            "from_url",
            "[[redirects]]\nfrom = \"http://www.example.com/old-path\"\nto = \"http://www.example.com/new-path\"",
            [RuleSummary(from: "http://www.example.com/old-path", to: "http://www.example.com/new-path")]
        ),
        Fixture(
            "status_string",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nstatus = \"200\"",
            [RuleSummary(from: "/old-path", to: "/new-path", status: 200)]
        ),
        Fixture(
            "from_forward",
            "[[redirects]]\nfrom = \"/old-path/*\"\nstatus = 200",
            [RuleSummary(from: "/old-path/*", to: "/old-path/:splat", status: 200)]
        ),
        Fixture(
            "query",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nquery = {path = \":path\"}",
            [RuleSummary(from: "/old-path", to: "/new-path", query: ["path": ":path"])]
        ),
        Fixture(
            "conditions_country_case",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nconditions = {country = [\"US\"]}",
            [RuleSummary(from: "/old-path", to: "/new-path", conditions: .init(country: ["US"]))]
        ),
        Fixture(
            "conditions_language_case",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nconditions = {language = [\"en\"]}",
            [RuleSummary(from: "/old-path", to: "/new-path", conditions: .init(language: ["en"]))]
        ),
        Fixture(
            "conditions_role_case",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nconditions = {role = [\"admin\"]}",
            [RuleSummary(from: "/old-path", to: "/new-path", conditions: .init(role: ["admin"]))]
        ),
        Fixture(
            "signed",
            "[[redirects]]\nfrom = \"/old-path\"\nto = \"/new-path\"\nsigned = \"api_key\"",
            [RuleSummary(from: "/old-path", to: "/new-path", signed: "api_key")]
        ),
        Fixture(
            "complex",
            """
            [[redirects]]
              from = "/old-path"
              to = "/new-path"
              status = 301
              force = false
              query = {path = ":path"}
              conditions = {Language = ["en"], Country = ["US"], Role = ["admin"]}

            ## This rule redirects to an external API, signing requests with a secret
            [[redirects]]
              from = "/search"
              to = "https://api.mysearch.com"
              status = 200
              force = true # COMMENT: ensure that we always redirect
              headers = {X-From = "Netlify"}
              signed = "API_SIGNATURE_TOKEN"
            """,
            [
                RuleSummary(
                    from: "/old-path",
                    to: "/new-path",
                    query: ["path": ":path"],
                    conditions: .init(country: ["US"], language: ["en"], role: ["admin"])
                ),
                RuleSummary(from: "/search", to: "https://api.mysearch.com", status: 200, force: true, signed: "API_SIGNATURE_TOKEN"),
            ]
        ),
    ]

    @Test("Parses netlify.toml redirects", arguments: configCases)
    func parsesConfigRedirects(fixture: Fixture<[RuleSummary]>) {
        let config = parseConfig(fixture.text)
        #expect(summaries(config.redirects) == fixture.expected)
        #expect(config.findings.isEmpty)
    }

    @Test("Parses netlify.toml redirects | complex: headers and proxy")
    func complexDetails() {
        let rules = parseConfig(Self.configCases.first { $0.name == "complex" }!.text).redirects
        #expect(rules.map(\.headers) == [[:], ["X-From": "Netlify"]])
        #expect(rules.map(\.isProxy) == [false, true])
    }

    static let configErrors: [Fixture<[FindingCode]>] = [
        Fixture("invalid_toml", "[[redirects]\nfrom = \"/a\"", [.configTOMLSyntax]),
        Fixture("invalid_type", "[redirects]\n  from = \"/old-path\"\n", [.configUnknownKey]),
        Fixture("invalid_object", "redirects = [\"/old-path\"]\n", [.redirectSyntax]),
        Fixture("invalid_no_from", "[[redirects]]\n  to = \"/new-path\"\n", [.redirectSyntax]),
        Fixture("invalid_no_to", "[[redirects]]\n  from = \"/old-path\"\n", [.redirectSyntax]),
        Fixture(
            "invalid_status_string",
            "[[redirects]]\n  from = \"/old-path\"\n  to = \"new-path\"\n  status = \"not_a_status\"\n",
            [.redirectSyntax]
        ),
        Fixture("invalid_status_empty", "[[redirects]]\n  from = \"/old-path\"\n  to = \"new-path\"\n  status = \"\"\n", [.redirectSyntax]),
        Fixture("invalid_forward_status", "[[redirects]]\n  from = \"/old-path/*\"\n  status = 301\n", [.redirectSyntax]),
        Fixture("invalid_url", "[[redirects]]\n  from = \"http://\"\n  to = \"http://www.example.com/new-path\"\n", [.redirectSyntax]),
        Fixture("invalid_dot_netlify_url", "[[redirects]]\n  from = \"https://example.com/.netlify\"\n  to = \"/new-path\"\n", [.redirectSyntax]),
        Fixture("invalid_dot_netlify_path", "[[redirects]]\n  from = \"/.netlify\"\n  to = \"/new-path\"\n", [.redirectSyntax]),
        Fixture(
            "invalid_headers",
            "[[redirects]]\n  from = \"/old-path\"\n  to = \"/new-path\"\n  [[redirects.headers]]\n  example = \"value\"\n",
            [.redirectSyntax]
        ),
    ]

    @Test("Validate syntax errors in netlify.toml redirects", arguments: configErrors)
    func configSyntaxErrors(fixture: Fixture<[FindingCode]>) {
        let config = parseConfig(fixture.text)
        #expect(config.redirects.isEmpty)
        #expect(codes(config.findings) == fixture.expected)
    }

    // MARK: headers-parser: _headers

    /// Expected rules as `for {name: value; …}`.
    static let headersFileCases: [Fixture<[String]>] = [
        Fixture("empty", "", []),
        Fixture("trim_line_path", "  /path\n", []),
        Fixture("trim_line_values", "/path\ntest: one\n", ["/path {test: one}"]),
        Fixture("empty_line", "/path\n\n  test: one\n", ["/path {test: one}"]),
        Fixture("comment", "/path\n  # comment\n  test: one\n", ["/path {test: one}"]),
        Fixture("success", "/path\n  test: one\n", ["/path {test: one}"]),
        Fixture("trim_name", "/path\n  test : one\n", ["/path {test: one}"]),
        Fixture("trim_value", "/path\n  test:   one   \n", ["/path {test: one}"]),
        Fixture("multiple_values", "/path\n  test: one\n  test: two\n", ["/path {test: one, two}"]),
    ]

    private static func blocks(_ rules: [HeaderRule]) -> [String] {
        rules.map { $0.forPath + " {" + $0.values.map { "\($0.name): \($0.value)" }.joined(separator: "; ") + "}" }
    }

    @Test("Parses _headers", arguments: headersFileCases)
    func parsesHeadersFile(fixture: Fixture<[String]>) {
        let output = parseHeaders(fixture.text)
        #expect(Self.blocks(output.rules) == fixture.expected)
        #expect(output.findings.isEmpty)
    }

    @Test("Parses _headers | no_colon: the line is dropped (and reported here)")
    func headersNoColon() {
        let output = parseHeaders("/path\n  test = one\n")
        #expect(output.rules.isEmpty)
        #expect(codeLines(output.findings) == ["HEADERS_SYNTAX@2"])
    }

    static let headersFileErrors: [Fixture<String>] = [
        Fixture("invalid_value_name", "/path\n  : one\n", "HEADERS_SYNTAX@2"),
        Fixture("invalid_value_string", "/path\n  test:\n", "HEADERS_SYNTAX@2"),
        Fixture("invalid_for_order", "  test: one\n/path\n", "HEADERS_SYNTAX@1"),
    ]

    @Test("Validate syntax errors in _headers", arguments: headersFileErrors)
    func headersFileSyntaxErrors(fixture: Fixture<String>) {
        let output = parseHeaders(fixture.text)
        #expect(output.rules.isEmpty)
        #expect(codeLines(output.findings) == [fixture.expected])
    }

    // MARK: headers-parser: netlify.toml

    static let configHeaderCases: [Fixture<[String]>] = [
        Fixture("success", "[[headers]]\nfor = \"/path\"\n[headers.values]\ntest = \"one\"", ["/path {test: one}"]),
        Fixture("trim_path", "[[headers]]\nfor = \" /path \"\n[headers.values]\ntest = \"one\"", ["/path {test: one}"]),
        Fixture("trim_name", "[[headers]]\nfor = \"/path\"\n[headers.values]\n\" test \" = \"one\"", ["/path {test: one}"]),
        Fixture("trim_value", "[[headers]]\nfor = \"/path\"\n[headers.values]\ntest = \" one \"", ["/path {test: one}"]),
        Fixture("trim_value_array", "[[headers]]\nfor = \"/path\"\n[headers.values]\ntest = [\" one \", \" two \"]", ["/path {test: one, two}"]),
        Fixture("multiple_values", "[[headers]]\nfor = \"/path\"\n[headers.values]\ntest = \"one , two\"", ["/path {test: one, two}"]),
        Fixture("values_undefined", "[[headers]]\nfor = \"/path\"", []),
        Fixture("value_array", "[[headers]]\nfor = \"/path\"\n[headers.values]\ntest = [\"one\", \"two\"]", ["/path {test: one, two}"]),
        Fixture("for_path_no_slash", "[[headers]]\nfor = \"path\"\n[headers.values]\ntest = \"one\"", ["path {test: one}"]),
    ]

    @Test("Parses netlify.toml headers", arguments: configHeaderCases)
    func parsesConfigHeaders(fixture: Fixture<[String]>) {
        let config = parseConfig(fixture.text)
        #expect(Self.blocks(config.headers) == fixture.expected)
        #expect(config.findings.isEmpty)
    }

    static let configHeaderErrors: [Fixture<FindingCode>] = [
        Fixture("invalid_toml", "[[headers]\nfor = \"/path\"", .configTOMLSyntax),
        Fixture("invalid_array", "[headers]\nfor = \"/path\"", .configUnknownKey),
        Fixture("invalid_object", "headers = [\"/path\"]", .headersSyntax),
        Fixture("invalid_for_undefined", "[[headers]]\n[headers.values]\ntest = \"one\"", .headersSyntax),
        Fixture("invalid_for_string", "[[headers]]\nfor = 10\n[headers.values]\ntest = \"one\"", .headersSyntax),
        Fixture("invalid_values_object", "[[headers]]\nfor = \"/path\"\nvalues = \"test\"", .headersSyntax),
        Fixture("invalid_value_name", "[[headers]]\nfor = \"/path\"\n[headers.values]\n\"\" = \"one\"", .headersSyntax),
        Fixture("invalid_value_string", "[[headers]]\nfor = \"/path\"\n[headers.values]\ntest = 10", .headersSyntax),
        Fixture("invalid_value_array", "[[headers]]\nfor = \"/path\"\n[headers.values]\ntest = [10]", .headersSyntax),
    ]

    @Test("Validate syntax errors in netlify.toml headers", arguments: configHeaderErrors)
    func configHeaderSyntaxErrors(fixture: Fixture<FindingCode>) {
        let config = parseConfig(fixture.text)
        #expect(config.headers.isEmpty)
        #expect(codes(config.findings) == [fixture.expected])
    }

    // MARK: docs.netlify.com examples, end to end

    @Test("docs: history pushState — `/* /index.html 200` serves the app for every path without a file")
    func docsSPA() {
        let router = makeRouter(redirects: "/*    /index.html   200", files: ["/index.html", "/main.js"])
        #expect(router.route("/some/client/route").file == "/index.html")
        #expect(router.route("/main.js").rule == nil)
    }

    @Test("docs: shadowing — `/app/* /app/index.html 200!` applies even where files exist")
    func docsForcedShadowing() {
        let router = makeRouter(redirects: "/app/*  /app/index.html  200!", files: ["/app/index.html", "/app/page.html"])
        #expect(router.route("/app/page").file == "/app/index.html")
        #expect(router.route("/app/page").rule?.line == 1)
    }

    @Test("docs: custom 404 per language — `/en/* /en/404.html 404`")
    func docsLanguage404() {
        let router = makeRouter(redirects: "/en/* /en/404.html 404\n/de/* /de/404.html 404", files: ["/en/404.html", "/de/404.html", "/en/ok.html"])
        #expect(router.route("/de/nope") == RouteResult(status: 404, file: "/de/404.html", rule: .init(source: "_redirects", line: 2)))
        #expect(router.route("/en/ok") == RouteResult(status: 200, file: "/en/ok.html"))
    }

    @Test("docs: placeholders — `/news/:year/:month/:date/:slug /blog/:year/:month/:date/:slug`")
    func docsPlaceholders() {
        let router = makeRouter(redirects: "/news/:year/:month/:date/:slug  /blog/:year/:month/:date/:slug")
        #expect(router.route("/news/2004/02/12/my-story").location == "/blog/2004/02/12/my-story")
    }

    @Test("docs: redirect by country — `/  /anz  302  Country=au,nz`")
    func docsCountry() {
        let router = makeRouter(redirects: "/  /anz  302  Country=au,nz", files: ["/index.html"])
        #expect(router.route(RouteRequest(path: "/", country: "au")).location == "/anz")
        #expect(router.route(RouteRequest(path: "/", country: "us")).file == "/index.html")
    }

    @Test("docs: redirect by language — `/china/*  /china/zh-cn/:splat  302  Language=zh`")
    func docsLanguage() {
        let router = makeRouter(redirects: "/china/*  /china/zh-cn/:splat  302  Language=zh")
        #expect(router.route(RouteRequest(path: "/china/about", languages: ["zh-tw"])).location == "/china/zh-cn/about")
        #expect(router.route(RouteRequest(path: "/china/about", languages: ["en"])).rule == nil)
    }

    @Test("docs: role-based access — `/admin/* 200! Role=admin` then `/admin/* /login 401!`")
    func docsRoles() {
        let router = makeRouter(redirects: "/admin/*  200!  Role=admin\n/admin/*  /login  401!", files: ["/admin/index.html", "/login.html"])
        #expect(
            router.route(RouteRequest(path: "/admin/", roles: ["admin"]))
                == RouteResult(status: 200, file: "/admin/index.html", rule: .init(source: "_redirects", line: 1))
        )
        #expect(
            router.route(RouteRequest(path: "/admin/")) == RouteResult(status: 401, file: "/login.html", rule: .init(source: "_redirects", line: 2))
        )
    }

    @Test("docs: domain-level redirect — `http://blog.example.com/* https://www.example.com/blog/:splat 301!`")
    func docsDomainLevel() {
        let router = makeRouter(redirects: "http://blog.example.com/* https://www.example.com/blog/:splat 301!")
        #expect(router.route("http://blog.example.com/2024/hi?ref=x").location == "https://www.example.com/blog/2024/hi?ref=x")
    }
}
