import ArgumentParser
import ChimeraGit
import Foundation

extension Chimeractl {
    /// `chimeractl export`: writes a commit's tree into a fresh folder (plumbing under `simulate --repo`).
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a commit's tree into a new or empty folder, as a fresh clone would check it out.",
            discussion: """
                Exec bits are kept, symbolic links are written as links, submodules become empty folders. \
                Prints one summary line; symbolic links that resolve outside the tree and submodules are \
                listed on standard error. Exit status: 0 success, 2 bad usage or unreadable input (not a \
                repository, unknown revision, non-empty folder).
                """
        )

        @Option(help: ArgumentHelp("The repository: a working copy's root or a bare repository.", valueName: "PATH")) var repo: String
        @Option(help: ArgumentHelp("The commit: a branch, tag, id, HEAD~2…", valueName: "REV")) var commit: String
        @Option(help: ArgumentHelp("The folder to export into (created when missing; must be empty).", valueName: "DIR")) var out: String

        func run() throws {
            let start = Date()
            let report: ExportReport
            do {
                let repository = try GitRepository(path: repo)
                report = try repository.export(commit, into: out)
            } catch {
                throw InputError(error.message)
            }
            for link in report.escapingSymlinks {
                standardError("chimeractl: warning: \(link.path) -> \(link.target): the link resolves outside the tree\n")
            }
            for submodule in report.submodules {
                standardError("chimeractl: warning: \(submodule.path): submodule at \(submodule.commitID) exported as an empty folder\n")
            }
            let megabytes = String(format: "%.1f", Double(report.bytes) / 1_000_000)
            let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
            print(
                "exported \(report.commitID.prefix(12)) into \(out): \(report.files) files (\(megabytes) MB), \(report.symlinks) symlinks "
                    + "(\(report.escapingSymlinks.count) escaping), \(report.submodules.count) submodules in \(seconds) s"
            )
        }
    }
}
