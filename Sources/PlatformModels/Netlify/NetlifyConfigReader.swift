import TOMLKit

/// Turns a parsed TOML table into a `NetlifyConfig`, validating each part as Netlify does.
struct NetlifyConfigReader {
    var config: NetlifyConfig

    private static let topLevelKeys: Set<String> = [
        "build", "context", "redirects", "headers", "plugins", "functions", "edge_functions", "dev", "template", "images",
    ]
    private static let buildKeys: Set<String> = [
        "base", "publish", "command", "environment", "ignore", "functions", "edge_functions", "processing",
    ]
    private static let redirectKeys: Set<String> = [
        "from", "origin", "to", "destination", "status", "force", "query", "params", "parameters", "conditions", "headers",
        "signed", "signing", "sign",
    ]

    mutating func read(_ table: TOMLTable) {
        for key in table.keys where !Self.topLevelKeys.contains(key) {
            unknownKey("`\(key)` is not a netlify.toml setting; Netlify ignores it", line: config.keyLine(key, in: "") ?? 1)
        }
        if let build = table["build"] {
            if let buildTable = build.table {
                config.build = readBuild(buildTable, tableName: "build")
            } else {
                unknownKey("`build` must be a table (`[build]`)", line: config.keyLine("build", in: ""))
            }
        }
        if let contexts = table["context"]?.table {
            for name in contexts.keys {
                guard let contextTable = contexts[name]?.table else {
                    unknownKey("`context.\(name)` must be a table", line: nil)
                    continue
                }
                config.contexts[name] = readBuild(contextTable, tableName: "context.\(name)")
            }
        }
        if let redirects = table["redirects"] {
            for (index, entry) in arrayOfTables(redirects, name: "redirects").enumerated() {
                readRedirect(entry, index: index)
            }
        }
        if let headers = table["headers"] {
            for (index, entry) in arrayOfTables(headers, name: "headers").enumerated() {
                readHeaders(entry, index: index)
            }
        }
        if let plugins = table["plugins"] {
            for (index, entry) in arrayOfTables(plugins, name: "plugins").enumerated() {
                let line = config.arrayTableLine("plugins", index: index)
                let package = entry?["package"]?.string ?? "(no package)"
                config.plugins.append(.init(package: package, line: line))
                config.findings.append(
                    Finding(
                        .configPlugin,
                        file: config.displayPath,
                        line: line,
                        message: "build plugin `\(package.abbreviated())` runs during Netlify's build; what it changes is not simulated"
                    )
                )
            }
        }
    }

    private mutating func arrayOfTables(_ value: any TOMLValueConvertible, name: String) -> [TOMLTable?] {
        guard let array = value.array else {
            unknownKey("`\(name)` must be an array of tables (`[[\(name)]]`)", line: config.keyLine(name, in: ""))
            return []
        }
        return array.map { $0.table }
    }

    private mutating func readBuild(_ table: TOMLTable, tableName: String) -> BuildSettings {
        var settings = BuildSettings()
        for key in table.keys {
            let line = config.keyLine(key, in: tableName)
            if key == "environment" {
                guard let environment = table[key]?.table else {
                    unknownKey("`\(tableName).environment` must be a table of strings", line: line)
                    continue
                }
                for name in environment.keys {
                    if let value = environment[name]?.string {
                        settings.environment[name] = value
                    } else if let value = environment[name] {
                        // Netlify turns numbers and booleans into their text; the variable is still set.
                        settings.environment[name] = "\(value)"
                    }
                }
                continue
            }
            guard Self.buildKeys.contains(key) else {
                unknownKey("`\(tableName).\(key)` is not a build setting; Netlify ignores it", line: line)
                continue
            }
            if key == "processing" { continue }
            guard let value = table[key]?.string else {
                unknownKey("`\(tableName).\(key)` must be a string", line: line)
                continue
            }
            switch key {
            case "base": settings.base = value
            case "publish": settings.publish = value
            case "command": settings.command = value
            case "ignore": settings.ignore = value
            case "functions": settings.functions = value
            case "edge_functions": settings.edgeFunctions = value
            default: break
            }
        }
        return settings
    }

    private mutating func readRedirect(_ table: TOMLTable?, index: Int) {
        let line = config.arrayTableLine("redirects", index: index)
        let tableName = "redirects#\(index)"
        func finding(_ code: FindingCode, _ message: String, fix: String? = nil, at key: String? = nil) {
            let keyLine = key.flatMap { config.keyLine($0, in: tableName) } ?? line
            config.findings.append(Finding(code, file: config.displayPath, line: keyLine, message: message, fix: fix))
        }
        guard let table else {
            finding(.redirectSyntax, "Netlify drops redirect #\(index + 1): it is not a table")
            return
        }
        for key in table.keys where !Self.redirectKeys.contains(key) {
            finding(
                .configUnknownKey,
                "`\(key)` is not a redirect setting; Netlify ignores it",
                fix: "use from, to, status, force, query, conditions, headers or signed",
                at: key
            )
        }
        func string(_ keys: String...) -> (key: String, value: any TOMLValueConvertible)? {
            for key in keys { if let value = table[key] { return (key, value) } }
            return nil
        }
        guard let (fromKey, fromValue) = string("from", "origin") else {
            finding(.redirectSyntax, "Netlify drops redirect #\(index + 1): it has no `from`", fix: "add `from = \"/old-path\"`")
            return
        }
        guard let from = fromValue.string else {
            finding(.redirectSyntax, "Netlify drops redirect #\(index + 1): `\(fromKey)` must be a string", at: fromKey)
            return
        }
        let source = RuleSource(kind: .netlifyTOML, displayPath: config.displayPath, line: line ?? 1)
        var draft = RedirectDraft(source: source, from: from)
        if let (toKey, toValue) = string("to", "destination") {
            guard let to = toValue.string else {
                finding(.redirectSyntax, "Netlify drops redirect #\(index + 1): `\(toKey)` must be a string", at: toKey)
                return
            }
            draft.to = to
        }
        if let statusValue = table["status"] {
            if let status = statusValue.int {
                draft.status = status
            } else if let text = statusValue.string {
                let token = StatusToken(text)
                guard let code = token.code else {
                    finding(
                        .redirectSyntax,
                        "Netlify drops redirect #\(index + 1): status `\(text.abbreviated())` is not a number",
                        fix: "write `status = 301`",
                        at: "status"
                    )
                    return
                }
                draft.status = code
                if token.forced {
                    finding(
                        .redirectForceDetached,
                        "netlify.toml ignores the `!` in status \"\(text.abbreviated())\": the rule is not forced",
                        fix: "write `status = \(code)` and `force = true`",
                        at: "status"
                    )
                } else if !token.isPlain {
                    finding(
                        .redirectStatusSuspect,
                        "status \"\(text.abbreviated())\" is not a plain integer; Netlify reads it as \(code)",
                        fix: "write `status = \(code)`",
                        at: "status"
                    )
                }
            } else if let number = statusValue.double, number.isFinite, abs(number) < 1e9 {
                draft.status = Int(number)
                finding(
                    .redirectStatusSuspect,
                    "status \(number) is not an integer; Netlify reads it as \(Int(number))",
                    fix: "write `status = \(Int(number))`",
                    at: "status"
                )
            } else {
                finding(.redirectSyntax, "Netlify drops redirect #\(index + 1): `status` must be a number", at: "status")
                return
            }
        }
        if let forceValue = table["force"] {
            if let force = forceValue.bool {
                draft.force = force
            } else {
                finding(
                    .configUnknownKey,
                    "`force` must be true or false; this rule is treated as not forced",
                    fix: "write `force = true`",
                    at: "force"
                )
            }
        }
        if let (queryKey, queryValue) = string("query", "params", "parameters") {
            if let query = queryValue.table {
                for name in query.keys {
                    draft.query.append(.init(name: name, value: query[name]?.string ?? "\(query[name]!)"))
                }
            } else {
                finding(.redirectSyntax, "`\(queryKey)` must be a table such as `{id = \":id\"}`", at: queryKey)
            }
        }
        if let conditionsValue = table["conditions"] {
            if let conditions = conditionsValue.table {
                var pairs: [(name: String, value: String?)] = []
                for name in conditions.keys {
                    let value = conditions[name]!
                    if let list = value.array {
                        pairs.append((name, list.compactMap { $0.string }.joined(separator: ",")))
                    } else if let text = value.string {
                        pairs.append((name, text))
                    } else {
                        finding(.redirectConditionInvalid, "condition `\(name)` must be a string or an array of strings", at: "conditions")
                    }
                }
                let (read, _, unknown) = ConditionReader.read(pairs)
                for name in unknown {
                    finding(
                        .redirectConditionInvalid,
                        "unknown condition `\(name.abbreviated())` is ignored by Netlify",
                        fix: "use Country, Language, Role or Cookie",
                        at: "conditions"
                    )
                }
                draft.conditions = read
            } else {
                finding(.redirectConditionInvalid, "`conditions` must be a table such as `{Country = [\"us\"]}`", at: "conditions")
            }
        }
        if let headersValue = table["headers"] {
            if let headers = headersValue.table {
                for name in headers.keys { draft.headers[name] = headers[name]?.string ?? "\(headers[name]!)" }
            } else {
                finding(.redirectSyntax, "Netlify drops redirect #\(index + 1): `headers` must be a table", at: "headers")
                return
            }
        }
        if let (_, signedValue) = string("signed", "signing", "sign") { draft.signed = signedValue.string }

        switch draft.validated() {
        case .success(let rule): config.redirects.append(rule)
        case .failure(let rejection): finding(.redirectSyntax, "Netlify drops redirect #\(index + 1): \(rejection.message)", fix: rejection.fix)
        }
    }

    private mutating func readHeaders(_ table: TOMLTable?, index: Int) {
        let line = config.arrayTableLine("headers", index: index)
        func finding(_ message: String, fix: String? = nil) {
            config.findings.append(Finding(.headersSyntax, file: config.displayPath, line: line, message: message, fix: fix))
        }
        guard let table else { return finding("Netlify rejects header rule #\(index + 1): it is not a table") }
        guard let forPath = table["for"]?.string else {
            return finding("Netlify rejects header rule #\(index + 1): it has no `for` string", fix: "add `for = \"/*\"`")
        }
        guard let valuesValue = table["values"] else { return }
        guard let values = valuesValue.table else {
            return finding("Netlify rejects header rule #\(index + 1): `values` must be a table", fix: "write `[headers.values]`")
        }
        var rule = HeaderRule(
            source: RuleSource(kind: .netlifyTOML, displayPath: config.displayPath, line: line ?? 1),
            forPath: String(forPath.trimmingJavaScriptWhitespace()),
            values: []
        )
        for rawName in values.keys {
            let name = String(rawName.trimmingJavaScriptWhitespace())
            guard !name.isEmpty else { return finding("Netlify rejects header rule #\(index + 1): a header name is empty") }
            let value = values[rawName]!
            if let text = value.string {
                // Netlify folds multi-line values: commas with any whitespace around them become ", ".
                let parts = text.trimmingJavaScriptWhitespace().split(separator: ",", omittingEmptySubsequences: false)
                rule.values.append(.init(name: name, value: parts.map { $0.trimmingJavaScriptWhitespace() }.joined(separator: ", ")))
            } else if let list = value.array {
                let items = list.map { $0.string.map { String($0.trimmingJavaScriptWhitespace()) } }
                guard items.allSatisfy({ $0 != nil }) else {
                    return finding("Netlify rejects header rule #\(index + 1): every value of `\(name)` must be a string")
                }
                rule.values.append(.init(name: name, value: items.map { $0! }.joined(separator: ", ")))
            } else {
                return finding("Netlify rejects header rule #\(index + 1): the value of `\(name)` must be a string", fix: "quote the value")
            }
        }
        if !rule.values.isEmpty { config.headers.append(rule) }
    }

    private mutating func unknownKey(_ message: String, line: Int?) {
        config.findings.append(Finding(.configUnknownKey, file: config.displayPath, line: line, message: message))
    }
}
