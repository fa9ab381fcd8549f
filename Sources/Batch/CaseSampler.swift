import HTCore

/// Generates random flat cases, deterministically from a seed, for tests, benchmarks and for
/// researchers checking an SQL deployment. Many facts are left unknown on purpose.
public struct CaseSampler: Sendable {
  public let schema: FlatSchema
  var random: SplitMix64

  public init(schema: FlatSchema, seed: UInt64) {
    self.schema = schema
    self.random = SplitMix64(seed: seed)
  }

  mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

  public mutating func next() -> [Int16] {
    var row = [Int16](repeating: -1, count: schema.paths.count)
    let buyer = chance(40)
    let purposes = schema.paths.indices.filter { schema.paths[$0].group == .purpose }
    let chosenPurpose = purposes.isEmpty ? -1 : purposes[Int(random.next() % UInt64(purposes.count))]
    for (column, path) in schema.paths.enumerated() {
      if path.role == .buyer && !buyer { continue }
      switch (schema.types[column], path.group) {
      case (.age, _):
        if chance(85) { row[column] = path.role == nil ? Int16(8 + random.next() % 40) : Int16(15 + random.next() % 50) }
      case (.mentalState, _):
        if chance(30) { row[column] = Int16(random.next() % 4) }
      case (_, .purpose):
        if chance(80) { row[column] = column == chosenPurpose || chance(5) ? 1 : 0 }
      case (_, .acts):
        if chance(65) { row[column] = chance(25) ? 1 : 0 }
      case (_, .means):
        if chance(60) { row[column] = chance(12) ? 1 : 0 }
      default:
        if chance(60) { row[column] = chance(15) ? 1 : 0 }
      }
    }
    return row
  }

  /// A random day from `first` to `last` (inclusive; default 2012 to 2026, the years most
  /// encoded versions span).
  public mutating func nextDate(
    from first: CalendarDate = CalendarDate(year: 2012, month: 1, day: 1)!, to last: CalendarDate = CalendarDate(year: 2026, month: 12, day: 31)!
  ) -> CalendarDate {
    precondition(first <= last)
    while true {
      let year = first.year + Int(random.next() % UInt64(last.year - first.year + 1))
      let month = 1 + Int(random.next() % 12)
      let day = 1 + Int(random.next() % UInt64(CalendarDate.daysIn(month: month, year: year)))
      let date = CalendarDate(year: year, month: month, day: day)!
      if first <= date && date <= last { return date }
    }
  }

  /// A CSV line for a row (fields in schema order, after the id).
  public func csvLine(id: String, _ row: [Int16]) -> String {
    var out = id
    for (column, value) in row.enumerated() {
      out += ","
      guard value >= 0 else { continue }
      switch schema.types[column] {
      case .boolean: out += value == 1 ? "true" : "false"
      case .age: out += String(value)
      case .mentalState: out += MentalLevel.allCases.first { $0.rank == Int(value) }!.rawValue
      }
    }
    return out
  }
}
