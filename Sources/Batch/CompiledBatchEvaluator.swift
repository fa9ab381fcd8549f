import HTCore
import RuleEngine
import RuleSyntax

/// The fast path for batch evaluation: every jurisdiction's formula compiled to predicates over
/// column indices, evaluated 64 cases at a time with three-valued logic on bitsets (one word of
/// "known true" and one of "known false" per value). `ReferenceBatchEvaluator`, the tree-walking
/// evaluator, is what it is tested against. Every period of the law (see `LawPeriods`) is
/// compiled once, so rows dated differently are judged each by the law of its own date.
public struct CompiledBatchEvaluator: Sendable {
  enum Atom: Sendable {
    case column(Int)
    /// A means term: true when any actor in the case used it.
    case means(Int)
  }

  enum Predicate: Sendable {
    case any([Atom], unlisted: [Atom])
    case literal(Int, Bool)
    case range(Int)  // index into `ranges`
  }

  struct Formula: Sendable {
    var terms: [[Predicate]]
    var undetermined: Bool
  }

  /// One column's formulas in one period (indices into `pool`; exploiter -1 for buyer columns).
  struct Slot: Sendable {
    var exploiter: Int32
    var buyer: Int32
  }

  public let schema: FlatSchema
  public let columns: [BatchColumn]
  public let periods: LawPeriods
  let pool: [Formula]
  /// `slots[period][column]`.
  let slots: [[Slot]]
  /// (column, lower, upper) for ages; mental-state ranks use the same form (upper = 4).
  let ranges: [(column: Int, lower: Int16, upper: Int16)]
  let meansExploiter: [Int]
  let meansBuyer: [Int]

  public init(library: RuleLibrary, mode: EvaluationMode) {
    let schema = FlatSchema(vocabulary: library.vocabulary)
    self.schema = schema
    let columns = BatchColumn.all(for: library)
    self.columns = columns
    let periods = LawPeriods(library: library)
    self.periods = periods
    let meansTerms = library.vocabulary.ids(in: .means)
    meansExploiter = meansTerms.map { schema.index[FactPath(role: .exploiter, .means, $0).description]! }
    meansBuyer = meansTerms.map { schema.index[FactPath(role: .buyer, .means, $0).description]! }
    let meansIndex = Dictionary(uniqueKeysWithValues: meansTerms.enumerated().map { ($1, $0) })
    var ranges: [(column: Int, lower: Int16, upper: Int16)] = []
    func rangeIndex(_ column: Int, _ lower: Int, _ upper: Int) -> Int {
      let key = (column: column, lower: Int16(lower), upper: Int16(min(upper, 1000)))
      if let found = ranges.firstIndex(where: { $0 == key }) { return found }
      ranges.append(key)
      return ranges.count - 1
    }
    func atom(_ path: FactPath) -> Atom {
      if path.group == .means, let index = meansIndex[path.term] { return .means(index) }
      return .column(schema.index[path.description]!)
    }
    func compile(_ formula: RuleFormula) -> Formula {
      let terms = formula.terms.map { term in
        term.constraints.map { constraint -> Predicate in
          switch constraint {
          case .anyTrue(let paths, let unlisted): return .any(paths.map(atom), unlisted: unlisted.map(atom))
          case .literal(let path, let value): return .literal(schema.index[path.description]!, value)
          case .age(let path, let lower, let upper): return .range(rangeIndex(schema.index[path.description]!, lower, upper))
          case .mentalAtLeast(let path, let level): return .range(rangeIndex(schema.index[path.description]!, level.rank, 4))
          }
        }
      }
      return Formula(terms: terms, undetermined: !formula.undeterminedOffenses.isEmpty)
    }
    // A jurisdiction's formulas change only on its own change days: compile each once.
    var pool: [Formula] = []
    var compiled: [String: Int32] = [:]
    func formula(_ column: BatchColumn, role: Role, local: Int, date: CalendarDate) -> Int32 {
      let key = "\(column.jurisdiction) \(column.offense.rawValue) \(role.rawValue) \(local)"
      if let index = compiled[key] { return index }
      let j = library.jurisdiction(column.jurisdiction)!
      pool.append(compile(RuleFormula(jurisdiction: j, kind: column.offense, role: role, mode: mode, date: date, vocabulary: library.vocabulary)))
      compiled[key] = Int32(pool.count - 1)
      return Int32(pool.count - 1)
    }
    var slots: [[Slot]] = []
    for period in 0..<periods.count {
      let date = periods.firstDay(of: period)
      slots.append(
        columns.map { column in
          let local = periods.localPeriod(of: date, jurisdiction: column.jurisdiction)
          return Slot(
            exploiter: column.buyerOnly ? -1 : formula(column, role: .exploiter, local: local, date: date),
            buyer: formula(column, role: .buyer, local: local, date: date))
        })
    }
    self.pool = pool
    self.slots = slots
    self.ranges = ranges
  }

  /// Whether a column's law on days of this period is (partly) not encoded: the day is before
  /// the earliest encoded version of one of its offenses, so it can be undetermined, never not met.
  public func lawNotEncoded(column: Int, period: Int) -> Bool {
    let slot = slots[period][column]
    return (slot.exploiter >= 0 && pool[Int(slot.exploiter)].undetermined) || pool[Int(slot.buyer)].undetermined
  }

  /// Up to 64 cases, column-wise.
  public struct Chunk: Sendable {
    public var count: Int
    var knownTrue: [UInt64]
    var knownFalse: [UInt64]
    var buyerPresent: UInt64
    var rangeTrue: [UInt64]
    var rangeFalse: [UInt64]
  }

  public func chunk(_ rows: ArraySlice<[Int16]>) -> Chunk {
    precondition(rows.count <= 64)
    let width = schema.paths.count
    var knownTrue = [UInt64](repeating: 0, count: width)
    var knownFalse = [UInt64](repeating: 0, count: width)
    var buyerPresent: UInt64 = 0
    for (bit, row) in rows.enumerated() {
      let mask = UInt64(1) << UInt64(bit)
      for column in 0..<width {
        let value = row[column]
        if value == 1 { knownTrue[column] |= mask } else if value == 0 { knownFalse[column] |= mask }
      }
      if schema.buyerColumns.contains(where: { row[$0] >= 0 }) { buyerPresent |= mask }
    }
    var rangeTrue = [UInt64](repeating: 0, count: ranges.count)
    var rangeFalse = [UInt64](repeating: 0, count: ranges.count)
    for (index, range) in ranges.enumerated() {
      for (bit, row) in rows.enumerated() {
        let value = row[range.column]
        guard value >= 0 else { continue }
        if value >= range.lower && value < range.upper { rangeTrue[index] |= UInt64(1) << UInt64(bit) } else { rangeFalse[index] |= UInt64(1) << UInt64(bit) }
      }
    }
    return Chunk(count: rows.count, knownTrue: knownTrue, knownFalse: knownFalse, buyerPresent: buyerPresent, rangeTrue: rangeTrue, rangeFalse: rangeFalse)
  }

  /// Outcomes under the law of one period, row-major: `result[row * columns.count + column]`.
  public func evaluate(_ chunk: Chunk, period: Int) -> [Outcome] {
    let slots = self.slots[period]
    let mask: UInt64 = chunk.count == 64 ? ~0 : (UInt64(1) << UInt64(chunk.count)) - 1
    // A means counts when any actor present used it; for the buyer-only columns the buyer is present.
    var victimMeansTrue = [UInt64](repeating: 0, count: meansExploiter.count)
    var victimMeansFalse = [UInt64](repeating: 0, count: meansExploiter.count)
    var buyerMeansTrue = [UInt64](repeating: 0, count: meansExploiter.count)
    var buyerMeansFalse = [UInt64](repeating: 0, count: meansExploiter.count)
    let present = chunk.buyerPresent
    for index in meansExploiter.indices {
      let eT = chunk.knownTrue[meansExploiter[index]]
      let eF = chunk.knownFalse[meansExploiter[index]]
      let bT = chunk.knownTrue[meansBuyer[index]]
      let bF = chunk.knownFalse[meansBuyer[index]]
      victimMeansTrue[index] = eT | (present & bT)
      victimMeansFalse[index] = eF & (~present | bF)
      buyerMeansTrue[index] = eT | bT
      buyerMeansFalse[index] = eF & bF
    }
    func value(_ formula: Formula, meansTrue: [UInt64], meansFalse: [UInt64]) -> (UInt64, UInt64) {
      func atom(_ a: Atom) -> (UInt64, UInt64) {
        switch a {
        case .column(let c): return (chunk.knownTrue[c], chunk.knownFalse[c])
        case .means(let m): return (meansTrue[m], meansFalse[m])
        }
      }
      var anyTrue: UInt64 = 0
      var allFalse: UInt64 = mask
      for term in formula.terms {
        var termTrue: UInt64 = mask
        var termFalse: UInt64 = 0
        for predicate in term {
          let t: UInt64
          let f: UInt64
          switch predicate {
          case .any(let atoms, let unlisted):
            var someTrue: UInt64 = 0
            var everyFalse: UInt64 = mask
            for a in atoms {
              let (at, af) = atom(a)
              someTrue |= at
              everyFalse &= af
            }
            // An open list is ruled out only when every unlisted means is known not used.
            for a in unlisted { everyFalse &= atom(a).1 }
            t = someTrue
            f = everyFalse & ~someTrue
          case .literal(let c, let expected):
            t = expected ? chunk.knownTrue[c] : chunk.knownFalse[c]
            f = expected ? chunk.knownFalse[c] : chunk.knownTrue[c]
          case .range(let r):
            t = chunk.rangeTrue[r]
            f = chunk.rangeFalse[r]
          }
          termTrue &= t
          termFalse |= f
          if termTrue == 0 && termFalse == mask { break }
        }
        anyTrue |= termTrue
        allFalse &= termFalse
      }
      if formula.undetermined { allFalse = 0 }
      return (anyTrue & mask, allFalse & ~anyTrue & mask)
    }
    var outcomes = [Outcome](repeating: .undetermined, count: chunk.count * columns.count)
    for (index, column) in columns.enumerated() {
      let t: UInt64
      let f: UInt64
      if column.buyerOnly {
        (t, f) = value(pool[Int(slots[index].buyer)], meansTrue: buyerMeansTrue, meansFalse: buyerMeansFalse)
      } else {
        let (eT, eF) = value(pool[Int(slots[index].exploiter)], meansTrue: victimMeansTrue, meansFalse: victimMeansFalse)
        let (bT, bF) = present == 0 ? (0, mask) : value(pool[Int(slots[index].buyer)], meansTrue: victimMeansTrue, meansFalse: victimMeansFalse)
        t = eT | (present & bT)
        f = eF & (~present | bF) & ~t & mask
      }
      for row in 0..<chunk.count {
        let bit = UInt64(1) << UInt64(row)
        outcomes[row * columns.count + index] = t & bit != 0 ? .met : f & bit != 0 ? .notMet : .undetermined
      }
    }
    return outcomes
  }
}
