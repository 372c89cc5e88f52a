/// The gate's refusal: the certificate or the folder does not hold.
public struct GateRefusal: Error, Sendable, CustomStringConvertible {
    /// What was found.
    public var result: VerificationResult

    /// Every problem, one per line.
    public var description: String { "not certified:\n" + result.problems.joined(separator: "\n") }
}
