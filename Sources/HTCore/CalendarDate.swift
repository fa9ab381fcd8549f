import Foundation

/// A calendar day (no time, no zone), written YYYY-MM-DD.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  public let year: Int
  public let month: Int
  public let day: Int

  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= CalendarDate.daysIn(month: month, year: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses exactly `YYYY-MM-DD` and checks the day exists.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// The first and last days a CalendarDate can hold, for open-ended ranges.
  public static let distantPast = CalendarDate(year: 1, month: 1, day: 1)!
  public static let distantFuture = CalendarDate(year: 9999, month: 12, day: 31)!

  /// The next calendar day (the same day at the end of the range).
  public var nextDay: CalendarDate {
    if day < CalendarDate.daysIn(month: month, year: year) { return CalendarDate(year: year, month: month, day: day + 1)! }
    if month < 12 { return CalendarDate(year: year, month: month + 1, day: 1)! }
    return CalendarDate(year: year + 1, month: 1, day: 1) ?? self
  }

  /// The previous calendar day (the same day at the start of the range).
  public var previousDay: CalendarDate {
    if day > 1 { return CalendarDate(year: year, month: month, day: day - 1)! }
    if month > 1 { return CalendarDate(year: year, month: month - 1, day: CalendarDate.daysIn(month: month - 1, year: year))! }
    return CalendarDate(year: year - 1, month: 12, day: 31) ?? self
  }

  /// Today's date in UTC.
  public static func today() -> CalendarDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
  }

  public var description: String {
    let y = String(year), m = String(month), d = String(day)
    return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-"
      + (m.count < 2 ? "0" + m : m) + "-" + (d.count < 2 ? "0" + d : d)
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = CalendarDate(text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A range of days written `FROM..TO` (both inclusive), e.g. `2015-01-01..2026-01-01`.
public struct DateRange: Sendable, Hashable {
  public let first: CalendarDate
  public let last: CalendarDate

  public init?(first: CalendarDate, last: CalendarDate) {
    guard first <= last else { return nil }
    self.first = first
    self.last = last
  }

  public init?(_ text: String) {
    let parts = text.components(separatedBy: "..")
    guard parts.count == 2, let first = CalendarDate(parts[0]), let last = CalendarDate(parts[1]) else { return nil }
    self.init(first: first, last: last)
  }

  /// The first day, then every `years` years after it, up to the last day.
  public func yearly(every years: Int = 1) -> [CalendarDate] {
    var out: [CalendarDate] = []
    var year = first.year
    while true {
      let day = min(first.day, CalendarDate.daysIn(month: first.month, year: year))
      guard let date = CalendarDate(year: year, month: first.month, day: day), date <= last else { break }
      out.append(date)
      year += years
    }
    return out
  }
}
