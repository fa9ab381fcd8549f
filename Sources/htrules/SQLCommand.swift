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

  @OptionGroup var law: LawOptions
  @OptionGroup var rules: RulesOptions

  func run() throws {
    let library = try rules.load()
    Output.write(SQLGenerator(library: library, mode: law.mode, date: law.date, dialect: dialect).query())
  }
}

extension SQLGenerator.Dialect: ExpressibleByArgument {}
