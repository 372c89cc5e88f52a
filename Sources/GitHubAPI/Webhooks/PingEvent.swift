/// GitHub's `ping` webhook payload, sent when a webhook is created.
public struct PingEvent: Sendable, Decodable {
    /// A random line of GitHub zen.
    public var zen: String
    /// The id of the webhook that sent the ping.
    public var hookID: Int

    enum CodingKeys: String, CodingKey {
        case zen
        case hookID = "hook_id"
    }
}
