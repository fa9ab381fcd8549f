import ArgumentParser
import HTCore
import RuleEngine
import RuleExport

struct SQLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sql",
    abstract: "Compile the rules into one SQL query over a table `cases` that returns the columns of `htrules batch`.")

  @Option(help: "sqlite, postgres, duckdb or spark.")
  var dialect: SQLGenerator.Dialect

  @Option(help: "identification (default) or liability.")
  var mode: EvaluationMode = .identification

  @Option(name: .customLong("as-of"), help: "Compile the law in force on this date (default: today).")
  var asOf: CalendarDate?

  @OptionGroup var rules: RulesOptions

  func run() throws {
    let library = try rules.load()
    Output.write(SQLGenerator(library: library, mode: mode, date: asOf ?? CalendarDate.today(), dialect: dialect).query())
  }
}

extension SQLGenerator.Dialect: ExpressibleByArgument {}
