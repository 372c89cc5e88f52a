import ArgumentParser
import Certification
import ChimeraStore
import DeployPipeline
import Foundation
import PlatformModels
import SiteSimulation

extension Chimeractl {
    /// `chimeractl certify`: simulates a deploy folder and, when it passes, signs a certificate of its files.
    struct Certify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Simulate a deploy folder and sign an in-toto/DSSE certificate of every file it ships.",
            discussion: """
                Give an already-built folder with --dir, or a commit with --repo and --commit (built in a kept \
                workspace under the state directory, then its publish folder is certified). A failing verdict is \
                not certified. The certificate (SHA-256 and SHA3-256 of every file, Ed25519-signed with the key in \
                <state>/keys, made on first use) goes to --out or <state>/certificates/. Symbolic links in the \
                folder are refused. Exit status: 0 certified, 1 failing verdict, 2 bad usage or unreadable input.
                """
        )

        @OptionGroup var platform: PlatformOptions
        @Option(help: ArgumentHelp("An already-built publish folder.", valueName: "PUBLISH")) var dir: String?
        @Option(help: ArgumentHelp("A git repository (bare or not) whose commit is built, simulated and certified.", valueName: "PATH"))
        var repo: String?
        @Option(help: ArgumentHelp("With --repo: the revision (branch, tag, id, HEAD~2).", valueName: "REV")) var commit: String?
        @Option(help: "The branch deployed (default: the repository's current branch).") var branch: String?
        @Option(help: "netlify: the deploy context (default: production for the default branch, branch-deploy otherwise).")
        var context: String?
        @Option(help: ArgumentHelp("Where to write the certificate (default: <state>/certificates/).", valueName: "FILE")) var out: String?
        // Benchmarks only: times hashing and signing without the simulation; the report digest is then that of "{}".
        @Flag(name: .customLong("no-simulate"), help: .hidden) var noSimulate = false

        func validate() throws {
            guard (dir == nil) != (repo == nil) else { throw ValidationError("give either --dir PUBLISH or --repo PATH --commit REV") }
            if repo != nil, commit == nil { throw ValidationError("--repo needs --commit REV (for example --commit HEAD)") }
            if repo == nil, commit != nil { throw ValidationError("--commit applies to --repo only") }
            if repo != nil, platform.config != nil {
                throw ValidationError("--config does not apply to --repo: the commit's own netlify.toml or render.yaml is used")
            }
            if repo != nil, noSimulate { throw ValidationError("--no-simulate applies to --dir only") }
        }

        func run() throws {
            let state = StateDirectory.resolve()
            let bus = BusEvents(state: state)
            let subject = EventSubject(site: URL(fileURLWithPath: dir ?? repo!).standardizedFileURL.path, commit: commit)
            bus.record(.certifyStart, subject, ["platform": platform.platform.rawValue])
            let source = try simulate(state: state)
            if let report = source.report, report.verdict == .fail {
                print(report.renderedText(), terminator: "")
                standardError("chimeractl: not certified: the simulation's verdict is fail\n")
                throw ExitCode(1)
            }
            do {
                let key = try bus.currentKey(state: state)
                let certifier = FolderCertifier(platform: platform.platform.rawValue, configPath: platform.config, stateDirectory: state.path)
                let result = try certifier.certify(
                    folder: source.folder,
                    base: source.base,
                    report: source.report,
                    repository: source.repository,
                    commit: source.commit,
                    context: source.context,
                    key: key
                )
                let (manifest, certificate) = (result.manifest, result.certificate)
                let (manifestDigest, certificateDigest) = (result.manifestDigest, result.certificateDigest)
                let path = try out ?? defaultPath(state: state, name: source.commit ?? manifestDigest)
                try certificate.write(to: path)
                let statistics = manifest.statistics
                print("certificate: \(path)")
                print(
                    "manifest: \(manifestDigest) (\(statistics.files) files, \(statistics.bytes) bytes; "
                        + "\(statistics.hashed) hashed, \(statistics.cached) from the cache)"
                )
                print("certificate digest: \(certificateDigest)")
                print("key: \(key.keyid)")
                let details = CertificationRecord(
                    platform: platform.platform.rawValue,
                    manifest: manifestDigest,
                    certificate: certificateDigest,
                    keyid: key.keyid,
                    files: statistics.files,
                    commit: source.commit
                )
                bus.record(.certifyComplete, subject, details)
                // The certification and its ledger entry are one transaction: no certified deploy without its record.
                bus.record(
                    .deployCertified,
                    subject,
                    details,
                    ledger: try LedgerEntry.Draft(actor: "chimeractl", action: "certify", subject: subject.site ?? "", details: details),
                    key: key
                )
            } catch let error as CertificationError {
                throw InputError(error.message)
            }
        }

        /// What `chimera.certify.complete`, `deploy.certified` and the ledger record of a certification: digests and
        /// ids, never a secret.
        private struct CertificationRecord: Encodable {
            var platform: String
            var manifest: String
            var certificate: String
            var keyid: String
            var files: Int
            var commit: String?
        }

        /// The folder to certify with its simulation report (nil with --no-simulate) and provenance.
        private func simulate(
            state: StateDirectory
        ) throws -> (folder: String, base: String, report: SimulationReport?, repository: String?, commit: String?, context: String?) {
            if let dir {
                guard FileManager.default.fileExists(atPath: dir) else { throw InputError("--dir \(dir): no such folder") }
                let context = platform.platform == .netlify ? (self.context ?? "production") : self.context
                let report = noSimulate ? nil : try platform.simulate(directory: dir, context: context ?? "production", branch: branch)
                return (dir, dir, report, nil, nil, context)
            }
            var simulation = try platform.commitSimulation(
                repository: repo!,
                revision: commit!,
                branch: branch,
                context: context,
                state: state
            )
            // The built tree must outlive the simulation: it is what gets certified.
            simulation.keepWorkspace = true
            let outcome: CommitSimulation.Outcome
            do {
                outcome = try simulation.run { line in standardError("build| \(line)\n") }
            } catch {
                throw InputError(error.description)
            }
            guard let folder = outcome.publishDirectory, FileManager.default.fileExists(atPath: folder) else {
                if outcome.report.verdict == .fail { return (outcome.workspace, outcome.workspace, outcome.report, nil, nil, nil) }
                throw InputError("the build of \(commit!) left no publish folder to certify (workspace \(outcome.workspace))")
            }
            standardError("chimeractl: certifying \(folder)\n")
            return (folder, outcome.workspace + "/tree", outcome.report, outcome.record.repository, outcome.record.commit, outcome.record.context)
        }

        private func defaultPath(state: StateDirectory, name: String) throws -> String {
            let folder = state.path + "/certificates"
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw InputError("cannot create \(folder): \(error.localizedDescription); set CHIMERA_STATE_DIR to a writable folder")
            }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate, .withTime, .withFractionalSeconds]
            let stamp = formatter.string(from: Date()).filter(\.isNumber)
            return folder + "/\(stamp)-\(name.prefix(12)).dsse.json"
        }
    }
}
