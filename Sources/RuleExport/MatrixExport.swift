import HTCore
import RuleEngine

/// CSV and JSON renderings of the definition matrix.
public enum MatrixExport {
  public static func columns(_ matrix: DefinitionMatrix) -> [String] {
    var names = [
      "jurisdiction", "name", "as_of", "read_on", "sex_trafficking_citation", "labor_trafficking_citation", "sex_no_means_max_age",
      "labor_no_means_max_age", "buyer_covered", "mistake_of_age", "safe_harbor", "confidence", "low_confidence_elements",
    ]
    if let first = matrix.rows.first {
      names += first.terms.map { "\($0.group.rawValue)_\($0.term)" }
    }
    return names
  }

  static func cells(_ row: DefinitionMatrix.Row) -> [String] {
    [
      row.jurisdiction, row.name, row.asOf?.description ?? "", row.accessed?.description ?? "", row.sexCitation, row.laborCitation,
      row.sexNoMeansMaxAge.description,
      row.laborNoMeansMaxAge.description, row.buyerCovered.rawValue, row.mistakeOfAge, row.safeHarbor, row.confidence.rawValue,
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
/// spreadsheet would read as a formula (starting with =, +, -, @, tab or CR) is prefixed with a
/// single quote so it is shown as text.
public enum CSVWriter {
  public static func field(_ text: String) -> String {
    var value = text
    if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
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
