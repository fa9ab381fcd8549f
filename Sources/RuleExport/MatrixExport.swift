import Foundation
import HTCore
import RuleEngine

/// CSV and JSON renderings of the definition matrix.
public enum MatrixExport {
  public static func columns(_ matrix: DefinitionMatrix) -> [String] {
    var names = [
      "jurisdiction", "name", "as_of", "read_on", "amendments_checked_through", "source_tiers", "sex_trafficking_citation", "labor_trafficking_citation",
      "sex_no_means_max_age", "sex_no_means_max_age_confidence", "labor_no_means_max_age", "labor_no_means_max_age_confidence", "buyer_covered",
      "buyer_covered_confidence", "mistake_of_age", "safe_harbor", "confidence", "low_confidence_elements",
    ]
    if let first = matrix.rows.first {
      names += first.terms.map { "\($0.group.rawValue)_\($0.term)" }
    }
    return names
  }

  /// The probed columns, each followed by a `_confidence` column.
  static let probedColumns = ["sex_no_means_max_age", "labor_no_means_max_age", "buyer_covered"]

  static func confidence(_ row: DefinitionMatrix.Row, _ column: String) -> String { (row.cellConfidence[column] ?? .high).rawValue }

  /// Cells for people (markdown, HTML): a probed value resting on a low-confidence reading is
  /// marked with "?" (the codebook says so), never shown as a plain value.
  static func displayCells(_ row: DefinitionMatrix.Row, names: [String]) -> [String] {
    zip(names, cells(row)).map { name, value in
      probedColumns.contains(name) && row.cellConfidence[name] == .low ? (value.isEmpty ? "(none)?" : value + "?") : value
    }
  }

  static func cells(_ row: DefinitionMatrix.Row) -> [String] {
    [
      row.jurisdiction, row.name, row.asOf?.description ?? "", row.accessed?.description ?? "", row.amendmentsCheckedThrough?.description ?? "",
      row.sourceTiers, row.sexCitation, row.laborCitation,
      row.sexNoMeansMaxAge.description, confidence(row, "sex_no_means_max_age"), row.laborNoMeansMaxAge.description,
      confidence(row, "labor_no_means_max_age"), row.buyerCovered.rawValue, confidence(row, "buyer_covered"), row.mistakeOfAge, row.safeHarbor,
      row.confidence.rawValue,
      String(row.lowConfidenceElements),
    ] + row.terms.map(\.value)
  }

  public static func csv(_ matrix: DefinitionMatrix) -> String {
    CSVWriter.document(header: columns(matrix), rows: matrix.rows.map(cells))
  }

  public static func json(_ matrix: DefinitionMatrix) -> JSONOutput {
    let names = columns(matrix)
    return .object([
      ("as_of", .string(matrix.date.description)),
      ("disclaimer", .string(Disclaimer.short)),
      ("rows", .array(matrix.rows.map { row in .object(zip(names, cells(row)).map { ($0, .string($1)) }) })),
    ])
  }
}

/// RFC 4180 CSV: CRLF line ends, fields quoted when needed, quotes doubled. A cell that a
/// spreadsheet would read as a formula (starting with =, +, -, @, tab or CR, their fullwidth forms,
/// or any of these after leading spaces) is prefixed with a single quote so it is shown as text.
public enum CSVWriter {
  static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

  public static func field(_ text: String) -> String {
    var value = text
    if let first = value.unicodeScalars.first(where: { $0 != " " && $0 != "\u{3000}" }), formulaStarts.contains(first) {
      value = "'" + value
    }
    if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + value.replacingQuotes() + "\""
    }
    return value
  }

  public static func line(_ cells: [String]) -> String {
    cells.map(field).joined(separator: ",") + "\r\n"
  }

  public static func document(header: [String], rows: [[String]]) -> String {
    line(header) + rows.map(line).joined()
  }
}

extension String {
  fileprivate func replacingQuotes() -> String {
    var out = ""
    for character in self {
      if character == "\"" { out += "\"\"" } else { out.append(character) }
    }
    return out
  }
}

/// The matrix codebook and the markdown and HTML renderings.
extension MatrixExport {
  public struct CodebookEntry: Sendable {
    public var column: String
    public var meaning: String
    public var values: String
    public var derivation: String
    public var probe: String?
  }

  public static func codebook(_ matrix: DefinitionMatrix, vocabulary: Vocabulary) -> [CodebookEntry] {
    let fromRules = "read from the compiled rules in force on \(matrix.date)"
    var entries: [CodebookEntry] = [
      CodebookEntry(
        column: "jurisdiction", meaning: "USPS code; US is federal law", values: "two capital letters", derivation: "the rule file's jurisdiction code"),
      CodebookEntry(column: "name", meaning: "jurisdiction name", values: "text", derivation: "the rule file"),
      CodebookEntry(
        column: "as_of", meaning: "newest 'current as of' date among the sources read for this jurisdiction", values: "YYYY-MM-DD",
        derivation: "the sources in Statutes/<CODE>.xml"),
      CodebookEntry(column: "read_on", meaning: "when the sources were last read", values: "YYYY-MM-DD", derivation: "the sources in Statutes/<CODE>.xml"),
      CodebookEntry(
        column: "amendments_checked_through",
        meaning: "the date through which acts amending the offenses and their definitions were searched for (see the amendment sweep in the XML)",
        values: "YYYY-MM-DD, or empty (not yet swept)", derivation: "the amendment-sweep element of Statutes/<CODE>.xml"),
      CodebookEntry(
        column: "source_tiers",
        meaning:
          "how many sources of each tier were read: official (legislature or official code), full-text (a complete copy stating its currency), secondary (summary, news, law-firm page, or part of a page)",
        values: "'tier count' pairs separated by ', '", derivation: "the sources in Statutes/<CODE>.xml"),
      CodebookEntry(
        column: "sex_trafficking_citation", meaning: "the sex-trafficking offenses encoded", values: "citations separated by '; '", derivation: fromRules),
      CodebookEntry(
        column: "labor_trafficking_citation", meaning: "the labor-trafficking offenses encoded", values: "citations separated by '; '", derivation: fromRules),
      CodebookEntry(
        column: "sex_no_means_max_age", meaning: "the oldest victim age at which sex trafficking is met with no force, fraud or coercion",
        values: "an age 0-120, 'all' (every age), empty (none), or a list of ages when the met ages are not one run from 0",
        derivation: "computed by probing the executable rules", probe: DefinitionMatrix.probeDescriptions["sex_no_means_max_age"]),
      CodebookEntry(
        column: "labor_no_means_max_age", meaning: "the oldest victim age at which labor trafficking is met with no force, fraud or coercion",
        values: "as sex_no_means_max_age", derivation: "computed by probing the executable rules",
        probe: DefinitionMatrix.probeDescriptions["labor_no_means_max_age"]),
      CodebookEntry(
        column: "sex_no_means_max_age_confidence",
        meaning:
          "the lowest confidence among the readings that sex_no_means_max_age rests on (the probe results on both sides of the age line); in markdown, HTML and maps a low value is marked '?'",
        values: "high, medium, low", derivation: "computed by probing the executable rules"),
      CodebookEntry(
        column: "labor_no_means_max_age_confidence", meaning: "as sex_no_means_max_age_confidence, for labor_no_means_max_age",
        values: "high, medium, low", derivation: "computed by probing the executable rules"),
      CodebookEntry(
        column: "buyer_covered_confidence",
        meaning:
          "the lowest confidence among the readings of the buyer probes that decided buyer_covered; in markdown, HTML and maps a low value is marked '?'",
        values: "high, medium, low", derivation: "computed by probing the executable rules"),
      CodebookEntry(
        column: "buyer_covered", meaning: "whether the trafficking offense itself reaches a buyer (a separate patronizing crime does not count)",
        values: "yes, minors_only, no", derivation: "computed by probing the executable rules", probe: DefinitionMatrix.probeDescriptions["buyer_covered"]),
      CodebookEntry(
        column: "mistake_of_age", meaning: "whether not knowing the victim's age is a defense, per sex-trafficking offense in force",
        values: "barred, allowed, strict_liability, not_stated; ';' between offenses", derivation: fromRules),
      CodebookEntry(
        column: "safe_harbor", meaning: "how the jurisdiction treats minors sold for sex (recorded, not evaluated)",
        values: "non_criminalization, diversion, affirmative_defense, none, or empty (not recorded)",
        derivation: "the safe-harbor element of Statutes/<CODE>.xml"),
      CodebookEntry(
        column: "confidence", meaning: "the lowest encoding confidence among the routes and conditions in force", values: "high, medium, low",
        derivation: fromRules),
      CodebookEntry(
        column: "low_confidence_elements", meaning: "how many routes, conditions and means lists in force are read with low confidence",
        values: "a whole number", derivation: fromRules),
    ]
    if let first = matrix.rows.first {
      for term in first.terms {
        let meaning = vocabulary.term(term.group, term.term)?.meaning ?? term.term
        entries.append(
          CodebookEntry(
            column: "\(term.group.rawValue)_\(term.term)",
            meaning: "whether the offenses name this \(term.group == .acts ? "act" : term.group == .means ? "means" : "purpose"): \(meaning)",
            values: "both, sex, labor, or empty (neither)", derivation: fromRules + " (means lists included)"))
      }
    }
    // In the order of the columns.
    let order = Dictionary(uniqueKeysWithValues: columns(matrix).enumerated().map { ($1, $0) })
    return entries.sorted { (order[$0.column] ?? Int.max) < (order[$1.column] ?? Int.max) }
  }

  public static func codebookCSV(_ entries: [CodebookEntry]) -> String {
    CSVWriter.document(
      header: ["column", "meaning", "values", "derivation", "probe"], rows: entries.map { [$0.column, $0.meaning, $0.values, $0.derivation, $0.probe ?? ""] })
  }

  public static func codebookJSON(_ entries: [CodebookEntry]) -> JSONOutput {
    .array(
      entries.map {
        .object([
          ("column", .string($0.column)), ("meaning", .string($0.meaning)), ("values", .string($0.values)), ("derivation", .string($0.derivation)),
          ("probe", .optional($0.probe)),
        ])
      })
  }

  public static func markdown(_ matrix: DefinitionMatrix, vocabulary: Vocabulary) -> String {
    func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    let names = columns(matrix)
    var out = "# Definition matrix, law in force on \(matrix.date)\n\n> \(Disclaimer.short)\n\n"
    out += "| " + names.map(cell).joined(separator: " | ") + " |\n"
    out += "|" + String(repeating: "---|", count: names.count) + "\n"
    for row in matrix.rows { out += "| " + displayCells(row, names: names).map(cell).joined(separator: " | ") + " |\n" }
    out += "\nA value followed by `?` rests on a reading the project marks low confidence (see the `_confidence` column and the open questions).\n"
    out += "\n## Codebook\n\n| column | meaning | values | derivation | probe |\n|---|---|---|---|---|\n"
    for entry in codebook(matrix, vocabulary: vocabulary) {
      out += "| \(cell(entry.column)) | \(cell(entry.meaning)) | \(cell(entry.values)) | \(cell(entry.derivation)) | \(cell(entry.probe ?? "")) |\n"
    }
    return out
  }

  public static func html(_ matrix: DefinitionMatrix, vocabulary: Vocabulary) -> String {
    func h(_ text: String) -> String { TileMap.escape(text) }
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>htrules definition matrix, \(matrix.date)</title>
      <style>
      body{font-family:Helvetica,Arial,sans-serif;margin:1.5em;color:#111}
      table{border-collapse:collapse;font-size:12px;margin-bottom:2em}
      th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top}
      th{background:#eee;position:sticky;top:0}
      tr:nth-child(even) td{background:#f7f7f7}
      .note{background:#fff8e0;border:1px solid #e0c060;padding:.5em 1em;max-width:60em}
      td.uncertain{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f1e4b0 4px,#f1e4b0 8px);font-style:italic}
      @media print{th{position:static}body{margin:0}table{font-size:9px}}
      </style>
      </head>
      <body>
      <h1>Definition matrix: law in force on \(matrix.date)</h1>
      <p class="note">\(h(Disclaimer.short)) A value followed by "?" (striped, italic) rests on a reading the project marks low confidence.</p>

      """
    out += htmlTables(matrix, vocabulary: vocabulary)
    out += "</body>\n</html>\n"
    return out
  }

  /// The matrix and its codebook as two HTML tables (shared by `matrix --format html` and the
  /// web page's researchers' view).
  public static func htmlTables(_ matrix: DefinitionMatrix, vocabulary: Vocabulary) -> String {
    func h(_ text: String) -> String { TileMap.escape(text) }
    let names = columns(matrix)
    var out = "<table>\n<thead><tr>"
    out += names.map { "<th scope=\"col\">\(h($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
    for row in matrix.rows {
      let values = displayCells(row, names: names)
      out +=
        "<tr><th scope=\"row\">\(h(values[0]))</th>"
        + values.dropFirst().map {
          $0.hasSuffix("?") ? "<td class=\"uncertain\" title=\"uncertain reading (low confidence)\">\(h($0))</td>" : "<td>\(h($0))</td>"
        }
        .joined() + "</tr>\n"
    }
    out +=
      "</tbody>\n</table>\n<h2>Codebook</h2>\n<table>\n<thead><tr><th>column</th><th>meaning</th><th>values</th><th>derivation</th><th>probe</th></tr></thead>\n<tbody>\n"
    for entry in codebook(matrix, vocabulary: vocabulary) {
      out +=
        "<tr><th scope=\"row\">\(h(entry.column))</th><td>\(h(entry.meaning))</td><td>\(h(entry.values))</td><td>\(h(entry.derivation))</td><td>\(h(entry.probe ?? ""))</td></tr>\n"
    }
    out += "</tbody>\n</table>\n"
    return out
  }

  /// Values of one column per jurisdiction, for a tile map.
  public static func column(_ name: String, of matrix: DefinitionMatrix) -> [String: (name: String, value: String)]? {
    guard let index = columns(matrix).firstIndex(of: name) else { return nil }
    return Dictionary(uniqueKeysWithValues: matrix.rows.map { ($0.jurisdiction, (name: $0.name, value: cells($0)[index])) })
  }

  /// The jurisdictions whose value in a probed column rests on a low-confidence reading.
  public static func uncertain(_ name: String, of matrix: DefinitionMatrix) -> Set<String> {
    guard probedColumns.contains(name) else {
      return name == "confidence" ? Set(matrix.rows.filter { $0.confidence == .low }.map(\.jurisdiction)) : []
    }
    return Set(matrix.rows.filter { $0.cellConfidence[name] == .low }.map(\.jurisdiction))
  }
}
