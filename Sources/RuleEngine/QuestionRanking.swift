import HTCore
import RuleSyntax

/// Ranks the unknown facts of a case by how many jurisdictions' results they would decide:
/// a fact decides a result when setting it one way or the other gives different outcomes.
public struct QuestionRanking: Sendable {
  public struct Question: Sendable, Equatable {
    public var fact: FactPath
    public var question: String
    /// Jurisdictions whose outcome (for some offense kind and role) this fact decides.
    public var decides: [String]
    /// Jurisdictions with an open result that this fact bears on, though it cannot settle it alone.
    public var bearsOn: [String]
  }

  public var questions: [Question]

  public init(facts: CaseFile, mode: EvaluationMode, date: CalendarDate, library: RuleLibrary, jurisdictions: [String]? = nil, skipping: Set<FactPath> = []) {
    let evaluator = Evaluator(library: library)
    let results = evaluator.evaluate(facts, mode: mode, date: date, jurisdictions: jurisdictions).filter { $0.outcome == .undetermined }
    // A legal concept is asked only where some jurisdiction takes it as a direct answer; elsewhere
    // its facts are asked instead.
    let askedDirectly = Set(library.jurisdictions.flatMap { $0.conceptDefinitions.filter(\.askedDirectly).map(\.path) })
    func askable(_ path: FactPath) -> Bool {
      guard library.vocabulary.term(for: path)?.category == .concept else { return true }
      return askedDirectly.contains("\(path.group.rawValue).\(path.term)")
    }
    var decides: [FactPath: Set<String>] = [:]
    var bearsOn: [FactPath: Set<String>] = [:]
    for result in results {
      guard let j = library.jurisdiction(result.jurisdiction) else { continue }
      for path in result.missing where !skipping.contains(path) && facts[path] == nil && askable(path) {
        bearsOn[path, default: []].insert(result.jurisdiction)
        let outcomes = Set(
          Self.values(for: path, jurisdiction: j, kind: result.offense, role: result.role, mode: mode, date: date, library: library).map { value -> Outcome in
            var changed = facts
            changed[path] = value
            return evaluator.evaluate(j, kind: result.offense, role: result.role, facts: changed, mode: mode, date: date).outcome
          })
        if outcomes.count > 1 { decides[path, default: []].insert(result.jurisdiction) }
      }
    }
    let order = Dictionary(uniqueKeysWithValues: library.vocabulary.factPaths.enumerated().map { ($1, $0) })
    questions = bearsOn.map { path, codes in
      Question(fact: path, question: Self.question(for: path, vocabulary: library.vocabulary), decides: (decides[path] ?? []).sorted(), bearsOn: codes.sorted())
    }.sorted {
      ($0.decides.count, $0.bearsOn.count, -(order[$0.fact] ?? 0)) > ($1.decides.count, $1.bearsOn.count, -(order[$1.fact] ?? 0))
    }
  }

  /// The values worth trying for a fact: yes and no, each age region, each mental state.
  static func values(
    for path: FactPath, jurisdiction: JurisdictionDecl, kind: OffenseKind, role: Role, mode: EvaluationMode, date: CalendarDate, library: RuleLibrary
  ) -> [FactValue] {
    switch library.vocabulary.term(for: path)?.type ?? .boolean {
    case .boolean: return [.bool(true), .bool(false)]
    case .mentalState: return MentalLevel.allCases.map { .level($0) }
    case .age:
      let formula = RuleFormula(jurisdiction: jurisdiction, kind: kind, role: role, mode: mode, date: date, vocabulary: library.vocabulary)
      let cuts = formula.thresholds(for: path).filter { $0 > 0 && $0 <= 120 }
      return ([0] + cuts.sorted()).map { .age($0) }
    }
  }

  /// The plain-language question, saying whose conduct an actor question is about.
  public static func question(for path: FactPath, vocabulary: Vocabulary) -> String {
    let text = vocabulary.term(for: path)?.question ?? path.description
    switch (path.role, path.group) {
    case (.exploiter?, .acts), (.exploiter?, .actor):
      return "About the person who recruited, controlled or profited from the patient: " + text
    case (.buyer?, .acts), (.buyer?, .actor):
      return "About the person who paid for sex or services: " + text
    case (.buyer?, .means):
      return "About the person who paid: " + text
    default:
      return text
    }
  }
}
