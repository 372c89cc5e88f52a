/// What ``DeliveryIntake/store(_:)`` did with a delivery.
public enum IntakeResult: Hashable, Sendable {
    /// It is new and was stored with this sequence.
    case stored(Int64)
    /// The same hook id and delivery id were stored before, with this sequence: GitHub redelivered it.
    case duplicate(Int64)

    /// The sequence of the stored row, new or earlier.
    public var sequence: Int64 {
        switch self {
        case .stored(let sequence), .duplicate(let sequence): sequence
        }
    }

    /// Whether this call stored a new row.
    public var isNew: Bool {
        if case .stored = self { true } else { false }
    }
}
