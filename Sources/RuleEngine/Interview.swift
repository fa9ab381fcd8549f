import HTCore

/// The state of a questionnaire: the facts gathered so far and the questions answered
/// "don't know", which are not asked again. Held in memory only.
public struct Interview: Sendable {
  public let library: RuleLibrary
  public let mode: EvaluationMode
  public let date: CalendarDate
  public let jurisdictions: [String]?
  public private(set) var facts: CaseFile
  public private(set) var unknown: Set<FactPath> = []

  public init(library: RuleLibrary, mode: EvaluationMode, date: CalendarDate, jurisdictions: [String]?, buyer: Bool) {
    self.library = library
    self.mode = mode
    self.date = date
    self.jurisdictions = jurisdictions
    self.facts = CaseFile(date: date, roles: buyer ? [.exploiter, .buyer] : [.exploiter])
  }

  /// The question that would settle the most jurisdictions now, or nil when nothing more can be learned.
  public func nextQuestion() -> QuestionRanking.Question? {
    QuestionRanking(facts: facts, mode: mode, date: date, library: library, jurisdictions: jurisdictions, skipping: unknown).questions.first
  }

  /// Records an answer; nil means "don't know".
  public mutating func record(_ fact: FactPath, _ value: FactValue?) {
    if let value { facts[fact] = value } else { unknown.insert(fact) }
  }
}
