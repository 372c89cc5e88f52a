import ArgumentParser
import Foundation
import PlatformModels
import SiteSimulation

extension Chimeractl {
    /// `chimeractl simulate`: reads a site as the platform will and reports what will break.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find what will break before a deploy: dropped rules, shadowed redirects, missing assets, header conflicts.",
            discussion: """
                Exit status: 0 no error-level finding, 1 at least one (a publish folder that does not exist is a \
                PUBLISH_DIR_MISSING finding), 2 bad usage or unreadable input. Without --config, netlify.toml is \
                looked for in the publish folder and then in its parents up to the repository root.
                """
        )

        @OptionGroup var platform: PlatformOptions
        @Option(help: ArgumentHelp("The publish folder, already built.", valueName: "PUBLISH")) var dir: String
        @Option(help: "netlify: the deploy context whose build settings apply.") var context: String = "production"
        @Option(help: "netlify: the branch deployed, for [context.BRANCH] settings.") var branch: String?
        @Option(help: "Output format.") var format: OutputFormat = .text

        func run() throws {
            let report = try platform.simulate(directory: dir, context: context, branch: branch)
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.renderedText(), terminator: "")
            }
            if report.verdict == .fail { throw ExitCode(1) }
        }
    }
}
