/// A Render Blueprint (`render.yaml`): its services, databases and environment groups, with what Render would
/// reject, ignore or has deprecated, each finding on its line.
///
/// ```swift
/// let blueprint = RenderBlueprint.parse(TextFile(displayPath: "render.yaml", bytes: bytes))
/// let site = blueprint.staticSites.first
/// ```
///
/// See <https://render.com/docs/blueprint-spec>.
public struct RenderBlueprint: Sendable {
    /// The file as shown in findings.
    public var displayPath: String
    /// Every service, from `services` and from `projects[].environments[].services`, in file order.
    public var services: [RenderService]
    /// Every Postgres database.
    public var databases: [RenderDatabase]
    /// Every environment group.
    public var envVarGroups: [RenderEnvVarGroup]
    /// What reading and validating the file found.
    public var findings: [Finding]

    /// An empty blueprint (no file).
    public init(displayPath: String = "render.yaml") {
        self.displayPath = displayPath
        self.services = []
        self.databases = []
        self.envVarGroups = []
        self.findings = []
    }

    /// Reads and validates a blueprint; never fails: what is wrong becomes findings.
    public static func parse(_ file: TextFile) -> Self {
        var blueprint = Self(displayPath: file.displayPath)
        let document = BlueprintDocument.parse(file)
        blueprint.findings = document.findings
        guard let root = document.root else {
            if document.findings.isEmpty {
                blueprint.findings.append(
                    Finding(
                        .renderBlueprintEmpty,
                        file: file.displayPath,
                        line: nil,
                        message: "render.yaml is empty; Render creates nothing from it",
                        fix: "add a `services:` list"
                    )
                )
            }
            return blueprint
        }
        var reader = RenderBlueprintReader(path: file.displayPath)
        reader.read(root)
        blueprint.services = reader.services
        blueprint.databases = reader.databases
        blueprint.envVarGroups = reader.groups
        blueprint.findings += reader.findings
        return blueprint
    }

    /// Reads and validates blueprint text.
    public static func parse(_ text: String, displayPath: String = "render.yaml") -> Self {
        parse(TextFile(displayPath: displayPath, bytes: Array(text.utf8)))
    }

    /// The static sites (`type: web`, `runtime: static`), in file order.
    public var staticSites: [RenderService] { services.filter(\.isStaticSite) }

    /// The first service named `name`.
    public func service(named name: String) -> RenderService? { services.first { $0.name == name } }

    /// The variables with literal values a service's build and start see: those of its linked environment
    /// groups (in the order linked), then its own, which win, as Render documents for a key set in both.
    public func environment(for service: RenderService) -> [String: String] {
        var environment: [String: String] = [:]
        for variable in service.envVars {
            guard case .group(let name) = variable.source, let group = envVarGroups.first(where: { $0.name == name }) else { continue }
            for groupVariable in group.envVars {
                if let key = groupVariable.key, let value = groupVariable.literalValue { environment[key] = value }
            }
        }
        environment.merge(service.literalEnvironment) { _, own in own }
        return environment
    }
}
