/// The name of an event on the Genesis Bus: one of a fixed set users see and scripts match on.
///
/// Only the static members exist; ``init(rawValue:)`` returns `nil` for any other text, so an unknown name can
/// never be written.
public struct EventName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The dotted name, such as `chimera.simulate.start`.
    public let rawValue: String

    /// The name `rawValue`, or `nil` when it is not one of the fixed names.
    public init?(rawValue: String) {
        guard Self.knownNames.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { self.rawValue = known }

    /// The name `text`.
    /// - Throws: ``StoreError`` when `text` is not one of the fixed names.
    public static func parse(_ text: String) throws -> Self {
        guard let name = Self(rawValue: text) else {
            throw StoreError("unknown event name \"\(text)\"; the names are: \(all.map(\.rawValue).joined(separator: ", "))")
        }
        return name
    }

    /// A deploy was asked for.
    public static let deployInitiated = Self(known: "deploy.initiated")
    /// Chimera intends to heal what a simulation found.
    public static let deployHealIntent = Self(known: "deploy.heal.intent")
    /// Healing finished.
    public static let deployHealComplete = Self(known: "deploy.heal.complete")
    /// A deploy was certified.
    public static let deployCertified = Self(known: "deploy.certified")
    /// A simulation started.
    public static let simulateStart = Self(known: "chimera.simulate.start")
    /// A simulation finished.
    public static let simulateComplete = Self(known: "chimera.simulate.complete")
    /// A deploy started.
    public static let deployStart = Self(known: "chimera.deploy.start")
    /// A deploy finished.
    public static let deployComplete = Self(known: "chimera.deploy.complete")
    /// A certification started.
    public static let certifyStart = Self(known: "chimera.certify.start")
    /// A certification finished.
    public static let certifyComplete = Self(known: "chimera.certify.complete")
    /// A rollback was triggered.
    public static let rollbackTriggered = Self(known: "chimera.rollback.triggered")
    /// A GitHub webhook delivery (a push or a ping) was stored durably; the payload names the delivery.
    public static let webhookReceived = Self(known: "github.webhook.received")
    /// A GitHub webhook delivery was acknowledged but nothing runs for it; the payload says why.
    public static let webhookIgnored = Self(known: "github.webhook.ignored")
    /// A queued deploy was replaced by a newer one for the same site and context; the payload names the newer deploy.
    public static let deploySuperseded = Self(known: "deploy.superseded")
    /// A deploy kept failing and was set aside in quarantine until someone replays it.
    public static let deployQuarantined = Self(known: "deploy.quarantined")
    /// A deploy failed for good.
    public static let deployFailed = Self(known: "deploy.failed")
    /// Verification of a deployed release against its prediction started.
    public static let verifyStart = Self(known: "chimera.verify.start")
    /// Verification of a deployed release finished.
    public static let verifyComplete = Self(known: "chimera.verify.complete")
    /// The commit to deploy was fetched and its tree exported.
    public static let fetchComplete = Self(known: "chimera.fetch.complete")
    /// An API token was created; the payload names it, never its secret.
    public static let tokenCreated = Self(known: "token.created")

    /// Every name, in the order the documentation lists them.
    public static let all: [Self] = [
        deployInitiated, deployHealIntent, deployHealComplete, deployCertified, simulateStart, simulateComplete,
        deployStart, deployComplete, certifyStart, certifyComplete, rollbackTriggered, webhookReceived, webhookIgnored,
        deploySuperseded, deployQuarantined, deployFailed, verifyStart, verifyComplete, fetchComplete, tokenCreated,
    ]

    // Spelled out rather than derived from `all`, which is built from these static members.
    private static let knownNames: Set<String> = [
        "deploy.initiated", "deploy.heal.intent", "deploy.heal.complete", "deploy.certified", "chimera.simulate.start",
        "chimera.simulate.complete", "chimera.deploy.start", "chimera.deploy.complete", "chimera.certify.start",
        "chimera.certify.complete", "chimera.rollback.triggered", "github.webhook.received", "github.webhook.ignored",
        "deploy.superseded", "deploy.quarantined", "deploy.failed", "chimera.verify.start", "chimera.verify.complete",
        "chimera.fetch.complete", "token.created",
    ]

    /// Decodes a name, rejecting unknown ones.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard Self.knownNames.contains(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown event name \(text)"))
        }
        self.rawValue = text
    }

    /// Encodes the dotted name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The dotted name.
    public var description: String { rawValue }
}
