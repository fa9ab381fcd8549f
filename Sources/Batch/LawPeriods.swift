import HTCore
import RuleEngine
import RuleSyntax

/// The days on which some encoded law changes. Between two consecutive change days every
/// jurisdiction's law is the same, so a dataset spanning years needs one compiled evaluator per
/// period in use, not one per row. A jurisdiction's own periods follow its own change days only.
public struct LawPeriods: Sendable {
  /// Sorted change days of every jurisdiction together: period `p` runs from `days[p - 1]`
  /// (inclusive; the beginning of time for period 0) to `days[p]` (exclusive).
  public let days: [CalendarDate]
  /// Each jurisdiction's own change days, sorted.
  public let daysByJurisdiction: [String: [CalendarDate]]

  public init(library: RuleLibrary) {
    var byJurisdiction: [String: [CalendarDate]] = [:]
    for j in library.jurisdictions {
      var days: Set<CalendarDate> = []
      for offense in j.offenses {
        if let first = offense.firstInForce { days.insert(first) }
        for version in offense.versions {
          days.insert(version.effectiveFrom)
          if let to = version.effectiveTo, to < .distantFuture { days.insert(to.nextDay) }
        }
      }
      byJurisdiction[j.code.text] = days.sorted()
    }
    daysByJurisdiction = byJurisdiction
    days = Set(byJurisdiction.values.joined()).sorted()
  }

  public var count: Int { days.count + 1 }

  /// The period a date falls in (the number of change days on or before it).
  public func period(of date: CalendarDate) -> Int { Self.countOnOrBefore(date, in: days) }

  /// A jurisdiction's own period for a date.
  public func localPeriod(of date: CalendarDate, jurisdiction: String) -> Int {
    Self.countOnOrBefore(date, in: daysByJurisdiction[jurisdiction] ?? [])
  }

  /// A day inside the period (its first day; for period 0, the first day a date can hold).
  public func firstDay(of period: Int) -> CalendarDate { period == 0 ? .distantPast : days[period - 1] }

  static func countOnOrBefore(_ date: CalendarDate, in sorted: [CalendarDate]) -> Int {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] <= date { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
