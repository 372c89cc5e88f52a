import Foundation
import PlatformModels
import Testing

@testable import SiteSimulation

/// End to end on real parts: a git repository made here, exported with libgit2, built under bubblewrap.
@Suite struct CommitSimulationTests {
    private let site: TemporarySite
    private let state: StateDirectory

    init() throws {
        site = try TemporarySite()
        state = StateDirectory(path: site.path("state"))
        try site.makeDirectory("repo")
    }

    private func git(_ arguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Chimera Test", "-c", "user.email=test@example.com", "-C", site.path("repo")] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
    }

    private func commit(_ files: [String: String], message: String = "change") throws {
        for (path, text) in files { try site.write("repo/" + path, text) }
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }

    private func simulation(_ platform: CommitSimulation.Platform = .netlify, revision: String = "HEAD") -> CommitSimulation {
        var simulation = CommitSimulation(repository: site.path("repo"), revision: revision, platform: platform, state: state)
        simulation.timeout = .seconds(60)
        return simulation
    }

    private func netlifySite(command: String) -> [String: String] {
        [
            "netlify.toml": "[build]\n  command = \"\(command)\"\n  publish = \"dist\"\n[build.environment]\n  GREETING = \"hello\"\n",
            "src/index.html": "<a href=\"/about.html\">about</a> <img src=\"/logo.png\">\n",
            "src/about.html": "about\n",
        ]
    }

    @Test func buildsTheCommitInTheSandboxAndSimulatesItsOutput() throws {
        try git("init", "-q", "-b", "main")
        try commit(netlifySite(command: "mkdir -p dist && cp src/*.html dist/ && env | sort > dist/env.txt"))
        var simulation = simulation()
        simulation.keepWorkspace = true
        var lines: [String] = []
        let outcome = try simulation.run { lines.append($0) }
        let missing = outcome.report.findings.filter { $0.code == .assetMissing }
        #expect(missing.map(\.file) == ["dist/index.html"])
        #expect(outcome.report.stats.htmlFiles == 2)
        #expect(outcome.record.context == "production")
        #expect(outcome.record.build?.exitStatus == 0)
        let environment = try String(contentsOfFile: outcome.workspace + "/tree/dist/env.txt", encoding: .utf8)
        let commitID = outcome.record.commit
        for expected in ["CONTEXT=production", "BRANCH=main", "COMMIT_REF=\(commitID)", "NETLIFY=true", "GREETING=hello", "HOME=", "PATH="] {
            #expect(environment.contains(expected))
        }
        // Nothing of Chimera's own environment reaches the build.
        #expect(!environment.contains("CHIMERA_STATE_DIR"))
        #expect(environment.split(separator: "\n").count <= 14)
        #expect(FileManager.default.fileExists(atPath: outcome.workspace + "/workspace.json"))
    }

    @Test func aFailingBuildIsAFindingWithItsLastLinesAndTheTreeIsRemoved() throws {
        try git("init", "-q", "-b", "main")
        try commit(netlifySite(command: "for i in $(seq 1 80); do echo line $i; done; exit 7"))
        let outcome = try simulation().run()
        let failure = try #require(outcome.report.findings.first { $0.code == .buildFailed })
        #expect(failure.file == "netlify.toml")
        #expect(failure.line == 2)
        #expect(failure.message.contains("exit status 7"))
        #expect(failure.message.contains("line 80"))
        #expect(!failure.message.contains("line 30\n"))
        #expect(outcome.report.verdict == .fail)
        #expect(!FileManager.default.fileExists(atPath: outcome.workspace + "/tree"))
        let log = try String(contentsOfFile: outcome.workspace + "/build.log", encoding: .utf8)
        #expect(log.contains("line 1\n"))
    }

    @Test func aBuildPastTheTimeoutIsKilledWithItsChildren() throws {
        try git("init", "-q", "-b", "main")
        try commit(netlifySite(command: "sleep 120 & sleep 120"))
        var simulation = simulation()
        simulation.timeout = .seconds(2)
        let started = ContinuousClock.now
        let outcome = try simulation.run()
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(outcome.report.findings.map(\.code) == [.buildTimeout])
        #expect(outcome.record.build?.timedOut == true)
    }

    @Test func anotherBranchDeploysInTheBranchDeployContextAndNoBuildSkipsTheBuild() throws {
        try git("init", "-q", "-b", "main")
        var files = netlifySite(command: "exit 1")
        files["netlify.toml"]! += "[context.branch-deploy]\n  publish = \"src\"\n"
        try commit(files)
        var simulation = simulation()
        simulation.branch = "feature"
        simulation.build = false
        let outcome = try simulation.run()
        #expect(outcome.record.context == "branch-deploy")
        #expect(outcome.record.build == nil)
        #expect(outcome.report.findings.filter { $0.code == .assetMissing }.map(\.file) == ["src/index.html"])
    }

    @Test func anOlderRevisionIsWhatGetsSimulated() throws {
        try git("init", "-q", "-b", "main")
        try commit(["index.html": "<a href=\"/a.html\">a</a>"], message: "broken")
        try commit(["a.html": "a"], message: "fixed")
        #expect(try simulation(.pages, revision: "HEAD~1").run().report.findings.contains { $0.code == .assetMissing })
        #expect(try !simulation(.pages, revision: "HEAD").run().report.findings.contains { $0.code == .assetMissing })
    }

    @Test func aNetlifyTomlOutsideTheCommitIsNeverRead() throws {
        try git("init", "-q", "-b", "main")
        try commit(["index.html": "home"])
        // The workspace lives under the state directory; a stray file above the tree must not count.
        try site.write("state/netlify.toml", "this is = = not toml")
        let outcome = try simulation().run()
        #expect(!outcome.report.findings.contains { $0.code == .configTOMLSyntax })
        #expect(outcome.report.configuration.contains { $0.hasPrefix("config: no netlify.toml") })
    }

    @Test func anUnknownRevisionIsBadInput() throws {
        try git("init", "-q", "-b", "main")
        try commit(["index.html": "x"])
        #expect(throws: SiteLoadError.self) { try simulation(revision: "no-such-branch").run() }
    }

    @Test func renderBuildsAStaticSiteWithItsVariables() throws {
        try git("init", "-q", "-b", "main")
        try commit([
            "render.yaml": """
            services:
              - type: web
                name: docs
                runtime: static
                buildCommand: mkdir -p public && echo "$RENDER $RENDER_GIT_BRANCH $NAME" > public/index.html
                staticPublishPath: public
                envVars:
                  - key: NAME
                    value: docs-site
            """
        ])
        var simulation = simulation(.render)
        simulation.keepWorkspace = true
        let outcome = try simulation.run()
        let page = try String(contentsOfFile: outcome.workspace + "/tree/public/index.html", encoding: .utf8)
        #expect(page == "true main docs-site\n")
        #expect(outcome.report.findings.allSatisfy { !($0.file ?? "").contains("/workspaces/") })
        #expect(outcome.report.platform == "render")
        #expect(outcome.record.build?.exitStatus == 0)
    }

    @Test func aRenderWebServiceMustAnswerItsHealthCheck() throws {
        try git("init", "-q", "-b", "main")
        try commit([
            "render.yaml": """
            services:
              - type: web
                name: api
                runtime: python
                buildCommand: echo building
                startCommand: python3 -m http.server $PORT --bind 127.0.0.1
              - type: web
                name: silent
                runtime: python
                buildCommand: echo building
                startCommand: sleep 60
                healthCheckPath: /healthz
            """
        ])
        var healthy = simulation(.render)
        healthy.serviceName = "api"
        #expect(try !healthy.run().report.findings.contains { $0.code == .renderHealthCheckFailed })
        var silent = simulation(.render)
        silent.serviceName = "silent"
        silent.timeout = .seconds(3)
        let failure = try #require(try silent.run().report.findings.first { $0.code == .renderHealthCheckFailed })
        #expect(failure.line == 12)
        #expect(failure.message.contains("/healthz"))
    }
}
