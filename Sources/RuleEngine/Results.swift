import HTCore
import RuleSyntax

public enum EvaluationMode: String, Sendable, CaseIterable, Codable {
  /// "Is my patient a victim under this definition?" Mental states, knowledge, belief and
  /// defenses are assumed and listed as such.
  case identification
  /// Everything is evaluated strictly, defenses included.
  case liability
}

public enum Outcome: String, Sendable, CaseIterable, Comparable, Codable {
  case met
  case notMet = "not_met"
  case undetermined

  public static func < (a: Outcome, b: Outcome) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// Kleene OR over results for the same victim: met if any is met, else undetermined if any is,
  /// else not met. This is "the outcome for the victim" when several actors' conduct is judged.
  public static func anyMet(_ outcomes: some Sequence<Outcome>) -> Outcome {
    var sawUndetermined = false
    for outcome in outcomes {
      if outcome == .met { return .met }
      if outcome == .undetermined { sawUndetermined = true }
    }
    return sawUndetermined ? .undetermined : .notMet
  }

  public var words: String {
    switch self {
    case .met: return "met"
    case .notMet: return "not met"
    case .undetermined: return "undetermined"
    }
  }
}

/// The value of one element: Kleene's three values, plus "assumed" for what identification
/// mode does not ask about.
public enum ElementValue: String, Sendable, Codable {
  case met
  case notMet = "not_met"
  case undetermined
  case assumed
}

/// One node of an explanation tree: an offense, a prong, a condition or a defense rule.
public struct Explanation: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case offense, prong, condition, defense
  }
  public var kind: Kind
  public var label: String
  public var value: ElementValue
  public var why: String
  public var citation: String
  public var summary: String
  public var confidence: Confidence
  public var questions: [String]
  public var children: [Explanation]
  /// For condition nodes: what kind of requirement this is.
  public var element: Element? = nil
  /// For a concept's definition: the concept (`purpose.involuntary_servitude`).
  public var concept: String? = nil

  public enum Element: String, Sendable {
    case acts, purpose, means
    case victimAgeUnder = "victim_age_under"
    case victimAgeAtLeast = "victim_age_at_least"
    case victimFact = "victim_fact"
    case actorAge = "actor_age"
    case actorFact = "actor_fact"
    case mentalState = "mental_state"
    case anyOf = "any_of"
    case allOf = "all_of"

    init(_ test: ConditionTest) {
      switch test {
      case .acts: self = .acts
      case .purpose: self = .purpose
      case .meansAny, .meansDefinition: self = .means
      case .victimAge(.below): self = .victimAgeUnder
      case .victimAge(.atLeast): self = .victimAgeAtLeast
      case .victimFact: self = .victimFact
      case .actorAge: self = .actorAge
      case .actorFact: self = .actorFact
      case .mentalState: self = .mentalState
      case .anyOf: self = .anyOf
      case .allOf: self = .allOf
      }
    }
  }
}

/// An element identification mode took for granted.
public struct AssumedElement: Sendable, Hashable, Comparable {
  public var element: String
  public var citation: String
  public static func < (a: AssumedElement, b: AssumedElement) -> Bool { (a.element, a.citation) < (b.element, b.citation) }
}

/// A direct answer of "no" to a legal concept that the facts contradict: they meet the
/// jurisdiction's definition of it (cited), so the result follows the definition.
public struct ConceptConflict: Sendable, Hashable, Comparable {
  /// The answer that conflicts, e.g. `purpose.involuntary_servitude` or `exploiter.acts.promote_prostitution`.
  public var answer: FactPath
  /// The definition's citation.
  public var citation: String
  public init(answer: FactPath, citation: String) {
    self.answer = answer
    self.citation = citation
  }
  public static func < (a: ConceptConflict, b: ConceptConflict) -> Bool { (a.answer, a.citation) < (b.answer, b.citation) }
}

/// An open question in the encoding that a verdict depends on.
public struct OpenQuestion: Sendable, Hashable, Comparable {
  public var citation: String
  public var question: String
  public init(citation: String, question: String) {
    self.citation = citation
    self.question = question
  }
  public static func < (a: OpenQuestion, b: OpenQuestion) -> Bool { (a.citation, a.question) < (b.citation, b.question) }
}

/// The result for one jurisdiction, offense kind and role.
public struct EvaluationResult: Sendable, Equatable {
  public var jurisdiction: String
  public var jurisdictionName: String
  public var offense: OffenseKind
  public var role: Role
  public var outcome: Outcome
  /// The deciding prong's citation when met; otherwise the offenses' citations.
  public var citation: String
  /// `offense_id.prong_id` of the deciding prong, when met.
  public var prong: String?
  /// `offense_id.prong_id` of every prong considered, when not met or undetermined.
  public var failedProngs: [String]
  /// Unknown facts that could decide an undetermined result.
  public var missing: [FactPath]
  public var assumed: [AssumedElement]
  public var confidence: Confidence
  public var questions: [OpenQuestion]
  /// One tree per offense of this kind.
  public var explanation: [Explanation]
  /// What decided the result, in a few words, for grouping jurisdictions that agree for the
  /// same reason (e.g. "not met: force, fraud or coercion not established").
  public var reason: String = ""
  /// For results that are not met: the smallest fact changes that would make them met.
  public var nearestMisses: [NearestMiss] = []
  /// Legal concepts answered "no" directly although the facts meet the jurisdiction's definition;
  /// the result follows the definition.
  public var conflicts: [ConceptConflict] = []

  public init(
    jurisdiction: String, jurisdictionName: String, offense: OffenseKind, role: Role, outcome: Outcome, citation: String, prong: String?,
    failedProngs: [String], missing: [FactPath], assumed: [AssumedElement], confidence: Confidence, questions: [OpenQuestion], explanation: [Explanation]
  ) {
    self.jurisdiction = jurisdiction
    self.jurisdictionName = jurisdictionName
    self.offense = offense
    self.role = role
    self.outcome = outcome
    self.citation = citation
    self.prong = prong
    self.failedProngs = failedProngs
    self.missing = missing
    self.assumed = assumed
    self.confidence = confidence
    self.questions = questions
    self.explanation = explanation
  }
}
