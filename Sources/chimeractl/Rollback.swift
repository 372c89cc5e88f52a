import ArgumentParser
import DeployPipeline
import Foundation

extension Chimeractl {
    /// `chimeractl rollback --site S [--to RELEASE]`.
    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Switch a node-hosted site back to an earlier release (default: the one live before the current one).",
            discussion: "The switch is atomic; it is recorded as chimera.rollback.triggered with a signed ledger entry."
        )

        @Option(help: "The site's name.") var site: String
        @Option(help: ArgumentHelp("The release to go back to (see the site's releases/ folder).", valueName: "RELEASE")) var to: String?

        func run() throws {
            let context = try ServiceContext.load(requireSites: false)
            let configuration = context.sites.site(named: site) ?? SiteConfiguration(name: site, repository: "local/\(site)", cloneURL: "", platform: .netlify)
            do {
                let (from, target, milliseconds) = try context.runner(server: nil).rollback(
                    site: configuration,
                    to: to,
                    actor: "chimeractl",
                    reason: "asked with chimeractl rollback"
                )
                print("rolled back \(site): \(from ?? "(none)") → \(target) in \(milliseconds) ms")
            } catch {
                throw InputError("\(error)")
            }
        }
    }
}
