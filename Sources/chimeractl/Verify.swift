import ArgumentParser
import Certification
import Foundation
import SiteSimulation

extension Chimeractl {
    /// `chimeractl verify`: checks a folder against its certificate, file by file.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a deploy folder against its certificate: the signature, then every file's digests, size and mode.",
            discussion: """
                Without --certificate, the store's (<state>/certificates/) certificate for the platform whose files \
                match the folder best is used, the newest on a tie. Every file is read (no cache). Exit status: 0 \
                everything holds, 1 a bad or unknown signature or any added, removed or changed file, 2 bad usage \
                or unreadable input.
                """
        )

        @OptionGroup var platform: PlatformOptions
        @Flag(help: "Check the folder against its certificate, the signed truth of what was certified.") var truth = false
        @Option(help: ArgumentHelp("The deploy folder.", valueName: "PUBLISH")) var dir: String
        @Option(help: ArgumentHelp("The certificate (a DSSE envelope); default: the best match in the store.", valueName: "FILE"))
        var certificate: String?

        func validate() throws {
            // Without --truth, `verify` will probe a live deploy against the route table; that comes with deploys.
            guard truth else {
                throw ValidationError("give --truth to check a folder against its certificate (live verification comes with deploys)")
            }
        }

        func run() throws {
            let state = StateDirectory.resolve()
            let manifest: Manifest
            let keys: [PublicKey]
            do {
                manifest = try Manifest.make(folder: dir)
                keys = try SigningKeys(stateDirectory: state.path).publicKeys()
            } catch let error as CertificationError {
                throw InputError(error.message)
            }
            let path = try certificate ?? bestCertificate(in: state.path + "/certificates", for: manifest)
            let result: VerificationResult
            if let envelope = try? Certificate(contentsOf: path) {
                result = CertificateVerifier(publicKeys: keys, platform: platform.platform.rawValue).verify(manifest: manifest, certificate: envelope)
            } else {
                guard FileManager.default.fileExists(atPath: path) else { throw InputError("--certificate \(path): no such file") }
                result = VerificationResult(failure: .init(.malformedEnvelope, "\(path) is not a DSSE envelope (payloadType, payload, signatures)"))
            }
            print("certificate: \(path)")
            if result.holds {
                print("verified: \(dir) holds: \(manifest.entries.count) files, manifest \(manifest.digest), signed by key \(result.keyid ?? "?")")
                return
            }
            print("not verified: \(dir)")
            for problem in result.problems { print("  \(problem)") }
            throw ExitCode(1)
        }

        /// The store's certificate for this platform sharing the most (path, SHA-256) pairs with `manifest`.
        private func bestCertificate(in folder: String, for manifest: Manifest) throws -> String {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".dsse.json") }.sorted()
            let wanted = Set(manifest.entries.map { $0.path + "\u{0}" + $0.sha256 })
            var best: (path: String, score: Int)?
            // Names start with a timestamp: later files win ties. Unsigned content only ranks; verify checks the signature.
            for name in names {
                guard let statement = try? Certificate(contentsOf: folder + "/" + name).unverifiedStatement(),
                    statement.predicate.platform == platform.platform.rawValue
                else { continue }
                let score = statement.manifest.entries.filter { wanted.contains($0.path + "\u{0}" + $0.sha256) }.count
                if best == nil || score >= best!.score { best = (folder + "/" + name, score) }
            }
            guard let best else {
                throw InputError(
                    "no \(platform.platform.rawValue) certificate in \(folder): give --certificate FILE, or run chimeractl certify first"
                )
            }
            return best.path
        }
    }
}
