/// One entry of `services` in `render.yaml`: a web service, static site, private service, worker, cron job or
/// Key Value instance, with what a build, a start and the simulation need as plain properties.
public struct RenderService: Sendable, Hashable {
    /// A persistent disk.
    public struct Disk: Sendable, Hashable {
        /// The disk's name.
        public var name: String?
        /// Where it is mounted.
        public var mountPath: String?
        /// Its size in GB, when given.
        public var sizeGB: Int?

        /// Creates a disk.
        public init(name: String? = nil, mountPath: String? = nil, sizeGB: Int? = nil) {
            self.name = name
            self.mountPath = mountPath
            self.sizeGB = sizeGB
        }
    }

    /// The service's name (empty when the blueprint omits it, which is reported).
    public var name: String
    /// `web`, `pserv`, `worker`, `cron`, `keyvalue` (or the legacy `redis`), as written.
    public var type: String
    /// `runtime`, or the legacy `env` when `runtime` is absent: `node`, `python`, `docker`, `image`, `static`, ….
    public var runtime: String?
    /// The 1-based line where the service starts in `render.yaml`.
    public var line: Int
    /// The command that builds the service (run from `rootDir`).
    public var buildCommand: String?
    /// The command that starts a web service, private service, worker or cron job.
    public var startCommand: String?
    /// The command run after the build and before the start of each deploy.
    public var preDeployCommand: String?
    /// The folder, relative to the repository root, that commands run in and paths are relative to.
    public var rootDir: String?
    /// A static site's publish folder, relative to `rootDir` (or the repository root).
    public var staticPublishPath: String?
    /// The path Render polls on a web service before routing traffic to a new deploy.
    public var healthCheckPath: String?
    /// A cron job's schedule (five cron fields).
    public var schedule: String?
    /// The instance type.
    public var plan: String?
    /// The region.
    public var region: String?
    /// The branch deployed.
    public var branch: String?
    /// The repository URL.
    public var repo: String?
    /// `dockerfilePath` of a Docker service.
    public var dockerfilePath: String?
    /// `dockerContext` of a Docker service.
    public var dockerContext: String?
    /// `dockerCommand` of a Docker or image service.
    public var dockerCommand: String?
    /// `image.url` of an image-backed service.
    public var imageURL: String?
    /// Custom domains.
    public var domains: [String] = []
    /// A static site's redirect and rewrite rules, in order (malformed ones are left out and reported).
    public var routes: [RenderRoute] = []
    /// A static site's header rules, in order (malformed ones are left out and reported).
    public var headers: [RenderHeaderRule] = []
    /// The environment variables, in order.
    public var envVars: [RenderEnvVar] = []
    /// The persistent disk.
    public var disk: Disk?
    /// `commit`, `checksPass` or `off`; derived from the deprecated `autoDeploy` when only that is given.
    public var autoDeployTrigger: String?
    /// Pull-request previews: `off`, `manual` or `automatic`; derived from the deprecated
    /// `pullRequestPreviewsEnabled` when only that is given.
    public var previewsGeneration: String?

    /// The 1-based line of each key written for the service (`"staticPublishPath": 7`), for findings about it.
    public var keyLines: [String: Int] = [:]

    /// Creates a service; the reader fills the rest.
    public init(name: String, type: String, runtime: String?, line: Int) {
        self.name = name
        self.type = type
        self.runtime = runtime
        self.line = line
    }

    /// Whether this is a static site: `type: web` with `runtime: static`.
    public var isStaticSite: Bool { type == "web" && runtime == "static" }

    /// Whether this is a Key Value instance (`keyvalue`, or the legacy `redis`).
    public var isKeyValue: Bool { type == "keyvalue" || type == "redis" }

    /// Whether Render builds or pulls a container image instead of using a native runtime.
    public var usesContainer: Bool { runtime == "docker" || runtime == "image" || imageURL != nil }

    /// The health check path Render uses: `healthCheckPath`, or `/` when it is not set.
    public var effectiveHealthCheckPath: String { healthCheckPath ?? "/" }

    /// The variables this service sets itself with a literal `value`, by key (a later entry wins).
    /// `RenderBlueprint.environment(for:)` adds the linked environment groups.
    public var literalEnvironment: [String: String] {
        var environment: [String: String] = [:]
        for variable in envVars {
            if let key = variable.key, let value = variable.literalValue { environment[key] = value }
        }
        return environment
    }
}
