import Foundation
import PlatformModels
import TOMLKit

/// The sites file (`CHIMERA_CONFIG`, default `/etc/chimera/chimera.toml`): every site the service deploys.
///
/// A file that cannot be used is refused as a whole, with the file, the line and the reason: a service that
/// started with half its sites would deploy the wrong things silently.
public struct SitesFile: Sendable {
    /// The sites, in file order.
    public var sites: [SiteConfiguration]

    /// Creates a sites file from values.
    public init(sites: [SiteConfiguration]) {
        self.sites = sites
    }

    /// The site named `name`.
    public func site(named name: String) -> SiteConfiguration? { sites.first { $0.name == name } }

    /// The site that serves `host` (a request's `Host`, without its port), matched case-insensitively.
    public func site(servingHost host: String) -> SiteConfiguration? {
        let host = host.lowercased()
        return sites.first { $0.domains.contains { $0.lowercased() == host } }
    }

    /// The sites a push to `repository` (`owner/name`, case-insensitive as GitHub's names are) concerns.
    public func sites(forRepository repository: String) -> [SiteConfiguration] {
        sites.filter { $0.repository.lowercased() == repository.lowercased() }
    }

    /// Reads and checks the file at `path`.
    /// - Throws: ``SitesFileError`` naming the line and the reason.
    public static func load(path: String) throws(SitesFileError) -> SitesFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path)
                ? "cannot read the sites file (check its permissions)"
                : "no such sites file; create it (see docs/CHIMERA_ARCHITECTURE.md) or point CHIMERA_CONFIG at one"
            throw SitesFileError(path: path, line: nil, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SitesFileError(path: path, line: nil, reason: "the sites file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses sites file `text`; `path` is only used in errors.
    public static func parse(_ text: String, path: String) throws(SitesFileError) -> SitesFile {
        if let (line, column) = TOMLCrashGuard.firstCrashingPosition(in: text) {
            throw SitesFileError(path: path, line: line, reason: "not valid TOML (column \(column)): unexpected character")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw SitesFileError(
                path: path,
                line: error.source.begin.line,
                reason: "not valid TOML (column \(error.source.begin.column)): \(error.description)"
            )
        } catch {
            throw SitesFileError(path: path, line: nil, reason: "not valid TOML: \(error)")
        }
        var reader = Reader(path: path, locator: TOMLLineLocator(text))
        return try reader.read(table)
    }

    /// Turns the parsed table into sites, checking every value.
    private struct Reader {
        let path: String
        let locator: TOMLLineLocator

        func fail(_ reason: String, key: String? = nil, site index: Int? = nil, table: String? = nil) -> SitesFileError {
            var line: Int?
            if let index {
                let inner = table.map { "site#\(index).\($0)" } ?? "site#\(index)"
                line = key.flatMap { locator.keyLine($0, in: inner) } ?? locator.keyLine(table ?? "", in: "site#\(index)")
                if line == nil { line = locator.arrayTableLine("site", index: index) }
            } else if let key {
                line = locator.keyLine(key, in: "")
            }
            return SitesFileError(path: path, line: line, reason: reason)
        }

        /// An error about the `target`-th target of site `index`, at its `key` line (or its `[[site.target]]`
        /// header) when the site writes its targets as `[[site.target]]` tables; at its `target =` line otherwise.
        ///
        /// The locator numbers `[[site.target]]` tables across the whole file, so `targetBase` is how many came
        /// before this site's; a line outside the site's own lines (inline targets elsewhere) is not used.
        func failTarget(_ reason: String, key: String? = nil, site index: Int, target: Int, targetBase: Int, siteCount: Int) -> SitesFileError {
            let table = "site.target#\(targetBase + target)"
            if let start = locator.arrayTableLine("site", index: index),
               let line = key.flatMap({ locator.keyLine($0, in: table) }) ?? locator.arrayTableLine("site.target", index: targetBase + target),
               line > start
            {
                let end = index + 1 < siteCount ? locator.arrayTableLine("site", index: index + 1) ?? Int.max : Int.max
                if line < end { return SitesFileError(path: path, line: line, reason: reason) }
            }
            // Inline targets (`target = [{kind = "node"}]`): their line.
            return fail(reason, key: "target", site: index)
        }

        mutating func read(_ table: TOMLTable) throws(SitesFileError) -> SitesFile {
            for key in table.keys where key != "site" {
                throw fail("unknown key '\(key)': the file holds [[site]] tables only", key: key)
            }
            guard let value = table["site"] else {
                throw SitesFileError(path: path, line: nil, reason: "no [[site]] table: add one per site to deploy")
            }
            guard let array = value.array else { throw fail("'site' must be an array of tables: write [[site]]", key: "site") }
            var sites: [SiteConfiguration] = []
            var targetBase = 0
            for (index, element) in array.enumerated() {
                guard let site = element.table else { throw fail("each site must be a table: write [[site]]", site: index) }
                let parsed = try readSite(site, index: index, targetBase: targetBase, siteCount: array.count)
                targetBase += site["target"]?.array?.count ?? 0
                if sites.contains(where: { $0.name == parsed.name }) {
                    throw fail("a second site is named '\(parsed.name)': names must be unique", key: "name", site: index)
                }
                for domain in parsed.domains {
                    if let other = sites.first(where: { $0.domains.contains { $0.lowercased() == domain.lowercased() } }) {
                        throw fail("domain '\(domain)' is already served by site '\(other.name)'", key: "domains", site: index)
                    }
                }
                sites.append(parsed)
            }
            return SitesFile(sites: sites)
        }

        private static let siteKeys: Set<String> = [
            "name", "repository", "clone_url", "platform", "domains", "branches", "target", "service", "base_path",
        ]

        func string(_ table: TOMLTable, _ key: String, index: Int, required: Bool) throws(SitesFileError) -> String? {
            guard let value = table[key] else {
                if required { throw fail("site #\(index + 1) has no '\(key)'", site: index) }
                return nil
            }
            guard let text = value.string, !text.isEmpty else { throw fail("'\(key)' must be a non-empty string", key: key, site: index) }
            return text
        }

        func readSite(_ table: TOMLTable, index: Int, targetBase: Int, siteCount: Int) throws(SitesFileError) -> SiteConfiguration {
            for key in table.keys where !Self.siteKeys.contains(key) {
                throw fail(
                    "unknown key '\(key)' in [[site]]; the keys are: \(Self.siteKeys.sorted().joined(separator: ", "))",
                    key: key,
                    site: index
                )
            }
            let name = try string(table, "name", index: index, required: true)!
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }), name.first != "-" else {
                throw fail("name '\(name)' may use letters, digits, '-' and '_' only (it names folders and URLs)", key: "name", site: index)
            }
            let repository = try string(table, "repository", index: index, required: true)!
            let parts = repository.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
                throw fail("repository '\(repository)' must be owner/name, as on GitHub", key: "repository", site: index)
            }
            let cloneURL = try string(table, "clone_url", index: index, required: true)!
            let platformText = try string(table, "platform", index: index, required: true)!
            guard let platform = SiteConfiguration.Platform(rawValue: platformText) else {
                throw fail("platform '\(platformText)' is not one of netlify, render, pages", key: "platform", site: index)
            }
            var domains: [String] = []
            if let value = table["domains"] {
                guard let array = value.array else { throw fail("'domains' must be an array of host names", key: "domains", site: index) }
                for item in array {
                    guard let domain = item.string, !domain.isEmpty, !domain.contains("/"), !domain.contains(" ") else {
                        throw fail("'domains' must hold host names such as \"docs.example.org\"", key: "domains", site: index)
                    }
                    domains.append(domain.lowercased())
                }
            }
            var branches: [String: String] = [:]
            if let value = table["branches"] {
                guard let branchTable = value.table else {
                    throw fail("'branches' must be a table of branch = \"context\"", key: "branches", site: index)
                }
                for branch in branchTable.keys {
                    guard let context = branchTable[branch]?.string, !context.isEmpty else {
                        throw fail("branch '\(branch)' must map to a context name such as \"production\"", key: branch, site: index, table: "branches")
                    }
                    branches[branch] = context
                }
            }
            if branches.isEmpty {
                throw fail("site '\(name)' deploys no branch: add [site.branches] with main = \"production\"", site: index)
            }
            var targets: [SiteConfiguration.Target] = []
            if let value = table["target"] {
                guard let array = value.array else { throw fail("'target' must be an array of tables: write [[site.target]]", key: "target", site: index) }
                for (number, element) in array.enumerated() {
                    func failHere(_ reason: String, key: String? = nil) -> SitesFileError {
                        failTarget(reason, key: key, site: index, target: number, targetBase: targetBase, siteCount: siteCount)
                    }
                    guard let target = element.table else { throw failHere("each target must be a table: write [[site.target]]") }
                    for key in target.keys where key != "kind" && key != "proxy" {
                        throw failHere("unknown key '\(key)' in [[site.target]]; the keys are: kind, proxy", key: key)
                    }
                    guard let kindText = target["kind"]?.string else { throw failHere("a [[site.target]] has no kind (such as kind = \"node\")") }
                    guard let kind = SiteConfiguration.Target.Kind(rawValue: kindText) else {
                        throw failHere(
                            "target kind '\(kindText)' is not supported yet: the kinds are \(SiteConfiguration.Target.Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                            key: "kind"
                        )
                    }
                    var proxy = false
                    if let value = target["proxy"] {
                        guard let flag = value.bool else { throw failHere("'proxy' must be true or false", key: "proxy") }
                        proxy = flag
                    }
                    targets.append(SiteConfiguration.Target(kind: kind, proxy: proxy))
                }
            }
            if targets.isEmpty { throw fail("site '\(name)' has no target: add [[site.target]] with kind = \"node\"", site: index) }
            let service = try string(table, "service", index: index, required: false)
            let basePath = try string(table, "base_path", index: index, required: false)
            if let basePath, !basePath.hasPrefix("/") { throw fail("base_path '\(basePath)' must start with /", key: "base_path", site: index) }
            if service != nil, platform != .render { throw fail("'service' applies to platform = \"render\" only", key: "service", site: index) }
            if basePath != nil, platform != .pages { throw fail("'base_path' applies to platform = \"pages\" only", key: "base_path", site: index) }
            return SiteConfiguration(
                name: name,
                repository: repository,
                cloneURL: cloneURL,
                platform: platform,
                domains: domains,
                branches: branches,
                targets: targets,
                service: service,
                basePath: basePath
            )
        }
    }
}
