/// An answer the stand-in gives instead of the normal one, scripted by a test with `failNext`.
struct ScriptedFault: Sendable {
    /// The status code to answer.
    var status: Int
    /// Extra header fields (e.g. `retry-after`, `x-ratelimit-reset`).
    var headers: [String: String]
    /// GitHub's `message` field in the answer.
    var message: String
}
