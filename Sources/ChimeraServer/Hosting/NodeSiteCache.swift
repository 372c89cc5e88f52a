import DeployPipeline
import NodeHosting
import Synchronization

/// The live release of every node-hosted site, loaded once per release.
///
/// Each request reads the site's `current` link (one `readlink`), so a switch or a rollback is served from the
/// next request on, and the rules of a release are parsed once, not per request.
final class NodeSiteCache: Sendable {
    private let stateDirectory: String
    private let loaded = Mutex<[String: NodeSite]>([:])

    init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
    }

    /// The releases of `site`.
    func releases(of site: String) -> ReleaseStore { ReleaseStore(siteFolder: stateDirectory + "/sites/" + site) }

    /// The live release of `site`, or nil when it has none yet.
    func current(_ site: String) throws -> NodeSite? {
        let store = releases(of: site)
        guard let id = store.currentID() else { return nil }
        if let cached = loaded.withLock({ $0[site] }), cached.release.id == id { return cached }
        let release = try store.release(id)
        let node = try NodeSite.load(release: release)
        loaded.withLock { $0[site] = node }
        return node
    }
}
