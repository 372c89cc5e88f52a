import ArgumentParser
import ChimeraStore
import Foundation

extension Chimeractl {
    /// `chimeractl heal --history [--site S]`: ARIE's memory of what held (routed here by `Chimeractl.main`).
    struct HealHistory: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "heal-history",
            abstract: "Show every fix ARIE applied in the pipeline and whether it held (run as: chimeractl heal --history).",
            discussion: """
                One line per applied fix, newest first: time, site, code, where, deploy, whether the finding cleared, \
                and whether the deploy verified live. A fixer whose fixes failed to hold twice on a site is no longer \
                applied there automatically; such codes are listed at the end as benched.
                """,
            shouldDisplay: false
        )

        @Option(help: "Only this site.") var site: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let context = try ServiceContext.load(requireSites: false, readSites: false)
            let memory = HealMemory(database: context.database)
            let history = try memory.history(site: site)
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(history), as: UTF8.self))
                return
            }
            if history.isEmpty {
                print("no fixes applied yet" + (site.map { " for \($0)" } ?? ""))
                return
            }
            let formatter = ISO8601DateFormatter()
            for fix in history {
                let verified = fix.verified.map { $0 ? "verified" : "failed verification" } ?? "not verified yet"
                print(
                    "\(formatter.string(from: fix.createdAt))  \(fix.site)  \(fix.code)  \(fix.location)  \(fix.deployID ?? "-")  "
                        + "\(fix.cleared ? "cleared" : "did not clear")  \(verified)"
                )
            }
            for name in Set(history.map(\.site)).sorted() {
                let benched = try memory.benchedCodes(site: name)
                if !benched.isEmpty { print("benched on \(name) (no longer applied automatically): \(benched.sorted().joined(separator: ", "))") }
            }
        }
    }
}
