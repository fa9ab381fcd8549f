import ArgumentParser
import HTCore
import RuleEngine
import RuleExport

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", abstract: "Evaluate a case against chosen jurisdictions and explain every element.")

  @OptionGroup var evaluation: EvaluationOptions
  @OptionGroup var rules: RulesOptions

  @Option(name: .customLong("jurisdiction"), help: "A jurisdiction code (repeatable), e.g. --jurisdiction OH --jurisdiction NY.")
  var jurisdictions: [String] = []

  func validate() throws {
    if jurisdictions.isEmpty { throw ValidationError("name at least one --jurisdiction") }
  }

  func run() throws {
    let library = try rules.load()
    try JurisdictionChoice.check(jurisdictions, in: library)
    let facts = try InputFile.readCase(evaluation.caseFile, vocabulary: library.vocabulary)
    let date = evaluation.date(for: facts)
    let results = Evaluator(library: library).evaluate(facts, mode: evaluation.mode, date: date, jurisdictions: jurisdictions, nearestMisses: true)
    switch evaluation.format {
    case .text: Output.write(ResultsText.check(results: results, mode: evaluation.mode, date: date, caseID: facts.id, vocabulary: library.vocabulary))
    case .json: Output.write(ResultsJSON.render(results: results, mode: evaluation.mode, date: date, caseID: facts.id).rendered())
    }
  }
}
