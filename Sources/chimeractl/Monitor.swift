import ArgumentParser
import ChimeraStore
import Foundation

extension Chimeractl {
    /// `chimeractl monitor [--follow] [--format json]`.
    struct Monitor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the deploys and their stages, from the Genesis Bus; --follow keeps printing events as they come.",
            discussion: "Reads the state directory's store (CHIMERA_STATE_DIR), which the service writes as it works."
        )

        @Flag(help: "Keep printing new events until interrupted.") var follow = false
        @Option(help: "text or json (one JSON object per line).") var format: OutputFormat = .text
        @Option(help: "How many recent deploys to list first.") var limit = 20

        func run() async throws {
            let context = try ServiceContext.load(requireSites: false, readSites: false)
            let database = context.database
            let deploys = try DeployQueue(database: database).deploys(limit: limit)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            if format == .json {
                for deploy in deploys.reversed() {
                    print(String(decoding: try encoder.encode(DeployLine(deploy)), as: UTF8.self))
                }
            } else {
                print("DEPLOY                          SITE            COMMIT        STATE        STAGE     UPDATED")
                for deploy in deploys.reversed() {
                    print(DeployLine(deploy).text)
                }
            }
            guard follow else { return }
            fflushStandardOutput()
            var last = try database.events(since: 0).last?.sequence ?? 0
            while !Task.isCancelled {
                for event in try database.events(since: last, limit: 500) {
                    last = event.sequence ?? last
                    // Written straight to file descriptor 1, unbuffered: a pipe reader sees each event as it comes.
                    if format == .json {
                        standardOutput(String(decoding: try encoder.encode(event), as: UTF8.self) + "\n")
                    } else {
                        let subject = [event.deployID, event.site, event.commit.map { String($0.prefix(12)) }].compactMap { $0 }.joined(separator: " ")
                        standardOutput("\(event.time)  \(event.name.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0)) \(subject)  \(event.payload)\n")
                    }
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}

/// One deploy in `monitor`'s list.
private struct DeployLine: Encodable {
    var id: String
    var site: String
    var commit: String
    var state: String
    var stage: String
    var updatedAt: Date
    var error: String?

    init(_ deploy: ChimeraStore.Deploy) {
        id = deploy.id
        site = deploy.site
        commit = deploy.commit
        state = deploy.state.rawValue
        stage = deploy.stage.rawValue
        updatedAt = deploy.updatedAt
        error = deploy.lastError
    }

    var text: String {
        func column(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        let formatter = ISO8601DateFormatter()
        return column(id, 32) + column(site, 16) + column(String(commit.prefix(12)), 14) + column(state, 13) + column(stage, 10)
            + formatter.string(from: updatedAt) + (error.map { "  \($0)" } ?? "")
    }
}
