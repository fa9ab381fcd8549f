import ArgumentParser
import RuleEngine

struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema", abstract: "Print the JSON Schema of the case file (generated from the vocabulary).")

  @OptionGroup var rules: RulesOptions

  func run() throws {
    let library = try rules.load()
    Output.write(CaseSchema.schema(for: library.vocabulary).rendered())
  }
}
