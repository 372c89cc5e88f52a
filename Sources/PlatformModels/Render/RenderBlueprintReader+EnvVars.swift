extension RenderBlueprintReader {
    /// Reads `envVars` of a service (`inGroup` nil) or of the environment group named `inGroup`.
    ///
    /// Render's spec lets a group hold only `value` and `generateValue` variables: a group cannot prompt for a
    /// value (`sync: false`) or point at a database, a service or another group (`from…`). Those are reported
    /// as `RENDER_ENV_GROUP_VAR_INVALID`.
    mutating func readEnvVars(_ entry: BlueprintNode.Entry, inGroup group: String?) -> [RenderEnvVar] {
        var variables: [RenderEnvVar] = []
        for item in list(entry) {
            guard let fields = mappingItem(item, what: "an environment variable") else { continue }
            checkKeys(fields, known: RenderKeys.envVar, in: "an environment variable")
            func field(_ key: String) -> BlueprintNode.Entry? { fields.first { $0.key == key } }
            let sourceKeys = ["value", "generateValue", "sync", "fromDatabase", "fromService", "fromGroup"].filter { field($0) != nil }
            if let group {
                for key in sourceKeys where key == "sync" || key.hasPrefix("from") {
                    let keyEntry = field(key)!
                    report(
                        .renderEnvGroupVarInvalid,
                        line: keyEntry.keyLine,
                        "environment group `\(group.abbreviated(40))` has a variable with `\(key)`; a group holds only `value` and `generateValue` variables, so Render rejects it",
                        fix: key == "sync"
                            ? "move the variable to each service's `envVars`, where `sync: false` is allowed"
                            : "move the variable to each service's `envVars`, where `\(key)` is allowed"
                    )
                }
            }
            if sourceKeys.count > 1 {
                report(
                    .renderValueInvalid,
                    line: item.line,
                    "an environment variable sets \(sourceKeys.map { "`\($0)`" }.joined(separator: " and ")); Render takes exactly one source of value",
                    fix: "keep one of them"
                )
            }
            if let fromGroup = field("fromGroup") {
                if let name = string(fromGroup) { variables.append(RenderEnvVar(key: nil, source: .group(name), line: item.line)) }
                continue
            }
            guard let key = requiredString(fields, "key", at: item.line, what: "an environment variable") else { continue }
            var source = RenderEnvVar.Source.prompted
            if let value = field("value") {
                switch value.value.kind {
                case .scalar(let text, _): source = .literal(text)
                case .null: source = .literal("")
                case .mapping, .sequence:
                    report(
                        .renderFieldType,
                        line: value.value.line,
                        "the value of `\(key.abbreviated(40))` is \(value.value.kindName); Render takes a single value",
                        fix: "quote the value as one string"
                    )
                }
            } else if let generate = field("generateValue") {
                if bool(generate) == true { source = .generated }
            } else if let sync = field("sync") {
                _ = bool(sync)
            } else if let database = field("fromDatabase"), let databaseFields = mapping(database) {
                checkKeys(databaseFields, known: RenderKeys.fromDatabase, in: "`fromDatabase`")
                let name = requiredString(databaseFields, "name", at: database.keyLine, what: "`fromDatabase`")
                let property = requiredString(databaseFields, "property", at: database.keyLine, what: "`fromDatabase`")
                if let name { source = .database(name: name, property: property ?? "") }
            } else if let service = field("fromService"), let serviceFields = mapping(service) {
                checkKeys(serviceFields, known: RenderKeys.fromService, in: "`fromService`")
                let name = requiredString(serviceFields, "name", at: service.keyLine, what: "`fromService`")
                let type = requiredString(serviceFields, "type", at: service.keyLine, what: "`fromService`")
                let property = optionalString(serviceFields, "property") ?? optionalString(serviceFields, "envVarKey")
                if property == nil {
                    report(
                        .renderFieldMissing,
                        line: service.keyLine,
                        "`fromService` has neither `property` nor `envVarKey`; Render requires one",
                        fix: "add `property: host` (or `port`, `hostport`, `connectionString`), or `envVarKey: NAME`"
                    )
                }
                if let name { source = .service(name: name, type: type ?? "", property: property ?? "") }
            }
            variables.append(RenderEnvVar(key: key, source: source, line: item.line))
        }
        return variables
    }

    /// `fromGroup`, `fromDatabase` and `fromService` that name nothing in the blueprint. They may name a
    /// resource that already exists in the Render workspace, so this is a warning.
    mutating func checkReferences() {
        let groupNames = Set(groups.map(\.name))
        let databaseNames = Set(databases.map(\.name))
        let serviceNames = Set(services.map(\.name))
        for service in services {
            for variable in service.envVars {
                let missing: (kind: String, name: String)?
                switch variable.source {
                case .group(let name) where !groupNames.contains(name): missing = ("environment group", name)
                case .database(let name, _) where !databaseNames.contains(name): missing = ("database", name)
                case .service(let name, _, _) where !serviceNames.contains(name): missing = ("service", name)
                default: missing = nil
                }
                guard let missing else { continue }
                report(
                    .renderReferenceUnknown,
                    line: variable.line,
                    "service `\(service.name.abbreviated(40))` links \(missing.kind) `\(missing.name.abbreviated(40))`, which this blueprint does not declare; the sync fails unless it already exists in the workspace",
                    fix: "declare the \(missing.kind) in render.yaml, or correct the name"
                )
            }
        }
    }
}
