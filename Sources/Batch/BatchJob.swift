import HTCore
import RuleEngine
import RuleSyntax

/// The batch module's entry point: one job over a whole dataset (CSV or JSON lines), read as a
/// stream. `htrules batch`, `htrules impact` and the researchers' page only wire it.
public struct BatchJob: Sendable {
  public enum Task: Sendable {
    /// One row of outcomes per case, each case judged by the law of its own date.
    case verdicts(BatchPipeline.OutputFormat)
    /// Every row under the law of two dates, with the acts in between.
    case impact(from: CalendarDate, to: CalendarDate)
    /// Every row under current law and under a proposal (the same rules with some
    /// jurisdictions replaced), on one date.
    case reform(date: CalendarDate, proposal: RuleLibrary, label: String)
    /// Every row under the law of each date: the share met per column per date.
    case trend([CalendarDate])
  }

  public enum Result: Sendable {
    case verdicts(BatchPipeline.Report)
    case impact(ImpactReport)
    case trend(TrendReport)
  }

  public struct BadJob: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  let library: RuleLibrary
  let mode: EvaluationMode
  let defaultDate: CalendarDate
  let input: BatchPipeline.InputFormat
  let task: Task
  let skipBadRows: Bool
  /// The rules compiled once, when the job is made (a job may run many inputs).
  let evaluator: CompiledBatchEvaluator
  let proposalEvaluator: CompiledBatchEvaluator?

  /// - Parameter defaultDate: the law's date for rows without their own (verdicts only).
  public init(library: RuleLibrary, mode: EvaluationMode, defaultDate: CalendarDate, input: BatchPipeline.InputFormat, task: Task, skipBadRows: Bool) {
    self.library = library
    self.mode = mode
    self.defaultDate = defaultDate
    self.input = input
    self.task = task
    self.skipBadRows = skipBadRows
    evaluator = CompiledBatchEvaluator(library: library, mode: mode)
    if case .reform(_, let proposal, _) = task {
      proposalEvaluator = CompiledBatchEvaluator(library: proposal, mode: mode)
    } else {
      proposalEvaluator = nil
    }
  }

  /// - Parameters:
  ///   - read: the next block of input bytes, or nil at the end.
  ///   - write: receives output bytes in order (verdicts only; the reports are returned).
  ///   - progress: rows done so far.
  public func run(read: () throws -> [UInt8]?, write: ([UInt8]) throws -> Void, progress: (Int) -> Void = { _ in }) throws -> Result {
    switch task {
    case .verdicts(let output):
      let pipeline = BatchPipeline(evaluator: evaluator, library: library, date: defaultDate, input: input, output: output, skipBadRows: skipBadRows)
      return .verdicts(try pipeline.run(read: read, write: write, progress: progress))
    case .impact(let from, let to):
      guard from < to else { throw BadJob(description: "--from must be before --to") }
      let identity = evaluator.columns.indices.map { Optional($0) }
      // The law changes only on change days: one evaluation per change day in (from, to].
      let days = [from] + evaluator.periods.days.filter { from < $0 && $0 <= to }
      let laws = days.map { LawAtDate(evaluator: evaluator, date: $0, columnMap: identity) }
      let counts = try gather(laws: laws, columns: evaluator.columns.count, read: read, progress: progress)
      return .impact(impactReport(counts, columns: evaluator.columns, days: days, comparison: .dates(from: from, to: to)))
    case .reform(let date, _, let label):
      let current = evaluator
      let reformed = proposalEvaluator!
      let index = Dictionary(uniqueKeysWithValues: reformed.columns.enumerated().map { ($1.name, $0) })
      let laws = [
        LawAtDate(evaluator: current, date: date, columnMap: current.columns.indices.map { Optional($0) }),
        LawAtDate(evaluator: reformed, date: date, columnMap: current.columns.map { index[$0.name] }),
      ]
      let counts = try gather(laws: laws, columns: current.columns.count, read: read, progress: progress)
      return .impact(impactReport(counts, columns: current.columns, days: [], comparison: .reform(date: date, label: label)))
    case .trend(let dates):
      guard !dates.isEmpty else { throw BadJob(description: "no dates to evaluate") }
      let identity = evaluator.columns.indices.map { Optional($0) }
      let laws = dates.map { LawAtDate(evaluator: evaluator, date: $0, columnMap: identity) }
      let counts = try gather(laws: laws, columns: evaluator.columns.count, transitions: false, read: read, progress: progress)
      let series = evaluator.columns.enumerated().map { column, batchColumn in
        TrendReport.Series(
          column: batchColumn, jurisdictionName: library.jurisdiction(batchColumn.jurisdiction)?.name ?? batchColumn.jurisdiction,
          counts: counts.outcomes.map { ($0[column * 3], $0[column * 3 + 1], $0[column * 3 + 2]) },
          encoded: dates.map { !evaluator.lawNotEncoded(column: column, period: evaluator.periods.period(of: $0)) })
      }
      return .trend(TrendReport(dates: dates, mode: mode, rows: counts.rows, series: series))
    }
  }

  /// Streams the input, evaluating every row under each law in turn, and adds up the outcomes
  /// and the transitions between consecutive laws (and between the first and the last).
  func gather(
    laws: [LawAtDate], columns: Int, transitions: Bool = true, read: () throws -> [UInt8]?, progress: (Int) -> Void
  ) throws -> ImpactCounts {
    let schema = laws[0].evaluator.schema
    let parser = RowParser(schema: schema, vocabulary: library.vocabulary, format: input, defaultDate: defaultDate)
    // Slot `laws.count - 1` of `transitions` holds first → last.
    var total = ImpactCounts(evaluations: laws.count, columns: columns)
    total.transitions.append(Array(repeating: 0, count: columns * 9))
    let skip = skipBadRows
    try RecordStream(parser: parser).run(
      read: read,
      work: { records, header in
        let parsed = parser.parse(records, header: header)
        var counts = ImpactCounts(evaluations: laws.count, columns: columns, problems: parsed.problems)
        counts.transitions.append(Array(repeating: 0, count: columns * 9))
        counts.rows = parsed.rows.count
        var first: [Int] = []
        var previous: [Int] = []
        for (e, law) in laws.enumerated() {
          let width = law.evaluator.columns.count
          let outcomes = law.evaluator.evaluate(parsed.rows, on: law.date)
          var current = [Int](repeating: 1, count: parsed.rows.count * columns)
          for row in parsed.rows.indices {
            for column in 0..<columns {
              let outcome = law.columnMap[column].map { ImpactReport.Transition.index(outcomes[row * width + $0]) } ?? 1
              current[row * columns + column] = outcome
              counts.outcomes[e][column * 3 + outcome] += 1
            }
          }
          if transitions && e > 0 {
            for cell in current.indices {
              let column = cell % columns
              counts.transitions[e - 1][column * 9 + previous[cell] * 3 + current[cell]] += 1
            }
          }
          if e == 0 { first = current }
          if transitions && e == laws.count - 1 {
            for cell in current.indices {
              counts.transitions[laws.count - 1][(cell % columns) * 9 + first[cell] * 3 + current[cell]] += 1
            }
          }
          previous = current
        }
        return counts
      },
      consume: { part in
        if let problem = part.problems.first, !skip { throw BatchPipeline.BadInput(description: problem) }
        total.add(part)
        progress(total.rows)
      })
    return total
  }

  func impactReport(_ counts: ImpactCounts, columns: [BatchColumn], days: [CalendarDate], comparison: ImpactReport.Comparison) -> ImpactReport {
    func transitions(_ slot: [Int], column: Int) -> [ImpactReport.Transition: Int] {
      var out: [ImpactReport.Transition: Int] = [:]
      for (b, before) in ImpactReport.Transition.outcomes.enumerated() {
        for (a, after) in ImpactReport.Transition.outcomes.enumerated() where slot[column * 9 + b * 3 + a] > 0 {
          out[ImpactReport.Transition(before, after)] = slot[column * 9 + b * 3 + a]
        }
      }
      return out
    }
    let cells = columns.enumerated().map { index, column -> ImpactReport.Cell in
      let j = library.jurisdiction(column.jurisdiction)
      // The days this offense kind's law changes in this jurisdiction.
      var ownDays: Set<CalendarDate> = []
      for offense in j?.offenses ?? [] where offense.kind == column.offense {
        if let first = offense.firstInForce { ownDays.insert(first) }
        for version in offense.versions {
          ownDays.insert(version.effectiveFrom)
          if let to = version.effectiveTo { ownDays.insert(to.nextDay) }
        }
      }
      var steps: [ImpactReport.Step] = []
      for (step, day) in days.enumerated().dropFirst() where ownDays.contains(day) {
        let changed = transitions(counts.transitions[step - 1], column: index).filter { $0.key.before != $0.key.after }
        let earliest =
          j?.offenses.contains { offense in
            offense.kind == column.offense && offense.versions.map(\.effectiveFrom).min() == day && (offense.firstInForce.map { $0 < day } ?? true)
          } ?? false
        steps.append(
          ImpactReport.Step(
            day: day, acts: j.map { Self.acts(of: $0, kind: column.offense, on: day) } ?? [], earliestEncoded: earliest, transitions: changed))
      }
      return ImpactReport.Cell(
        column: column, jurisdictionName: j?.name ?? column.jurisdiction,
        transitions: transitions(counts.transitions[counts.transitions.count - 1], column: index),
        steps: steps)
    }
    return ImpactReport(comparison: comparison, mode: mode, rows: counts.rows, cells: cells)
  }

  /// What changed a jurisdiction's law of one offense kind on a day: the acts enacting the
  /// versions that start that day, and offenses created or ending.
  static func acts(of j: JurisdictionDecl, kind: OffenseKind, on day: CalendarDate) -> [String] {
    var acts: [String] = []
    for offense in j.offenses where offense.kind == kind {
      for version in offense.versions where version.effectiveFrom == day {
        acts.append(version.enactedBy ?? "\(offense.citation): version of \(day) (act not recorded)")
      }
      if let to = offense.versions.map(\.effectiveTo).max(by: { ($0 ?? .distantFuture) < ($1 ?? .distantFuture) }) ?? nil,
        to.nextDay == day, !offense.versions.contains(where: { $0.effectiveFrom == day })
      {
        acts.append("\(offense.citation): no longer in force")
      }
    }
    var seen: Set<String> = []
    return acts.filter { seen.insert($0).inserted }
  }
}
