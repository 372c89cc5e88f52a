import ChimeraStore
import DeployPipeline
import Foundation
import GitHubAPI
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /webhooks/github`: verifies GitHub's signature over the raw body, stores the delivery durably (group
/// commit) and answers; reading the push and matching it to sites happens in the pipeline, off the request path.
struct WebhookController<Context: RequestContext> {
    /// GitHub caps deliveries at 25 MB.
    static var maximumBody: Int { 25 * 1024 * 1024 }

    let secret: String?
    let intake: DeliveryIntake
    let wake: @Sendable () -> Void

    func register(on router: Router<Context>) {
        router.post("/webhooks/github") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: Context) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maximumBody {
            return JSONResponse.error(.contentTooLarge, "the delivery is larger than GitHub's 25 MB limit")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maximumBody)
        } catch {
            return JSONResponse.error(.contentTooLarge, "the delivery is larger than GitHub's 25 MB limit")
        }
        let body = Array(buffer: buffer)
        guard let secret else {
            return JSONResponse.error(.unauthorized, "this server has no webhook secret: set GITHUB_WEBHOOK_SECRET to the webhook's secret")
        }
        guard WebhookSignature.isValid(body: body, signatureHeader: request.headers[HTTPField.Name.hubSignature], secret: secret) else {
            return JSONResponse.error(.unauthorized, "X-Hub-Signature-256 is missing or does not match the body: check the webhook's secret")
        }
        guard let event = request.headers[HTTPField.Name.githubEvent], !event.isEmpty else {
            return JSONResponse.error(.badRequest, "X-GitHub-Event is missing: GitHub names the event (push, ping) in every delivery")
        }
        guard let deliveryID = request.headers[HTTPField.Name.githubDelivery], !deliveryID.isEmpty else {
            return JSONResponse.error(.badRequest, "X-GitHub-Delivery is missing: GitHub sends one with every delivery")
        }
        let json: [UInt8]
        do {
            json = try WebhookBody.jsonBytes(body: body, contentType: request.headers[.contentType])
        } catch {
            return JSONResponse.error(.badRequest, "\(error)")
        }
        let stored = try await intake.store(
            NewDelivery(deliveryID: deliveryID, hookID: request.headers[HTTPField.Name.githubHookID] ?? "", event: event, body: Data(json))
        )
        wake()
        if event == "ping" { return JSONResponse.object(.ok, ["ok": true, "event": "ping", "delivery": .string(deliveryID)]) }
        guard stored.isNew else {
            return JSONResponse.object(.ok, ["accepted": true, "duplicate": true, "delivery": .string(deliveryID)])
        }
        return JSONResponse.object(.accepted, ["accepted": true, "delivery": .string(deliveryID), "sequence": .int64(stored.sequence)])
    }
}

extension HTTPField.Name {
    static var hubSignature: Self { Self("X-Hub-Signature-256")! }
    static var githubEvent: Self { Self("X-GitHub-Event")! }
    static var githubDelivery: Self { Self("X-GitHub-Delivery")! }
    static var githubHookID: Self { Self("X-GitHub-Hook-ID")! }
}
