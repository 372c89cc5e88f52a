import DeployPipeline
import Foundation
import Testing

/// The service's settings from its environment: defaults, each variable's forms, and refusals that name the
/// variable and never a secret.
@Suite struct ServiceSettingsTests {
    private static let defaultState = "/var/lib/chimera-test"

    private func settings(_ environment: [String: String]) throws(SettingsError) -> ServiceSettings {
        try ServiceSettings.fromEnvironment(environment, defaultStateDirectory: Self.defaultState)
    }

    /// The refusal of `environment`, or nil (recorded as an issue) when it was accepted.
    private func refusal(_ environment: [String: String]) -> SettingsError? {
        do {
            let accepted = try settings(environment)
            Issue.record("accepted: \(accepted.host):\(accepted.port)")
            return nil
        } catch {
            return error
        }
    }

    @Test func anEmptyEnvironmentGivesTheDocumentedDefaults() throws {
        let defaults = try settings([:])
        #expect(defaults.enabled)
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 8000)
        #expect(defaults.stateDirectory == Self.defaultState)
        #expect(defaults.configPath == "/etc/chimera/chimera.toml")
        #expect(defaults.simulationTimeout == .seconds(600))
        #expect(defaults.healMaxAttempts == 3)
        #expect(defaults.publicURL == nil)
        #expect(defaults.webhookSecret == nil)
        #expect(defaults.githubToken == nil)
        #expect(defaults.githubAPIURL == "https://api.github.com")
        #expect(defaults.baseURL == "http://127.0.0.1:8000")
    }

    @Test func blankValuesCountAsUnset() throws {
        let blank = try settings(["CHIMERA_LISTEN": "  ", "GITHUB_WEBHOOK_SECRET": "", "CHIMERA_ENABLED": " "])
        #expect(blank.port == 8000)
        #expect(blank.webhookSecret == nil)
        #expect(blank.enabled)
    }

    @Test func everyVariableIsRead() throws {
        let read = try settings([
            "CHIMERA_STATE_DIR": "/srv/chimera",
            "CHIMERA_CONFIG": "/srv/chimera.toml",
            "CHIMERA_SIM_TIMEOUT": "120",
            "CHIMERA_HEAL_MAX_ATTEMPTS": "0",
            "CHIMERA_PUBLIC_URL": "https://deploy.example.org/",
            "GITHUB_WEBHOOK_SECRET": "hook-secret",
            "GITHUB_TOKEN": "ghp_token",
            "GITHUB_API_URL": "http://127.0.0.1:9999/api/v3/",
        ])
        #expect(read.stateDirectory == "/srv/chimera")
        #expect(read.configPath == "/srv/chimera.toml")
        #expect(read.simulationTimeout == .seconds(120))
        #expect(read.healMaxAttempts == 0)
        #expect(read.publicURL == "https://deploy.example.org/")
        #expect(read.baseURL == "https://deploy.example.org")
        #expect(read.webhookSecret == "hook-secret")
        #expect(read.githubToken == "ghp_token")
        // The trailing slash is dropped, so paths can be appended with their own.
        #expect(read.githubAPIURL == "http://127.0.0.1:9999/api/v3")
    }

    /// A `CHIMERA_LISTEN` value and the host and port it means.
    struct ListenCase: Sendable, CustomTestStringConvertible {
        var text: String
        var host: String
        var port: Int
        var testDescription: String { text }
    }

    @Test(arguments: [
        ListenCase(text: "127.0.0.1:9000", host: "127.0.0.1", port: 9000),
        ListenCase(text: ":9000", host: "127.0.0.1", port: 9000),
        ListenCase(text: "[::1]:9000", host: "::1", port: 9000),
        ListenCase(text: "0.0.0.0:80", host: "0.0.0.0", port: 80),
        ListenCase(text: "localhost:0", host: "localhost", port: 0),
    ])
    func listenForms(_ listen: ListenCase) throws {
        let read = try settings(["CHIMERA_LISTEN": listen.text])
        #expect(read.host == listen.host)
        #expect(read.port == listen.port)
    }

    @Test func anIPv6ListenAddressIsBracketedInLinks() throws {
        #expect(try settings(["CHIMERA_LISTEN": "[::1]:9000"]).baseURL == "http://[::1]:9000")
    }

    @Test(arguments: ["127.0.0.1:port", "127.0.0.1:70000", "[::1", "127.0.0.1:", "127.0.0.1:-1"])
    func aBadListenValueIsRefusedWithAnExample(text: String) throws {
        let error = try #require(refusal(["CHIMERA_LISTEN": text]))
        #expect(error.description.hasPrefix("CHIMERA_LISTEN=\(text):"))
        #expect(error.description.contains("port"))
    }

    @Test(arguments: [("true", true), ("TRUE", true), ("1", true), ("yes", true), ("on", true), ("false", false), ("False", false), ("0", false), ("no", false), ("off", false)])
    func enabledForms(text: String, enabled: Bool) throws {
        #expect(try settings(["CHIMERA_ENABLED": text]).enabled == enabled)
    }

    @Test func aGarbageEnabledValueIsRefused() throws {
        let error = try #require(refusal(["CHIMERA_ENABLED": "maybe"]))
        #expect(error.description == "CHIMERA_ENABLED=maybe: write true or false")
    }

    @Test(arguments: ["0", "-5", "ten", "1.5"])
    func aBadSimulationTimeoutIsRefused(text: String) throws {
        let error = try #require(refusal(["CHIMERA_SIM_TIMEOUT": text]))
        #expect(error.description.hasPrefix("CHIMERA_SIM_TIMEOUT=\(text):"))
        #expect(error.description.contains("whole number of seconds"))
    }

    @Test(arguments: ["-1", "three", "2.5"])
    func aBadHealAttemptsValueIsRefused(text: String) throws {
        let error = try #require(refusal(["CHIMERA_HEAL_MAX_ATTEMPTS": text]))
        #expect(error.description.hasPrefix("CHIMERA_HEAL_MAX_ATTEMPTS=\(text):"))
        #expect(error.description.contains("0 or more"))
    }

    @Test func aGitHubAPIURLThatIsNotHTTPIsRefused() throws {
        let error = try #require(refusal(["GITHUB_API_URL": "api.github.com"]))
        #expect(error.description.contains("GITHUB_API_URL=api.github.com"))
        #expect(error.description.contains("https://api.github.com"))
    }

    /// A webhook secret is never refused (any text is a valid secret), and no other variable's refusal repeats it
    /// or the GitHub token.
    @Test func secretsNeverAppearInRefusals() throws {
        let secrets = ["GITHUB_WEBHOOK_SECRET": "whsec-Zq81-never-print", "GITHUB_TOKEN": "ghp_NeverPrintThisToken123"]
        // Odd-looking secrets are accepted as they are.
        let accepted = try settings(["GITHUB_WEBHOOK_SECRET": " spaced:secret=with/odd chars "])
        #expect(accepted.webhookSecret == "spaced:secret=with/odd chars")

        let bad: [[String: String]] = [
            ["CHIMERA_ENABLED": "perhaps"],
            ["CHIMERA_LISTEN": "nowhere:"],
            ["CHIMERA_SIM_TIMEOUT": "soon"],
            ["CHIMERA_HEAL_MAX_ATTEMPTS": "many"],
            ["GITHUB_API_URL": "ftp://example.org"],
        ]
        for variables in bad {
            let environment = secrets.merging(variables) { $1 }
            let error = try #require(refusal(environment))
            for secret in secrets.values {
                #expect(!error.description.contains(secret), "\(variables.keys.first ?? "") refusal shows a secret: \(error)")
            }
        }
    }
}
