import ChimeraHTTP
import ChimeraStore
import DeployPipeline
import Foundation
import GitHubAPI
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Chimera's server: the webhook endpoint, the API, the node-hosted sites and the pipeline service, built the
/// same way for `chimeractl serve` and for the tests.
///
/// ```swift
/// let server = try ChimeraApplication(settings: settings, sites: try SitesFile.load(path: settings.configPath), logger: logger)
/// try await server.application().runService()
/// ```
public struct ChimeraApplication: Sendable {
    /// The settings.
    public let settings: ServiceSettings
    /// The sites.
    public let sites: SitesFile
    /// The store.
    public let database: ChimeraDatabase
    /// The pipeline service.
    public let pipeline: PipelineService
    /// The deploy runner (the API's simulate, verify and rollback use it).
    public let runner: DeployRunner
    /// The webhook intake (group commit).
    public let intake: DeliveryIntake
    /// Logs.
    public let logger: Logger
    private let boundPort: BoundPort

    /// Opens the store and wires the parts.
    /// - Throws: when the state directory's database cannot be opened.
    public init(settings: ServiceSettings, sites: SitesFile, logger: Logger) throws {
        self.settings = settings
        self.sites = sites
        self.logger = logger
        let database = try ChimeraDatabase.open(stateDirectory: settings.stateDirectory)
        self.database = database
        let port = BoundPort(settings.port)
        self.boundPort = port
        let github = settings.githubToken.map { GitHubClient(apiURL: settings.githubAPIURL, token: $0) }
        let statuses = StatusReporter(client: github, baseURL: settings.baseURL, logger: logger)
        let host = settings.host.contains(":") ? "[\(settings.host)]" : (settings.host == "0.0.0.0" ? "127.0.0.1" : settings.host)
        let prober = LiveProber(baseURL: { "http://\(host):\(port.value)" })
        let runner = DeployRunner(settings: settings, sites: sites, database: database, statuses: statuses, prober: prober, logger: logger)
        self.runner = runner
        let deliveries = DeliveryProcessor(settings: settings, sites: sites, database: database, statuses: statuses, logger: logger)
        self.pipeline = PipelineService(deliveries: deliveries, runner: runner, enabled: settings.enabled)
        self.intake = DeliveryIntake(database: database)
    }

    /// The port the server listens on (the real one once it runs, when the settings asked for port 0).
    public var port: Int { boundPort.value }

    /// The router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: NodeSiteMiddleware(sites: sites, cache: NodeSiteCache(stateDirectory: settings.stateDirectory)))
        let pipeline = self.pipeline
        WebhookController<BasicRequestContext>(secret: settings.webhookSecret, intake: intake, wake: { pipeline.wake() }).register(on: router)
        APIController<BasicRequestContext>(
            settings: settings,
            sites: sites,
            database: database,
            runner: runner,
            deliveries: pipeline.deliveries,
            wake: { pipeline.wake() }
        )
            .register(on: router)
        LocalHookController<BasicRequestContext>(serving: self).register(on: router)
        router.get("/") { _, _ in
            "Chimera: POST /webhooks/github, /api/chimera/status, /api/chimera/openapi.json\n"
        }
        return router
    }

    /// The Hummingbird application, with the pipeline as one of its services.
    /// - Parameters:
    ///   - systemd: where `READY=1`, `WATCHDOG=1` and `STOPPING=1` go (`NOTIFY_SOCKET`; a no-op outside systemd).
    ///   - onServerRunning: called with the port once the server listens.
    public func application(
        systemd: SystemdNotifier = SystemdNotifier(),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let (boundPort, pipeline, logger) = (self.boundPort, self.pipeline, self.logger)
        // systemd (Type=notify): the watchdog and STOPPING=1 come from a service of the group, READY=1 from below.
        let systemdServices: [any Service] = systemd.isEnabled ? [SystemdNotifyService(notifier: systemd, logger: logger)] : []
        return Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "chimera"),
            services: [pipeline] + systemdServices,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                boundPort.set(port)
                pipeline.serverIsListening()
                pipeline.wake()
                systemd.send("\(SystemdNotifier.ready)\nSTATUS=listening on port \(port)", logger: logger)
                await onServerRunning(port)
            },
            logger: logger
        )
    }
}

/// The listening port, learned once the server runs.
final class BoundPort: Sendable {
    private let port: Mutex<Int>

    init(_ port: Int) { self.port = Mutex(port) }

    var value: Int { port.withLock { $0 } }

    func set(_ value: Int) { port.withLock { $0 = value } }
}
