import ChimeraStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /api/chimera/events`: the Genesis Bus as Server-Sent Events.
///
/// Each event is sent with `id:` = its sequence number, so a client that reconnects with `Last-Event-ID` resumes
/// right after the last event it saw. With `?follow=false` the stream ends after the events already stored.
struct EventStream: Sendable {
    let database: ChimeraDatabase
    let after: Int64
    let follow: Bool

    func response() -> Response {
        let (database, after, follow) = (database, after, follow)
        let body = ResponseBody { writer in
            var last = after
            var idle = Duration.zero
            try await writer.write(ByteBuffer(string: ": chimera event stream\nretry: 2000\n\n"))
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let events = try database.events(since: last, limit: 200)
                for event in events {
                    guard let sequence = event.sequence else { continue }
                    try await writer.write(ByteBuffer(string: Self.frame(event, sequence: sequence)))
                    last = sequence
                }
                if events.count == 200 { continue }
                if !follow { break }
                try await Task.sleep(for: .milliseconds(200))
                idle += .milliseconds(200)
                // A comment line every 15 s keeps proxies from closing an idle stream.
                if idle >= .seconds(15) {
                    idle = .zero
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: body
        )
    }

    /// One SSE frame: `id`, `event` (the event's name) and `data` (the event as JSON on one line).
    static func frame(_ event: Event, sequence: Int64) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(sequence)\nevent: \(event.name.rawValue)\ndata: \(data)\n\n"
    }
}
