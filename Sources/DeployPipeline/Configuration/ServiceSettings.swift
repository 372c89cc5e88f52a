import Foundation

/// The service's settings from its environment (systemd's `EnvironmentFile`, or the shell).
///
/// | variable | default |
/// |---|---|
/// | `CHIMERA_ENABLED` | `true`: `false` acknowledges and records webhooks but runs nothing, and API writes answer 503 |
/// | `CHIMERA_LISTEN` | `127.0.0.1:8000` |
/// | `CHIMERA_STATE_DIR` | `$XDG_STATE_HOME/chimera`, else `~/.local/state/chimera` (systemd's `StateDirectory` sets it) |
/// | `CHIMERA_CONFIG` | `/etc/chimera/chimera.toml` |
/// | `CHIMERA_SIM_TIMEOUT` | 600 seconds per build |
/// | `CHIMERA_HEAL_MAX_ATTEMPTS` | 3 |
/// | `CHIMERA_PUBLIC_URL` | `http://<CHIMERA_LISTEN>`: the base of the `target_url` of commit statuses |
/// | `GITHUB_WEBHOOK_SECRET` | none: every webhook is refused with 401 until it is set |
/// | `GITHUB_TOKEN` | none: commit statuses are not posted |
/// | `GITHUB_API_URL` | `https://api.github.com` |
public struct ServiceSettings: Sendable {
    /// Whether pipelines run.
    public var enabled: Bool
    /// Where the server listens.
    public var host: String
    /// The port (0 picks a free one, for tests).
    public var port: Int
    /// The state directory.
    public var stateDirectory: String
    /// The sites file.
    public var configPath: String
    /// The build timeout.
    public var simulationTimeout: Duration
    /// How many heal attempts a deploy gets.
    public var healMaxAttempts: Int
    /// The public base URL of this server, for links in commit statuses.
    public var publicURL: String?
    /// The secret GitHub signs webhooks with.
    public var webhookSecret: String?
    /// The token commit statuses are posted with.
    public var githubToken: String?
    /// GitHub's REST API.
    public var githubAPIURL: String
    /// The first retry's delay after a transient stage failure; each next one doubles (3 retries, then quarantine).
    public var retryBaseDelay: Duration = .seconds(2)

    /// Creates settings from values (tests); `fromEnvironment` is the daemon's way.
    public init(
        enabled: Bool = true,
        host: String = "127.0.0.1",
        port: Int = 8000,
        stateDirectory: String,
        configPath: String = "/etc/chimera/chimera.toml",
        simulationTimeout: Duration = .seconds(600),
        healMaxAttempts: Int = 3,
        publicURL: String? = nil,
        webhookSecret: String? = nil,
        githubToken: String? = nil,
        githubAPIURL: String = "https://api.github.com"
    ) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.stateDirectory = stateDirectory
        self.configPath = configPath
        self.simulationTimeout = simulationTimeout
        self.healMaxAttempts = healMaxAttempts
        self.publicURL = publicURL
        self.webhookSecret = webhookSecret
        self.githubToken = githubToken
        self.githubAPIURL = githubAPIURL
    }

    /// The base of links to this server: `CHIMERA_PUBLIC_URL`, else `http://host:port`.
    public var baseURL: String {
        if let publicURL, !publicURL.isEmpty { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port)"
    }

    /// Reads the settings from `environment`.
    ///
    /// - Parameter defaultStateDirectory: used when `CHIMERA_STATE_DIR` is unset.
    /// - Throws: ``SettingsError`` naming the variable, its value (never a secret's) and what it should be.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        defaultStateDirectory: String
    ) throws(SettingsError) -> ServiceSettings {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        var settings = ServiceSettings(stateDirectory: value("CHIMERA_STATE_DIR") ?? defaultStateDirectory)
        if let text = value("CHIMERA_ENABLED") {
            switch text.lowercased() {
            case "true", "1", "yes", "on": settings.enabled = true
            case "false", "0", "no", "off": settings.enabled = false
            default: throw SettingsError("CHIMERA_ENABLED=\(text): write true or false")
            }
        }
        if let text = value("CHIMERA_LISTEN") {
            let (host, port) = try parseListen(text)
            settings.host = host
            settings.port = port
        }
        if let text = value("CHIMERA_CONFIG") { settings.configPath = text }
        if let text = value("CHIMERA_SIM_TIMEOUT") {
            guard let seconds = Int(text), seconds > 0 else { throw SettingsError("CHIMERA_SIM_TIMEOUT=\(text): give a whole number of seconds, such as 600") }
            settings.simulationTimeout = .seconds(seconds)
        }
        if let text = value("CHIMERA_HEAL_MAX_ATTEMPTS") {
            guard let attempts = Int(text), attempts >= 0 else {
                throw SettingsError("CHIMERA_HEAL_MAX_ATTEMPTS=\(text): give a whole number, 0 or more, such as 3")
            }
            settings.healMaxAttempts = attempts
        }
        settings.publicURL = value("CHIMERA_PUBLIC_URL")
        settings.webhookSecret = value("GITHUB_WEBHOOK_SECRET")
        settings.githubToken = value("GITHUB_TOKEN")
        if let text = value("GITHUB_API_URL") {
            guard text.hasPrefix("http://") || text.hasPrefix("https://") else {
                throw SettingsError("GITHUB_API_URL=\(text): give an http(s) URL, such as https://api.github.com")
            }
            settings.githubAPIURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        return settings
    }

    /// Reads `host:port`, `[v6]:port` or `:port`.
    static func parseListen(_ text: String) throws(SettingsError) -> (String, Int) {
        var host = "127.0.0.1"
        var portText = text
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw SettingsError("CHIMERA_LISTEN=\(text): write [address]:port") }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = String(text[close...].dropFirst().drop { $0 == ":" })
        } else if let colon = text.lastIndex(of: ":") {
            if colon != text.startIndex { host = String(text[..<colon]) }
            portText = String(text[text.index(after: colon)...])
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw SettingsError("CHIMERA_LISTEN=\(text): write host:port, such as 127.0.0.1:8000")
        }
        return (host, port)
    }
}

/// A setting that cannot be used.
public struct SettingsError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to write instead.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
