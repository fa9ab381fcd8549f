import ArgumentParser
import HTCore
import RuleEngine
import RuleExport

struct QuestionsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "questions", abstract: "Rank the unknown facts of a case by how many jurisdictions' results they would decide.")

  @OptionGroup var evaluation: EvaluationOptions
  @OptionGroup var rules: RulesOptions

  @Option(name: .customLong("jurisdiction"), help: "Only these jurisdictions (repeatable; default: all).")
  var jurisdictions: [String] = []

  func run() throws {
    let library = try rules.load()
    try JurisdictionChoice.check(jurisdictions, in: library)
    let facts = try InputFile.readCase(evaluation.caseFile, vocabulary: library.vocabulary)
    let ranking = QuestionRanking(
      facts: facts, mode: evaluation.mode, date: evaluation.date(for: facts), library: library, jurisdictions: jurisdictions.isEmpty ? nil : jurisdictions)
    Output.write(evaluation.format == .json ? AnalysisExport.questionsJSON(ranking).rendered() : AnalysisExport.questionsText(ranking))
  }
}
