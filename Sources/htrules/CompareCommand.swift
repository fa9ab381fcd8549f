import ArgumentParser
import HTCore
import RuleEngine
import RuleExport

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare", abstract: "Evaluate a case against every loaded jurisdiction, grouped by outcome.")

  @OptionGroup var evaluation: EvaluationOptions
  @OptionGroup var rules: RulesOptions

  @Option(help: "Also write a US tile map of the outcomes to this SVG file (nothing else about the case is written).")
  var svg: String?

  @Option(help: "With --svg: which offense kind to map (default sex_trafficking).")
  var offense: OffenseKind = .sexTrafficking

  @Flag(help: "After the summary, the groups by outcome, deciding provisions, nearest misses and open questions.")
  var details = false

  @Option(name: .customLong("care-state"), help: "The state where care is given (code or name): its result and the federal one come first.")
  var careState: String?

  func run() throws {
    try Output.checkDestination(svg)
    let library = try rules.load()
    var careCode: String?
    if let careState {
      guard let code = InterviewSession.stateCode(careState, library: library) else {
        throw ValidationError("--care-state: not a state's code or name\(Suggestions.hint(for: careState, in: library.jurisdictions.map(\.code.text)))")
      }
      careCode = code
    }
    let facts = try InputFile.readCase(evaluation.caseFile, vocabulary: library.vocabulary)
    let date = evaluation.date(for: facts)
    let results = Evaluator(library: library).evaluate(facts, mode: evaluation.mode, date: date, nearestMisses: true)
    if let svg {
      try Output.writeFile(ResultsMap.svg(results: results, offense: offense, date: date), to: svg)
    }
    switch evaluation.format {
    case .text:
      Output.write(
        ResultsText.compare(
          results: results, mode: evaluation.mode, date: date, caseID: facts.id, vocabulary: library.vocabulary, careState: careCode, details: details))
    case .json: Output.write(ResultsJSON.render(results: results, mode: evaluation.mode, date: date, caseID: facts.id).rendered())
    }
  }
}
