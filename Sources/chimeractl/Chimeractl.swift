import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `chimeractl`: Chimera's command line.
///
/// Exit status: 0 success, 1 findings (a failing verdict), 2 bad usage or unreadable input.
@main
struct Chimeractl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chimeractl",
        abstract: "Chimera: simulate, heal, certify, deploy and verify static sites.",
        discussion: "Exit status: 0 success, 1 findings (a failing verdict), 2 bad usage or unreadable input.",
        version: "0.1.0",
        subcommands: [
            Simulate.self, Heal.self, Route.self, Export.self, Certify.self, Verify.self, Deploy.self, Rollback.self, Monitor.self, Serve.self,
            Tokens.self, Quarantine.self, Ledger.self, Keys.self, HealHistory.self, Hooks.self,
        ]
    )

    /// Runs the command, mapping usage errors to exit status 2 (argument-parser's default is 64).
    static func main() async {
        do {
            // `--auto-heal=all` and `--auto-heal=safe`: argument-parser has no option with an optional value, so the
            // forms are mapped onto two flags.
            let arguments = CommandLine.arguments.dropFirst().map { argument -> String in
                switch argument {
                case "--auto-heal=all": "--auto-heal-all"
                case "--auto-heal=safe": "--auto-heal"
                default: argument
                }
            }
            var routed = Array(arguments)
            // `heal --history` needs none of heal's site options: it is its own (hidden) command.
            if routed.first == "heal", routed.contains("--history") {
                routed = ["heal-history"] + routed.dropFirst().filter { $0 != "--history" }
            }
            var command = try parseAsRoot(routed)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as InputError {
            standardError("chimeractl: error: \(error.message)\n")
            Glibc.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                standardError(fullMessage(for: error) + "\n")
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Input the command cannot work with: printed as one message, exit status 2.
struct InputError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Writes to standard error without buffering surprises.
func standardError(_ text: String) {
    var text = text
    // Written straight to file descriptor 2: the C `stderr` global is not concurrency-safe in Swift 6.
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// Writes to standard output without buffering, for streams a reader follows line by line.
func standardOutput(_ text: String) {
    var text = text
    text.withUTF8 { bytes in _ = write(1, bytes.baseAddress, bytes.count) }
}

/// Flushes what `print` buffered, before switching to `standardOutput`.
func fflushStandardOutput() {
    // `fflush(nil)` flushes every C stream without naming the `stdout` global (not concurrency-safe in Swift 6).
    fflush(nil)
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// The platform models `--platform` accepts.
enum PlatformName: String, ExpressibleByArgument, CaseIterable {
    case netlify, render, pages
}
