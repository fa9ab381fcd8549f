import Dispatch
import Foundation
import HTCore
import RuleEngine

/// A part of the work done on one block of records (see `RecordStream`).
protocol StreamPart: Sendable {
  var problems: [String] { get }
}

/// Reads records in blocks and hands each block, split across all cores, to `work`; the parts
/// come back to `consume` in input order.
struct RecordStream: Sendable {
  let parser: RowParser
  /// Rows handed to the workers at a time.
  var blockRows = 16_384

  func run<Part: StreamPart>(
    read: () throws -> [UInt8]?, work: @escaping @Sendable (ArraySlice<Record>, HeaderMap) -> Part, consume: (Part) throws -> Void
  ) throws {
    let format = parser.format
    var splitter = RecordSplitter(quoted: format == .csv)
    var header: HeaderMap? = format == .jsonl ? HeaderMap.jsonl : nil
    var pending: [Record] = []

    func flush() throws {
      guard !pending.isEmpty, let header else { return }
      let block = pending
      pending = []
      let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, block.count / 256))
      let size = (block.count + parts - 1) / parts
      let results = ResultSlots<Part>(count: parts)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let slice = block[min(block.count, part * size)..<min(block.count, (part + 1) * size)]
        results.set(part, work(slice, header))
      }
      for part in 0..<parts {
        if let result = results.value(at: part) { try consume(result) }
      }
    }
    func take(_ records: [Record]) throws {
      for record in records {
        if header == nil {
          header = try HeaderMap(record: record, schema: parser.schema)
          continue
        }
        if record.isBlank { continue }
        pending.append(record)
        if pending.count >= blockRows { try flush() }
      }
    }
    while let bytes = try read() { try take(splitter.feed(bytes)) }
    try take(splitter.finish())
    if header == nil { throw BatchPipeline.BadInput(description: "the input is empty: expected a header row naming the fact columns") }
    try flush()
  }
}

/// Rows parsed from a block of records; bad records become problems (line and field, never values).
struct ParsedRows: Sendable {
  var ids: [String] = []
  var rows: [[Int16]] = []
  /// The law's date for each row: its own, else the default.
  var dates: [CalendarDate] = []
  var problems: [String] = []
}

/// Turns records into flat rows with their dates.
struct RowParser: Sendable {
  let schema: FlatSchema
  let vocabulary: Vocabulary
  let format: BatchPipeline.InputFormat
  let defaultDate: CalendarDate

  func parse(_ records: ArraySlice<Record>, header: HeaderMap) -> ParsedRows {
    var out = ParsedRows()
    out.rows.reserveCapacity(records.count)
    for record in records {
      switch parse(record, header: header) {
      case .success(let (id, row, date)):
        out.ids.append(id)
        out.rows.append(row)
        out.dates.append(date)
      case .failure(let problem):
        out.problems.append("line \(record.line): \(problem.description)")
      }
    }
    return out
  }

  func parse(_ record: Record, header: HeaderMap) -> Result<(String, [Int16], CalendarDate), BatchPipeline.BadInput> {
    typealias BadInput = BatchPipeline.BadInput
    switch format {
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
      return .success((facts.id ?? String(record.line), schema.row(facts), facts.date ?? defaultDate))
    case .csv:
      var row = [Int16](repeating: -1, count: schema.paths.count)
      var id = ""
      var date = defaultDate
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
        case .date:
          switch Self.date(bytes) {
          case .some(let parsed?): date = parsed
          case .some(nil): break
          case nil: failure = BadInput(description: "column date: expected a date YYYY-MM-DD, or empty for the default date (--as-of)")
          }
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
      return .success((id.isEmpty ? String(record.line) : id, row, date))
    }
  }

  /// A date cell: `.some(date)`, `.some(nil)` when empty, nil when not a date.
  static func date(_ bytes: ArraySlice<UInt8>) -> CalendarDate?? {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
    if start == end { return .some(nil) }
    let text = bytes[start..<end]
    guard text.count == 10, text[start + 4] == 0x2D, text[start + 7] == 0x2D else { return nil }
    func number(_ from: Int, _ count: Int) -> Int? {
      var value = 0
      for byte in text[(start + from)..<(start + from + count)] {
        guard byte >= 0x30 && byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let date = CalendarDate(year: year, month: month, day: day) else {
      return nil
    }
    return .some(date)
  }
}

/// What each CSV column holds.
struct HeaderMap: Sendable {
  enum Target: Sendable { case id, date, column(Int), ignored }
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
        targets.append(.date)
      } else {
        problem =
          "line 1: unknown column `\(shown)`\(Suggestions.hint(for: name, in: schema.columnNames + ["id", "date"])) (columns are fact paths such as victim.age or exploiter.means.fraud)"
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
