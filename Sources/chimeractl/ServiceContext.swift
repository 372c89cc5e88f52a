import ChimeraServer
import ChimeraStore
import DeployPipeline
import Foundation
import Logging
import SiteSimulation

/// What the service commands share: the settings from the environment, the sites file, the store and a runner.
struct ServiceContext {
    var settings: ServiceSettings
    var sites: SitesFile
    var database: ChimeraDatabase
    var logger: Logger

    /// Reads the environment and, when `requireSites`, the sites file (else an absent file gives no sites; with
    /// `readSites` false it is not read at all, for commands that only use the store).
    static func load(config: String? = nil, requireSites: Bool, readSites: Bool = true) throws -> ServiceContext {
        var settings: ServiceSettings
        do {
            settings = try ServiceSettings.fromEnvironment(defaultStateDirectory: StateDirectory.resolve().path)
        } catch {
            throw InputError(error.description)
        }
        if let config { settings.configPath = config }
        var sites = SitesFile(sites: [])
        if requireSites || (readSites && FileManager.default.fileExists(atPath: settings.configPath)) {
            do { sites = try SitesFile.load(path: settings.configPath) } catch { throw InputError(error.description) }
        }
        let database: ChimeraDatabase
        do { database = try ChimeraDatabase.open(stateDirectory: settings.stateDirectory) } catch {
            throw InputError("\(error); set CHIMERA_STATE_DIR to a writable folder")
        }
        var logger = Logger(label: "chimera")
        logger.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["CHIMERA_LOG_LEVEL"] ?? "info") ?? .info
        return ServiceContext(settings: settings, sites: sites, database: database, logger: logger)
    }

    /// A runner that verifies against `server` (a running `chimeractl serve`), or in-process when nil.
    func runner(server: String?) -> DeployRunner {
        DeployRunner(
            settings: settings,
            sites: sites,
            database: database,
            statuses: StatusReporter(client: nil, baseURL: settings.baseURL, logger: logger),
            prober: LiveProber(baseURL: { server }),
            logger: logger
        )
    }
}
