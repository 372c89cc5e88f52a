import PlatformModels
import Testing

@testable import SiteSimulation

@Suite struct NetlifyBuildPlanTests {
    private let toml = """
        [build]
          base = "site"
          publish = "dist"
          command = "make build"
          [build.environment]
            NODE_VERSION = "20"
            SHARED = "build"
        [context.production.environment]
          SHARED = "production"
        [context.branch-deploy]
          command = "make preview"
        [context."feature/x"]
          publish = "preview-dist"
          command = "make feature"
        """

    private func plan(_ site: TemporarySite, branch: String, context: String) throws -> NetlifyBuildPlan {
        try NetlifyBuildPlan(
            treeRoot: site.path(),
            commit: "abc123",
            branch: branch,
            context: context,
            siteURL: "https://example.org",
            displayBase: site.path()
        )
    }

    @Test func theDefaultBranchDeploysToProductionAndOthersToBranchDeploys() {
        #expect(NetlifyBuildPlan.context(forBranch: "main", defaultBranch: "main") == "production")
        #expect(NetlifyBuildPlan.context(forBranch: "feature/x", defaultBranch: "main") == "branch-deploy")
        #expect(NetlifyBuildPlan.context(forBranch: nil, defaultBranch: "main") == "production")
    }

    @Test func productionUsesBuildSettingsAndItsEnvironment() throws {
        let site = try TemporarySite()
        try site.write("netlify.toml", toml)
        try site.makeDirectory("site")
        let plan = try plan(site, branch: "main", context: "production")
        #expect(plan.baseDirectory == site.path("site"))
        #expect(plan.publishDirectory == site.path("site/dist"))
        #expect(plan.command == "make build")
        #expect(plan.environment["SHARED"] == "production")
        #expect(plan.environment["NODE_VERSION"] == "20")
        #expect(plan.environment["CONTEXT"] == "production")
        #expect(plan.environment["BRANCH"] == "main")
        #expect(plan.environment["COMMIT_REF"] == "abc123")
        #expect(plan.environment["NETLIFY"] == "true")
        #expect(plan.environment["URL"] == "https://example.org")
        #expect(plan.findings.isEmpty)
    }

    @Test func aBranchContextWinsOverTheDeployContext() throws {
        let site = try TemporarySite()
        try site.write("netlify.toml", toml)
        try site.makeDirectory("site")
        let plan = try plan(site, branch: "feature/x", context: "branch-deploy")
        #expect(plan.command == "make feature")
        #expect(plan.commandLocation?.line == 14)
        #expect(plan.publishDirectory == site.path("site/preview-dist"))
        #expect(plan.environment["SHARED"] == "build")
    }

    @Test func aMissingBaseAndAPublishOutsideTheRepositoryAreFindings() throws {
        let site = try TemporarySite()
        try site.write("netlify.toml", "[build]\nbase = \"nope\"\n[context.production]\npublish = \"../../etc\"\n")
        let plan = try plan(site, branch: "main", context: "production")
        #expect(plan.findings.map(\.code) == [.configBaseMissing, .publishDirOutsideRepo])
        #expect(plan.findings.map(\.line) == [2, 4])
        #expect(plan.findings.allSatisfy { $0.file == "netlify.toml" && $0.severity == .error })
    }

    @Test func withoutNetlifyTomlTheRepositoryRootIsBuiltAndPublished() throws {
        let site = try TemporarySite()
        let plan = try plan(site, branch: "main", context: "production")
        #expect(plan.configPath == nil)
        #expect(plan.command == nil)
        #expect(plan.publishDirectory == site.path())
    }
}

@Suite struct StateDirectoryTests {
    @Test func theExplicitVariableWinsThenSystemdThenXDGThenHome() {
        #expect(StateDirectory.resolve(environment: ["CHIMERA_STATE_DIR": "/srv/c", "STATE_DIRECTORY": "/var/lib/chimera"]).path == "/srv/c")
        #expect(StateDirectory.resolve(environment: ["STATE_DIRECTORY": "/var/lib/chimera", "HOME": "/home/u"]).path == "/var/lib/chimera")
        #expect(StateDirectory.resolve(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"]).path == "/x/state/chimera")
        #expect(StateDirectory.resolve(environment: ["HOME": "/home/u"]).path == "/home/u/.local/state/chimera")
    }
}
