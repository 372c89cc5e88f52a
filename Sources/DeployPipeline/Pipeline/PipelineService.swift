import ChimeraStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// HXO as a service: requeues what a crash interrupted, turns deliveries into deploys, and runs queued deploys,
/// one at a time per site, until SIGTERM (then each running deploy stops at its next stage boundary).
public struct PipelineService: Service {
    /// Turns deliveries into deploys.
    public var deliveries: DeliveryProcessor
    /// Runs deploys.
    public var runner: DeployRunner
    /// At most this many deploys (of different sites) run at once.
    public var maxParallel: Int
    /// How often the queue is looked at when nothing wakes the service.
    public var pollInterval: Duration
    /// Whether pipelines run (`CHIMERA_ENABLED`).
    public var enabled: Bool
    private let wakeups: Wakeups
    private let ready: Gate

    /// Creates the service.
    public init(deliveries: DeliveryProcessor, runner: DeployRunner, enabled: Bool, maxParallel: Int = 2, pollInterval: Duration = .milliseconds(250)) {
        self.deliveries = deliveries
        self.runner = runner
        self.enabled = enabled
        self.maxParallel = maxParallel
        self.pollInterval = pollInterval
        self.wakeups = Wakeups()
        self.ready = Gate()
    }

    /// Lets deploys run: the server calls it once it listens, since the verify stage probes the server itself.
    /// Until then deliveries are still turned into queued deploys.
    public func serverIsListening() { ready.open() }

    /// Asks the service to look at its queue now (a webhook was stored, an API deploy was queued).
    public func wake() { wakeups.signal() }

    /// Runs until graceful shutdown.
    public func run() async throws {
        let logger = runner.logger
        let queue = DeployQueue(database: runner.database)
        if enabled {
            let recovered = try queue.recoverInterrupted()
            for deploy in recovered {
                logger.notice("resuming an interrupted deploy", metadata: ["deploy": "\(deploy.id)", "stage": "\(deploy.stage.rawValue)"])
            }
        }
        let running = RunningCount()
        await withDiscardingTaskGroup { group in
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    try await deliveries.processPending()
                    while enabled, ready.isOpen, running.value < maxParallel, let deploy = try queue.claimNext(now: Date()) {
                        running.add(1)
                        let (runner, wakeups) = (self.runner, self.wakeups)
                        group.addTask {
                            await runner.run(deploy)
                            running.add(-1)
                            wakeups.signal()
                        }
                    }
                } catch {
                    logger.error("the pipeline loop failed; trying again", metadata: ["error": "\(error)"])
                }
                await wakeups.wait(upTo: pollInterval)
            }
            logger.notice("pipeline stopping: running deploys finish their current stage")
        }
    }
}

/// A wake-up signal with a timeout: `signal()` ends the current (or next) `wait`.
final class Wakeups: Sendable {
    private let pending = Mutex(false)

    func signal() { pending.withLock { $0 = true } }

    /// Waits until signalled or `limit` has passed, in short steps so a signal is noticed quickly.
    func wait(upTo limit: Duration) async {
        let step = Duration.milliseconds(20)
        var waited = Duration.zero
        while waited < limit {
            if pending.withLock({ let was = $0; $0 = false; return was }) { return }
            try? await Task.sleep(for: step)
            waited += step
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
        }
    }
}

/// A one-way switch from closed to open.
final class Gate: Sendable {
    private let state = Mutex(false)

    var isOpen: Bool { state.withLock { $0 } }

    func open() { state.withLock { $0 = true } }
}

/// How many deploys are running.
final class RunningCount: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func add(_ delta: Int) { count.withLock { $0 += delta } }
}
