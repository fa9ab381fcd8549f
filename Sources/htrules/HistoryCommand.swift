import ArgumentParser
import HTCore
import RuleEngine
import RuleExport

struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history", abstract: "The encoded versions of a jurisdiction's offenses and what changed between them.")

  @Argument(help: "A jurisdiction code, e.g. OH.")
  var jurisdiction: String

  @Option(help: "text or json.")
  var format: OutputFormat = .text

  @OptionGroup var rules: RulesOptions

  func run() throws {
    let library = try rules.load()
    try JurisdictionChoice.check([jurisdiction], in: library)
    let history = VersionHistory(library.jurisdiction(jurisdiction)!, library: library)
    Output.write(format == .json ? AnalysisExport.historyJSON(history).rendered() : AnalysisExport.historyText(history))
  }
}
