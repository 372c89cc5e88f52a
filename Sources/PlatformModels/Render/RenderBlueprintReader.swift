/// Walks a `render.yaml` tree into services, databases and environment groups, reporting what Render would
/// reject, ignore or has deprecated, each with the line it is on.
struct RenderBlueprintReader {
    /// The file as shown in findings.
    let path: String
    var services: [RenderService] = []
    var databases: [RenderDatabase] = []
    var groups: [RenderEnvVarGroup] = []
    var findings: [Finding] = []

    init(path: String) { self.path = path }

    /// Reads the whole document.
    mutating func read(_ root: BlueprintNode) {
        guard let entries = root.entries else {
            report(
                .renderFieldType,
                line: root.line,
                "render.yaml holds \(root.kindName) at the top level; a blueprint is a mapping with `services`, `databases`, `envVarGroups`",
                fix: "start the file with `services:`"
            )
            return
        }
        checkKeys(entries, known: RenderKeys.root, in: "the top level")
        readResources(entries)
        if let previews = entries.first(where: { $0.key == "previews" }), let previewEntries = mapping(previews) {
            checkKeys(previewEntries, known: RenderKeys.rootPreviews, in: "`previews`")
            if let generation = previewEntries.first(where: { $0.key == "generation" }) {
                checkEnumerated(generation, allowed: RenderKeys.previewGenerations, what: "`previews.generation`")
            }
        }
        for entry in entries {
            switch entry.key {
            case "previewsEnabled":
                deprecated(entry, "`previewsEnabled` is deprecated", fix: "use `previews: {generation: automatic}` (or `off`) at the top level")
            case "previewsExpireAfterDays":
                deprecated(entry, "`previewsExpireAfterDays` is deprecated", fix: "use `previews: {expireAfterDays: N}` at the top level")
            default:
                break
            }
        }
        if let projects = entries.first(where: { $0.key == "projects" }) {
            for project in list(projects) {
                guard let projectEntries = mappingItem(project, what: "a project") else { continue }
                checkKeys(projectEntries, known: RenderKeys.project, in: "a project")
                readGroups(projectEntries)
                let environments = projectEntries.first(where: { $0.key == "environments" }).map { list($0) } ?? []
                for environment in environments {
                    guard let environmentEntries = mappingItem(environment, what: "an environment") else { continue }
                    checkKeys(environmentEntries, known: RenderKeys.environment, in: "an environment")
                    readResources(environmentEntries)
                }
            }
        }
        checkNames()
        checkReferences()
        if services.isEmpty && databases.isEmpty && groups.isEmpty {
            report(
                .renderBlueprintEmpty,
                line: root.line,
                "render.yaml declares no service, database or environment group; Render creates nothing from it",
                fix: "add a `services:` list"
            )
        }
    }

    /// Reads `services`, `databases` and `envVarGroups` from the top level or a project environment.
    private mutating func readResources(_ entries: [BlueprintNode.Entry]) {
        if let entry = entries.first(where: { $0.key == "services" }) {
            for item in list(entry) {
                guard let serviceEntries = mappingItem(item, what: "a service") else { continue }
                services.append(readService(item, serviceEntries))
            }
        }
        if let entry = entries.first(where: { $0.key == "databases" }) {
            for item in list(entry) {
                guard let databaseEntries = mappingItem(item, what: "a database") else { continue }
                checkKeys(databaseEntries, known: RenderKeys.database, in: "a database")
                let name = requiredString(databaseEntries, "name", at: item.line, what: "a database")
                if let previewPlan = databaseEntries.first(where: { $0.key == "previewPlan" }) {
                    deprecated(previewPlan, "`previewPlan` is deprecated", fix: "use `previews: {plan: …}`")
                }
                databases.append(
                    RenderDatabase(
                        name: name ?? "",
                        plan: optionalString(databaseEntries, "plan"),
                        region: optionalString(databaseEntries, "region"),
                        line: item.line
                    )
                )
            }
        }
        readGroups(entries)
    }

    private mutating func readGroups(_ entries: [BlueprintNode.Entry]) {
        guard let entry = entries.first(where: { $0.key == "envVarGroups" }) else { return }
        for item in list(entry) {
            guard let groupEntries = mappingItem(item, what: "an environment group") else { continue }
            checkKeys(groupEntries, known: RenderKeys.envVarGroup, in: "an environment group")
            let name = requiredString(groupEntries, "name", at: item.line, what: "an environment group")
            let variables = groupEntries.first(where: { $0.key == "envVars" }).map { readEnvVars($0, inGroup: name ?? "") } ?? []
            groups.append(RenderEnvVarGroup(name: name ?? "", envVars: variables, line: item.line))
        }
    }

    /// Two resources of one kind with one name.
    private mutating func checkNames() {
        func duplicates(_ names: [(String, Int)]) -> [(String, Int, Int)] {
            var first: [String: Int] = [:]
            var found: [(String, Int, Int)] = []
            for (name, line) in names where !name.isEmpty {
                if let earlier = first[name] { found.append((name, line, earlier)) } else { first[name] = line }
            }
            return found
        }
        let kinds: [(String, [(String, Int)])] = [
            ("service", services.map { ($0.name, $0.line) }),
            ("database", databases.map { ($0.name, $0.line) }),
            ("environment group", groups.map { ($0.name, $0.line) }),
        ]
        for (kind, names) in kinds {
            for (name, line, earlier) in duplicates(names) {
                report(
                    .renderNameDuplicate,
                    line: line,
                    "a second \(kind) is named `\(name.abbreviated(60))` (the first is on line \(earlier)); Render rejects the blueprint",
                    fix: "give each \(kind) its own name"
                )
            }
        }
    }

    // MARK: - Helpers shared by the readers

    /// Appends a finding in this file.
    mutating func report(_ code: FindingCode, line: Int?, _ message: String, fix: String?) {
        findings.append(Finding(code, file: path, line: line, message: message, fix: fix))
    }

    /// Reports a deprecated key.
    mutating func deprecated(_ entry: BlueprintNode.Entry, _ message: String, fix: String) {
        report(.renderKeyDeprecated, line: entry.keyLine, message + "; Render still reads it for now", fix: fix)
    }

    /// Reports keys that `known` does not hold (deprecated keys are in `known` and reported by their readers).
    mutating func checkKeys(_ entries: [BlueprintNode.Entry], known: Set<String>, in place: String) {
        for entry in entries where !known.contains(entry.key) {
            let suggestion = RenderKeys.suggestion(for: entry.key, in: known)
            report(
                .renderKeyUnknown,
                line: entry.keyLine,
                "`\(entry.key.abbreviated(60))` is not a key of \(place) in Render's blueprint spec; Render ignores or rejects it",
                fix: suggestion.map { "did you mean `\($0)`?" } ?? "remove it, or check the spelling against render.com/docs/blueprint-spec"
            )
        }
    }

    /// The text of a scalar value; nil for a null value, and for a list or mapping (reported).
    mutating func string(_ entry: BlueprintNode.Entry) -> String? {
        switch entry.value.kind {
        case .scalar(let text, _): return text
        case .null: return nil
        case .mapping, .sequence:
            report(
                .renderFieldType,
                line: entry.value.line,
                "`\(entry.key)` is \(entry.value.kindName); Render expects a single value",
                fix: "write `\(entry.key)` as one value"
            )
            return nil
        }
    }

    /// The value of `key` when present.
    mutating func optionalString(_ entries: [BlueprintNode.Entry], _ key: String) -> String? {
        entries.first(where: { $0.key == key }).flatMap { string($0) }
    }

    /// The value of `key`, reported as missing when absent or empty.
    mutating func requiredString(_ entries: [BlueprintNode.Entry], _ key: String, at line: Int, what: String) -> String? {
        let entry = entries.first(where: { $0.key == key })
        if let entry, let value = string(entry), !value.isEmpty { return value }
        if let entry, !entry.value.isNull, entry.value.text == nil { return nil }  // wrong type, already reported
        report(.renderFieldMissing, line: entry?.keyLine ?? line, "\(what) has no `\(key)`; Render requires it", fix: "add `\(key):`")
        return nil
    }

    /// A boolean value; nil (and reported) when it is not one.
    mutating func bool(_ entry: BlueprintNode.Entry) -> Bool? {
        if let value = entry.value.bool { return value }
        if entry.value.isNull { return nil }
        report(
            .renderFieldType,
            line: entry.value.line,
            "`\(entry.key)` is \(entry.value.text.map { "`\($0.abbreviated(40))`" } ?? entry.value.kindName); Render expects `true` or `false`",
            fix: "write `\(entry.key): true` or `\(entry.key): false`"
        )
        return nil
    }

    /// The items of a list; empty for a null value; empty (and reported) for anything else.
    mutating func list(_ entry: BlueprintNode.Entry) -> [BlueprintNode] {
        if let items = entry.value.items { return items }
        if entry.value.isNull { return [] }
        report(
            .renderFieldType,
            line: entry.value.line,
            "`\(entry.key)` is \(entry.value.kindName); Render expects a list (`- …` items)",
            fix: "write each entry of `\(entry.key)` on its own `- ` line"
        )
        return []
    }

    /// The entries of a mapping value; nil (and reported) for anything else.
    mutating func mapping(_ entry: BlueprintNode.Entry) -> [BlueprintNode.Entry]? {
        if let entries = entry.value.entries { return entries }
        if entry.value.isNull { return [] }
        report(
            .renderFieldType,
            line: entry.value.line,
            "`\(entry.key)` is \(entry.value.kindName); Render expects a mapping (`key: value` lines)",
            fix: "write `\(entry.key)` as indented `key: value` lines"
        )
        return nil
    }

    /// The entries of a list item that must be a mapping; nil (and reported) otherwise.
    mutating func mappingItem(_ item: BlueprintNode, what: String) -> [BlueprintNode.Entry]? {
        if let entries = item.entries { return entries }
        report(
            .renderFieldType,
            line: item.line,
            "this item is \(item.kindName); Render expects \(what) here, as `key: value` lines",
            fix: "write \(what) as a mapping under `- `"
        )
        return nil
    }

    /// Reports a value outside `allowed`; returns the value when it is allowed.
    @discardableResult
    mutating func checkEnumerated(_ entry: BlueprintNode.Entry, allowed: Set<String>, what: String) -> String? {
        guard let value = string(entry) else { return nil }
        if allowed.contains(value) { return value }
        report(
            .renderValueInvalid,
            line: entry.value.line,
            "\(what) is `\(value.abbreviated(40))`; Render accepts \(allowed.sorted().map { "`\($0)`" }.joined(separator: ", "))",
            fix: RenderKeys.suggestion(for: value, in: allowed).map { "did you mean `\($0)`?" } ?? "use one of the accepted values"
        )
        return nil
    }
}
