import Certification
import ChimeraStore
import DeployPipeline
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NodeHosting
import SiteSimulation

/// `/api/chimera/*`: status, simulate, deploy, verify, rollback, deploys, the event stream and the OpenAPI
/// document. Reads need any token; writes need `admiral` or `system_core`, answer 503 while `CHIMERA_ENABLED`
/// is false, and are each a ledger entry naming the token.
struct APIController<Context: RequestContext> {
    let settings: ServiceSettings
    let sites: SitesFile
    let database: ChimeraDatabase
    let runner: DeployRunner
    /// Posts the queued status of an API deploy and the final status of the deploys it supersedes.
    let deliveries: DeliveryProcessor
    let wake: @Sendable () -> Void

    var authorization: Authorization { Authorization(database: database) }

    func register(on router: Router<Context>) {
        let api = router.group("api/chimera")
        api.get("openapi.json") { _, _ in OpenAPIDocument.response() }
        api.get("status") { request, _ in try explained { try status(request) } }
        api.get("deploys") { request, _ in try explained { try deploys(request) } }
        api.get("deploys/:id") { request, context in try explained { try deploy(request, id: context.parameters.require("id")) } }
        api.get("events") { request, _ in try explained { try events(request) } }
        api.post("simulate") { request, context in try await explained { try await simulate(request, context: context) } }
        api.post("deploy") { request, context in try await explained { try await deploy(request, context: context) } }
        api.post("verify") { request, context in try await explained { try await verify(request, context: context) } }
        api.post("rollback") { request, context in try await explained { try await rollback(request, context: context) } }
    }

    /// Runs a handler; an error that is not an HTTP answer becomes a 500 that says what failed (errors never
    /// carry secrets), instead of an empty 500.
    private func explained(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as HTTPError {
            return Self.answer(error)
        } catch {
            return JSONResponse.error(.internalServerError, "\(error)")
        }
    }

    private func explained(_ body: () throws -> Response) throws -> Response {
        do {
            return try body()
        } catch let error as HTTPError {
            return Self.answer(error)
        } catch {
            return JSONResponse.error(.internalServerError, "\(error)")
        }
    }

    /// An `HTTPError` (401, 403, 400, 404, 503…) as the OpenAPI document's `Error`, `{"error": message,
    /// "status": code}`, like every other error answer, with its headers (`WWW-Authenticate`) kept: left to
    /// Hummingbird it would be `{"error": {"message": …}}`, a shape clients are not told about.
    static func answer(_ error: HTTPError) -> Response {
        var response = JSONResponse.error(error.status, error.body ?? error.status.reasonPhrase)
        for field in error.headers { response.headers.append(field) }
        return response
    }

    // MARK: - Reads

    func status(_ request: Request) throws -> Response {
        _ = try authorization.require(.read, request)
        let queue = DeployQueue(database: database)
        let recent = try queue.deploys(limit: 200)
        var siteStates: [SiteState] = []
        for site in sites.sites {
            let live = runner.releases(of: site.name).currentID()
            let last = recent.first { $0.site == site.name }
            siteStates.append(
                SiteState(
                    name: site.name,
                    repository: site.repository,
                    platform: site.platform.rawValue,
                    domains: site.domains,
                    liveRelease: live,
                    lastDeploy: last.map { DeployView($0, baseURL: settings.baseURL) }
                )
            )
        }
        var counts: [String: Int] = [:]
        for deploy in recent { counts[deploy.state.rawValue, default: 0] += 1 }
        return JSONResponse.encode(
            .ok,
            ServiceStatus(
                service: "chimera",
                enabled: settings.enabled,
                stateDirectory: settings.stateDirectory,
                sites: siteStates,
                recentDeploys: counts,
                quarantined: try queue.quarantined().count
            )
        )
    }

    func deploys(_ request: Request) throws -> Response {
        _ = try authorization.require(.read, request)
        let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 50
        let site = request.uri.queryParameters.get("site")
        let list = try DeployQueue(database: database).deploys(limit: min(max(limit, 1), 500), site: site)
        return JSONResponse.encode(.ok, ["deploys": list.map { DeployView($0, baseURL: settings.baseURL) }])
    }

    func deploy(_ request: Request, id: String) throws -> Response {
        _ = try authorization.require(.read, request)
        guard let deploy = try DeployQueue(database: database).deploy(id: id) else {
            return JSONResponse.error(.notFound, "no deploy \(id)")
        }
        return JSONResponse.encode(.ok, DeployView(deploy, baseURL: settings.baseURL, full: true))
    }

    func events(_ request: Request) throws -> Response {
        _ = try authorization.require(.read, request)
        let resumeFrom = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap(Int64.init)
            ?? request.uri.queryParameters.get("since", as: Int64.self) ?? 0
        let follow = request.uri.queryParameters.get("follow") != "false"
        return EventStream(database: database, after: resumeFrom, follow: follow).response()
    }

    // MARK: - Writes

    /// The body of simulate, deploy, verify and rollback: every field optional, as in the documented examples
    /// `{"platform": "netlify"}` and `{"platform": "netlify", "auto_heal": true, "certify": true}`.
    struct Command: Decodable {
        var site: String?
        var platform: String?
        var branch: String?
        var commit: String?
        var to: String?
        var autoHeal: Bool?
        var certify: Bool?

        enum CodingKeys: String, CodingKey {
            case site, platform, branch, commit, to
            case autoHeal = "auto_heal"
            case certify
        }
    }

    /// Checks the token and the service switch, reads the body and finds the site it names.
    private func begin(_ request: Request, context: Context, action: String) async throws -> (APIToken, Command, SiteConfiguration) {
        let token = try authorization.require(.write, request)
        guard settings.enabled else {
            throw HTTPError(.serviceUnavailable, message: "CHIMERA_ENABLED=false: writes are refused while pipelines are switched off")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 1024 * 1024)
        let command: Command
        if buffer.readableBytes == 0 {
            command = Command()
        } else {
            do {
                command = try JSONDecoder().decode(Command.self, from: Data(Array(buffer: buffer)))
            } catch {
                throw HTTPError(.badRequest, message: "the body is not the JSON this endpoint takes (site, platform, branch, commit, to, auto_heal, certify): \(error)")
            }
        }
        let site = try resolveSite(command)
        return (token, command, site)
    }

    private func resolveSite(_ command: Command) throws -> SiteConfiguration {
        if let name = command.site {
            guard let site = sites.site(named: name) else {
                throw HTTPError(.notFound, message: "no site named \(name); the sites: \(sites.sites.map(\.name).joined(separator: ", "))")
            }
            if let platform = command.platform, platform != site.platform.rawValue {
                throw HTTPError(.badRequest, message: "site \(name) is a \(site.platform.rawValue) site, not \(platform)")
            }
            return site
        }
        let candidates = sites.sites.filter { command.platform == nil || $0.platform.rawValue == command.platform }
        guard candidates.count == 1, let site = candidates.first else {
            let names = candidates.map(\.name).joined(separator: ", ")
            throw HTTPError(
                .badRequest,
                message: candidates.isEmpty
                    ? "no site matches platform \(command.platform ?? "?"); the sites: \(sites.sites.map(\.name).joined(separator: ", "))"
                    : "several sites match (\(names)): add \"site\": NAME"
            )
        }
        return site
    }

    /// The ledger entry of an API write: the token's name and role, never its secret.
    private func recordWrite(_ token: APIToken, action: String, site: String, details: [String: String]) throws {
        _ = try database.appendLedger(try writeEntry(token, action: action, site: site, details: details), signer: try signer())
    }

    /// The ledger entry of a write by `token` (named, with its role; never its secret).
    private func writeEntry(_ token: APIToken, action: String, site: String, details: [String: String]) throws -> LedgerEntry.Draft {
        var details = details
        details["caller"] = token.name
        details["caller_role"] = token.role.rawValue
        return try LedgerEntry.Draft(actor: "token:\(token.name)", action: action, subject: site, details: details)
    }

    private func signer() throws -> CertificationLedgerSigner {
        CertificationLedgerSigner(key: try CurrentSigningKey.load(stateDirectory: settings.stateDirectory, database: database, actor: "chimera-api"))
    }

    func simulate(_ request: Request, context: Context) async throws -> Response {
        let (token, command, site) = try await begin(request, context: context, action: "api.simulate")
        try recordWrite(token, action: "api.simulate", site: site.name, details: ["commit": command.commit ?? "", "branch": command.branch ?? ""])
        let (commit, report): (String, SimulationReport)
        do {
            (commit, report) = try await runner.simulateNow(site: site, branch: command.branch, commit: command.commit)
        } catch {
            return JSONResponse.error(.unprocessableContent, "\(error)")
        }
        var result = SimulateResult(site: site.name, commit: commit, report: report)
        if command.autoHeal == true {
            result.notes.append("auto_heal: this report is of the commit as pushed; deploys are healed in the pipeline with ARIE's safe fixes")
        }
        if command.certify == true {
            result.notes.append(report.verdict == .fail ? "certify: not certified, the verdict is fail" : "certify: POST /api/chimera/deploy certifies and deploys")
        }
        return JSONResponse.encode(report.verdict == .fail ? .unprocessableContent : .ok, result)
    }

    func deploy(_ request: Request, context: Context) async throws -> Response {
        let (token, command, site) = try await begin(request, context: context, action: "api.deploy")
        let deploy: Deploy
        let superseded: [Deploy]
        do {
            // The deploy and the ledger entry naming the token are one transaction.
            (deploy, superseded) = try await runner.enqueue(
                site: site,
                branch: command.branch,
                commit: command.commit,
                trigger: .api,
                ledger: try writeEntry(token, action: "api.deploy", site: site.name, details: ["commit": command.commit ?? "", "branch": command.branch ?? ""]),
                signer: try signer()
            )
        } catch {
            return JSONResponse.error(.unprocessableContent, "\(error)")
        }
        await deliveries.announce(deploy, superseded: superseded)
        wake()
        var view = DeployView(deploy, baseURL: settings.baseURL)
        if command.autoHeal == false { view.notes = ["auto_heal: every deploy is healed with ARIE's safe fixes (CHIMERA_HEAL_MAX_ATTEMPTS=0 turns healing off)"] }
        if command.certify == false { view.notes = (view.notes ?? []) + ["certify: every deploy is certified; only certified builds deploy"] }
        return JSONResponse.encode(.accepted, view)
    }

    func verify(_ request: Request, context: Context) async throws -> Response {
        let (token, _, site) = try await begin(request, context: context, action: "api.verify")
        try recordWrite(token, action: "api.verify", site: site.name, details: [:])
        do {
            let (release, probes, mismatches) = try await runner.verifyLive(site: site)
            return JSONResponse.encode(
                mismatches.isEmpty ? .ok : .conflict,
                VerifyResult(site: site.name, release: release, probes: probes, mismatches: mismatches.map(\.description))
            )
        } catch {
            return JSONResponse.error(.unprocessableContent, "\(error)")
        }
    }

    func rollback(_ request: Request, context: Context) async throws -> Response {
        let (token, command, site) = try await begin(request, context: context, action: "api.rollback")
        do {
            let (from, to, milliseconds) = try runner.rollback(site: site, to: command.to, actor: "token:\(token.name)", reason: "asked through the API")
            return JSONResponse.encode(.ok, RollbackResult(site: site.name, from: from, to: to, milliseconds: milliseconds))
        } catch {
            return JSONResponse.error(.unprocessableContent, "\(error)")
        }
    }
}
