import ArgumentParser
import ChimeraStore
import Foundation

extension Chimeractl {
    /// `chimeractl quarantine list|replay ID`.
    struct Quarantine: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deploys set aside after their stage kept failing: list them, or queue one again.",
            subcommands: [List.self, Replay.self]
        )

        /// `quarantine list`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List quarantined deploys with their error.")
            @Option(help: "text or json.") var format: OutputFormat = .text
            @Flag(help: "Also list entries already replayed.") var all = false

            func run() throws {
                let context = try ServiceContext.load(requireSites: false, readSites: false)
                let entries = try DeployQueue(database: context.database).quarantined(includeReplayed: all)
                if format == .json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                    encoder.dateEncodingStrategy = .iso8601
                    print(String(decoding: try encoder.encode(entries), as: UTF8.self))
                    return
                }
                if entries.isEmpty { print("nothing quarantined") }
                for entry in entries {
                    let what = entry.deployID.map { "deploy \($0)" } ?? entry.deliverySequence.map { "delivery \($0)" } ?? "?"
                    print("\(entry.id ?? 0)\t\(what)\t\(entry.error)")
                }
            }
        }

        /// `quarantine replay ID`.
        struct Replay: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Queue a quarantined deploy again at the stage it failed in (a running `chimeractl serve` picks it up)."
            )
            @Argument(help: "The quarantine entry's id (from `quarantine list`).") var id: Int64

            func run() throws {
                let context = try ServiceContext.load(requireSites: false, readSites: false)
                do {
                    let queue = DeployQueue(database: context.database)
                    guard let entry = try queue.quarantined().first(where: { $0.id == id }) else {
                        throw InputError("no quarantine entry \(id) waiting for a replay: see chimeractl quarantine list")
                    }
                    if entry.deployID != nil {
                        let deploy = try queue.replay(id: id)
                        print("queued \(deploy.id) again at \(deploy.stage.rawValue)")
                    } else {
                        let delivery = try queue.replayDelivery(id: id)
                        print("delivery \(delivery.deliveryID) will be handled again")
                    }
                } catch let error as StoreError {
                    throw InputError(error.description)
                }
            }
        }
    }
}
