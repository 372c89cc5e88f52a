extension RenderBlueprintReader {
    /// Reads one service and checks its fields against its type and runtime.
    mutating func readService(_ node: BlueprintNode, _ entries: [BlueprintNode.Entry]) -> RenderService {
        checkKeys(entries, known: RenderKeys.service, in: "a service")
        func entry(_ key: String) -> BlueprintNode.Entry? { entries.first { $0.key == key } }

        let name = requiredString(entries, "name", at: node.line, what: "a service")
        let label = name.map { "service `\($0.abbreviated(40))`" } ?? "a service"
        var type = requiredString(entries, "type", at: node.line, what: label) ?? ""
        if let typeEntry = entry("type"), !type.isEmpty, !RenderKeys.serviceTypes.contains(type) {
            if type == "redis" {
                deprecated(typeEntry, "`type: redis` is the old name of Key Value", fix: "write `type: keyvalue`")
            } else {
                report(
                    .renderServiceTypeInvalid,
                    line: typeEntry.value.line,
                    "\(label) has `type: \(type.abbreviated(40))`; Render knows `web`, `pserv`, `worker`, `cron` and `keyvalue` (a static site is `type: web` with `runtime: static`)",
                    fix: type == "static"
                        ? "write `type: web` and `runtime: static`"
                        : RenderKeys.suggestion(for: type, in: RenderKeys.serviceTypes).map { "did you mean `type: \($0)`?" }
                            ?? "use one of the service types"
                )
                type = ""
            }
        }

        // `env` is the old name of `runtime`. The docs do not say which wins when both are written; chosen: `runtime`.
        var runtime = entry("runtime").flatMap { string($0) }
        if let envEntry = entry("env") {
            let legacy = string(envEntry)
            if let current = runtime {
                let conflict = legacy.map { $0 == current ? "" : " and disagrees with `runtime: \(current)`, which wins" } ?? ""
                deprecated(envEntry, "`env` is the old name of `runtime`\(conflict)", fix: "remove `env`: `runtime` is already set")
            } else {
                deprecated(
                    envEntry,
                    "`env` is the old name of `runtime`",
                    fix: "rename `env: \(legacy ?? "…")` to `runtime: \(legacy ?? "…")`"
                )
                runtime = legacy
            }
        }
        if let value = runtime, !RenderKeys.runtimes.contains(value) {
            let runtimeEntry = entry("runtime") ?? entry("env")
            report(
                .renderRuntimeInvalid,
                line: runtimeEntry?.value.line ?? node.line,
                "\(label) has runtime `\(value.abbreviated(40))`; Render knows \(RenderKeys.runtimes.sorted().map { "`\($0)`" }.joined(separator: ", "))",
                fix: RenderKeys.suggestion(for: value, in: RenderKeys.runtimes).map { "did you mean `runtime: \($0)`?" } ?? "use one of the runtimes"
            )
            runtime = nil
        }

        var service = RenderService(name: name ?? "", type: type, runtime: runtime, line: node.line)
        service.keyLines = Dictionary(entries.map { ($0.key, $0.keyLine) }, uniquingKeysWith: { first, _ in first })
        service.buildCommand = optionalString(entries, "buildCommand")
        service.startCommand = optionalString(entries, "startCommand")
        service.preDeployCommand = optionalString(entries, "preDeployCommand")
        service.rootDir = optionalString(entries, "rootDir")
        service.staticPublishPath = optionalString(entries, "staticPublishPath")
        service.plan = optionalString(entries, "plan")
        service.region = optionalString(entries, "region")
        service.branch = optionalString(entries, "branch")
        service.repo = optionalString(entries, "repo")
        service.dockerfilePath = optionalString(entries, "dockerfilePath")
        service.dockerContext = optionalString(entries, "dockerContext")
        service.dockerCommand = optionalString(entries, "dockerCommand")
        if let healthCheck = entry("healthCheckPath"), let path = string(healthCheck) {
            service.healthCheckPath = path
            if !path.hasPrefix("/") {
                report(
                    .renderValueInvalid,
                    line: healthCheck.value.line,
                    "`healthCheckPath: \(path.abbreviated(60))` is not a path; Render polls a path on the service, starting with `/`",
                    fix: "write `healthCheckPath: /\(path.abbreviated(60))`"
                )
            }
        }
        if let schedule = entry("schedule"), let value = string(schedule) {
            service.schedule = value
            let fields = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count != 5 {
                report(
                    .renderValueInvalid,
                    line: schedule.value.line,
                    "`schedule: \(value.abbreviated(60))` has \(fields.count) fields; Render takes a cron expression of five (minute hour day month weekday)",
                    fix: "write five fields, such as `schedule: \"0 * * * *\"`"
                )
            }
        }
        if let domains = entry("domains") {
            service.domains = list(domains).compactMap { item in
                if let text = item.text { return text }
                report(
                    .renderFieldType,
                    line: item.line,
                    "a domain is \(item.kindName); Render expects a host name",
                    fix: "write one host name per item"
                )
                return nil
            }
        }
        if let image = entry("image"), let imageEntries = mapping(image) {
            checkKeys(imageEntries, known: RenderKeys.image, in: "`image`")
            service.imageURL = requiredString(imageEntries, "url", at: image.keyLine, what: "`image`")
        }
        if let disk = entry("disk"), let diskEntries = mapping(disk) {
            checkKeys(diskEntries, known: RenderKeys.disk, in: "`disk`")
            var value = RenderService.Disk()
            value.name = requiredString(diskEntries, "name", at: disk.keyLine, what: "`disk`")
            value.mountPath = requiredString(diskEntries, "mountPath", at: disk.keyLine, what: "`disk`")
            if let size = diskEntries.first(where: { $0.key == "sizeGB" }) {
                value.sizeGB = size.value.int
                if value.sizeGB == nil, !size.value.isNull {
                    report(
                        .renderFieldType,
                        line: size.value.line,
                        "`sizeGB` is not a whole number",
                        fix: "write the size in GB, such as `sizeGB: 10`"
                    )
                }
            }
            service.disk = value
        }
        readDeploySettings(entries, into: &service)
        if let variables = entry("envVars") { service.envVars = readEnvVars(variables, inGroup: nil) }
        if let routes = entry("routes") { service.routes = readRoutes(routes, label: label) }
        if let headers = entry("headers") { service.headers = readHeaders(headers) }
        checkRequired(service, node: node, entries: entries, label: label)
        checkCombinations(service, entries: entries, label: label)
        return service
    }

    /// `autoDeployTrigger`, `previews` and their deprecated forms.
    private mutating func readDeploySettings(_ entries: [BlueprintNode.Entry], into service: inout RenderService) {
        func entry(_ key: String) -> BlueprintNode.Entry? { entries.first { $0.key == key } }
        if let trigger = entry("autoDeployTrigger") {
            service.autoDeployTrigger = checkEnumerated(trigger, allowed: RenderKeys.autoDeployTriggers, what: "`autoDeployTrigger`")
        }
        if let autoDeploy = entry("autoDeploy") {
            let value = bool(autoDeploy)
            deprecated(
                autoDeploy,
                "`autoDeploy` is replaced by `autoDeployTrigger`",
                fix: "write `autoDeployTrigger: \(value == false ? "off" : "commit")` instead"
            )
            if service.autoDeployTrigger == nil, let value { service.autoDeployTrigger = value ? "commit" : "off" }
        }
        if let previews = entry("previews"), let previewEntries = mapping(previews) {
            checkKeys(previewEntries, known: RenderKeys.servicePreviews, in: "a service's `previews`")
            if let generation = previewEntries.first(where: { $0.key == "generation" }) {
                service.previewsGeneration = checkEnumerated(generation, allowed: RenderKeys.previewGenerations, what: "`previews.generation`")
            }
        }
        if let legacy = entry("pullRequestPreviewsEnabled") {
            let value = bool(legacy)
            deprecated(
                legacy,
                "`pullRequestPreviewsEnabled` is replaced by `previews.generation`",
                fix: "write `previews: {generation: \(value == false ? "off" : "automatic")}` instead"
            )
            if service.previewsGeneration == nil, let value { service.previewsGeneration = value ? "automatic" : "off" }
        }
        if let previewPlan = entry("previewPlan") {
            deprecated(previewPlan, "`previewPlan` is replaced by `previews.plan`", fix: "write `previews: {plan: …}` instead")
        }
    }

    /// Fields Render requires for the service's type and runtime.
    private mutating func checkRequired(_ service: RenderService, node: BlueprintNode, entries: [BlueprintNode.Entry], label: String) {
        func has(_ key: String) -> Bool { entries.contains { $0.key == key && !$0.value.isNull } }
        func missing(_ key: String, _ reason: String, fix: String) {
            report(.renderFieldMissing, line: node.line, "\(label) has no `\(key)`: \(reason)", fix: fix)
        }
        let type = service.type
        guard !type.isEmpty else { return }
        if service.isKeyValue {
            if !has("ipAllowList") {
                missing(
                    "ipAllowList",
                    "Render requires it for Key Value",
                    fix: "add `ipAllowList: []` to allow only connections from your Render services"
                )
            }
            return
        }
        // An `image:` block alone implies an image-backed service (`runtime: image`), so `runtime` may be left out.
        if service.runtime == nil && !has("runtime") && !has("env") && !has("image") {
            missing(
                "runtime",
                "Render requires one for every \(type) service",
                fix: "add `runtime:` (node, python, ruby, go, rust, elixir, docker, image, or static for a static site)"
            )
        }
        if service.runtime == "image" && !has("image") {
            missing("image", "an image-backed service runs a prebuilt image", fix: "add `image: {url: registry/name:tag}`")
        }
        let nativeRuntime = service.runtime.map { !["docker", "image", "static"].contains($0) } ?? false
        if ["web", "pserv", "worker", "cron"].contains(type), nativeRuntime, !service.usesContainer, !has("startCommand") {
            missing(
                "startCommand",
                "a \(type) service on a native runtime runs this command, and Render requires it",
                fix: "add `startCommand:` with the command that starts the service"
            )
        }
        if service.isStaticSite && !has("staticPublishPath") {
            missing(
                "staticPublishPath",
                "a static site publishes this folder of the build's output",
                fix: "add `staticPublishPath:` with the folder your build writes (such as `./dist` or `./public`)"
            )
        }
        if type == "cron" && !has("schedule") {
            missing("schedule", "a cron job runs on this schedule", fix: "add `schedule:` with a cron expression, such as `\"0 * * * *\"`")
        }
    }

    /// Fields Render does not accept on this kind of service.
    private mutating func checkCombinations(_ service: RenderService, entries: [BlueprintNode.Entry], label: String) {
        func notAllowed(_ key: String, _ reason: String, fix: String) {
            guard let entry = entries.first(where: { $0.key == key }) else { return }
            report(.renderFieldNotAllowed, line: entry.keyLine, "`\(key)` on \(label): \(reason)", fix: fix)
        }
        let type = service.type
        guard !type.isEmpty else { return }
        let kind = service.isStaticSite ? "a static site" : "a \(type) service"
        if !service.isStaticSite {
            for key in ["routes", "headers", "staticPublishPath"] {
                notAllowed(
                    key,
                    "only static sites (`type: web`, `runtime: static`) have it, and this is \(kind)",
                    fix: type == "web" ? "set `runtime: static` if this is a static site, or remove `\(key)`" : "remove `\(key)`"
                )
            }
        }
        if service.isStaticSite {
            notAllowed("disk", "a static site is served from Render's CDN and has no disk", fix: "remove `disk`")
            notAllowed("region", "a static site is served from Render's CDN in every region", fix: "remove `region`")
            notAllowed("healthCheckPath", "a static site runs no server to check", fix: "remove `healthCheckPath`")
        } else if type != "web" {
            notAllowed("healthCheckPath", "Render checks the health of web services only", fix: "remove `healthCheckPath`")
        }
        if type == "cron" || service.isKeyValue {
            notAllowed("disk", "Render attaches disks to web services, private services and workers only", fix: "remove `disk`")
        }
        if type != "cron" {
            notAllowed(
                "schedule",
                "only cron jobs run on a schedule, and this is \(kind)",
                fix: "remove `schedule`, or make the service `type: cron`"
            )
        }
        if type != "web" {
            notAllowed("domains", "only web services and static sites take custom domains, and this is \(kind)", fix: "remove `domains`")
        }
        if service.runtime != "docker" {
            for key in ["dockerfilePath", "dockerContext"] {
                notAllowed(key, "it applies to `runtime: docker` only", fix: "set `runtime: docker`, or remove `\(key)`")
            }
        }
        if !service.usesContainer {
            for key in ["dockerCommand", "registryCredential"] {
                notAllowed(key, "it applies to `runtime: docker` and `runtime: image` only", fix: "set `runtime: docker`, or remove `\(key)`")
            }
        }
        if let runtime = service.runtime, runtime != "image" {
            notAllowed(
                "image",
                "a prebuilt image runs with `runtime: image` only, and this service has `runtime: \(runtime)`",
                fix: "set `runtime: image`, or remove `image`"
            )
        }
        if !service.isKeyValue {
            for key in ["ipAllowList", "maxmemoryPolicy"] {
                notAllowed(key, "only Key Value instances have it among services", fix: "remove `\(key)`")
            }
        } else {
            for key in ["runtime", "env", "buildCommand", "startCommand"] {
                notAllowed(key, "a Key Value instance runs Render's Valkey server, not your code", fix: "remove `\(key)`")
            }
        }
    }

    /// A static site's `routes`; malformed entries are reported and left out.
    private mutating func readRoutes(_ entry: BlueprintNode.Entry, label: String) -> [RenderRoute] {
        var routes: [RenderRoute] = []
        for item in list(entry) {
            guard let fields = mappingItem(item, what: "a route") else { continue }
            checkKeys(fields, known: RenderKeys.route, in: "a route")
            let kind = requiredString(fields, "type", at: item.line, what: "a route")
            let source = requiredString(fields, "source", at: item.line, what: "a route")
            let destination = requiredString(fields, "destination", at: item.line, what: "a route")
            var valid = kind != nil && source != nil && destination != nil
            var routeKind = RenderRoute.Kind.redirect
            if let kind, let typeEntry = fields.first(where: { $0.key == "type" }) {
                if let parsed = RenderRoute.Kind(rawValue: kind) {
                    routeKind = parsed
                } else {
                    valid = false
                    report(
                        .renderValueInvalid,
                        line: typeEntry.value.line,
                        "a route has `type: \(kind.abbreviated(40))`; Render knows `redirect` and `rewrite`, so it drops this route",
                        fix: "write `type: redirect` (301) or `type: rewrite`"
                    )
                }
            }
            if let source, !source.hasPrefix("/") {
                valid = false
                report(
                    .renderValueInvalid,
                    line: fields.first(where: { $0.key == "source" })?.value.line ?? item.line,
                    "route source `\(source.abbreviated(60))` is not a path; Render matches sources against the request path, which starts with `/`",
                    fix: RenderRoute.isURL(source) ? "write only the path of the URL" : "write `/\(source.abbreviated(60))`"
                )
            }
            if let destination, !destination.hasPrefix("/") && !RenderRoute.isURL(destination) {
                valid = false
                report(
                    .renderValueInvalid,
                    line: fields.first(where: { $0.key == "destination" })?.value.line ?? item.line,
                    "route destination `\(destination.abbreviated(60))` is neither a path (starting with `/`) nor an http(s) URL",
                    fix: "write `/\(destination.abbreviated(60))` or a full `https://` URL"
                )
            }
            guard valid, let source, let destination else { continue }
            guard let route = RenderRoute(kind: routeKind, source: source, destination: destination, line: item.line) else {
                report(
                    .renderValueInvalid,
                    line: item.line,
                    "route source `\(source.abbreviated(60))` is longer than \(RenderRoutePattern.maximumLength) bytes or has more than \(RenderRoutePattern.maximumDynamicElements) wildcards and placeholders",
                    fix: "split it into simpler routes"
                )
                continue
            }
            let bound = Set(route.pattern.placeholderNames)
            let unbound = RenderRoutePattern.placeholderNames(in: destination).filter { !bound.contains($0) && !RenderRoute.isURL(destination) }
            if !unbound.isEmpty {
                report(
                    .renderValueInvalid,
                    line: item.line,
                    "route destination uses \(unbound.map { "`:\($0)`" }.joined(separator: ", ")), which the source does not capture; it is sent as written",
                    fix: "add the placeholder to the source, or remove it from the destination"
                )
            }
            if destination.contains("*") && route.pattern.wildcardCount == 0 {
                report(
                    .renderValueInvalid,
                    line: item.line,
                    "route destination has `*` but the source has no wildcard to fill it",
                    fix: "add `*` to the source, or remove it from the destination"
                )
            }
            routes.append(route)
        }
        return routes
    }

    /// A static site's `headers`; malformed entries are reported and left out.
    private mutating func readHeaders(_ entry: BlueprintNode.Entry) -> [RenderHeaderRule] {
        var rules: [RenderHeaderRule] = []
        for item in list(entry) {
            guard let fields = mappingItem(item, what: "a header rule") else { continue }
            checkKeys(fields, known: RenderKeys.header, in: "a header rule")
            let path = requiredString(fields, "path", at: item.line, what: "a header rule")
            let name = requiredString(fields, "name", at: item.line, what: "a header rule")
            // An empty value is a value; only a missing one is reported.
            let valueEntry = fields.first(where: { $0.key == "value" })
            var value: String?
            if let valueEntry {
                value = valueEntry.value.isNull ? "" : string(valueEntry)
            } else {
                report(.renderFieldMissing, line: item.line, "a header rule has no `value`; Render requires it", fix: "add `value:`")
            }
            guard let path, let name, let value else { continue }
            if !path.hasPrefix("/") {
                report(
                    .renderValueInvalid,
                    line: fields.first(where: { $0.key == "path" })?.value.line ?? item.line,
                    "header path `\(path.abbreviated(60))` is not a path; Render matches it against request paths, which start with `/`",
                    fix: "write `/\(path.abbreviated(60))`"
                )
                continue
            }
            if name.isEmpty || name.contains(where: { $0 == ":" || $0 == " " || $0 == "\t" || !$0.isASCII }) {
                report(
                    .renderValueInvalid,
                    line: fields.first(where: { $0.key == "name" })?.value.line ?? item.line,
                    "header name `\(name.abbreviated(60))` is not a valid HTTP header name",
                    fix: "write the name alone, such as `Cache-Control`, and the value under `value:`"
                )
                continue
            }
            guard let rule = RenderHeaderRule(path: path, name: name, value: value, line: item.line) else {
                report(
                    .renderValueInvalid,
                    line: item.line,
                    "header path `\(path.abbreviated(60))` is longer than \(RenderHeaderPattern.maximumLength) bytes or has more than \(RenderHeaderPattern.maximumWildcards) wildcards",
                    fix: "use a simpler path"
                )
                continue
            }
            rules.append(rule)
        }
        return rules
    }
}
