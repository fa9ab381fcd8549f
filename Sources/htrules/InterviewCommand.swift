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

  @Flag(help: "With the text comparison: also the groups, deciding provisions, nearest misses and open questions.")
  var details = false

  @Option(name: .customLong("care-state"), help: "The state where care is given (code or name): its result and the federal one come first.")
  var careState: String?

  @Option(
    help:
      "Play a scripted story (key:value lines, e.g. Examples/stories/teen-shelter.txt) instead of asking: prints each question and the questions until each offense kind is settled."
  )
  var story: String?

  @OptionGroup var law: LawOptions
  @OptionGroup var rules: RulesOptions

  func run() throws {
    try Output.checkDestination(save)
    let library = try rules.load()
    if let story {
      try play(story, library: library)
      return
    }
    let answers: LineReader
    do { answers = try LineReader() } catch let refused as InputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
    try JurisdictionChoice.check(jurisdictions, in: library)
    var session = InterviewSession(
      today: CalendarDate.today(), mode: law.mode, roles: buyer ? [.exploiter, .buyer] : [.exploiter],
      jurisdictions: jurisdictions.isEmpty ? nil : jurisdictions)
    // --as-of answers the first question.
    if let asOf = law.asOf { session.answer(.date, .date(asOf)) }
    if let careState {
      guard let code = InterviewSession.stateCode(careState, library: library) else {
        throw ValidationError("--care-state: not a state's code or name\(Suggestions.hint(for: careState, in: library.jurisdictions.map(\.code.text)))")
      }
      session.answer(.careState, .state(code))
    }
    Output.write(
      "htrules interview: \(Disclaimer.short)\nAnswer yes, no or don't know. At any question: \"back\" changes the last answer, "
        + "\"skip\" or \"don't know\" moves on, \"stop\" or \"done\" shows the results now (so does Ctrl-D).\n")
    var asked = 0
    var settledByItself = false
    ask: while true {
      guard let question = session.nextQuestion(library: library) else {
        settledByItself = true
        break
      }
      asked += 1
      let (settled, total) = session.settled(library: library)
      var prompt = "\n\(asked). \(question.text)\n"
      if question.changes > 0 {
        let count = question.jurisdictions.count
        prompt += "   (the answer can change the result in \(count) jurisdiction\(count == 1 ? "" : "s"))\n"
      }
      prompt += "[settled \(settled) of \(total)] > "
      Output.write(prompt)
      var tries = 0
      while true {
        let read: String?
        do { read = try answers.next() } catch let refused as InputRefused {
          Output.error(refused.description)
          throw Exit.badInput
        }
        guard let line = read else {
          Output.write("\n(end of input: showing the results)\n")
          break ask
        }
        switch InterviewSession.read(line, for: question, library: library) {
        case .stop:
          break ask
        case .back:
          if session.back() {
            asked -= 2
          } else {
            Output.write("(nothing to take back)\n")
            asked -= 1
          }
          continue ask
        case .answer(let answer):
          session.answer(question.step, answer)
          if let note = session.dateNote, question.step == .date { Output.write(note + "\n") }
          continue ask
        case .invalid(let hint):
          tries += 1
          if tries >= 3 {
            Output.write("(taken as don't know)\n")
            session.skip(question.step)
            continue ask
          }
          Output.write(hint + "\n> ")
        }
      }
    }
    if settledByItself {
      Output.write("\nNo answer to any remaining question could change a result: the interview is complete.\n")
    }
    Output.write("\n")
    let date = session.lawDate
    let results = Evaluator(library: library).evaluate(
      session.facts, mode: law.mode, date: date, jurisdictions: session.jurisdictions, nearestMisses: true)
    switch format {
    case .text:
      Output.write(
        ResultsText.compare(
          results: results, mode: law.mode, date: date, caseID: nil, vocabulary: library.vocabulary, careState: session.careState, details: details,
          dateNote: session.dateNote))
    case .json: Output.write(ResultsJSON.render(results: results, mode: law.mode, date: date, caseID: nil).rendered())
    }
    if let save {
      try Output.writeFile(session.facts.json(vocabulary: library.vocabulary).rendered(), to: save)
      Output.write("\nSaved the answers to \(save).\n")
    }
  }

  /// Plays a scripted story: the questions asked, each with the story's answer and how many
  /// jurisdictions are settled per offense kind, then the questions until each kind settled.
  func play(_ file: String, library: RuleLibrary) throws {
    let script = InterviewSession.Story(parsing: try InputFile.readText(file, what: "a story file").text)
    var session = InterviewSession(
      today: CalendarDate.today(), mode: law.mode, roles: buyer ? [.exploiter, .buyer] : [.exploiter],
      jurisdictions: jurisdictions.isEmpty ? nil : jurisdictions)
    if let state = script.answers["state"] {
      guard session.apply("state:" + state, library: library) == nil else {
        Output.error("\(file): the care state is not a state's code")
        throw Exit.badInput
      }
    }
    var until: [OffenseKind: Int] = [:]
    var asked = 0
    func note() -> String {
      OffenseKind.allCases.map { kind in
        let (settled, total) = session.settled(library: library, kind: kind)
        if settled == total && until[kind] == nil { until[kind] = asked }
        return "\(kind.words) \(settled)/\(total)"
      }.joined(separator: ", ")
    }
    Output.write("story \(file): settled before any question: \(note())\n")
    while let question = session.nextQuestion(library: library) {
      let key = InterviewSession.key(question.step)
      let value = script.answers[key] ?? "skip"
      if let problem = session.apply(key + ":" + value, library: library) {
        Output.error("\(file): the answer to \(key): \(problem)")
        throw Exit.badInput
      }
      asked += 1
      Output.write("\(asked). \(key) = \(value)  [settled: \(note())]\n")
    }
    let kinds = OffenseKind.allCases.map { kind in "\(kind.words) \(until[kind].map(String.init) ?? "never")" }.joined(separator: ", ")
    Output.write("questions until settled: \(kinds); complete after \(asked)\n")
  }
}
