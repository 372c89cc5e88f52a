import Logging
import ServiceLifecycle

/// The systemd side of the service group: `WATCHDOG=1` every `WatchdogSec`/2 while the service runs, and
/// `STOPPING=1` when graceful shutdown (SIGTERM) reaches it. (`READY=1` is sent by the server once it listens.)
///
/// In Hummingbird's group the HTTP server is shut down first, then this service, then the pipeline: `STOPPING=1`
/// goes out once the server has stopped taking requests, before the running deploys finish their stage. From
/// then on systemd stops the watchdog and waits up to `TimeoutStopSec` for the exit.
public struct SystemdNotifyService: Service {
    /// Where the notifications go.
    public let notifier: SystemdNotifier
    /// Logs failed notifications.
    public let logger: Logger

    /// Creates the service.
    public init(notifier: SystemdNotifier, logger: Logger) {
        self.notifier = notifier
        self.logger = logger
    }

    /// Feeds the watchdog until graceful shutdown, then says `STOPPING=1`. Cancellation (the group failing) ends
    /// it without a word: systemd sees the exit.
    public func run() async throws {
        let (notifier, logger) = (self.notifier, self.logger)
        if let interval = notifier.watchdogInterval {
            // The loop is cancelled when graceful shutdown begins; the CancellationError is that signal, not a failure.
            try? await cancelWhenGracefulShutdown {
                var failing = false
                while !Task.isCancelled {
                    // Log the first failure of a run of failures only: the watchdog ticks every few seconds.
                    do {
                        try notifier.send(SystemdNotifier.watchdog)
                        failing = false
                    } catch {
                        if !failing { logger.warning("systemd watchdog notification failed", metadata: ["error": "\(error)"]) }
                        failing = true
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } else {
            // Returning early would end the whole group: wait for the shutdown instead.
            try? await gracefulShutdown()
        }
        if Task.isShuttingDownGracefully {
            notifier.send(SystemdNotifier.stopping, logger: logger)
        }
    }
}
