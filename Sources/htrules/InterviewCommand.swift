import ArgumentParser
import Foundation
import HTCore
import RuleEngine
import RuleExport
import SafeFiles

struct InterviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "interview",
    abstract: "Ask only the question that matters most, one at a time, then show the comparison.",
    discussion: """
      Answer yes, no or don't know (ages as a number). Nothing is written to disk unless --save \
      is given. Answers may also come on standard input, one per line.
      """)

  @Option(name: .customLong("jurisdiction"), help: "Only these jurisdictions (repeatable; default: all).")
  var jurisdictions: [String] = []

  @Option(help: "Write the answers as a case file here when done (nothing is written otherwise).")
  var save: String?

  @Flag(help: "Also ask about a buyer (someone who paid for sex or services).")
  var buyer = false

  @Option(help: "How to print the comparison at the end: text or json (questions are always text).")
  var format: OutputFormat = .text

  @Option(help: "Ask at most this many questions.")
  var limit: Int = 40

  @OptionGroup var law: LawOptions
  @OptionGroup var rules: RulesOptions

  func run() throws {
    try Output.checkDestination(save)
    let library = try rules.load()
    let answers: LineReader
    do { answers = try LineReader() } catch let refused as InputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
    try JurisdictionChoice.check(jurisdictions, in: library)
    let date = law.date
    let mode = law.mode
    var session = Interview(library: library, mode: mode, date: date, jurisdictions: jurisdictions.isEmpty ? nil : jurisdictions, buyer: buyer)
    Output.write("htrules interview: \(Disclaimer.short)\nAnswer yes, no or don't know.\n")
    var asked = 0
    while asked < limit, let question = session.nextQuestion() {
      asked += 1
      let count = question.decides.isEmpty ? question.bearsOn.count : question.decides.count
      let weight = question.decides.isEmpty ? "matters for" : "would settle the result in"
      Output.write("\n\(asked). \(question.question)\n   (the answer \(weight) \(count) jurisdiction\(count == 1 ? "" : "s"))\n> ")
      guard let answer = try readAnswer(for: question.fact, vocabulary: library.vocabulary, from: answers) else {
        Output.write("\n(no more answers)\n")
        break
      }
      session.record(question.fact, answer)
    }
    Output.write("\n")
    let results = Evaluator(library: library).evaluate(session.facts, mode: mode, date: date, jurisdictions: session.jurisdictions, nearestMisses: true)
    switch format {
    case .text: Output.write(ResultsText.compare(results: results, mode: mode, date: date, caseID: nil))
    case .json: Output.write(ResultsJSON.render(results: results, mode: mode, date: date, caseID: nil).rendered())
    }
    if let save {
      try Output.writeFile(session.facts.json(vocabulary: library.vocabulary).rendered(), to: save)
      Output.write("\nSaved the answers to \(save).\n")
    }
  }

  /// nil at the end of input; `.some(nil)` for "don't know".
  func readAnswer(for fact: FactPath, vocabulary: Vocabulary, from answers: LineReader) throws -> FactValue?? {
    for _ in 0..<3 {
      let read: String?
      do { read = try answers.next() } catch let refused as InputRefused {
        Output.error(refused.description)
        throw Exit.badInput
      }
      guard let line = read else { return nil }
      let text = line.trimmingCharacters(in: .whitespaces).lowercased()
      if ["don't know", "dont know", "don’t know", "dk", "?", "unknown", "skip", ""].contains(text) { return .some(nil) }
      switch vocabulary.term(for: fact)?.type ?? .boolean {
      case .boolean:
        if ["y", "yes", "true"].contains(text) { return .some(.bool(true)) }
        if ["n", "no", "false"].contains(text) { return .some(.bool(false)) }
        Output.write("Please answer yes, no or don't know.\n> ")
      case .age:
        if let age = Int(text), (0...120).contains(age) { return .some(.age(age)) }
        Output.write("Please give an age in years (0–120) or don't know.\n> ")
      case .mentalState:
        if let level = MentalLevel(rawValue: text) { return .some(.level(level)) }
        Output.write("Please answer intentionally, knowingly, recklessly, negligently or don't know.\n> ")
      }
    }
    return .some(nil)
  }
}
