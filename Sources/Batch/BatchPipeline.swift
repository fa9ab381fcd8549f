import Dispatch
import Foundation
import HTCore
import RuleEngine
import RuleExport

/// Streaming batch evaluation: reads cases (CSV with one column per fact path, or JSON lines),
/// judges each by the law in force on its own date (a `date` column or the case's `date`; empty
/// means the default date) with the compiled fast path on all cores, and writes one row of
/// outcomes per case. Memory stays constant: input is read and written a bounded block at a time.
public struct BatchPipeline: Sendable {
  public enum InputFormat: String, Sendable, CaseIterable { case csv, jsonl }
  public enum OutputFormat: String, Sendable, CaseIterable { case csv, jsonl }

  public struct Report: Sendable {
    public var rows = 0
    public var skipped = 0
    /// One message per bad row skipped (line number and what is wrong; never the facts).
    public var problems: [String] = []
  }

  public struct BadInput: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  let evaluator: CompiledBatchEvaluator
  let parser: RowParser
  let outputFormat: OutputFormat
  let skipBadRows: Bool

  /// - Parameter date: the law's date for rows whose own date is empty or missing.
  public init(library: RuleLibrary, mode: EvaluationMode, date: CalendarDate, input: InputFormat, output: OutputFormat, skipBadRows: Bool) {
    self.init(
      evaluator: CompiledBatchEvaluator(library: library, mode: mode), library: library, date: date, input: input, output: output, skipBadRows: skipBadRows)
  }

  init(evaluator: CompiledBatchEvaluator, library: RuleLibrary, date: CalendarDate, input: InputFormat, output: OutputFormat, skipBadRows: Bool) {
    self.evaluator = evaluator
    parser = RowParser(schema: evaluator.schema, vocabulary: library.vocabulary, format: input, defaultDate: date)
    outputFormat = output
    self.skipBadRows = skipBadRows
  }

  public var outputColumns: [String] { ["id"] + evaluator.columns.map(\.name) }

  /// - Parameters:
  ///   - read: the next block of input bytes, or nil at the end.
  ///   - write: receives output bytes in order.
  ///   - progress: rows done so far (called after each block).
  public func run(read: () throws -> [UInt8]?, write: ([UInt8]) throws -> Void, progress: (Int) -> Void = { _ in }) throws -> Report {
    var report = Report()
    if outputFormat == .csv { try write(Array(CSVWriter.line(outputColumns).utf8)) }
    let work = self
    try RecordStream(parser: parser).run(read: read, work: { work.process($0, header: $1) }) { part in
      if let first = part.problems.first, !skipBadRows { throw BadInput(description: first) }
      report.problems += part.problems
      report.skipped += part.problems.count
      report.rows += part.rows
      try write(part.output)
      progress(report.rows)
    }
    return report
  }

  struct Processed: Sendable, StreamPart {
    var output: [UInt8]
    var problems: [String]
    var rows: Int
  }

  func process(_ records: ArraySlice<Record>, header: HeaderMap) -> Processed {
    let parsed = parser.parse(records, header: header)
    let width = evaluator.columns.count
    let outcomes = evaluator.evaluate(parsed.rows, periods: parsed.dates.map(evaluator.periods.period(of:)))
    var output: [UInt8] = []
    output.reserveCapacity(parsed.rows.count * (width * 9 + 16))
    let names = evaluator.columns.map { Array(JSONOutput.quote($0.name).utf8) }
    for row in parsed.rows.indices {
      switch outputFormat {
      case .csv:
        output += Array(CSVWriter.field(parsed.ids[row]).utf8)
        for column in 0..<width {
          output.append(0x2C)
          Self.append(outcomes[row * width + column], to: &output)
        }
        output += [0x0D, 0x0A]
      case .jsonl:
        output += Array("{\"id\":\(JSONOutput.quote(parsed.ids[row]))".utf8)
        var notEncoded: [Int] = []
        for column in 0..<width {
          output.append(0x2C)
          output += names[column]
          output += [0x3A, 0x22]
          let outcome = outcomes[row * width + column]
          Self.append(outcome, to: &output)
          output.append(0x22)
          if outcome == .undetermined && evaluator.lawNotEncoded(column: column, period: evaluator.periods.period(of: parsed.dates[row])) {
            notEncoded.append(column)
          }
        }
        if !notEncoded.isEmpty {
          // As in `compare`: the date is before the earliest encoded version of the law.
          output += Array(",\"reasons\":{".utf8)
          for (index, column) in notEncoded.enumerated() {
            if index > 0 { output.append(0x2C) }
            output += names[column]
            output += Array(":\(JSONOutput.quote(Self.notEncodedReason(date: parsed.dates[row])))".utf8)
          }
          output.append(0x7D)
        }
        output += [0x7D, 0x0A]
      }
    }
    return Processed(output: output, problems: parsed.problems, rows: parsed.rows.count)
  }

  static func notEncodedReason(date: CalendarDate) -> String {
    "the conduct date \(date) is before the earliest encoded version of this law; the law then is not encoded"
  }

  /// Appends the outcome's name byte by byte (no intermediate arrays: this is the hot loop).
  @inline(__always)
  static func append(_ outcome: Outcome, to output: inout [UInt8]) {
    switch outcome {
    case .met:
      output.append(0x6D); output.append(0x65); output.append(0x74)
    case .notMet:
      for byte in "not_met".utf8 { output.append(byte) }
    case .undetermined:
      for byte in "undetermined".utf8 { output.append(byte) }
    }
  }
}

extension CompiledBatchEvaluator {
  /// Outcomes for rows each judged under its own period's law, row-major
  /// (`result[row * columns.count + column]`). Rows are grouped by period, 64 at a time.
  public func evaluate(_ rows: [[Int16]], periods rowPeriods: [Int]) -> [Outcome] {
    let width = columns.count
    // The usual case, one period for the whole block: chunks of consecutive rows, no copying.
    if let first = rowPeriods.first, rowPeriods.allSatisfy({ $0 == first }) {
      var outcomes: [Outcome] = []
      outcomes.reserveCapacity(rows.count * width)
      for start in stride(from: 0, to: rows.count, by: 64) {
        outcomes += evaluate(chunk(rows[start..<min(rows.count, start + 64)]), period: first)
      }
      return outcomes
    }
    // Rows of several periods: grouped by period (stable), evaluated 64 at a time, put back.
    var outcomes = [Outcome](repeating: .undetermined, count: rows.count * width)
    let order = rowPeriods.indices.sorted { (rowPeriods[$0], $0) < (rowPeriods[$1], $1) }
    var start = 0
    outcomes.withUnsafeMutableBufferPointer { out in
      while start < order.count {
        let period = rowPeriods[order[start]]
        var end = start
        while end < order.count && end - start < 64 && rowPeriods[order[end]] == period { end += 1 }
        let group = order[start..<end]
        let result = evaluate(chunk(group.map { rows[$0] }[...]), period: period)
        for (offset, row) in group.enumerated() {
          for column in 0..<width { out[row * width + column] = result[offset * width + column] }
        }
        start = end
      }
    }
    return outcomes
  }

  /// Outcomes for rows all judged under the law of one date.
  public func evaluate(_ rows: [[Int16]], on date: CalendarDate) -> [Outcome] {
    evaluate(rows, periods: [Int](repeating: periods.period(of: date), count: rows.count))
  }
}
