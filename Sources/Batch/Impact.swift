import HTCore
import RuleEngine
import RuleSyntax

/// What a change in the law does to a dataset: every row judged under two laws (two dates, or
/// current law and a proposed bill), counting per jurisdiction and offense column how many rows
/// change outcome, and for a change between dates which amending act each change is due to.
/// The counts are exact: they equal what `batch` gives for each law separately.
public struct ImpactReport: Sendable {
  /// A change of outcome, or none.
  public struct Transition: Sendable, Hashable, Comparable {
    public var before: Outcome
    public var after: Outcome

    public init(_ before: Outcome, _ after: Outcome) {
      self.before = before
      self.after = after
    }

    public var name: String { "\(before.rawValue)_to_\(after.rawValue)" }

    /// The six changes, in the order reports list them.
    public static let changes: [Transition] = [
      Transition(.notMet, .met), Transition(.met, .notMet), Transition(.met, .undetermined), Transition(.notMet, .undetermined),
      Transition(.undetermined, .met), Transition(.undetermined, .notMet),
    ]

    static func index(_ outcome: Outcome) -> Int {
      switch outcome {
      case .met: return 0
      case .notMet: return 1
      case .undetermined: return 2
      }
    }
    static let outcomes: [Outcome] = [.met, .notMet, .undetermined]

    public static func < (a: Transition, b: Transition) -> Bool {
      (index(a.before), index(a.after)) < (index(b.before), index(b.after))
    }
  }

  /// Rows that changed on one day because of the acts whose versions start that day.
  public struct Step: Sendable {
    public var day: CalendarDate
    /// The amending acts (`enacted-by`) of the versions starting that day, or what happened.
    public var acts: [String]
    /// The day starts the earliest encoded version of an offense that existed before: the
    /// change is from law htrules does not hold (undetermined), not an amendment.
    public var earliestEncoded: Bool
    public var transitions: [Transition: Int]

    public var changed: Int { transitions.values.reduce(0, +) }
  }

  /// One output column of `batch` (jurisdiction, offense kind, victim or buyer).
  public struct Cell: Sendable {
    public var column: BatchColumn
    public var jurisdictionName: String
    /// Rows by (outcome under the first law, outcome under the second); unchanged rows included.
    public var transitions: [Transition: Int]
    /// For a change between dates: the days in between on which this column's law changed.
    public var steps: [Step]

    public func count(_ before: Outcome?, _ after: Outcome?) -> Int {
      transitions.filter { (before == nil || $0.key.before == before) && (after == nil || $0.key.after == after) }.values.reduce(0, +)
    }
    public var changed: Int { transitions.filter { $0.key.before != $0.key.after }.values.reduce(0, +) }
  }

  /// What is compared: the law on two dates, or current law and a proposal on one date.
  public enum Comparison: Sendable {
    case dates(from: CalendarDate, to: CalendarDate)
    case reform(date: CalendarDate, label: String)
  }

  public var comparison: Comparison
  public var mode: EvaluationMode
  public var rows: Int
  public var cells: [Cell]
}

/// The share of rows met, per column, on each of a series of dates.
public struct TrendReport: Sendable {
  public struct Series: Sendable {
    public var column: BatchColumn
    public var jurisdictionName: String
    /// Per date (in `dates` order): met, not met, undetermined.
    public var counts: [(met: Int, notMet: Int, undetermined: Int)]
    /// Per date: whether the law of that date is encoded (false before the earliest encoded
    /// version of one of the column's offenses: its rows are undetermined for that reason).
    public var encoded: [Bool]
  }

  public var dates: [CalendarDate]
  public var mode: EvaluationMode
  public var rows: Int
  public var series: [Series]
}

/// Counts gathered from one block of rows (see `RecordStream`).
struct ImpactCounts: StreamPart {
  var problems: [String]
  var rows: Int
  /// `[evaluation][column * 3 + outcome]`: outcome counts on each evaluation.
  var outcomes: [[Int]]
  /// `[step][column * 9 + before * 3 + after]`: transitions between consecutive evaluations.
  var transitions: [[Int]]

  init(evaluations: Int, columns: Int, problems: [String] = []) {
    self.problems = problems
    rows = 0
    outcomes = Array(repeating: Array(repeating: 0, count: columns * 3), count: evaluations)
    transitions = Array(repeating: Array(repeating: 0, count: columns * 9), count: max(0, evaluations - 1))
  }

  mutating func add(_ other: ImpactCounts) {
    rows += other.rows
    problems += other.problems
    for i in outcomes.indices { for j in outcomes[i].indices { outcomes[i][j] += other.outcomes[i][j] } }
    for i in transitions.indices { for j in transitions[i].indices { transitions[i][j] += other.transitions[i][j] } }
  }
}

/// One law to evaluate rows under: a compiled evaluator and a date.
struct LawAtDate: Sendable {
  var evaluator: CompiledBatchEvaluator
  var date: CalendarDate
  /// For each column of the report, the evaluator's column (nil: the law has no such column,
  /// which counts as not met).
  var columnMap: [Int?]
}
