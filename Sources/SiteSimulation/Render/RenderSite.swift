import PlatformModels

/// A Render static site as read from disk: `render.yaml`, the service simulated, its publish folder and the
/// router over its routes, headers and files, with what reading them found.
///
/// Paths in `render.yaml` are relative to the repository root: `rootDir` to the root, `staticPublishPath` to
/// `rootDir` (or the root). The repository root is the nearest folder holding `.git` above `render.yaml`, or
/// `render.yaml`'s own folder when there is none.
public struct RenderSite: Sendable {
    /// `render.yaml` used, absolute, if one was found.
    public let blueprintPath: String?
    /// `render.yaml` as shown in findings.
    public let blueprintDisplay: String
    /// The parsed blueprint (empty when there is no file).
    public let blueprint: RenderBlueprint
    /// The static site simulated, or nil when none could be chosen (reported).
    public let service: RenderService?
    /// The folder `render.yaml`'s paths are relative to, absolute.
    public let repositoryRoot: String
    /// The folder builds run in: the repository root joined with `rootDir`.
    public let buildDirectory: String
    /// The publish folder, absolute, or nil when it cannot be known.
    public let publishDirectory: String?
    /// The publish folder as shown in findings.
    public let publishDisplay: String
    /// The files, or nil when the publish folder does not exist.
    public let folder: PublishFolder?
    /// The router over the service's routes, headers and the files.
    public let router: RenderRouter
    /// Findings from reading the blueprint and the folder.
    public let findings: [Finding]

    /// The variables with literal values the build and the start see (linked groups, then the service's own).
    public var environment: [String: String] { service.map { blueprint.environment(for: $0) } ?? [:] }

    /// Reads a site from an already-built publish folder.
    ///
    /// - Parameters:
    ///   - publishDirectory: the folder to analyze, as the user wrote it.
    ///   - blueprintPath: `render.yaml` to use; when nil it is looked for in the publish folder and then in its
    ///     parents, up to the repository root (the first folder holding `.git`).
    ///   - serviceName: the static site to simulate; nil for the blueprint's first static site.
    /// - Throws: `SiteLoadError` when a path the user gave cannot be read at all.
    public static func load(publishDirectory: String, blueprintPath: String? = nil, serviceName: String? = nil) throws(SiteLoadError) -> Self {
        let publish = FilePaths.absolute(publishDirectory)
        let kind = FilePaths.kind(publish)
        if kind == .file || kind == .other {
            throw SiteLoadError("\(publishDirectory) is not a folder: --dir takes the publish folder of the site")
        }
        let yaml = try blueprintPath.map { path throws(SiteLoadError) in try explicitBlueprint(path) } ?? findBlueprint(from: publish)
        var display = publishDirectory
        while display.count > 1 && display.hasSuffix("/") { display.removeLast() }
        return try assemble(yaml: yaml, repositoryHint: publish, publishOverride: (publish, display), serviceName: serviceName)
    }

    /// Reads a site from a repository (a commit's tree, built or not): the publish folder is the service's
    /// `staticPublishPath` under `rootDir`.
    ///
    /// - Parameters:
    ///   - repositoryDirectory: the repository's root folder.
    ///   - blueprintPath: `render.yaml` to use; when nil, `render.yaml` at the repository root.
    ///   - serviceName: the static site to simulate; nil for the blueprint's first static site.
    /// - Throws: `SiteLoadError` when a path the user gave cannot be read at all.
    public static func load(repositoryDirectory: String, blueprintPath: String? = nil, serviceName: String? = nil) throws(SiteLoadError) -> Self {
        let repository = FilePaths.absolute(repositoryDirectory)
        guard FilePaths.kind(repository) == .directory else {
            throw SiteLoadError("\(repositoryDirectory) is not a folder: --repo takes the repository's root folder")
        }
        let candidate = repository == "/" ? "/render.yaml" : repository + "/render.yaml"
        let yaml =
            try blueprintPath.map { path throws(SiteLoadError) in try explicitBlueprint(path) }
            ?? (FilePaths.kind(candidate) == .file ? candidate : nil)
        return try assemble(yaml: yaml, repositoryHint: repository, repositoryRoot: repository, publishOverride: nil, serviceName: serviceName)
    }

    private static func explicitBlueprint(_ path: String) throws(SiteLoadError) -> String {
        let absolute = FilePaths.absolute(path)
        guard FilePaths.kind(absolute) == .file else { throw SiteLoadError("--config \(path): no such file") }
        return absolute
    }

    /// `render.yaml` in `directory` or the nearest parent, stopping at the repository root.
    static func findBlueprint(from directory: String) -> String? {
        var current: String? = directory
        while let folder = current {
            let candidate = folder == "/" ? "/render.yaml" : folder + "/render.yaml"
            if FilePaths.kind(candidate) == .file { return candidate }
            if FilePaths.kind(folder + "/.git") != .missing { return nil }
            current = FilePaths.parent(folder)
        }
        return nil
    }

    /// The nearest folder holding `.git` at or above `directory`.
    static func repositoryRoot(above directory: String) -> String? {
        var current: String? = directory
        while let folder = current {
            if FilePaths.kind(folder == "/" ? "/.git" : folder + "/.git") != .missing { return folder }
            current = FilePaths.parent(folder)
        }
        return nil
    }

    private static func assemble(
        yaml: String?,
        repositoryHint: String,
        repositoryRoot explicitRoot: String? = nil,
        publishOverride: (path: String, display: String)?,
        serviceName: String?
    ) throws(SiteLoadError) -> Self {
        var findings: [Finding] = []
        let yamlDisplay = yaml.map { FilePaths.display($0) } ?? "render.yaml"
        var blueprint = RenderBlueprint(displayPath: yamlDisplay)
        if let yaml {
            blueprint = RenderBlueprint.parse(TextFile(displayPath: yamlDisplay, bytes: try FilePaths.read(yaml)))
            findings += blueprint.findings
        } else {
            findings.append(
                Finding(
                    .renderBlueprintMissing,
                    file: nil,
                    line: nil,
                    message:
                        "no render.yaml (looked in \(FilePaths.display(repositoryHint)) and its parents up to the repository root); routes and headers set in the Render Dashboard are not simulated",
                    fix: "add render.yaml at the repository root, or pass its path with --config"
                )
            )
        }
        let yamlFolder = yaml.flatMap(FilePaths.parent)
        let root =
            explicitRoot ?? yamlFolder.flatMap { repositoryRoot(above: $0) } ?? yamlFolder ?? repositoryRoot(above: repositoryHint) ?? repositoryHint

        let parsed = yaml != nil && !blueprint.findings.contains { $0.code == FindingCode.renderYAMLSyntax || $0.code == FindingCode.renderYAMLLimit }
        let service = choose(serviceName, in: blueprint, parsed: parsed, display: yamlDisplay, findings: &findings)

        var buildDirectory = root
        if let service, let rootDir = service.rootDir, !rootDir.isEmpty {
            let resolved = FilePaths.join(root, rootDir.hasPrefix("/") ? String(rootDir.dropFirst()) : rootDir)
            if isInside(resolved, root) {
                buildDirectory = resolved
            } else {
                findings.append(outsideFinding("rootDir", rootDir, service: service, display: yamlDisplay, root: root))
            }
        }
        // Where the service says the build's output is, when it says so and the path stays in the repository.
        var configuredPublish: String?
        if let service, let publishPath = service.staticPublishPath, !publishPath.isEmpty {
            let resolved = FilePaths.join(buildDirectory, publishPath.hasPrefix("/") ? String(publishPath.dropFirst()) : publishPath)
            if isInside(resolved, root) {
                configuredPublish = resolved
            } else {
                findings.append(outsideFinding("staticPublishPath", publishPath, service: service, display: yamlDisplay, root: root))
            }
        }

        let publish = publishOverride?.path ?? configuredPublish
        let publishDisplay = publishOverride?.display ?? publish.map { FilePaths.display($0) } ?? FilePaths.display(buildDirectory)
        if let configuredPublish, let service, configuredPublish != publish, FilePaths.kind(configuredPublish) != .directory {
            findings.append(
                Finding(
                    .renderPublishDirMissing,
                    file: yamlDisplay,
                    line: service.keyLines["staticPublishPath"],
                    message:
                        "staticPublishPath `\(service.staticPublishPath!.abbreviated(60))` names \(FilePaths.display(configuredPublish)), which does not exist; Render's deploy fails there",
                    fix: "set `staticPublishPath` to the folder the build writes, relative to `rootDir` or the repository root"
                )
            )
        }

        var folder: PublishFolder?
        var paths: [String] = []
        if let publish {
            switch FilePaths.kind(publish) {
            case .directory:
                do {
                    folder = try PublishFolder.scan(publish)
                } catch {
                    throw SiteLoadError(error.description)
                }
                paths = folder?.sitePaths ?? []
                // Render serves `_redirects` and `_headers` as plain files and reads no rule from them.
                for name in ["_redirects", "_headers"] where FilePaths.kind(publish + "/" + name) == .file {
                    paths.append("/" + name)
                    findings.append(
                        Finding(
                            .renderSideFileIgnored,
                            file: publishDisplay + "/" + name,
                            line: nil,
                            message: "\(name) is a Netlify file: Render serves it as a plain file and applies none of its rules",
                            fix: "move its rules to the service's `\(name == "_redirects" ? "routes" : "headers")` in render.yaml"
                        )
                    )
                }
            default:
                findings.append(
                    Finding(
                        .renderPublishDirMissing,
                        file: publishOverride == nil ? yamlDisplay : publishDisplay,
                        line: publishOverride == nil ? service?.keyLines["staticPublishPath"] : nil,
                        message: "the publish folder \(publishDisplay) does not exist; Render's deploy of the static site fails",
                        fix: publishOverride == nil
                            ? "run the build first, or set `staticPublishPath` to the folder the build writes"
                            : "run the build first, or point --dir at the folder the build writes"
                    )
                )
            }
        }
        let files = SiteFileIndex(paths: paths)
        let router = service.map { RenderRouter(service: $0, files: files) } ?? RenderRouter(routes: [], headers: [], files: files)
        return Self(
            blueprintPath: yaml,
            blueprintDisplay: yamlDisplay,
            blueprint: blueprint,
            service: service,
            repositoryRoot: root,
            buildDirectory: buildDirectory,
            publishDirectory: publish,
            publishDisplay: publishDisplay,
            folder: folder,
            router: router,
            findings: findings
        )
    }

    /// The static site to simulate: the one named, or the first; reported when there is none.
    private static func choose(
        _ name: String?,
        in blueprint: RenderBlueprint,
        parsed: Bool,
        display: String,
        findings: inout [Finding]
    ) -> RenderService? {
        let sites = blueprint.staticSites.map { "`\($0.name)`" }.joined(separator: ", ")
        if let name {
            guard parsed else { return nil }
            guard let service = blueprint.service(named: name) else {
                findings.append(
                    Finding(
                        .renderServiceNotFound,
                        file: display,
                        line: nil,
                        message: "render.yaml has no service named `\(name.abbreviated(60))`" + (sites.isEmpty ? "" : "; its static sites: \(sites)"),
                        fix: "pass the `name` of a static site in render.yaml"
                    )
                )
                return nil
            }
            guard service.isStaticSite else {
                findings.append(
                    Finding(
                        .renderServiceNotFound,
                        file: display,
                        line: service.line,
                        message:
                            "service `\(name.abbreviated(60))` is a \(service.type) service with runtime \(service.runtime ?? "none"), not a static site (`type: web`, `runtime: static`); there is no folder to simulate",
                        fix: sites.isEmpty ? "simulate a static site" : "pick a static site: \(sites)"
                    )
                )
                return nil
            }
            return service
        }
        guard parsed else { return nil }
        if let first = blueprint.staticSites.first { return first }
        findings.append(
            Finding(
                .renderServiceNotFound,
                file: display,
                line: nil,
                message: "render.yaml declares no static site (`type: web` with `runtime: static`); there is no folder to simulate",
                fix: "add `runtime: static` to the static site's service, or name the service to simulate"
            )
        )
        return nil
    }

    private static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    private static func outsideFinding(_ key: String, _ value: String, service: RenderService, display: String, root: String) -> Finding {
        Finding(
            .renderValueInvalid,
            file: display,
            line: service.keyLines[key],
            message:
                "`\(key): \(value.abbreviated(60))` points outside the repository (\(FilePaths.display(root))); Render only builds and publishes inside it",
            fix: "write `\(key)` relative to the repository root, without `..` leaving it"
        )
    }
}
