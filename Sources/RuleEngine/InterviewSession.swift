import Dispatch
import Foundation
import HTCore

/// One interview as a pure value: the answers given so far, nothing else. The next question,
/// the facts and how many jurisdictions are settled are computed from the answers and the rules,
/// so the terminal and the web page (which sends the answers with every request) share it.
///
/// Order: when the conduct happened, the patient's age then, optionally the state where care is
/// given; then only observable facts that can still change an open result, each time the one that
/// settles the most open results. The interview is over when no unanswered fact can change any
/// result for the roles in the case.
public struct InterviewSession: Sendable, Equatable {
  /// What a question asks for.
  public enum Step: Sendable, Hashable {
    case date
    case careState
    case fact(FactPath)

    public static let victimAge = Step.fact(FactPath(.victim, "age"))
  }

  /// One answer. `skip` is "don't know" (or "skip"): the question is not asked again.
  public enum Answer: Sendable, Hashable {
    case date(CalendarDate)
    /// The conduct is still going on: today's law.
    case stillHappening
    /// The user does not know when: today's law, said on screen.
    case notSure
    case state(String)
    case value(FactValue)
    case skip
  }

  public struct Entry: Sendable, Hashable {
    public var step: Step
    public var answer: Answer
    public init(_ step: Step, _ answer: Answer) {
      self.step = step
      self.answer = answer
    }
  }

  /// What kind of input a question takes.
  public enum InputKind: String, Sendable {
    case date, age, state, yesNo = "yes_no", mentalState = "mental_state"
  }

  public struct Question: Sendable, Equatable {
    public var step: Step
    public var text: String
    public var input: InputKind
    /// Open results (jurisdiction × offense kind × role) whose outcome the answer can change.
    public var changes: Int
    /// Jurisdictions among them.
    public var jurisdictions: [String]

    public init(step: Step, text: String, input: InputKind, changes: Int, jurisdictions: [String]) {
      self.step = step
      self.text = text
      self.input = input
      self.changes = changes
      self.jurisdictions = jurisdictions
    }
  }

  /// What the user typed or clicked, read against the current question.
  public enum Reply: Sendable, Equatable {
    case answer(Answer)
    case stop
    case back
    /// Not understood; the text says what is expected.
    case invalid(String)
  }

  public let today: CalendarDate
  public let mode: EvaluationMode
  public let roles: [Role]
  public let jurisdictions: [String]?
  public let asksCareState: Bool
  public private(set) var entries: [Entry]

  public init(
    today: CalendarDate, mode: EvaluationMode = .identification, roles: [Role] = [.exploiter], jurisdictions: [String]? = nil, asksCareState: Bool = false,
    entries: [Entry] = []
  ) {
    self.today = today
    self.mode = mode
    self.roles = roles.isEmpty ? [.exploiter] : roles
    self.jurisdictions = jurisdictions
    self.asksCareState = asksCareState
    self.entries = entries
  }

  // MARK: State

  public func answer(to step: Step) -> Answer? { entries.last { $0.step == step }?.answer }

  /// The date whose law applies: the answer, or today when the conduct is ongoing, the date is
  /// not known, or the question has not been answered.
  public var lawDate: CalendarDate {
    if case .date(let date)? = answer(to: .date) { return date }
    return today
  }

  /// Said on screen when today's law is applied because the date is unknown.
  public var dateNote: String? {
    switch answer(to: .date) {
    case .date?: return nil
    case .stillHappening?: return "Still happening: the law in force today (\(today)) is applied."
    case .notSure?, .skip?: return "Date not known: the law in force today (\(today)) is applied."
    default: return nil
    }
  }

  /// The care state's code, when given.
  public var careState: String? {
    if case .state(let code)? = answer(to: .careState) { return code }
    return nil
  }

  /// The facts answered so far, as a case file dated `lawDate`.
  public var facts: CaseFile {
    var facts = CaseFile(date: lawDate, roles: roles)
    for entry in entries {
      if case .fact(let path) = entry.step {
        if case .value(let value) = entry.answer { facts[path] = value } else { facts[path] = nil }
      }
    }
    return facts
  }

  /// Records the answer to a question (a later answer to the same step replaces the earlier one).
  public mutating func answer(_ step: Step, _ answer: Answer) {
    entries.removeAll { $0.step == step }
    entries.append(Entry(step, answer))
  }

  /// "don't know" / "skip": not asked again.
  public mutating func skip(_ step: Step) { answer(step, .skip) }

  /// Takes back the last answer, which is then asked again. False when there is none.
  @discardableResult public mutating func back() -> Bool {
    guard !entries.isEmpty else { return false }
    entries.removeLast()
    return true
  }

  // MARK: Questions

  /// The next question, or nil when the interview is settled: no unanswered fact can change any
  /// result for the roles in the case.
  public func nextQuestion(library: RuleLibrary) -> Question? {
    if answer(to: .date) == nil {
      return Question(
        step: .date, text: "When did this happen? Give a date (YYYY-MM-DD), or say \"still happening\" or \"not sure\".", input: .date, changes: 0,
        jurisdictions: [])
    }
    if answer(to: .victimAge) == nil {
      return Question(
        step: .victimAge, text: library.vocabulary.term(for: FactPath(.victim, "age"))?.question ?? "How old was the patient when this happened?",
        input: .age, changes: 0, jurisdictions: [])
    }
    if asksCareState && answer(to: .careState) == nil {
      return Question(
        step: .careState, text: "In which state is the patient being cared for? (Optional: its result and the federal one are shown first.)", input: .state,
        changes: 0, jurisdictions: [])
    }
    return rankedFacts(library: library).first
  }

  /// True when no unanswered fact can change any result.
  public func isSettled(library: RuleLibrary) -> Bool { nextQuestion(library: library) == nil }

  /// The current results (no nearest misses).
  public func results(library: RuleLibrary) -> [EvaluationResult] {
    Evaluator(library: library).evaluate(facts, mode: mode, date: lawDate, jurisdictions: jurisdictions)
  }

  /// How many jurisdictions have no open result, for the given offense kind or for all.
  public func settled(library: RuleLibrary, kind: OffenseKind? = nil) -> (settled: Int, of: Int) {
    let results = self.results(library: library).filter { kind == nil || $0.offense == kind }
    let byJurisdiction = Dictionary(grouping: results, by: \.jurisdiction)
    return (byJurisdiction.values.filter { $0.allSatisfy { $0.outcome != .undetermined } }.count, byJurisdiction.count)
  }

  /// The unanswered observable facts that an open result still depends on (the evaluator's
  /// `missing`: alone or with other unknown facts they can change it), best first: the most open
  /// results the answer settles by itself (on average over the possible answers) among the
  /// offense kinds the answers point to (ties: the one surer to settle the results it bears on),
  /// then among all, then the most open results they bear on, then vocabulary order. Facts no open result depends on are never asked.
  public func rankedFacts(library: RuleLibrary) -> [Question] {
    let facts = self.facts
    let date = lawDate
    let evaluator = Evaluator(library: library)
    let open = evaluator.evaluate(facts, mode: mode, date: date, jurisdictions: jurisdictions).filter { $0.outcome == .undetermined }
    let answered = Set(
      entries.compactMap { entry -> FactPath? in
        if case .fact(let path) = entry.step { return path }
        return nil
      })
    let askedDirectly = Set(library.jurisdictions.flatMap { $0.conceptDefinitions.filter(\.askedDirectly).map(\.path) })
    let mode = self.mode
    let askable: @Sendable (FactPath) -> Bool = { path in
      guard let term = library.vocabulary.term(for: path) else { return false }
      switch term.category {
      case .fact: return true
      case .mental: return mode == .liability
      case .concept: return askedDirectly.contains("\(path.group.rawValue).\(path.term)")
      }
    }
    // The offense kinds the answers point to: a purpose answered yes that a kind's definitions
    // test. Their open results are settled first ("what happened to the patient" first).
    let yesPurposes = Set(facts.facts.filter { $0.key.group == .purpose && $0.value == .bool(true) }.map(\.key))
    var inPlay: Set<OffenseKind> = []
    if !yesPurposes.isEmpty {
      for kind in OffenseKind.allCases {
        for j in library.jurisdictions where !inPlay.contains(kind) && j.offenses.contains(where: { $0.kind == kind }) {
          let tested = RuleFormula(jurisdiction: j, kind: kind, role: roles[0], mode: mode, date: date, vocabulary: library.vocabulary).facts
          if !tested.isDisjoint(with: yesPurposes) { inPlay.insert(kind) }
        }
      }
    }
    // Each open result, tried with every value of every unanswered fact it depends on; spread
    // over the cores.
    struct Effect: Sendable {
      var path: FactPath
      var settles: Double
      var inPlay: Bool
      var jurisdiction: String
    }
    let inPlayKinds = inPlay
    let work = open
    let slots = ResultSlots<[Effect]>(count: work.count)
    DispatchQueue.concurrentPerform(iterations: work.count) { index in
      let result = work[index]
      guard let j = library.jurisdiction(result.jurisdiction) else {
        slots.set(index, [])
        return
      }
      var effects: [Effect] = []
      for path in Set(result.missing).sorted() where !answered.contains(path) && askable(path) {
        let values = QuestionRanking.values(for: path, jurisdiction: j, kind: result.offense, role: result.role, mode: mode, date: date, library: library)
        // How many of its possible answers settle this result by themselves (0 when it takes
        // other facts too: it is still asked, after those that settle more).
        var settled = 0
        for value in values {
          var changed = facts
          changed[path] = value
          if evaluator.evaluate(j, kind: result.offense, role: result.role, facts: changed, mode: mode, date: date).outcome != .undetermined { settled += 1 }
        }
        effects.append(
          Effect(
            path: path, settles: Double(settled) / Double(max(values.count, 1)), inPlay: inPlayKinds.contains(result.offense),
            jurisdiction: result.jurisdiction))
      }
      slots.set(index, effects)
    }
    var changes: [FactPath: Int] = [:]
    var settles: [FactPath: Double] = [:]
    var settlesInPlay: [FactPath: Double] = [:]
    var changesInPlay: [FactPath: Int] = [:]
    var where_: [FactPath: Set<String>] = [:]
    for effect in slots.values.joined() {
      changes[effect.path, default: 0] += 1
      settles[effect.path, default: 0] += effect.settles
      if effect.inPlay {
        settlesInPlay[effect.path, default: 0] += effect.settles
        changesInPlay[effect.path, default: 0] += 1
      }
      where_[effect.path, default: []].insert(effect.jurisdiction)
    }
    let order = Dictionary(uniqueKeysWithValues: library.vocabulary.factPaths.enumerated().map { ($1, $0) })
    return changes.keys.sorted { a, b in
      let pa = settlesInPlay[a] ?? 0, pb = settlesInPlay[b] ?? 0
      if pa != pb { return pa > pb }
      // Equal: the one surer to settle the results it bears on.
      let ra = pa / Double(max(changesInPlay[a] ?? 0, 1)), rb = pb / Double(max(changesInPlay[b] ?? 0, 1))
      if ra != rb { return ra > rb }
      let sa = settles[a] ?? 0, sb = settles[b] ?? 0
      if sa != sb { return sa > sb }
      if changes[a] != changes[b] { return (changes[a] ?? 0) > (changes[b] ?? 0) }
      return (order[a] ?? Int.max) < (order[b] ?? Int.max)
    }.map { path in
      let input: InputKind
      switch library.vocabulary.term(for: path)?.type ?? .boolean {
      case .boolean: input = .yesNo
      case .age: input = .age
      case .mentalState: input = .mentalState
      }
      return Question(
        step: .fact(path), text: QuestionRanking.question(for: path, vocabulary: library.vocabulary), input: input, changes: changes[path] ?? 0,
        jurisdictions: (where_[path] ?? []).sorted())
    }
  }

  // MARK: Reading replies

  /// Reads typed text as a reply to `question`: stop/done, back, skip/don't know, or an answer.
  public static func read(_ text: String, for question: Question, library: RuleLibrary) -> Reply {
    let text = text.trimmingSpaces().lowercased().replacingOccurrences(of: "’", with: "'")
    if ["stop", "done", "quit", "exit"].contains(text) { return .stop }
    if ["back", "undo"].contains(text) { return .back }
    if ["skip", "don't know", "dont know", "dk", "?", "unknown", "not sure", "notsure", ""].contains(text) {
      return .answer(question.input == .date && text != "skip" && !text.isEmpty ? .notSure : .skip)
    }
    switch question.input {
    case .date:
      if ["still happening", "still", "ongoing", "now", "today"].contains(text) { return .answer(.stillHappening) }
      if let date = CalendarDate(text) { return .answer(.date(date)) }
      return .invalid("Please give a date as YYYY-MM-DD, \"still happening\", \"not sure\", or \"back\" / \"stop\".")
    case .age:
      if let age = Int(text), (0...120).contains(age) { return .answer(.value(.age(age))) }
      return .invalid("Please give an age in years (0–120), or \"don't know\", \"back\" or \"stop\".")
    case .state:
      if let code = stateCode(text, library: library) { return .answer(.state(code)) }
      return .invalid("Please give a state's two-letter code or name (for example OH or Ohio), or \"skip\".")
    case .yesNo:
      if ["y", "yes", "true"].contains(text) { return .answer(.value(.bool(true))) }
      if ["n", "no", "false"].contains(text) { return .answer(.value(.bool(false))) }
      return .invalid("Please answer yes, no or don't know (or \"back\" / \"stop\").")
    case .mentalState:
      if let level = MentalLevel(rawValue: text) { return .answer(.value(.level(level))) }
      return .invalid("Please answer intentionally, knowingly, recklessly, negligently or don't know.")
    }
  }

  /// A state (not federal law) named by its code or its name, as its code.
  public static func stateCode(_ text: String, library: RuleLibrary) -> String? {
    let wanted = text.trimmingSpaces().lowercased()
    let match = library.jurisdictions.first { $0.code.text.lowercased() == wanted || $0.name.lowercased() == wanted }
    guard let match, match.code.text != "US" else { return nil }
    return match.code.text
  }

  // MARK: Encoding (for the web page: the answers travel with each request)

  /// Each answer as `key:value` (`date:2025-03-01`, `date:ongoing`, `state:OH`,
  /// `victim.age:16`, `purpose.commercial_sex:yes`, `exploiter.acts.recruit:skip`).
  public var encoded: [String] {
    entries.map { entry in
      let key: String
      switch entry.step {
      case .date: key = "date"
      case .careState: key = "state"
      case .fact(let path): key = path.description
      }
      let value: String
      switch entry.answer {
      case .date(let date): value = date.description
      case .stillHappening: value = "ongoing"
      case .notSure: value = "unsure"
      case .state(let code): value = code
      case .value(let v): value = v.description
      case .skip: value = "skip"
      }
      return key + ":" + value
    }
  }

  /// The reason an encoded answer is refused: its position and what is wrong (never its value).
  public struct DecodingError: Error, Sendable, Equatable {
    public var index: Int
    public var problem: String
  }

  /// Rebuilds the answers from `encoded`, checking every one against the vocabulary.
  public static func decode(
    _ encoded: [String], today: CalendarDate, mode: EvaluationMode = .identification, roles: [Role] = [.exploiter], jurisdictions: [String]? = nil,
    asksCareState: Bool = false, library: RuleLibrary
  ) -> Result<InterviewSession, DecodingError> {
    var session = InterviewSession(today: today, mode: mode, roles: roles, jurisdictions: jurisdictions, asksCareState: asksCareState)
    for (index, item) in encoded.enumerated() {
      if let problem = session.apply(item, library: library) { return .failure(DecodingError(index: index, problem: problem)) }
    }
    return .success(session)
  }

  /// The key a step is encoded under: `date`, `state` or the fact's path.
  public static func key(_ step: Step) -> String {
    switch step {
    case .date: return "date"
    case .careState: return "state"
    case .fact(let path): return path.description
    }
  }

  /// Records one encoded answer (`key:value`); returns what is wrong with it (never its value).
  public mutating func apply(_ item: String, library: RuleLibrary) -> String? {
    guard let colon = item.lastIndex(of: ":") else { return "expected key:value" }
    let key = String(item[..<colon]), value = String(item[item.index(after: colon)...])
    switch key {
    case "date":
      switch value {
      case "ongoing": answer(.date, .stillHappening)
      case "unsure": answer(.date, .notSure)
      case "skip": answer(.date, .skip)
      default:
        guard let date = CalendarDate(value) else { return "the date is not YYYY-MM-DD, ongoing or unsure" }
        answer(.date, .date(date))
      }
    case "state":
      if value == "skip" {
        answer(.careState, .skip)
      } else {
        guard let code = Self.stateCode(value, library: library) else { return "not a state's code" }
        answer(.careState, .state(code))
      }
    default:
      guard let path = FactPath(parsing: key), let term = library.vocabulary.term(for: path), path.role.map(roles.contains) ?? true else {
        return "not a fact of the vocabulary for the roles in this interview"
      }
      if value == "skip" {
        answer(.fact(path), .skip)
        return nil
      }
      let parsed: FactValue?
      switch term.type {
      case .boolean: parsed = value == "yes" ? .bool(true) : value == "no" ? .bool(false) : nil
      case .age: parsed = Int(value).flatMap { (0...120).contains($0) ? .age($0) : nil }
      case .mentalState: parsed = MentalLevel(rawValue: value).map { .level($0) }
      }
      guard let parsed else { return "the value does not fit the fact's type" }
      answer(.fact(path), .value(parsed))
    }
    return nil
  }

  // MARK: Scripted stories (benchmark and tests)

  /// A scripted patient: the answer to each question it knows (`key:value` lines, `#` comments);
  /// every other question is answered "don't know".
  public struct Story: Sendable {
    public var answers: [String: String]

    public init(parsing text: String) {
      var answers: [String: String] = [:]
      for raw in text.split(whereSeparator: \.isNewline) {
        let line = String(raw).trimmingSpaces()
        guard !line.isEmpty, !line.hasPrefix("#"), let colon = line.lastIndex(of: ":") else { continue }
        answers[String(line[..<colon]).trimmingSpaces()] = String(line[line.index(after: colon)...]).trimmingSpaces()
      }
      self.answers = answers
    }
  }

  /// Plays a story: asks until `done` holds or the interview is settled. Returns the questions
  /// asked, in order, with the answer given; nil when the story's answer does not fit.
  public mutating func play(_ story: Story, library: RuleLibrary, until done: (InterviewSession) -> Bool) -> [(Question, String)]? {
    var asked: [(Question, String)] = []
    // The care state is given up front unless the interview asks for it.
    if !asksCareState, answer(to: .careState) == nil, let state = story.answers["state"] {
      guard apply("state:" + state, library: library) == nil else { return nil }
    }
    while !done(self), let question = nextQuestion(library: library) {
      let key = Self.key(question.step)
      let value = story.answers[key] ?? "skip"
      guard apply(key + ":" + value, library: library) == nil else { return nil }
      asked.append((question, value))
    }
    return asked
  }
}

extension String {
  func trimmingSpaces() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}
