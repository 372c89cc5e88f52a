import ArgumentParser
import Certification
import ChimeraGit
import ChimeraStore
import DeployPipeline
import Foundation
import PlatformModels
import SiteSimulation

extension Chimeractl {
    /// `chimeractl deploy --platform node --certify (--dir D | --repo R --commit C) --site S`.
    struct Deploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate, certify, deploy to a target and verify the live result, rolling back on a mismatch.",
            discussion: """
                Runs the service's pipeline in the foreground. The node target installs an immutable release under \
                <state>/sites/SITE and switches `current` atomically; a running `chimeractl serve` (give --server) serves \
                it by Host and is probed; without --server the probes are answered from the release in-process. \
                The site's platform model, domains and branches come from the sites file when it names SITE; otherwise \
                --model (default netlify). Exit status: 0 deployed and verified, 1 failing simulation or verification \
                (rolled back), 2 bad usage or input.
                """
        )

        @Option(help: "The deploy target: node (the self-hosted node).") var platform: String
        @Flag(help: "Certify the build before deploying (always done: only certified builds deploy).") var certify = false
        @Option(help: ArgumentHelp("An already-built publish folder.", valueName: "PUBLISH")) var dir: String?
        @Option(help: ArgumentHelp("A git repository whose commit is built, simulated, certified and deployed.", valueName: "PATH")) var repo: String?
        @Option(help: ArgumentHelp("With --repo: the revision.", valueName: "REV")) var commit: String?
        @Option(help: "With --repo: the branch (default: the repository's current branch).") var branch: String?
        @Option(help: "The site's name (its releases live in <state>/sites/SITE).") var site: String
        @Option(help: "The platform model when the sites file does not name the site: netlify, render or pages.") var model: PlatformName?
        @Option(help: ArgumentHelp("A running chimeractl serve to verify against, such as http://127.0.0.1:8000.", valueName: "URL"))
        var server: String?

        func validate() throws {
            guard platform == "node" else { throw ValidationError("--platform \(platform): the deploy targets are: node") }
            guard (dir == nil) != (repo == nil) else { throw ValidationError("give either --dir PUBLISH or --repo PATH --commit REV") }
            if repo != nil, commit == nil { throw ValidationError("--repo needs --commit REV (for example --commit HEAD)") }
            if repo == nil, commit != nil || branch != nil { throw ValidationError("--commit and --branch apply to --repo only") }
        }

        func run() async throws {
            let context = try ServiceContext.load(requireSites: false)
            var configuration = try siteConfiguration(context)
            var sites = context.sites
            sites.sites.removeAll { $0.name == configuration.name }
            sites.sites.append(configuration)
            var service = context
            service.sites = sites
            let runner = service.runner(server: server)
            let queue = DeployQueue(database: context.database)
            let deploy: ChimeraStore.Deploy
            do {
                if let repo {
                    let branch = self.branch ?? configuration.branches.filter { $0.value == "production" }.keys.sorted().first
                        ?? configuration.branches.keys.sorted().first ?? "main"
                    configuration.cloneURL = URL(fileURLWithPath: repo).standardizedFileURL.path
                    // The revision is read in the user's repository (HEAD, a branch, a short id), where it means what
                    // they expect; the pipeline then fetches that exact commit.
                    let id: String
                    do { id = try GitRepository(path: repo).resolve(commit!) } catch { throw InputError("--repo \(repo) --commit \(commit!): \(error)") }
                    (deploy, _) = try await runner.enqueue(site: configuration, branch: branch, commit: id, trigger: .cli)
                } else {
                    deploy = try await enqueueFolder(dir!, site: configuration, context: context, queue: queue)
                }
            } catch let error as InputError {
                throw error
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw InputError("\(error)")
            }
            guard let claimed = try queue.claim(id: deploy.id) else {
                throw InputError("deploy \(deploy.id) is waiting for another deploy of \(configuration.name) to finish; try again")
            }
            standardError("chimeractl: deploy \(claimed.id) of \(configuration.name) (\(claimed.commit.prefix(12)))\n")
            await runner.run(claimed)
            guard let finished = try queue.deploy(id: deploy.id) else { throw InputError("deploy \(deploy.id) vanished from the store") }
            let progress = DeployProgress.decode(finished.details)
            print("deploy: \(finished.id) \(finished.state.rawValue) at \(finished.stage.rawValue)")
            if let release = progress.release { print("release: \(release)") }
            if let probes = progress.probes { print("verified: \(probes) probes, \(progress.mismatches?.count ?? 0) mismatches") }
            for mismatch in progress.mismatches ?? [] { print("  mismatch: \(mismatch)") }
            if let milliseconds = progress.rollbackMilliseconds { print("rolled back to \(progress.previousRelease ?? "?") in \(milliseconds) ms") }
            if let error = finished.lastError, finished.state != .succeeded { print("error: \(error)") }
            if finished.state != .succeeded { throw ExitCode(1) }
        }

        /// The site from the sites file, or one made from the options.
        private func siteConfiguration(_ context: ServiceContext) throws -> SiteConfiguration {
            if var known = context.sites.site(named: site) {
                if let model, model.rawValue != known.platform.rawValue {
                    throw ValidationError("--model \(model.rawValue): the sites file says site \(site) is \(known.platform.rawValue)")
                }
                if let branch { known.branches[branch] = known.branches[branch] ?? "production" }
                return known
            }
            guard site.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw ValidationError("--site \(site): use letters, digits, '-' and '_' (it names a folder)")
            }
            var branches: [String: String] = ["main": "production"]
            if let repo {
                let current = branch ?? (try? GitRepository(path: repo))?.currentBranch ?? "main"
                branches = [current: "production"]
            }
            return SiteConfiguration(
                name: site,
                repository: "local/\(site)",
                cloneURL: repo ?? "",
                platform: SiteConfiguration.Platform(rawValue: (model ?? .netlify).rawValue) ?? .netlify,
                branches: branches
            )
        }

        /// Simulates the built folder now and queues a deploy that starts at the certify stage.
        private func enqueueFolder(_ folder: String, site: SiteConfiguration, context: ServiceContext, queue: DeployQueue) async throws -> ChimeraStore.Deploy {
            let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
            guard FileManager.default.fileExists(atPath: absolute) else { throw InputError("--dir \(folder): no such folder") }
            var arguments = ["--platform", site.platform.rawValue]
            if let service = site.service { arguments += ["--service", service] }
            if let basePath = site.basePath { arguments += ["--base-path", basePath] }
            let options = try PlatformOptions.parse(arguments)
            let report = try options.simulate(directory: absolute, context: "production", branch: nil)
            print(report.renderedText(), terminator: "")
            if report.verdict == .fail {
                standardError("chimeractl: not deployed: the simulation's verdict is fail\n")
                throw ExitCode(1)
            }
            // Named like the pipeline's workspaces (time first), so pruning keeps the newest.
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMddHHmmss"
            formatter.timeZone = TimeZone(identifier: "UTC")
            let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let workspace = StateDirectory(path: context.settings.stateDirectory).workspaces + "/\(formatter.string(from: Date()))-cli0000-\(random)"
            try AtomicFile.makeFolder(workspace)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try AtomicFile.write(Array(try encoder.encode(report)), to: workspace + "/report.json")
            var progress = DeployProgress()
            progress.workspace = workspace
            progress.publishDirectory = absolute
            progress.verdict = report.verdict.rawValue
            progress.errors = report.count(.error)
            progress.warnings = report.count(.warning)
            let request = DeployRequest(
                site: site.name,
                context: "production",
                branch: site.branches.keys.sorted().first ?? "main",
                commit: "local",
                repository: site.repository,
                trigger: .cli
            )
            let (deploy, _) = try queue.enqueue(request, startingAt: .certify, details: progress.encoded())
            return deploy
        }
    }
}
