import Foundation
import HTCore
import RuleEngine
import RuleExport

/// Renderings of an impact report: CSV and JSON tables, a plain summary, a US tile map of the
/// share of rows that change.
extension ImpactReport {
  public static let csvHeader =
    ["jurisdiction", "jurisdiction_name", "offense", "role", "rows", "met_before", "met_after"] + Transition.changes.map(\.name) + [
      "changed", "changed_share", "acts",
    ]

  static func role(_ column: BatchColumn) -> String { column.buyerOnly ? "buyer" : "victim" }

  public var comparisonWords: String {
    switch comparison {
    case .dates(let from, let to): return "the law of \(from) and of \(to)"
    case .reform(let date, let label): return "current law and \(label), both on \(date)"
    }
  }

  /// The acts behind a cell's changes, with the rows each changed ("" for a reform).
  func actsText(_ cell: Cell) -> String {
    switch comparison {
    case .reform(_, let label): return cell.changed > 0 ? label : ""
    case .dates:
      return cell.steps.map { step in
        "\(step.earliestEncoded ? "earliest encoded version: " : "")\(step.acts.joined(separator: " + ")) (\(step.day)): \(step.changed) row(s) changed"
      }.joined(separator: "; ")
    }
  }

  public func csv() -> String {
    var rows: [[String]] = []
    for cell in cells {
      var row = [cell.column.jurisdiction, cell.jurisdictionName, cell.column.offense.rawValue, Self.role(cell.column), String(self.rows)]
      row += [String(cell.count(.met, nil)), String(cell.count(nil, .met))]
      row += Transition.changes.map { String(cell.transitions[$0] ?? 0) }
      row += [String(cell.changed), Self.share(cell.changed, of: self.rows), actsText(cell)]
      rows.append(row)
    }
    return CSVWriter.document(header: Self.csvHeader, rows: rows)
  }

  static func share(_ count: Int, of total: Int) -> String {
    total == 0 ? "0" : String(format: "%.4f", Double(count) / Double(total))
  }

  public func json() -> String {
    let comparisonJSON: JSONOutput
    switch comparison {
    case .dates(let from, let to):
      comparisonJSON = .object([("kind", .string("dates")), ("from", .string(from.description)), ("to", .string(to.description))])
    case .reform(let date, let label):
      comparisonJSON = .object([("kind", .string("reform")), ("date", .string(date.description)), ("proposal", .string(label))])
    }
    func transitionsJSON(_ transitions: [Transition: Int]) -> JSONOutput {
      .object(transitions.keys.sorted().map { ($0.name, .int(transitions[$0]!)) })
    }
    let cellsJSON = cells.map { cell -> JSONOutput in
      var members: [(String, JSONOutput)] = [
        ("column", .string(cell.column.name)), ("jurisdiction", .string(cell.column.jurisdiction)), ("jurisdiction_name", .string(cell.jurisdictionName)),
        ("offense", .string(cell.column.offense.rawValue)), ("role", .string(Self.role(cell.column))),
        ("transitions", transitionsJSON(cell.transitions)), ("changed", .int(cell.changed)),
      ]
      if case .dates = comparison {
        members.append(
          (
            "steps",
            .array(
              cell.steps.map { step in
                .object([
                  ("day", .string(step.day.description)), ("acts", .array(step.acts.map { .string($0) })),
                  ("earliest_encoded_version", .bool(step.earliestEncoded)),
                  ("changed", .int(step.changed)), ("transitions", transitionsJSON(step.transitions)),
                ])
              })
          ))
      }
      return .object(members)
    }
    return JSONOutput.object([
      ("comparison", comparisonJSON), ("mode", .string(mode.rawValue)), ("rows", .int(rows)), ("disclaimer", .string(Disclaimer.short)),
      ("cells", .array(cellsJSON)),
    ]).rendered()
  }

  /// Plain sentences, biggest changes first: "Ohio (sex trafficking): H.B. 431 (2021-04-12)
  /// turns 1,204 of 10,000 rows from not met to met."
  public func summary(limit: Int = 15) -> String {
    var lines = ["Impact on \(Self.number(rows)) row(s): \(comparisonWords) (\(mode.rawValue) mode).", Disclaimer.short, ""]
    struct Change {
      var cell: Cell
      var cause: String
      var transitions: [Transition: Int]
      var changed: Int
    }
    var changes: [Change] = []
    for cell in cells where cell.changed > 0 {
      switch comparison {
      case .reform(_, let label):
        changes.append(Change(cell: cell, cause: label, transitions: cell.transitions, changed: cell.changed))
      case .dates:
        for step in cell.steps where step.changed > 0 && !step.earliestEncoded {
          let acts = step.acts.count > 2 ? step.acts.prefix(2).joined(separator: "; ") + " and \(step.acts.count - 2) more" : step.acts.joined(separator: "; ")
          changes.append(Change(cell: cell, cause: "\(acts) (in force \(step.day))", transitions: step.transitions, changed: step.changed))
        }
      }
    }
    changes.sort { ($0.changed, $1.cell.column.name) > ($1.changed, $0.cell.column.name) }
    if changes.isEmpty { lines.append("No row changes outcome in any jurisdiction.") }
    for change in changes.prefix(limit) {
      let parts = Transition.changes.compactMap { t -> String? in
        guard let n = change.transitions[t], n > 0 else { return nil }
        return "\(Self.number(n)) of \(Self.number(rows)) rows from \(t.before.words) to \(t.after.words)"
      }
      let who = change.cell.column.buyerOnly ? ", the buyer's conduct" : ""
      lines.append("\(change.cell.jurisdictionName) (\(change.cell.column.offense.words)\(who)): \(change.cause) turns \(parts.joined(separator: ", ")).")
    }
    if changes.count > limit { lines.append("… and \(changes.count - limit) more change(s) (see the CSV or JSON table).") }
    // Rows that leave "undetermined" because the law before the earliest encoded version is not held.
    let notEncoded = cells.filter { cell in cell.steps.contains { $0.earliestEncoded && $0.changed > 0 } }
    if !notEncoded.isEmpty {
      lines.append("")
      let codes = Set(notEncoded.map(\.column.jurisdiction)).sorted()
      lines.append(
        "Not counted above: in \(codes.joined(separator: ", ")) the law before the earliest encoded version is not held, so rows move from "
          + "undetermined when that version begins (the CSV and JSON list these steps too).")
    }
    let unchanged = Set(cells.map(\.column.jurisdiction)).subtracting(cells.filter { $0.changed > 0 }.map(\.column.jurisdiction))
    lines.append("")
    lines.append("\(unchanged.count) of \(Set(cells.map(\.column.jurisdiction)).count) jurisdictions: no row changes outcome.")
    return lines.joined(separator: "\n") + "\n"
  }

  static func number(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
      out.append(character)
    }
    return out
  }

  /// Bins of the share of rows that change, in legend order, with a sequential palette.
  static let shareBins: [(label: String, upper: Double, color: String)] = [
    ("none", 0, "#F7F7F7"), ("<1%", 0.01, "#C6DBEF"), ("1-5%", 0.05, "#6BAED6"), ("5-20%", 0.20, "#2171B5"), (">=20%", 1.01, "#08306B"),
  ]

  static func bin(_ share: Double) -> String {
    if share == 0 { return shareBins[0].label }
    return shareBins.dropFirst().first { share < $0.upper }?.label ?? shareBins[shareBins.count - 1].label
  }

  /// A US tile map of the share of rows whose outcome changes for the victim under one offense.
  public func tileMap(offense: OffenseKind) -> String {
    var values: [String: (name: String, value: String)] = [:]
    for cell in cells where cell.column.offense == offense && !cell.column.buyerOnly {
      values[cell.column.jurisdiction] = (cell.jurisdictionName, Self.bin(rows == 0 ? 0 : Double(cell.changed) / Double(rows)))
    }
    let period: String
    switch comparison {
    case .dates(let from, let to): period = "\(from) to \(to)"
    case .reform(let date, _): period = "proposal, \(date)"
    }
    // Hatched: part of the change is from law before the earliest encoded version (not held).
    let notEncoded = Set(
      cells.filter { cell in cell.column.offense == offense && !cell.column.buyerOnly && cell.steps.contains { $0.earliestEncoded && $0.changed > 0 } }
        .map(\.column.jurisdiction))
    return TileMap.svg(
      title: "\(offense.words.prefix(1).uppercased() + offense.words.dropFirst()): share of rows changing outcome, \(period)", values: values,
      colors: Dictionary(uniqueKeysWithValues: Self.shareBins.map { ($0.label, $0.color) }),
      legendOrder: Self.shareBins.map(\.label).filter { label in values.values.contains { $0.value == label } }, uncertain: notEncoded,
      uncertainLegend: "earlier law not encoded", uncertainNote: "part of the change is from law before the earliest encoded version")
  }
}

extension Outcome {
  /// "met", "not met", "undetermined".
  public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
