import Foundation
import HTCore
import RuleEngine
import Testing

@testable import Batch

/// Every day on which some encoded law changes, and the day before it: the dates where a wrong
/// choice of version would show.
func boundaryDays(_ library: RuleLibrary) -> [CalendarDate] {
  LawPeriods(library: library).days.flatMap { [$0.previousDay, $0] }
}

/// The compiled bitset evaluator must agree, cell for cell, with the tree-walking evaluator.
@Suite struct CompiledBatchTests {
  @Test(arguments: [EvaluationMode.identification, .liability])
  func fastPathAgreesWithTheReferenceOnRandomDatedCases(mode: EvaluationMode) throws {
    let fast = CompiledBatchEvaluator(library: Fixtures.bundled, mode: mode)
    let reference = ReferenceBatchEvaluator(library: Fixtures.bundled, mode: mode)
    #expect(fast.columns == reference.columns)
    var sampler = CaseSampler(schema: fast.schema, seed: mode == .identification ? 11 : 12)
    let days = boundaryDays(Fixtures.bundled)
    let count = mode == .identification ? 1200 : 400
    var rows: [[Int16]] = []
    var dates: [CalendarDate] = []
    for index in 0..<count {
      rows.append(sampler.next())
      // Every boundary day appears; the rest are random days of the sampler's range.
      dates.append(index < days.count ? days[index] : sampler.nextDate())
    }
    #expect(count >= days.count, "more boundary days than cases: raise the count")
    let outcomes = fast.evaluate(rows, periods: dates.map(fast.periods.period(of:)))
    var mismatches = 0
    var counts: [Outcome: Int] = [:]
    for (row, facts) in rows.enumerated() {
      let expected = reference.outcomes(facts, date: dates[row])
      for (index, outcome) in expected.enumerated() {
        counts[outcome, default: 0] += 1
        let got = outcomes[row * fast.columns.count + index]
        if got != outcome {
          mismatches += 1
          if mismatches <= 5 { Issue.record("row \(row) on \(dates[row]) \(fast.columns[index].name): fast \(got), reference \(outcome)") }
        }
      }
    }
    #expect(mismatches == 0)
    // The sample exercises every outcome.
    #expect(counts[.met, default: 0] > 100 && counts[.notMet, default: 0] > 100 && counts[.undetermined, default: 0] > 100)
  }

  @Test func theReferenceMatchesCompare() {
    // A flat row and the case file it stands for give the same outcomes.
    let facts = Fixtures.decode(
      #"{"date": "2025-06-01", "victim": {"age": 16}, "purpose": {"commercial_sex": true}, "exploiter": {"acts": {"recruit": true}}, "buyer": {"acts": {"patronize": true}}}"#
    )
    let reference = ReferenceBatchEvaluator(library: Fixtures.bundled, mode: .identification)
    let outcomes = reference.outcomes(reference.schema.row(facts), date: facts.date!)
    let results = Evaluator(library: Fixtures.bundled).evaluate(facts, mode: .identification, date: facts.date!)
    for (index, column) in reference.columns.enumerated() where column.buyerOnly {
      #expect(results.first { $0.jurisdiction == column.jurisdiction && $0.offense == column.offense && $0.role == .buyer }?.outcome == outcomes[index])
    }
  }

  @Test func lawPeriodsSplitTimeAtEveryVersionBoundary() {
    let periods = LawPeriods(library: Fixtures.bundled)
    #expect(periods.days == periods.days.sorted() && Set(periods.days).count == periods.days.count)
    for j in Fixtures.bundled.jurisdictions {
      for offense in j.offenses {
        for version in offense.versions {
          #expect(periods.days.contains(version.effectiveFrom))
          #expect(periods.period(of: version.effectiveFrom) == periods.period(of: version.effectiveFrom.previousDay) + 1)
        }
      }
    }
    #expect(periods.period(of: .distantPast) == 0)
    #expect(periods.period(of: .distantFuture) == periods.count - 1)
  }
}

/// Runs `batch` over CSV text and returns the output lines.
func batchLines(
  _ csv: String, library: RuleLibrary = Fixtures.bundled, format: BatchPipeline.OutputFormat = .csv, date: CalendarDate = CalendarDate("2025-06-01")!
) throws -> [String] {
  let pipeline = BatchPipeline(library: library, mode: .identification, date: date, input: .csv, output: format, skipBadRows: false)
  var input: [UInt8]? = Array(csv.utf8)
  var output: [UInt8] = []
  _ = try pipeline.run(
    read: {
      defer { input = nil }
      return input
    }, write: { output += $0 })
  return String(decoding: output, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
}

/// `batch` with a `date` column judges each row as `compare` judges that row alone on its date.
@Suite struct DatedBatchTests {
  static func run(_ csv: String, format: BatchPipeline.OutputFormat = .csv) throws -> [String] { try batchLines(csv, format: format) }

  @Test func eachRowIsJudgedByTheLawOfItsOwnDateAsCompareWould() throws {
    let library = Fixtures.bundled
    let schema = FlatSchema(vocabulary: library.vocabulary)
    var sampler = CaseSampler(schema: schema, seed: 29)
    let days = boundaryDays(library)
    var csv = "id,date," + schema.columnNames.joined(separator: ",") + "\n"
    var rows: [(id: String, row: [Int16], date: CalendarDate?)] = []
    for index in 0..<(days.count + 60) {
      let row = sampler.next()
      // Every boundary day, then some rows with an empty date (the --as-of date applies).
      let date: CalendarDate? = index < days.count ? days[index] : nil
      rows.append(("r\(index)", row, date))
      let line = sampler.csvLine(id: "r\(index)", row)
      let comma = line.firstIndex(of: ",")!
      csv += line[..<comma] + "," + (date.map(\.description) ?? "") + line[comma...] + "\n"
    }
    let output = try Self.run(csv)
    let header = output[0].split(separator: ",").map(String.init)
    let evaluator = Evaluator(library: library)
    let columns = BatchColumn.all(for: library)
    #expect(header == ["id"] + columns.map(\.name))
    var mismatches = 0
    for (line, expected) in zip(output.dropFirst(), rows) {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      #expect(cells[0] == expected.id)
      let date = expected.date ?? CalendarDate("2025-06-01")!
      let facts = schema.caseFile(expected.row, id: expected.id)
      var withBuyer = facts
      if !withBuyer.roles.contains(.buyer) { withBuyer.roles.append(.buyer) }
      for (index, column) in columns.enumerated() {
        let j = library.jurisdiction(column.jurisdiction)!
        let outcome =
          column.buyerOnly
          ? evaluator.evaluate(j, kind: column.offense, role: .buyer, facts: withBuyer, mode: .identification, date: date).outcome
          : Outcome.anyMet(facts.roles.map { evaluator.evaluate(j, kind: column.offense, role: $0, facts: facts, mode: .identification, date: date).outcome })
        if cells[index + 1] != outcome.rawValue {
          mismatches += 1
          if mismatches <= 5 { Issue.record("\(expected.id) on \(date) \(column.name): batch \(cells[index + 1]), compare \(outcome.rawValue)") }
        }
      }
    }
    #expect(output.count == rows.count + 1)
    #expect(mismatches == 0)
  }

  @Test func rowsBeforeTheEarliestEncodedVersionAreUndeterminedWithTheReason() throws {
    let csv = "id,date,victim.age,purpose.commercial_sex,exploiter.acts.recruit\nold,1990-01-01,16,true,true\nnew,2025-01-01,16,true,true\n"
    let lines = try Self.run(csv, format: .jsonl)
    let old = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    let new = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
    #expect(old["US_sex_trafficking"] as? String == "undetermined")
    let reasons = try #require(old["reasons"] as? [String: String])
    #expect(reasons["US_sex_trafficking"]?.contains("before the earliest encoded version") == true)
    #expect(new["US_sex_trafficking"] as? String == "met")
    #expect(new["reasons"] == nil)
  }

  @Test func aBadDateIsNamedWithoutItsValue() throws {
    #expect(throws: BatchPipeline.BadInput.self) { try Self.run("id,date,victim.age\n1,2024-02-30,16\n") }
    do {
      _ = try Self.run("id,date,victim.age\n1,2024-02-30,16\n")
    } catch {
      #expect("\(error)".contains("line 2: column date"))
      #expect(!"\(error)".contains("2024-02-30"))
    }
  }
}

/// `impact` counts are exact: they equal what `batch` gives for each law separately.
@Suite struct ImpactTests {
  static let library = Fixtures.bundled

  /// A generated dataset as CSV (no date column: impact applies its own dates).
  static func dataset(count: Int, seed: UInt64) -> String {
    let schema = FlatSchema(vocabulary: library.vocabulary)
    var sampler = CaseSampler(schema: schema, seed: seed)
    var csv = "id," + schema.columnNames.joined(separator: ",") + "\n"
    for index in 0..<count { csv += sampler.csvLine(id: "r\(index)", sampler.next()) + "\n" }
    return csv
  }

  /// Outcomes per row and column from `batch` under one library and date.
  static func batch(_ csv: String, library: RuleLibrary = library, date: CalendarDate) throws -> (columns: [String], rows: [[String]]) {
    let lines = try batchLines(csv, library: library, date: date).map { $0.split(separator: ",").map(String.init) }
    return (Array(lines[0].dropFirst()), lines.dropFirst().map { Array($0.dropFirst()) })
  }

  static func run(_ csv: String, _ task: BatchJob.Task) throws -> BatchJob.Result {
    let job = BatchJob(library: library, mode: .identification, defaultDate: CalendarDate("2025-06-01")!, input: .csv, task: task, skipBadRows: false)
    var input: [UInt8]? = Array(csv.utf8)
    return try job.run(
      read: {
        defer { input = nil }; return input
      }, write: { _ in })
  }

  /// Transition counts per column between two batch runs.
  static func transitions(_ a: (columns: [String], rows: [[String]]), _ b: (columns: [String], rows: [[String]])) -> [String: [String: Int]] {
    var out: [String: [String: Int]] = [:]
    let index = Dictionary(uniqueKeysWithValues: b.columns.enumerated().map { ($1, $0) })
    for (rowA, rowB) in zip(a.rows, b.rows) {
      for (column, name) in a.columns.enumerated() {
        let after = index[name].map { rowB[$0] } ?? "not_met"
        out[name, default: [:]]["\(rowA[column])_to_\(after)", default: 0] += 1
      }
    }
    return out
  }

  static func counts(_ report: ImpactReport) -> [String: [String: Int]] {
    Dictionary(
      uniqueKeysWithValues: report.cells.map { cell in (cell.column.name, Dictionary(uniqueKeysWithValues: cell.transitions.map { ($0.key.name, $0.value) })) })
  }

  @Test func countsBetweenTwoDatesEqualTwoBatchRuns() throws {
    let csv = Self.dataset(count: 700, seed: 41)
    let from = CalendarDate("2013-06-30")!
    let to = CalendarDate("2025-01-01")!
    guard case .impact(let report) = try Self.run(csv, .impact(from: from, to: to)) else { Issue.record("not an impact report"); return }
    #expect(report.rows == 700)
    let expected = Self.transitions(try Self.batch(csv, date: from), try Self.batch(csv, date: to))
    #expect(Self.counts(report) == expected)
    // The steps in between add up: a row that changes at all changes at some step, and each
    // step names the acts whose versions start that day.
    var changedSomewhere = 0
    for cell in report.cells {
      for step in cell.steps {
        #expect(from < step.day && step.day <= to)
        #expect(!step.acts.isEmpty, "\(cell.column.name) \(step.day): no act named")
        changedSomewhere += step.changed
      }
    }
    #expect(changedSomewhere >= report.cells.map(\.changed).reduce(0, +))
    #expect(report.cells.contains { $0.changed > 0 })
  }

  @Test func aProposalIsComparedWithCurrentLawExactly() throws {
    let csv = Self.dataset(count: 500, seed: 43)
    let loaded = RuleLibrary.load(directory: Paths.root + "/Rules", extraFiles: [Paths.root + "/Examples/proposals/CO-proposition-133.rules"], replacing: true)
    let proposal = try #require(loaded.library, "\(loaded.diagnostics)")
    let date = CalendarDate("2027-01-01")!
    guard case .impact(let report) = try Self.run(csv, .reform(date: date, proposal: proposal, label: "Proposition 133")) else {
      Issue.record("not an impact report")
      return
    }
    let expected = Self.transitions(try Self.batch(csv, date: date), try Self.batch(csv, library: proposal, date: date))
    #expect(Self.counts(report) == expected)
    // Only Colorado changes, and its buyer column gains met rows.
    #expect(Set(report.cells.filter { $0.changed > 0 }.map(\.column.jurisdiction)) == ["CO"])
    #expect((report.cells.first { $0.column.name == "CO_sex_trafficking_buyer" }?.count(.notMet, .met) ?? 0) > 0)
  }

  @Test func theShareMetOverTimeEqualsBatchOnEachDate() throws {
    let csv = Self.dataset(count: 400, seed: 47)
    let dates = DateRange("2012-07-01..2026-07-01")!.yearly(every: 2)
    #expect(dates.count == 8 && dates.last == CalendarDate("2026-07-01"))
    guard case .trend(let report) = try Self.run(csv, .trend(dates)) else { Issue.record("not a trend report"); return }
    for (index, date) in dates.enumerated() {
      let batch = try Self.batch(csv, date: date)
      for series in report.series {
        let column = try #require(batch.columns.firstIndex(of: series.column.name))
        let met = batch.rows.filter { $0[column] == "met" }.count
        let undetermined = batch.rows.filter { $0[column] == "undetermined" }.count
        #expect(series.counts[index].met == met && series.counts[index].undetermined == undetermined, "\(series.column.name) on \(date)")
      }
    }
    // The CSV has one line per date and column, and the chart draws both offense kinds.
    #expect(report.csv().split(separator: "\r\n").count == 1 + dates.count * report.series.count)
    let svg = report.svg()
    #expect(svg.contains("Sex trafficking: share of rows met") && svg.contains("Labor trafficking: share of rows met"))
  }

  @Test func theSummaryNamesTheActAndTheCounts() throws {
    let csv = Self.dataset(count: 300, seed: 53)
    guard case .impact(let report) = try Self.run(csv, .impact(from: CalendarDate("2015-01-01")!, to: CalendarDate("2026-01-01")!)) else {
      Issue.record("not an impact report")
      return
    }
    let summary = report.summary()
    #expect(summary.hasPrefix("Impact on 300 row(s): the law of 2015-01-01 and of 2026-01-01"))
    #expect(summary.contains("of 300 rows from"))
    #expect(summary.contains("Not legal advice"))
    let csvText = report.csv()
    #expect(csvText.hasPrefix(ImpactReport.csvHeader.joined(separator: ",")))
    let json = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any]
    #expect((json?["cells"] as? [Any])?.count == report.cells.count)
  }
}
