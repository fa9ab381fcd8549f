import ArgumentParser
import Batch
import HTCore
import RuleEngine
import RuleExport

struct SQLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sql",
    abstract: "Compile the rules into one SQL query over a table `cases` that returns the columns of `htrules batch`.")

  @Option(help: "sqlite, postgres, duckdb or spark.")
  var dialect: SQLGenerator.Dialect

  @Option(
    name: .customLong("date-column"),
    help: "A column of `cases` holding each row's date (DATE or text YYYY-MM-DD): each row is judged by the law of its date; NULL means --as-of.")
  var dateColumn: String?

  @OptionGroup var law: LawOptions
  @OptionGroup var rules: RulesOptions

  func validate() throws {
    if let dateColumn, dateColumn.isEmpty || !dateColumn.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) || dateColumn.first!.isNumber {
      throw ValidationError("--date-column must be a plain column name (letters, digits and _)")
    }
  }

  func run() throws {
    let library = try rules.load()
    Output.write(SQLGenerator(library: library, mode: law.mode, date: law.date, dialect: dialect, dateColumn: dateColumn).query())
  }
}

extension SQLGenerator.Dialect: ExpressibleByArgument {}
