/// The `RENDER_` codes: what reading `render.yaml` and simulating a Render static site can find.
extension FindingCode {
    /// `render.yaml` is not valid YAML (or not UTF-8); Render rejects the blueprint. Reported with line and column.
    public static let renderYAMLSyntax = Self("RENDER_YAML_SYNTAX")
    /// `render.yaml` is over a limit Chimera reads within (size, nesting, alias expansion).
    public static let renderYAMLLimit = Self("RENDER_YAML_LIMIT")
    /// A value of the wrong kind: a list where a word belongs, a mapping where a list belongs.
    public static let renderFieldType = Self("RENDER_FIELD_TYPE")
    /// A field Render requires is missing (`name`, `type`, `runtime`, `startCommand`, `schedule`, …).
    public static let renderFieldMissing = Self("RENDER_FIELD_MISSING")
    /// A field that Render does not accept on this kind of service (routes on a web service, disk on a static site, …).
    public static let renderFieldNotAllowed = Self("RENDER_FIELD_NOT_ALLOWED")
    /// A service `type` Render does not know.
    public static let renderServiceTypeInvalid = Self("RENDER_SERVICE_TYPE_INVALID")
    /// A `runtime` (or legacy `env`) Render does not know.
    public static let renderRuntimeInvalid = Self("RENDER_RUNTIME_INVALID")
    /// A value Render does not accept: a route type, a trigger, a path that is not a path, a cron schedule.
    public static let renderValueInvalid = Self("RENDER_VALUE_INVALID")
    /// A key Render still reads but has replaced (`env` → `runtime`, `autoDeploy` → `autoDeployTrigger`, …).
    public static let renderKeyDeprecated = Self("RENDER_KEY_DEPRECATED")
    /// A key Render's blueprint spec does not have: a typo, or a field Render ignores.
    public static let renderKeyUnknown = Self("RENDER_KEY_UNKNOWN")
    /// An environment variable inside `envVarGroups` that groups cannot hold (`sync: false`, `fromDatabase`, …).
    public static let renderEnvGroupVarInvalid = Self("RENDER_ENV_GROUP_VAR_INVALID")
    /// Two services, two databases or two environment groups with one name.
    public static let renderNameDuplicate = Self("RENDER_NAME_DUPLICATE")
    /// `fromGroup`, `fromDatabase` or `fromService` names nothing in the blueprint (it may exist in the workspace).
    public static let renderReferenceUnknown = Self("RENDER_REFERENCE_UNKNOWN")
    /// The blueprint declares no service, database or environment group.
    public static let renderBlueprintEmpty = Self("RENDER_BLUEPRINT_EMPTY")
    /// No `render.yaml` was found: routes and headers set in the Dashboard cannot be simulated.
    public static let renderBlueprintMissing = Self("RENDER_BLUEPRINT_MISSING")
    /// The service to simulate is not in the blueprint, or is not a static site.
    public static let renderServiceNotFound = Self("RENDER_SERVICE_NOT_FOUND")
    /// The static site's publish folder (`staticPublishPath`) does not exist.
    public static let renderPublishDirMissing = Self("RENDER_PUBLISH_DIR_MISSING")
    /// `_redirects` or `_headers` in the publish folder: Render serves them as files and applies none of their rules.
    public static let renderSideFileIgnored = Self("RENDER_SIDE_FILE_IGNORED")
    /// A route whose source is a file of the site: Render serves the file, so the route never fires.
    public static let renderRouteShadowed = Self("RENDER_ROUTE_SHADOWED")
    /// A route that an earlier route always matches first.
    public static let renderRouteUnreachable = Self("RENDER_ROUTE_UNREACHABLE")
    /// A rewrite or site-internal redirect to a path that nothing serves.
    public static let renderRouteTargetMissing = Self("RENDER_ROUTE_TARGET_MISSING")
    /// Redirects that lead back to where they started, or never end.
    public static let renderRouteLoop = Self("RENDER_ROUTE_LOOP")
    /// Two header rules set one header to different values for one path; Render does not document which wins.
    public static let renderHeadersConflict = Self("RENDER_HEADERS_CONFLICT")

    /// Every `RENDER_` code with its severity. Errors: Render rejects the blueprint or the field, or the deploy
    /// loses something (a rule, a target). Warnings: deprecated, advisory, or undocumented behaviour.
    /// A web service that did not answer its health check path with 2xx or 3xx after starting.
    public static let renderHealthCheckFailed = Self("RENDER_HEALTHCHECK_FAILED")

    public static let renderSeverities: [FindingCode: Finding.Severity] = [
        .renderYAMLSyntax: .error,
        .renderYAMLLimit: .error,
        .renderFieldType: .error,
        .renderFieldMissing: .error,
        .renderFieldNotAllowed: .error,
        .renderServiceTypeInvalid: .error,
        .renderRuntimeInvalid: .error,
        .renderValueInvalid: .error,
        .renderKeyDeprecated: .warning,
        .renderKeyUnknown: .warning,
        .renderEnvGroupVarInvalid: .error,
        .renderNameDuplicate: .error,
        .renderReferenceUnknown: .warning,
        .renderBlueprintEmpty: .warning,
        .renderBlueprintMissing: .warning,
        .renderServiceNotFound: .error,
        .renderPublishDirMissing: .error,
        .renderSideFileIgnored: .warning,
        .renderRouteShadowed: .warning,
        .renderRouteUnreachable: .warning,
        .renderRouteTargetMissing: .error,
        .renderRouteLoop: .error,
        .renderHeadersConflict: .warning,
        .renderHealthCheckFailed: .error,
    ]
}
