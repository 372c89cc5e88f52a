import Foundation
import GRDB

extension Date {
    /// `date` as it reads back from the database: GRDB stores dates as text with millisecond precision, so a record
    /// returned by a write equals the same record fetched later only if its dates went through this first.
    static func storable(_ date: Date = Date()) -> Date {
        Date.fromDatabaseValue(date.databaseValue) ?? date
    }
}
