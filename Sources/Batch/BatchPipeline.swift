import Dispatch
import Foundation
import HTCore
import RuleEngine

/// Streaming batch evaluation: reads cases (CSV with one column per fact path, or JSON lines),
/// evaluates them with the compiled fast path on all cores, and writes one row of outcomes per
/// case. Memory stays constant: input is read and written a bounded block at a time.
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
  let vocabulary: Vocabulary
  let inputFormat: InputFormat
  let outputFormat: OutputFormat
  let skipBadRows: Bool
  let date: CalendarDate
  /// Rows handed to the workers at a time.
  let blockRows = 8_192

  public init(library: RuleLibrary, mode: EvaluationMode, date: CalendarDate, input: InputFormat, output: OutputFormat, skipBadRows: Bool) {
    evaluator = CompiledBatchEvaluator(library: library, mode: mode, date: date)
    vocabulary = library.vocabulary
    inputFormat = input
    outputFormat = output
    self.skipBadRows = skipBadRows
    self.date = date
  }

  public var outputColumns: [String] { ["id"] + evaluator.columns.map(\.name) }

  /// - Parameters:
  ///   - read: the next block of input bytes, or nil at the end.
  ///   - write: receives output bytes in order.
  ///   - progress: rows done so far (called after each block).
  public func run(read: () throws -> [UInt8]?, write: ([UInt8]) throws -> Void, progress: (Int) -> Void = { _ in }) throws -> Report {
    var report = Report()
    var splitter = RecordSplitter(quoted: inputFormat == .csv)
    var header: HeaderMap?
    if outputFormat == .csv { try write(Array(CSVWriter.line(outputColumns).utf8)) }
    var pending: [Record] = []

    func flush() throws {
      guard !pending.isEmpty else { return }
      guard let header = header ?? (inputFormat == .jsonl ? HeaderMap.jsonl : nil) else { return }
      let block = pending
      pending = []
      let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, block.count / 256))
      let size = (block.count + parts - 1) / parts
      let results = ResultSlots<Processed>(count: parts)
      let work = self
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let slice = block[min(block.count, part * size)..<min(block.count, (part + 1) * size)]
        results.set(part, work.process(slice, header: header))
      }
      for part in 0..<parts {
        let result = results.value(at: part) ?? Processed(output: [], problems: [], rows: 0)
        if let first = result.problems.first, !skipBadRows { throw BadInput(description: first) }
        report.problems += result.problems
        report.skipped += result.problems.count
        report.rows += result.rows
        try write(result.output)
      }
      progress(report.rows)
    }

    while let bytes = try read() {
      for record in try splitter.feed(bytes) {
        if header == nil && inputFormat == .csv {
          header = try HeaderMap(record: record, schema: evaluator.schema)
          continue
        }
        if record.isBlank { continue }
        pending.append(record)
        if pending.count >= blockRows { try flush() }
      }
    }
    for record in try splitter.finish() {
      if header == nil && inputFormat == .csv {
        header = try HeaderMap(record: record, schema: evaluator.schema)
        continue
      }
      if !record.isBlank { pending.append(record) }
    }
    if header == nil && inputFormat == .csv { throw BadInput(description: "the input is empty: expected a header row naming the fact columns") }
    try flush()
    return report
  }

  struct Processed: Sendable {
    var output: [UInt8]
    var problems: [String]
    var rows: Int
  }

  func process(_ records: ArraySlice<Record>, header: HeaderMap) -> Processed {
    var rows: [[Int16]] = []
    var ids: [String] = []
    var problems: [String] = []
    rows.reserveCapacity(records.count)
    for record in records {
      switch parse(record, header: header) {
      case .success(let (id, row)):
        ids.append(id)
        rows.append(row)
      case .failure(let problem):
        problems.append("line \(record.line): \(problem.description)")
      }
    }
    var output: [UInt8] = []
    output.reserveCapacity(rows.count * (evaluator.columns.count * 9 + 16))
    let names = evaluator.columns.map { Array(JSONOutput.quote($0.name).utf8) }
    for start in stride(from: 0, to: rows.count, by: 64) {
      let end = min(rows.count, start + 64)
      let outcomes = evaluator.evaluate(evaluator.chunk(rows[start..<end]))
      let width = evaluator.columns.count
      for row in start..<end {
        switch outputFormat {
        case .csv:
          output += Array(CSVWriter.field(ids[row]).utf8)
          for column in 0..<width {
            output.append(0x2C)
            Self.append(outcomes[(row - start) * width + column], to: &output)
          }
          output += [0x0D, 0x0A]
        case .jsonl:
          output += Array("{\"id\":\(JSONOutput.quote(ids[row]))".utf8)
          for column in 0..<width {
            output.append(0x2C)
            output += names[column]
            output += [0x3A, 0x22]
            Self.append(outcomes[(row - start) * width + column], to: &output)
            output.append(0x22)
          }
          output += [0x7D, 0x0A]
        }
      }
    }
    return Processed(output: output, problems: problems, rows: rows.count)
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

  func parse(_ record: Record, header: HeaderMap) -> Result<(String, [Int16]), BadInput> {
    let schema = evaluator.schema
    switch inputFormat {
    case .jsonl:
      let bytes = record.line == 1 && record.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(record.bytes.dropFirst(3)) : record.bytes
      guard let text = String(validating: bytes, as: UTF8.self) else {
        return .failure(BadInput(description: "not valid UTF-8; save the input as UTF-8"))
      }
      let (facts, diagnostics) = CaseDecoder.decode(text, file: "line \(record.line)", vocabulary: vocabulary)
      guard let facts else {
        let source = SourceText(fileName: "", text: text)
        let message = diagnostics.first.map { d -> String in
          if case .offset(let o) = d.position { return "column \(source.lineColumn(of: o).column): \(d.message)" }
          return d.message
        }
        return .failure(BadInput(description: message ?? "not a case"))
      }
      if let caseDate = facts.date, caseDate != date {
        return .failure(
          BadInput(description: "the case's `date` differs from the date whose law the batch applies (\(date)); pass --as-of or split the input by date"))
      }
      return .success((facts.id ?? String(record.line), schema.row(facts)))
    case .csv:
      var row = [Int16](repeating: -1, count: schema.paths.count)
      var id = ""
      var field = 0
      var failure: BadInput?
      record.forEachField { bytes in
        defer { field += 1 }
        guard failure == nil, field < header.targets.count else { return }
        switch header.targets[field] {
        case .id:
          guard let text = String(validating: bytes, as: UTF8.self) else {
            failure = BadInput(description: "column id: not valid UTF-8")
            return
          }
          id = text
        case .ignored: break
        case .column(let column):
          switch schema.cell(bytes, column: column) {
          case .success(let value): row[column] = value
          case .failure(let error): failure = BadInput(description: "column \(schema.paths[column]): \(error.message)")
          }
        }
      }
      if let failure { return .failure(failure) }
      if field != header.targets.count {
        return .failure(BadInput(description: "expected \(header.targets.count) fields as in the header, found \(field)"))
      }
      return .success((id.isEmpty ? String(record.line) : id, row))
    }
  }
}

/// What each CSV column holds.
struct HeaderMap: Sendable {
  enum Target: Sendable { case id, column(Int), ignored }
  var targets: [Target]

  static let jsonl = HeaderMap(targets: [])

  init(targets: [Target]) { self.targets = targets }

  init(record: Record, schema: FlatSchema) throws {
    var targets: [Target] = []
    var seen: Set<String> = []
    var problem: String?
    record.forEachField { bytes in
      guard problem == nil else { return }
      guard let decoded = String(validating: bytes, as: UTF8.self) else {
        problem = "line 1: a column name is not valid UTF-8"
        return
      }
      var name = decoded.trimmingCharacters(in: .whitespaces)
      // A UTF-8 byte-order mark before the header (spreadsheets write one) is accepted.
      if targets.isEmpty && name.hasPrefix("\u{FEFF}") { name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces) }
      let shown = name.count > 64 ? String(name.prefix(64)) + "…" : name
      if !seen.insert(name).inserted { problem = "column `\(shown)` appears twice in the header" }
      if name == "id" {
        targets.append(.id)
      } else if let column = schema.index[name] {
        targets.append(.column(column))
      } else if name == "date" {
        problem = "the header has a `date` column, but batch applies the law of one date (--as-of, default today): remove the column or split the input by date"
      } else {
        problem =
          "line 1: unknown column `\(shown)`\(Suggestions.hint(for: name, in: schema.columnNames + ["id"])) (columns are fact paths such as victim.age or exploiter.means.fraud)"
      }
    }
    if let problem { throw BatchPipeline.BadInput(description: problem) }
    self.targets = targets
  }
}

/// One input record (a CSV row or a JSON line) and the line it starts on.
struct Record: Sendable {
  var bytes: [UInt8]
  var line: Int

  var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }

  /// Calls `body` with each field, unquoted per RFC 4180.
  func forEachField(_ body: (ArraySlice<UInt8>) -> Void) {
    var index = 0
    var end = bytes.count
    if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
    if !bytes[0..<end].contains(0x22) {
      var start = 0
      while index < end {
        if bytes[index] == 0x2C {
          body(bytes[start..<index])
          start = index + 1
        }
        index += 1
      }
      body(bytes[start..<end])
      return
    }
    var field: [UInt8] = []
    var quoted = false
    while index < end {
      let byte = bytes[index]
      if quoted {
        if byte == 0x22 {
          if index + 1 < end && bytes[index + 1] == 0x22 {
            field.append(0x22)
            index += 1
          } else {
            quoted = false
          }
        } else {
          field.append(byte)
        }
      } else if byte == 0x22 {
        quoted = true
      } else if byte == 0x2C {
        body(field[...])
        field = []
      } else {
        field.append(byte)
      }
      index += 1
    }
    body(field[...])
  }
}

/// Splits a byte stream into records at line ends outside quotes.
struct RecordSplitter {
  let quoted: Bool
  var carry: [UInt8] = []
  var inQuotes = false
  var line = 1
  var carryLine = 1

  init(quoted: Bool) { self.quoted = quoted }

  /// The longest record accepted (see `BoundedInput.Limit.batchRecord`).
  static let maximumRecord = 1 << 20

  mutating func feed(_ block: [UInt8]) throws -> [Record] {
    var records: [Record] = []
    var buffer = carry
    buffer += block
    var start = 0
    var recordLine = carryLine
    var index = carry.count
    // Re-scan state continues from where the carried bytes ended.
    while index < buffer.count {
      let byte = buffer[index]
      if quoted && byte == 0x22 { inQuotes.toggle() }
      if byte == 0x0A {
        line += 1
        if !inQuotes {
          records.append(Record(bytes: Array(buffer[start..<index]), line: recordLine))
          start = index + 1
          recordLine = line
        }
      }
      index += 1
    }
    carry = Array(buffer[start...])
    carryLine = recordLine
    if carry.count > Self.maximumRecord {
      throw BatchPipeline.BadInput(
        description: "line \(carryLine): a record is longer than \(Self.maximumRecord) bytes (is a line end missing, or a quote not closed?)")
    }
    for record in records where record.bytes.count > Self.maximumRecord {
      throw BatchPipeline.BadInput(description: "line \(record.line): a record is longer than \(Self.maximumRecord) bytes")
    }
    return records
  }

  mutating func finish() throws -> [Record] {
    if inQuotes { throw BatchPipeline.BadInput(description: "line \(carryLine): a quoted field is not closed before the end of the input") }
    defer { carry = [] }
    return carry.isEmpty ? [] : [Record(bytes: carry, line: carryLine)]
  }
}
