import ChimeraStore
import DeployPipeline
import Foundation
import SiteSimulation

/// `GET /api/chimera/status`.
struct ServiceStatus: Encodable {
    var service: String
    var enabled: Bool
    var stateDirectory: String
    var sites: [SiteState]
    var recentDeploys: [String: Int]
    var quarantined: Int
}

/// One site in the status.
struct SiteState: Encodable {
    var name: String
    var repository: String
    var platform: String
    var domains: [String]
    var liveRelease: String?
    var lastDeploy: DeployView?
}

/// A deploy as the API shows it.
struct DeployView: Encodable {
    var id: String
    var site: String
    var context: String
    var branch: String
    var commit: String
    var repository: String
    var trigger: String
    var state: String
    var stage: String
    var attempts: Int
    var error: String?
    var release: String?
    var createdAt: Date
    var updatedAt: Date
    var finishedAt: Date?
    var url: String
    var progress: DeployProgress?
    var notes: [String]?

    init(_ deploy: Deploy, baseURL: String, full: Bool = false) {
        id = deploy.id
        site = deploy.site
        context = deploy.context
        branch = deploy.branch
        commit = deploy.commit
        repository = deploy.repository
        trigger = deploy.trigger.rawValue
        state = deploy.state.rawValue
        stage = deploy.stage.rawValue
        attempts = deploy.attempts
        error = deploy.lastError
        createdAt = deploy.createdAt
        updatedAt = deploy.updatedAt
        finishedAt = deploy.finishedAt
        url = "\(baseURL)/api/chimera/deploys/\(deploy.id)"
        let decoded = DeployProgress.decode(deploy.details)
        release = deploy.releaseID ?? decoded.release
        progress = full ? decoded : nil
    }
}

/// `POST /api/chimera/simulate`.
struct SimulateResult: Encodable {
    var site: String
    var commit: String
    var report: SimulationReport
    var notes: [String] = []
}

/// `POST /api/chimera/verify`.
struct VerifyResult: Encodable {
    var site: String
    var release: String
    var probes: Int
    var mismatches: [String]
}

/// `POST /api/chimera/rollback`.
struct RollbackResult: Encodable {
    var site: String
    var from: String?
    var to: String
    var milliseconds: Int
}
