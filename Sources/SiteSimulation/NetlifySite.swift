import PlatformModels

/// A Netlify deploy as read from disk: the publish folder, `netlify.toml`, `_redirects` and `_headers`,
/// merged into one rule set and router, with what reading them found.
public struct NetlifySite: Sendable {
    /// The publish folder, absolute.
    public let publishDirectory: String
    /// The publish folder as shown in findings.
    public let publishDisplay: String
    /// The `netlify.toml` used, absolute, if any.
    public let configPath: String?
    /// The parsed `netlify.toml` (empty when there is none).
    public let config: NetlifyConfig
    /// The files, or nil when the publish folder does not exist.
    public let folder: PublishFolder?
    /// The router over the merged rules and the files.
    public let router: NetlifyRouter
    /// Findings from reading the files and checking the configuration.
    public let findings: [Finding]

    /// Reads a site.
    ///
    /// - Parameters:
    ///   - publishDirectory: the deploy folder, as the user wrote it.
    ///   - configPath: `netlify.toml` to use; when nil it is looked for in the publish folder and then in
    ///     its parents, up to the repository root (the first folder holding `.git`).
    ///   - context: the deploy context whose build settings apply (`production` by default).
    ///   - branch: the branch deployed, for `[context.BRANCH]`.
    ///   - displayBase: show paths relative to this folder (a workspace's tree) instead of the working directory.
    ///   - repositoryRoot: the repository root when known (an exported tree has no `.git` to find it by):
    ///     `netlify.toml` is not looked for above it.
    /// - Throws: `SiteLoadError` when a path the user gave cannot be read at all.
    public static func load(
        publishDirectory: String,
        configPath: String? = nil,
        context: String = "production",
        branch: String? = nil,
        displayBase: String? = nil,
        repositoryRoot: String? = nil
    ) throws(SiteLoadError) -> Self {
        let publish = FilePaths.absolute(publishDirectory)
        var display = publishDirectory
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        if let displayBase { display = FilePaths.display(publish, relativeTo: displayBase) }
        var findings: [Finding] = []

        let publishKind = FilePaths.kind(publish)
        if publishKind == .file || publishKind == .other {
            throw SiteLoadError("\(display) is not a folder: --dir takes the publish folder of the site")
        }

        var tomlPath: String?
        if let configPath {
            let absolute = FilePaths.absolute(configPath)
            guard FilePaths.kind(absolute) == .file else {
                throw SiteLoadError("--config \(configPath): no such file")
            }
            tomlPath = absolute
        } else {
            tomlPath = findConfig(from: publish, stoppingAt: repositoryRoot)
        }
        var config = NetlifyConfig()
        if let tomlPath {
            let bytes = try FilePaths.read(tomlPath)
            config = NetlifyConfig.parse(TextFile(displayPath: FilePaths.display(tomlPath, relativeTo: displayBase), bytes: bytes))
            findings += config.findings
        }

        var fileRedirects: [RedirectRule] = []
        var fileHeaders: [HeaderRule] = []
        var folder: PublishFolder?
        if publishKind == .directory {
            do {
                folder = try PublishFolder.scan(publish)
            } catch {
                throw SiteLoadError(error.description)
            }
            if FilePaths.kind(publish + "/_redirects") == .file {
                let parsed = RedirectsFileParser().parse(
                    TextFile(displayPath: display + "/_redirects", bytes: try FilePaths.read(publish + "/_redirects"))
                )
                fileRedirects = parsed.rules
                findings += parsed.findings
            }
            if FilePaths.kind(publish + "/_headers") == .file {
                let parsed = HeadersFileParser().parse(
                    TextFile(displayPath: display + "/_headers", bytes: try FilePaths.read(publish + "/_headers"))
                )
                fileHeaders = parsed.rules
                findings += parsed.findings
            }
        } else {
            findings.append(
                Finding(
                    .publishDirMissing,
                    file: display,
                    line: nil,
                    message: "the publish folder \(display) does not exist",
                    fix: "run the build first, or point --dir at the folder the build writes"
                )
            )
        }

        let ruleSet = NetlifyRuleSet(
            redirectsFile: fileRedirects,
            configRedirects: config.redirects,
            headersFile: fileHeaders,
            configHeaders: config.headers
        )
        findings += ruleSet.findings
        findings += checkLayout(
            publish: publish,
            tomlPath: tomlPath,
            config: config,
            context: context,
            branch: branch,
            displayBase: displayBase,
            repositoryRoot: repositoryRoot ?? Self.repositoryRoot(from: publish)
        )

        let files = SiteFileIndex(paths: folder?.sitePaths ?? [])
        return Self(
            publishDirectory: publish,
            publishDisplay: display,
            configPath: tomlPath,
            config: config,
            folder: folder,
            router: NetlifyRouter(rules: ruleSet, files: files),
            findings: findings
        )
    }

    /// `netlify.toml` in `directory` or the nearest parent, stopping at the repository root.
    static func findConfig(from directory: String, stoppingAt root: String? = nil) -> String? {
        var current: String? = directory
        while let folder = current {
            let candidate = folder == "/" ? "/netlify.toml" : folder + "/netlify.toml"
            if FilePaths.kind(candidate) == .file { return candidate }
            if folder == root || FilePaths.kind(folder + "/.git") != .missing { return nil }
            current = FilePaths.parent(folder)
        }
        return nil
    }

    /// The repository root above `directory`: the nearest folder holding `.git`.
    static func repositoryRoot(from directory: String) -> String? {
        var current: String? = directory
        while let folder = current {
            if FilePaths.kind(folder + "/.git") != .missing { return folder }
            current = FilePaths.parent(folder)
        }
        return nil
    }

    private static func checkLayout(
        publish: String,
        tomlPath: String?,
        config: NetlifyConfig,
        context: String,
        branch: String?,
        displayBase: String?,
        repositoryRoot: String?
    ) -> [Finding] {
        var findings: [Finding] = []
        let configDirectory = tomlPath.flatMap(FilePaths.parent)
        let settings = config.settings(context: context, branch: branch)
        var baseDirectory = configDirectory
        if let configDirectory, let tomlPath, let base = settings.base, !base.isEmpty {
            let resolved = FilePaths.join(configDirectory, base.hasPrefix("/") ? String(base.dropFirst()) : base)
            baseDirectory = resolved
            if FilePaths.kind(resolved) != .directory {
                findings.append(
                    Finding(
                        .configBaseMissing,
                        file: FilePaths.display(tomlPath, relativeTo: displayBase),
                        line: config.line(ofKey: "base", context: context, branch: branch),
                        message:
                            "[build] base \"\(base.abbreviated())\" names a folder that does not exist (\(FilePaths.display(resolved, relativeTo: displayBase)))",
                        fix: "correct `base`, relative to the folder of netlify.toml"
                    )
                )
            }
        }
        if let baseDirectory, let tomlPath, let publishSetting = settings.publish, !publishSetting.isEmpty {
            let resolved = FilePaths.join(baseDirectory, publishSetting.hasPrefix("/") ? String(publishSetting.dropFirst()) : publishSetting)
            if resolved != publish, FilePaths.kind(resolved) != .directory {
                findings.append(
                    Finding(
                        .publishDirMissing,
                        file: FilePaths.display(tomlPath, relativeTo: displayBase),
                        line: config.line(ofKey: "publish", context: context, branch: branch),
                        message:
                            "publish = \"\(publishSetting.abbreviated())\" names \(FilePaths.display(resolved, relativeTo: displayBase)), which does not exist; Netlify fails the deploy",
                        fix: "set `publish` to the folder the build writes, relative to `base`"
                    )
                )
            }
        }
        var places: [String] = []
        for folder in [configDirectory, baseDirectory, repositoryRoot] {
            if let folder, folder != publish, !places.contains(folder) { places.append(folder) }
        }
        for name in ["_redirects", "_headers"] where FilePaths.kind(publish + "/" + name) != .file {
            for folder in places where FilePaths.kind(folder + "/" + name) == .file {
                findings.append(
                    Finding(
                        .configSideFileMisplaced,
                        file: FilePaths.display(folder + "/" + name, relativeTo: displayBase),
                        line: nil,
                        message:
                            "\(name) is here but not in the publish folder \(FilePaths.display(publish, relativeTo: displayBase)); Netlify reads it only there, so all its rules are lost",
                        fix: "move it into the publish folder, or have the build copy it there"
                    )
                )
                break
            }
        }
        return findings
    }
}
