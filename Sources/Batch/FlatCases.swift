import Foundation
import HTCore
import RuleEngine
import RuleSyntax

/// The flat form of a case, for CSV and SQL: one column per fact path (`victim.age`,
/// `exploiter.means.fraud`; in SQL the dots become `_`). Cells hold small integers: -1 unknown,
/// 0/1 for no/yes, the age in years, or the rank of a mental state.
public struct FlatSchema: Sendable {
  public let paths: [FactPath]
  public let types: [Vocabulary.TermType]
  public let index: [String: Int]
  /// Column indices of the buyer's facts (a buyer is present when any of them is known).
  public let buyerColumns: [Int]

  public init(vocabulary: Vocabulary) {
    let all = vocabulary.factPaths
    paths = all
    types = all.map { vocabulary.term(for: $0)?.type ?? .boolean }
    index = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.description, $0) })
    buyerColumns = all.indices.filter { all[$0].role == .buyer }
  }

  public var columnNames: [String] { paths.map(\.description) }

  public static func sqlName(_ path: FactPath) -> String { path.description.replacingOccurrences(of: ".", with: "_") }

  public enum CellError: Error, Sendable, Equatable {
    case notBoolean, notAge, notMentalState
    public var message: String {
      switch self {
      case .notBoolean: return "expected true, false (or yes/no, 1/0) or empty for unknown"
      case .notAge: return "expected a whole number of years from 0 to 120, or empty for unknown"
      case .notMentalState: return "expected intentionally, knowingly, recklessly, negligently, or empty for unknown"
      }
    }
  }

  /// Parses one cell (already unquoted) for a column.
  public func cell(_ bytes: ArraySlice<UInt8>, column: Int) -> Result<Int16, CellError> {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
    if start == end { return .success(-1) }
    let text = bytes[start..<end]
    switch types[column] {
    case .boolean:
      if text.count == 1 {
        switch text.first! {
        case UInt8(ascii: "1"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "y"), UInt8(ascii: "Y"): return .success(1)
        case UInt8(ascii: "0"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "n"), UInt8(ascii: "N"): return .success(0)
        default: return .failure(.notBoolean)
        }
      }
      // Compare case-insensitively, byte by byte (ASCII letters fold with 0x20).
      func matches(_ word: StaticString) -> Bool {
        guard text.count == word.utf8CodeUnitCount else { return false }
        var pointer = word.utf8Start
        for byte in text {
          guard byte | 0x20 == pointer.pointee else { return false }
          pointer += 1
        }
        return true
      }
      if matches("true") || matches("yes") { return .success(1) }
      if matches("false") || matches("no") { return .success(0) }
      if matches("null") || matches("unknown") { return .success(-1) }
      return .failure(.notBoolean)
    case .age:
      var value = 0
      for byte in text {
        guard byte >= 0x30 && byte <= 0x39, value <= 120 else { return .failure(.notAge) }
        value = value * 10 + Int(byte - 0x30)
      }
      return value <= 120 ? .success(Int16(value)) : .failure(.notAge)
    case .mentalState:
      guard let level = MentalLevel(rawValue: String(decoding: text, as: UTF8.self).lowercased()) else { return .failure(.notMentalState) }
      return .success(Int16(level.rank))
    }
  }

  /// The case a flat row describes, for the reference evaluator. The exploiter is always present;
  /// the buyer when any buyer fact is known.
  public func caseFile(_ row: [Int16], id: String?) -> CaseFile {
    var facts = CaseFile(id: id)
    for (column, path) in paths.enumerated() where row[column] >= 0 {
      switch types[column] {
      case .boolean: facts[path] = .bool(row[column] == 1)
      case .age: facts[path] = .age(Int(row[column]))
      case .mentalState: facts[path] = .level(MentalLevel.allCases.first { $0.rank == Int(row[column]) }!)
      }
    }
    facts.roles = buyerColumns.contains { row[$0] >= 0 } ? [.exploiter, .buyer] : [.exploiter]
    return facts
  }

  /// A flat row from a case file.
  public func row(_ facts: CaseFile) -> [Int16] {
    paths.map { path in
      switch facts[path] {
      case .bool(let b)?: return b ? 1 : 0
      case .age(let n)?: return Int16(n)
      case .level(let l)?: return Int16(l.rank)
      case nil: return -1
      }
    }
  }
}

/// The output columns of batch evaluation and of the compiled SQL: for every jurisdiction J and
/// offense kind K, `J_K` (the outcome for the victim: met if any actor's conduct meets it), and
/// `J_sex_trafficking_buyer` (the buyer's conduct under the sex-trafficking offenses).
public struct BatchColumn: Sendable, Hashable {
  public var jurisdiction: String
  public var offense: OffenseKind
  public var buyerOnly: Bool

  public var name: String { "\(jurisdiction)_\(offense.rawValue)" + (buyerOnly ? "_buyer" : "") }

  public static func all(for library: RuleLibrary) -> [BatchColumn] {
    library.jurisdictions.flatMap { j -> [BatchColumn] in
      let kinds = Set(j.offenses.map(\.kind)).sorted()
      var columns = kinds.map { BatchColumn(jurisdiction: j.code.text, offense: $0, buyerOnly: false) }
      if kinds.contains(.sexTrafficking) { columns.append(BatchColumn(jurisdiction: j.code.text, offense: .sexTrafficking, buyerOnly: true)) }
      return columns
    }
  }
}

/// The reference for batch evaluation: the tree-walking evaluator, row by row, exactly as
/// `compare` judges one case on its date.
public struct ReferenceBatchEvaluator: Sendable {
  public let library: RuleLibrary
  public let schema: FlatSchema
  public let columns: [BatchColumn]
  public let mode: EvaluationMode

  public init(library: RuleLibrary, mode: EvaluationMode) {
    self.library = library
    self.schema = FlatSchema(vocabulary: library.vocabulary)
    self.columns = BatchColumn.all(for: library)
    self.mode = mode
  }

  public func outcomes(_ row: [Int16], date: CalendarDate) -> [Outcome] {
    let evaluator = Evaluator(library: library)
    let facts = schema.caseFile(row, id: nil)
    var withBuyer = facts
    if !withBuyer.roles.contains(.buyer) { withBuyer.roles.append(.buyer) }
    return columns.map { column in
      let j = library.jurisdiction(column.jurisdiction)!
      if column.buyerOnly {
        return evaluator.evaluate(j, kind: column.offense, role: .buyer, facts: withBuyer, mode: mode, date: date).outcome
      }
      return Outcome.anyMet(facts.roles.map { evaluator.evaluate(j, kind: column.offense, role: $0, facts: facts, mode: mode, date: date).outcome })
    }
  }
}
