import PlatformModels

/// How Netlify would build one commit: the folders, the command and its environment, resolved from
/// `netlify.toml` with the context merge order, and what is wrong with them.
public struct NetlifyBuildPlan: Sendable {
    /// The repository root of the exported tree, absolute.
    public let treeRoot: String
    /// The deploy context (`production`, `branch-deploy`, `deploy-preview`, …).
    public let context: String
    /// The branch deployed.
    public let branch: String
    /// `netlify.toml`, absolute, if the tree has one.
    public let configPath: String?
    /// The folder the build runs in, absolute (the tree root when `base` is not set).
    public let baseDirectory: String
    /// The folder deployed, absolute.
    public let publishDirectory: String
    /// The build command, if any.
    public let command: String?
    /// Where the command is written (`netlify.toml` and its line), for findings about the build.
    public let commandLocation: (file: String, line: Int?)?
    /// The platform's variables for the build, without `PATH` and `HOME` (the sandbox adds them).
    public let environment: [String: String]
    /// Problems that stop the build or the deploy (`CONFIG_BASE_MISSING`, `PUBLISH_DIR_OUTSIDE_REPO`, TOML errors).
    public let findings: [Finding]

    /// The context Netlify deploys a branch in: production for the default branch, else a branch deploy.
    public static func context(forBranch branch: String?, defaultBranch: String?) -> String {
        guard let branch, let defaultBranch, branch != defaultBranch else { return "production" }
        return "branch-deploy"
    }

    /// Resolves the plan for a tree.
    ///
    /// - Parameters:
    ///   - treeRoot: the exported commit.
    ///   - commit: the commit id (`COMMIT_REF`).
    ///   - branch: the branch deployed (`BRANCH`, and `[context.BRANCH]`).
    ///   - context: the deploy context.
    ///   - siteURL: the site's URL for `URL` and `DEPLOY_URL`.
    ///   - displayBase: findings name files relative to this folder.
    public init(treeRoot: String, commit: String, branch: String, context: String, siteURL: String, displayBase: String) throws(SiteLoadError) {
        self.treeRoot = treeRoot
        self.context = context
        self.branch = branch
        var findings: [Finding] = []
        let tomlPath = treeRoot + "/netlify.toml"
        var config = NetlifyConfig()
        if FilePaths.kind(tomlPath) == .file {
            configPath = tomlPath
            config = NetlifyConfig.parse(
                TextFile(displayPath: FilePaths.display(tomlPath, relativeTo: displayBase), bytes: try FilePaths.read(tomlPath))
            )
            findings += config.findings.filter { $0.code == .configTOMLSyntax }
        } else {
            configPath = nil
        }
        let settings = config.settings(context: context, branch: branch)
        let displayConfig = FilePaths.display(tomlPath, relativeTo: displayBase)
        var base = treeRoot
        if let setting = settings.base, !setting.isEmpty {
            base = FilePaths.join(treeRoot, setting.hasPrefix("/") ? String(setting.dropFirst()) : setting)
            if !FilePaths.isInside(base, treeRoot) {
                findings.append(
                    Finding(
                        .publishDirOutsideRepo,
                        file: displayConfig,
                        line: config.line(ofKey: "base", context: context, branch: branch),
                        message: "base \"\(setting.abbreviated())\" leaves the repository",
                        fix: "make `base` a folder inside the repository"
                    )
                )
            } else if FilePaths.kind(base) != .directory {
                findings.append(
                    Finding(
                        .configBaseMissing,
                        file: displayConfig,
                        line: config.line(ofKey: "base", context: context, branch: branch),
                        message: "base \"\(setting.abbreviated())\" does not exist in this commit; Netlify fails the build",
                        fix: "commit the folder, or correct `base` (relative to the repository root)"
                    )
                )
            }
        }
        var publish = base
        if let setting = settings.publish, !setting.isEmpty {
            publish = FilePaths.join(base, setting)
            if !FilePaths.isInside(publish, treeRoot) {
                findings.append(
                    Finding(
                        .publishDirOutsideRepo,
                        file: displayConfig,
                        line: config.line(ofKey: "publish", context: context, branch: branch),
                        message: "publish \"\(setting.abbreviated())\" resolves outside the repository (\(publish.abbreviated()))",
                        fix: "publish a folder inside the repository, relative to `base`"
                    )
                )
            }
        }
        baseDirectory = base
        publishDirectory = publish
        command = settings.command.flatMap { $0.isEmpty ? nil : $0 }
        commandLocation = configPath.map { _ in (displayConfig, config.line(ofKey: "command", context: context, branch: branch)) }
        var environment = settings.environment
        environment["CONTEXT"] = context
        environment["BRANCH"] = branch
        environment["HEAD"] = branch
        environment["COMMIT_REF"] = commit
        environment["URL"] = siteURL
        environment["DEPLOY_URL"] = siteURL
        environment["NETLIFY"] = "true"
        self.environment = environment
        self.findings = findings
    }
}
