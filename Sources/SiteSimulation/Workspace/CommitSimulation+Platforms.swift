import BuildSandbox
import ChimeraGit
import Foundation
import PlatformModels

#if canImport(Glibc)
import Glibc
#endif

extension CommitSimulation {
    /// Netlify: resolve base, publish and command for the context, build, then simulate the publish folder.
    func simulateNetlify(
        tree: String,
        workspace: String,
        commit: GitCommit,
        branch: String,
        git: GitRepository,
        record: inout WorkspaceRecord,
        output: (String) -> Void
    ) throws(SiteLoadError) -> SimulationReport {
        let context = self.context ?? NetlifyBuildPlan.context(forBranch: branch, defaultBranch: git.currentBranch)
        record.context = context
        let plan = try NetlifyBuildPlan(
            treeRoot: tree,
            commit: commit.id,
            branch: branch,
            context: context,
            siteURL: siteURL,
            displayBase: tree
        )
        var findings = plan.findings
        if plan.findings.contains(where: { $0.severity == .error }) {
            // Netlify fails the build on these: there is no output to judge.
            return SimulationReport(platform: "netlify", findings: findings, stats: .empty)
        }
        if build, let command = plan.command {
            if let failure = try runBuild(
                command,
                writtenAt: plan.commandLocation,
                tree: tree,
                directory: plan.baseDirectory,
                environment: plan.environment,
                workspace: workspace,
                record: &record,
                output: output
            ) {
                return SimulationReport(platform: "netlify", findings: findings + [failure], stats: .empty)
            }
        }
        var simulation = NetlifySimulation(
            publishDirectory: plan.publishDirectory,
            configPath: plan.configPath,
            context: context,
            branch: branch,
            displayBase: tree
        )
        // The exported tree has no `.git`: the search for netlify.toml must not climb out of it.
        simulation.repositoryRoot = tree
        let report = try simulation.run()
        findings += report.findings
        return SimulationReport(platform: "netlify", findings: findings, stats: report.stats, configuration: report.configuration)
    }

    /// Render: build the service in its `rootDir`; a static site is then simulated, a web service is started
    /// with `PORT` set and health-checked the way Render does before it routes traffic to it.
    func simulateRender(
        tree: String,
        workspace: String,
        commit: GitCommit,
        branch: String,
        record: inout WorkspaceRecord,
        output: (String) -> Void
    ) throws(SiteLoadError) -> SimulationReport {
        let site = try RenderSite.load(repositoryDirectory: tree, serviceName: serviceName)
        // The folder simulation takes static sites only; a commit can also be a web service to start.
        guard let service = site.service ?? serviceName.flatMap({ site.blueprint.service(named: $0) }) else {
            return RenderSimulation(repositoryDirectory: tree, serviceName: serviceName).run(on: site)
        }
        let buildDirectory = FilePaths.join(tree, service.rootDir ?? "")
        guard FilePaths.isInside(buildDirectory, tree) else {
            return RenderSimulation(repositoryDirectory: tree, serviceName: serviceName).run(on: site)
        }
        var environment = site.blueprint.environment(for: service)
        environment["RENDER"] = "true"
        environment["RENDER_GIT_COMMIT"] = commit.id
        environment["RENDER_GIT_BRANCH"] = branch
        environment["RENDER_SERVICE_NAME"] = service.name
        if build, let command = service.buildCommand, !command.isEmpty {
            if let failure = try runBuild(
                command,
                writtenAt: ("render.yaml", service.keyLines["buildCommand"] ?? service.line),
                tree: tree,
                directory: buildDirectory,
                environment: environment,
                workspace: workspace,
                record: &record,
                output: output
            ) {
                return SimulationReport(platform: "render", findings: site.findings + [failure], stats: .empty)
            }
        }
        if service.isStaticSite || !build {
            // Reload: the build has just written the publish folder.
            return try RenderSimulation(repositoryDirectory: tree, serviceName: serviceName).run()
        }
        var findings = site.findings.filter { $0.code != .renderServiceNotFound }
        if let start = service.startCommand, !start.isEmpty, service.type == "web" || service.type == "pserv" {
            findings += try healthCheck(
                start,
                service: service,
                tree: tree,
                directory: buildDirectory,
                environment: environment,
                workspace: workspace
            )
        }
        return SimulationReport(platform: "render", findings: findings, stats: .empty)
    }

    /// Starts the service in the sandbox and polls its health check path until it answers 2xx or 3xx.
    private func healthCheck(
        _ command: String,
        service: RenderService,
        tree: String,
        directory: String,
        environment: [String: String],
        workspace: String
    ) throws(SiteLoadError) -> [Finding] {
        let port = Self.freePort()
        var environment = environment
        environment["PORT"] = String(port)
        let sandboxed = sandboxedCommand(command, tree: tree, directory: directory, environment: environment)
        let running: RunningService
        do {
            running = try SandboxRunner().start(sandboxed, logFile: workspace + "/service.log")
        } catch {
            throw SiteLoadError("cannot start the service sandbox: \(error.message)")
        }
        defer { _ = running.stop() }
        let path = service.effectiveHealthCheckPath
        if let status = running.waitForHTTP(port: port, path: path, timeout: timeout), (200..<400).contains(status) { return [] }
        let tail = CommitSimulation.describeTail(running.outputTail)
        return [
            Finding(
                .renderHealthCheckFailed,
                file: "render.yaml",
                line: service.keyLines["healthCheckPath"] ?? service.line,
                message:
                    "service \(service.name) did not answer GET \(path) on PORT \(port) with 2xx or 3xx within \(timeout); Render would not route traffic to it; \(tail)",
                fix: "listen on the PORT environment variable and answer the health check path"
            )
        ]
    }

    /// A TCP port free on 127.0.0.1 right now.
    static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return 10000 }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : 10000
    }
}

extension SimulationReport.Stats {
    /// No files read: the build failed or never ran.
    static let empty = Self(files: 0, bytes: 0, htmlFiles: 0, references: 0, rules: 0, durationMs: 0)
}
