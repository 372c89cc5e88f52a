import ArgumentParser
import ChimeraServer
import DeployPipeline
import Foundation
import Hummingbird
import Logging

extension Chimeractl {
    /// `chimeractl serve`: the deploy service (webhooks, API, pipeline, node-hosted sites).
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the deploy service: GitHub webhooks, the /api/chimera API, the pipeline and the node-hosted sites.",
            discussion: """
                Configured by the environment (CHIMERA_ENABLED, CHIMERA_LISTEN, CHIMERA_STATE_DIR, CHIMERA_CONFIG, \
                CHIMERA_SIM_TIMEOUT, CHIMERA_HEAL_MAX_ATTEMPTS, CHIMERA_PUBLIC_URL, GITHUB_WEBHOOK_SECRET, GITHUB_TOKEN, \
                GITHUB_API_URL) and the sites file. A bad sites file is refused at start with file:line and the reason \
                (exit 2). SIGTERM: requests in flight finish, deploys stop at their next stage boundary and resume on the \
                next start.
                """
        )

        @Option(help: ArgumentHelp("The sites file (default: CHIMERA_CONFIG or /etc/chimera/chimera.toml).", valueName: "FILE"))
        var config: String?

        func run() async throws {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            let context = try ServiceContext.load(config: config, requireSites: true)
            let server = try ChimeraApplication(settings: context.settings, sites: context.sites, logger: context.logger)
            let settings = context.settings
            let names = context.sites.sites.map(\.name).joined(separator: ", ")
            try await server.application { port in
                let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
                standardError("chimera: listening on http://\(host):\(port) (sites: \(names.isEmpty ? "none" : names))\n")
            }.runService()
        }
    }
}
