import Foundation

/// A GitHub webhook delivery as it arrived, before it is stored: its headers and its raw body.
public struct NewDelivery: Hashable, Sendable {
    /// `X-GitHub-Delivery`: the GUID GitHub keeps when it redelivers.
    public var deliveryID: String
    /// `X-GitHub-Hook-ID`, or empty when the request did not carry one.
    public var hookID: String
    /// `X-GitHub-Event`: `push`, `ping`, …
    public var event: String
    /// The raw JSON body, byte for byte as received (the signature was computed over these bytes).
    public var body: Data
    /// When the request arrived.
    public var receivedAt: Date

    /// Creates a delivery.
    public init(deliveryID: String, hookID: String = "", event: String, body: Data, receivedAt: Date = Date()) {
        self.deliveryID = deliveryID
        self.hookID = hookID
        self.event = event
        self.body = body
        self.receivedAt = receivedAt
    }

    /// Checks the headers before the delivery joins a batch, so one bad delivery cannot fail the others' commit.
    /// - Throws: ``StoreError`` when the delivery id or event is empty or too long, or a header looks like a secret.
    func validate() throws {
        for (field, value, allowsEmpty) in [
            ("X-GitHub-Delivery", deliveryID, false), ("X-GitHub-Hook-ID", hookID, true), ("X-GitHub-Event", event, false),
        ] {
            if value.isEmpty, !allowsEmpty {
                throw StoreError("the webhook delivery has no \(field) header; GitHub always sends one, so reject the request")
            }
            if value.utf8.count > 200 {
                throw StoreError("the \(field) header of the webhook delivery is longer than 200 bytes; reject the request")
            }
            // These headers go into events, which never carry anything that looks like a credential.
            try CanonicalJSON.screenValue(value, field: field)
        }
    }
}
