import Certification
import ChimeraStore
import DeployPipeline
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /api/chimera/hooks/local`: a commit made in a developer's clone, sent by Chimera's post-commit hook
/// (`hooks/post-commit`), queued as a deploy of every site that deploys that repository's branch.
///
/// Needs an `admiral` or `system_core` token, answers 503 while `CHIMERA_ENABLED` is false, and each deploy it
/// queues is one transaction with the ledger entry naming the token. The commit must be reachable from the
/// site's `clone_url` (a clone on the same machine, or a commit already pushed).
struct LocalHookController<Context: RequestContext> {
    let settings: ServiceSettings
    let sites: SitesFile
    let database: ChimeraDatabase
    let runner: DeployRunner
    /// Posts the queued status of each deploy and the final status of the deploys it supersedes.
    let deliveries: DeliveryProcessor
    let wake: @Sendable () -> Void

    /// The controller of `server`'s router, wired to its store, runner and pipeline.
    init(serving server: ChimeraApplication) {
        let pipeline = server.pipeline
        settings = server.settings
        sites = server.sites
        database = server.database
        runner = server.runner
        deliveries = pipeline.deliveries
        wake = { pipeline.wake() }
    }

    /// The body the hook sends.
    struct Commit: Decodable {
        var repository: String?
        var branch: String?
        var commit: String?
    }

    /// The answer: the deploys queued, one per site.
    struct Queued: Encodable {
        var repository: String
        var branch: String
        var commit: String
        var deploys: [DeployView]
        /// The sites whose deploy could not be queued, when others were.
        var errors: [String]?
    }

    func register(on router: Router<Context>) {
        router.group("api/chimera").post("hooks/local") { request, _ in
            do {
                return try await queue(request)
            } catch let error as HTTPError {
                return APIController<Context>.answer(error)
            } catch {
                return JSONResponse.error(.internalServerError, "\(error)")
            }
        }
    }

    func queue(_ request: Request) async throws -> Response {
        let token = try Authorization(database: database).require(.write, request)
        guard settings.enabled else {
            throw HTTPError(.serviceUnavailable, message: "CHIMERA_ENABLED=false: writes are refused while pipelines are switched off")
        }
        let (repository, branch, commit) = try await read(request)
        let candidates = sites.sites(forRepository: repository)
        guard !candidates.isEmpty else {
            let known = Set(sites.sites.map(\.repository)).sorted().joined(separator: ", ")
            throw HTTPError(
                .notFound,
                message: "no site deploys repository \(repository); the sites file names: \(known.isEmpty ? "no repository" : known) "
                    + "(set git config chimera.repository OWNER/NAME in the clone if its origin is named differently)"
            )
        }
        let deploying = candidates.filter { $0.context(forBranch: branch) != nil }
        guard !deploying.isEmpty else {
            let branches = candidates.map { "\($0.name): \($0.branches.keys.sorted().joined(separator: ", "))" }.joined(separator: "; ")
            throw HTTPError(
                .unprocessableContent,
                message: "no site of \(repository) deploys branch \(branch); the branches they deploy: \(branches)"
            )
        }
        let signer = CertificationLedgerSigner(
            key: try CurrentSigningKey.load(stateDirectory: settings.stateDirectory, database: database, actor: "chimera-api")
        )
        var queued: [DeployView] = []
        var failures: [String] = []
        for site in deploying {
            var details = ["repository": repository, "branch": branch, "commit": commit]
            details["caller"] = token.name
            details["caller_role"] = token.role.rawValue
            let entry = try LedgerEntry.Draft(actor: "token:\(token.name)", action: "hooks.local", subject: site.name, details: details)
            do {
                // The deploy and the ledger entry naming the token are one transaction.
                let (deploy, superseded) = try await runner.enqueue(
                    site: site,
                    branch: branch,
                    commit: commit,
                    trigger: .hook,
                    ledger: entry,
                    signer: signer
                )
                await deliveries.announce(deploy, superseded: superseded)
                queued.append(DeployView(deploy, baseURL: settings.baseURL))
            } catch {
                failures.append(
                    "site \(site.name): commit \(commit) of branch \(branch) could not be queued: \(error); the server fetches it from "
                        + "\(site.cloneURL), so push the commit there first"
                )
            }
        }
        guard !queued.isEmpty else { return JSONResponse.error(.unprocessableContent, failures.joined(separator: "\n")) }
        wake()
        return JSONResponse.encode(
            .accepted,
            Queued(repository: repository, branch: branch, commit: queued[0].commit, deploys: queued, errors: failures.isEmpty ? nil : failures)
        )
    }

    /// The body's repository, branch and commit, each checked.
    private func read(_ request: Request) async throws -> (repository: String, branch: String, commit: String) {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let body: Commit
        do {
            body = try JSONDecoder().decode(Commit.self, from: Data(Array(buffer: buffer)))
        } catch {
            throw HTTPError(
                .badRequest,
                message: #"the body must be JSON {"repository": "owner/name", "branch": "main", "commit": "<id>"}: \#(error)"#
            )
        }
        guard let repository = body.repository, repository.split(separator: "/", omittingEmptySubsequences: false).count == 2,
            !repository.hasPrefix("/"), !repository.hasSuffix("/")
        else {
            throw HTTPError(
                .badRequest,
                message: "\"repository\" must be owner/name, as on GitHub (got \(body.repository.map { "'\($0)'" } ?? "none"))"
            )
        }
        guard let branch = body.branch, !branch.isEmpty else {
            throw HTTPError(.badRequest, message: "\"branch\" is missing: the branch the commit was made on, such as main")
        }
        guard let commit = body.commit, (4...64).contains(commit.count), commit.allSatisfy(\.isHexDigit) else {
            throw HTTPError(
                .badRequest,
                message: "\"commit\" must be a commit id (4 to 64 hex digits; got \(body.commit.map { "'\($0.prefix(80))'" } ?? "none"))"
            )
        }
        return (repository, branch, commit.lowercased())
    }
}
