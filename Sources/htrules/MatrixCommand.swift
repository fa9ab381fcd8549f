import ArgumentParser
import HTCore
import RuleEngine
import RuleExport

struct MatrixCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matrix",
    abstract: "One row per jurisdiction describing its definitions (age and buyer columns probed from the rules).",
    discussion: "With COLUMN and --svg FILE, draws a US tile map coloured by that column.")

  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, markdown, html }

  @Argument(help: "A column to map with --svg, e.g. sex_no_means_max_age or buyer_covered.")
  var column: String?

  @Option(help: "csv, json, markdown or html (markdown, html and json include the codebook).")
  var format: Format = .csv

  @Option(help: "Also write the codebook (CSV) to this file.")
  var codebook: String?

  @Option(help: "Write a tile map of COLUMN to this SVG file.")
  var svg: String?

  @Option(name: .customLong("as-of"), help: "Describe the law in force on this date (default: today).")
  var asOf: CalendarDate?

  @OptionGroup var rules: RulesOptions

  func validate() throws {
    if svg != nil && column == nil { throw ValidationError("--svg needs a COLUMN to colour by, e.g. `htrules matrix buyer_covered --svg map.svg`") }
    if column != nil && svg == nil { throw ValidationError("COLUMN is used with --svg FILE") }
  }

  func run() throws {
    try Output.checkDestination(svg)
    try Output.checkDestination(codebook)
    let library = try rules.load()
    let matrix = DefinitionMatrix(library: library, date: asOf ?? CalendarDate.today())
    if let svg, let column {
      guard let values = MatrixExport.column(column, of: matrix) else {
        throw ValidationError("unknown column \(column)\(Suggestions.hint(for: column, in: MatrixExport.columns(matrix)))")
      }
      try Output.writeFile(
        TileMap.svg(
          title: "\(column.replacingUnderscores()), law in force on \(matrix.date)", values: values,
          uncertain: MatrixExport.uncertain(column, of: matrix)), to: svg)
      return
    }
    if let codebook { try Output.writeFile(MatrixExport.codebookCSV(MatrixExport.codebook(matrix, vocabulary: library.vocabulary)), to: codebook) }
    switch format {
    case .csv: Output.write(MatrixExport.csv(matrix))
    case .json:
      var object = MatrixExport.json(matrix)
      if case .object(var members) = object {
        members.append(("codebook", MatrixExport.codebookJSON(MatrixExport.codebook(matrix, vocabulary: library.vocabulary))))
        object = .object(members)
      }
      Output.write(object.rendered())
    case .markdown: Output.write(MatrixExport.markdown(matrix, vocabulary: library.vocabulary))
    case .html: Output.write(MatrixExport.html(matrix, vocabulary: library.vocabulary))
    }
  }
}
