import ArgumentParser
import HTCore
import RuleEngine
import RuleExport

struct MatrixCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "matrix", abstract: "One row per jurisdiction describing its definitions (age and buyer columns probed from the rules).")

  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

  @Option(help: "csv or json.")
  var format: Format = .csv

  @Option(name: .customLong("as-of"), help: "Describe the law in force on this date (default: today).")
  var asOf: CalendarDate?

  @OptionGroup var rules: RulesOptions

  func run() throws {
    let library = try rules.load()
    let matrix = DefinitionMatrix(library: library, date: asOf ?? CalendarDate.today())
    switch format {
    case .csv: Output.write(MatrixExport.csv(matrix))
    case .json: Output.write(MatrixExport.json(matrix).rendered())
    }
  }
}
