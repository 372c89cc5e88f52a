import ArgumentParser
import ConfigHealing
import Foundation
import PlatformModels
import SiteSimulation

/// The options that choose and configure a platform model, shared by `simulate` and `route`.
struct PlatformOptions: ParsableArguments {
    @Option(help: "The platform model: netlify, render or pages.") var platform: PlatformName
    @Option(
        help: ArgumentHelp(
            "The platform's configuration file: netlify.toml (netlify) or render.yaml (render). Looked for in the site folder and its parents up to the repository root when not given.",
            valueName: "FILE"
        )
    )
    var config: String?
    @Option(help: "render: the service to simulate (default: the blueprint's first static site).") var service: String?
    @Option(
        name: .customLong("base-path"),
        help: ArgumentHelp("pages: the path a project site is served under, such as /repo (/ for the root).", valueName: "PATH")
    )
    var basePath: String?
    @Option(help: ArgumentHelp("pages: the repository, OWNER/NAME, which decides the base path of a project site.", valueName: "OWNER/NAME"))
    var repository: String?
    @Option(help: "pages: how the site is published: branch (Jekyll runs unless .nojekyll) or workflow (an uploaded artifact).")
    var source: PagesPublishingSource = .branch

    func validate() throws {
        if platform != .render, service != nil { throw ValidationError("--service applies to --platform render only") }
        if platform != .pages, basePath != nil || repository != nil {
            throw ValidationError("--base-path and --repository apply to --platform pages only")
        }
        if platform == .pages, config != nil { throw ValidationError("--config does not apply to --platform pages (Pages reads no rules file)") }
        if let basePath, !basePath.hasPrefix("/") { throw ValidationError("--base-path \(basePath): start it with /, such as /repo") }
    }

    /// Loads the site in `directory` and returns its router with the findings met while reading it.
    func loadRouter(directory: String) throws -> (router: any SiteRouter, findings: [Finding]) {
        do {
            switch platform {
            case .netlify:
                let site = try NetlifySite.load(publishDirectory: directory, configPath: config)
                guard site.folder != nil else { throw InputError("--dir \(directory): no such folder") }
                return (site.router, site.findings)
            case .render:
                let site = try RenderSite.load(publishDirectory: directory, blueprintPath: config, serviceName: service)
                guard site.folder != nil else { throw InputError("--dir \(directory): no such folder") }
                return (site.router, site.findings)
            case .pages:
                let site = try PagesSite.load(publishDirectory: directory, basePath: basePath, repository: repository, source: source)
                guard site.folder != nil else { throw InputError("--dir \(directory): no such folder") }
                return (site.router, site.findings)
            }
        } catch let error as SiteLoadError {
            throw InputError(error.description)
        }
    }

    /// A simulation of `revision` in `repository` with these platform options and the environment's
    /// `CHIMERA_BUILD_NETWORK` and `CHIMERA_SIM_TIMEOUT`.
    func commitSimulation(
        repository: String,
        revision: String,
        branch: String?,
        context: String?,
        state: StateDirectory,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> CommitSimulation {
        var simulation = CommitSimulation(
            repository: repository,
            revision: revision,
            platform: CommitSimulation.Platform(rawValue: platform.rawValue)!,
            state: state
        )
        simulation.branch = branch
        simulation.context = context
        simulation.networkAllowed = environment["CHIMERA_BUILD_NETWORK"] == "1"
        if let text = environment["CHIMERA_SIM_TIMEOUT"], !text.isEmpty {
            guard let seconds = Int(text), seconds > 0 else {
                throw InputError("CHIMERA_SIM_TIMEOUT=\(text): give a whole number of seconds, such as 300")
            }
            simulation.timeout = .seconds(seconds)
        }
        simulation.serviceName = service
        simulation.basePath = basePath
        simulation.repositoryName = self.repository
        simulation.pagesSource = source
        return simulation
    }

    /// Simulates the already-built folder `directory`.
    func simulate(directory: String, context: String, branch: String?) throws -> SimulationReport {
        do {
            switch platform {
            case .netlify:
                return try NetlifySimulation(publishDirectory: directory, configPath: config, context: context, branch: branch).run()
            case .render:
                return try RenderSimulation(publishDirectory: directory, blueprintPath: config, serviceName: service).run()
            case .pages:
                return try PagesSimulation(publishDirectory: directory, basePath: basePath, repository: repository, source: source).run()
            }
        } catch {
            throw InputError(error.description)
        }
    }
}

extension PlatformOptions {
    /// What ARIE heals for an already-built folder with these platform options.
    func healTarget(directory: String, context: String) -> HealTarget {
        var target = HealTarget(platform: HealPlatform(rawValue: platform.rawValue) ?? .netlify, directory: directory)
        target.configPath = config
        target.context = context
        target.serviceName = service
        target.basePath = basePath
        target.repository = repository
        target.pagesSource = source
        return target
    }
}

extension PagesPublishingSource: ExpressibleByArgument {}
