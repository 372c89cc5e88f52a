/// The keys and values of Render's current blueprint spec (<https://render.com/docs/blueprint-spec>).
///
/// The 2022 JSON schema in `shared/contracts/` is older: it lacks `runtime`, `rootDir`, `previews`,
/// `autoDeployTrigger`, `preDeployCommand`, `buildFilter`, `keyvalue`, `projects` and more. These lists follow the
/// current spec as documented; a key not listed is reported as unknown, a warning only, since Render adds keys
/// faster than this list is updated (and `x-`-style anchor holders are common).
enum RenderKeys {
    /// Keys at the top level of `render.yaml`.
    static let root: Set<String> = [
        "services", "databases", "envVarGroups", "previews", "projects", "ungrouped", "version",
        "previewsEnabled", "previewsExpireAfterDays",
    ]
    /// Keys of a service.
    static let service: Set<String> = [
        "name", "type", "runtime", "env", "plan", "previews", "previewPlan", "region", "repo", "branch", "rootDir",
        "buildCommand", "startCommand", "preDeployCommand", "autoDeploy", "autoDeployTrigger", "buildFilter",
        "numInstances", "scaling", "healthCheckPath", "maxShutdownDelaySeconds", "domains", "envVars", "disk", "image",
        "dockerfilePath", "dockerContext", "dockerCommand", "registryCredential", "schedule", "staticPublishPath",
        "routes", "headers", "pullRequestPreviewsEnabled", "ipAllowList", "maxmemoryPolicy", "initialDeployHook",
        "renderSubdomainPolicy",
    ]
    /// Keys of a database.
    static let database: Set<String> = [
        "name", "plan", "previewPlan", "previews", "region", "databaseName", "user", "ipAllowList",
        "postgresMajorVersion", "diskSizeGB", "highAvailability", "readReplicas",
    ]
    /// Keys of an environment group.
    static let envVarGroup: Set<String> = ["name", "envVars"]
    /// Keys of one environment variable.
    static let envVar: Set<String> = ["key", "value", "generateValue", "sync", "fromDatabase", "fromService", "fromGroup", "previewValue"]
    /// Keys of `fromDatabase`.
    static let fromDatabase: Set<String> = ["name", "property"]
    /// Keys of `fromService`.
    static let fromService: Set<String> = ["name", "type", "property", "envVarKey"]
    /// Keys of one route.
    static let route: Set<String> = ["type", "source", "destination"]
    /// Keys of one header rule.
    static let header: Set<String> = ["path", "name", "value"]
    /// Keys of `disk`.
    static let disk: Set<String> = ["name", "mountPath", "sizeGB"]
    /// Keys of `image`.
    static let image: Set<String> = ["url", "creds"]
    /// Keys of a service's `previews`.
    static let servicePreviews: Set<String> = ["generation", "plan", "numInstances"]
    /// Keys of the top-level `previews`.
    static let rootPreviews: Set<String> = ["generation", "expireAfterDays"]
    /// Keys of a project.
    static let project: Set<String> = ["name", "environments", "envVarGroups"]
    /// Keys of a project's environment.
    static let environment: Set<String> = [
        "name", "services", "databases", "envVarGroups", "networkIsolationEnabled", "protectionEnabled", "ipAllowList",
    ]

    /// Service types. `redis` is the legacy name of `keyvalue`, still accepted and reported as deprecated.
    static let serviceTypes: Set<String> = ["web", "pserv", "worker", "cron", "keyvalue"]
    /// Runtimes (and values of the legacy `env`).
    static let runtimes: Set<String> = ["node", "python", "elixir", "go", "ruby", "rust", "docker", "image", "static"]
    /// Values of `autoDeployTrigger`.
    static let autoDeployTriggers: Set<String> = ["commit", "checksPass", "off"]
    /// Values of `previews.generation`.
    static let previewGenerations: Set<String> = ["off", "manual", "automatic"]

    /// The known key closest to an unknown one: same letters in another case, or at most two edits away.
    static func suggestion(for key: String, in known: Set<String>) -> String? {
        let lowered = key.lowercased()
        if let match = known.first(where: { $0.lowercased() == lowered }) { return match }
        guard key.count <= 40 else { return nil }
        return known.map { ($0, editDistance(lowered, $0.lowercased())) }.filter { $0.1 <= 2 }.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    private static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
