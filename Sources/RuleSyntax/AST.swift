import HTCore

/// Where a node came from: a byte offset in a rule file, or a line in the XML file it was
/// compiled from. Origins never take part in equality, so an AST parsed from rule text equals
/// the AST compiled from XML when their content is the same.
public struct NodeOrigin: Sendable, Hashable {
  public var file: String
  public var position: Diagnostic.Position

  public init(file: String, position: Diagnostic.Position) {
    self.file = file
    self.position = position
  }

  public static let none = NodeOrigin(file: "", position: .file)
  public static func == (_: NodeOrigin, _: NodeOrigin) -> Bool { true }
  public func hash(into hasher: inout Hasher) {}
}

/// A name written in a rule: an id, a vocabulary term or a reference.
public struct Name: Sendable, Hashable, CustomStringConvertible {
  public var text: String
  public var origin: NodeOrigin
  public init(_ text: String, origin: NodeOrigin = .none) {
    self.text = text
    self.origin = origin
  }
  public var description: String { text }
}

/// A rule file holds one jurisdiction or the vocabulary.
public enum RuleDocument: Sendable, Equatable {
  case jurisdiction(JurisdictionDecl)
  case vocabulary(VocabularyDecl)
}

/// Citation, source, confidence, summary and open question: carried by every rule part.
public struct RuleNotes: Sendable, Equatable {
  public var citation: String
  public var source: Name?
  public var confidence: Confidence?
  public var summary: String
  public var question: String?

  public init(citation: String, source: Name? = nil, confidence: Confidence? = nil, summary: String, question: String? = nil) {
    self.citation = citation
    self.source = source
    self.confidence = confidence
    self.summary = summary
    self.question = question
  }
}

public struct JurisdictionDecl: Sendable, Equatable {
  public var code: Name
  public var name: String
  public var sources: [SourceDecl]
  public var amendmentSweep: AmendmentSweepDecl?
  public var safeHarbor: SafeHarborDecl?
  public var meansDefinitions: [MeansDefinitionDecl]
  public var conceptDefinitions: [ConceptDefinitionDecl]
  public var offenses: [OffenseDecl]
  public var origin: NodeOrigin

  public init(
    code: Name, name: String, sources: [SourceDecl] = [], amendmentSweep: AmendmentSweepDecl? = nil, safeHarbor: SafeHarborDecl? = nil,
    meansDefinitions: [MeansDefinitionDecl] = [], conceptDefinitions: [ConceptDefinitionDecl] = [], offenses: [OffenseDecl] = [],
    origin: NodeOrigin = .none
  ) {
    self.conceptDefinitions = conceptDefinitions
    self.code = code
    self.name = name
    self.sources = sources
    self.amendmentSweep = amendmentSweep
    self.safeHarbor = safeHarbor
    self.meansDefinitions = meansDefinitions
    self.offenses = offenses
    self.origin = origin
  }
}

public struct SourceDecl: Sendable, Equatable {
  public var id: Name
  public var citation: String
  public var url: String
  public var currentAsOf: CalendarDate
  public var accessed: CalendarDate
  public var tier: SourceTier
  public var origin: NodeOrigin

  public init(
    id: Name, citation: String, url: String, currentAsOf: CalendarDate, accessed: CalendarDate, tier: SourceTier, origin: NodeOrigin = .none
  ) {
    self.tier = tier
    self.id = id
    self.citation = citation
    self.url = url
    self.currentAsOf = currentAsOf
    self.accessed = accessed
    self.origin = origin
  }
}

/// The record of a search for acts amending the jurisdiction's offenses: checked through a date,
/// what was searched, and each act found with what became of it.
public struct AmendmentSweepDecl: Sendable, Equatable {
  public var checkedThrough: CalendarDate
  public var performed: CalendarDate
  public var searched: String
  public var findings: [AmendmentFindingDecl]
  public var origin: NodeOrigin

  public init(checkedThrough: CalendarDate, performed: CalendarDate, searched: String, findings: [AmendmentFindingDecl], origin: NodeOrigin = .none) {
    self.checkedThrough = checkedThrough
    self.performed = performed
    self.searched = searched
    self.findings = findings
    self.origin = origin
  }
}

public struct AmendmentFindingDecl: Sendable, Equatable {
  public var act: String
  public var outcome: AmendmentOutcome
  public var effective: CalendarDate?
  public var source: Name?
  public var summary: String
  public var origin: NodeOrigin

  public init(act: String, outcome: AmendmentOutcome, effective: CalendarDate?, source: Name?, summary: String, origin: NodeOrigin = .none) {
    self.act = act
    self.outcome = outcome
    self.effective = effective
    self.source = source
    self.summary = summary
    self.origin = origin
  }
}

public struct SafeHarborDecl: Sendable, Equatable {
  public var kind: SafeHarborKind
  public var notes: RuleNotes
  public var origin: NodeOrigin
  public init(kind: SafeHarborKind, notes: RuleNotes, origin: NodeOrigin = .none) {
    self.kind = kind
    self.notes = notes
    self.origin = origin
  }
}

/// A statute's list of coercive means (its definition of coercion, "compelled", …).
public struct MeansDefinitionDecl: Sendable, Equatable {
  public var id: Name
  /// "includes but is not limited to": an unlisted means that was used leaves the element open.
  public var isOpen: Bool
  public var notes: RuleNotes
  public var means: [Name]
  public var origin: NodeOrigin

  public init(id: Name, isOpen: Bool, notes: RuleNotes, means: [Name], origin: NodeOrigin = .none) {
    self.id = id
    self.isOpen = isOpen
    self.notes = notes
    self.means = means
    self.origin = origin
  }
}

/// A jurisdiction's definition of a legal concept (a vocabulary term of category `concept`) in
/// terms of observable facts: conditions AND-ed as in a prong, evaluated for the role of the prong
/// that names the concept. In force for the versions that begin between `effectiveFrom` and
/// `effectiveTo` (both optional, inclusive).
public struct ConceptDefinitionDecl: Sendable, Equatable {
  public var group: Vocabulary.Group
  public var term: Name
  public var effectiveFrom: CalendarDate?
  public var effectiveTo: CalendarDate?
  /// Named without a definition from facts: the notes say why the concept is asked directly.
  public var askedDirectly: Bool
  public var notes: RuleNotes
  public var conditions: [ConditionDecl]
  public var origin: NodeOrigin

  public init(
    group: Vocabulary.Group, term: Name, effectiveFrom: CalendarDate? = nil, effectiveTo: CalendarDate? = nil, askedDirectly: Bool = false,
    notes: RuleNotes, conditions: [ConditionDecl], origin: NodeOrigin = .none
  ) {
    self.askedDirectly = askedDirectly
    self.group = group
    self.term = term
    self.effectiveFrom = effectiveFrom
    self.effectiveTo = effectiveTo
    self.notes = notes
    self.conditions = conditions
    self.origin = origin
  }

  /// "purpose.involuntary_servitude"
  public var path: String { "\(group.rawValue).\(term.text)" }

  /// Whether the definition applies to a version that begins on `date`.
  public func applies(on date: CalendarDate) -> Bool {
    (effectiveFrom.map { $0 <= date } ?? true) && (effectiveTo.map { date <= $0 } ?? true)
  }
}

public struct OffenseDecl: Sendable, Equatable {
  public var id: Name
  public var name: String
  public var kind: OffenseKind
  public var citation: String
  /// The day the offense first existed, when known: conduct before it is not met (rather than
  /// undetermined, which is the answer for dates before the earliest encoded version).
  public var firstInForce: CalendarDate?
  public var versions: [VersionDecl]
  public var origin: NodeOrigin

  public init(
    id: Name, name: String, kind: OffenseKind, citation: String, firstInForce: CalendarDate? = nil, versions: [VersionDecl], origin: NodeOrigin = .none
  ) {
    self.id = id
    self.name = name
    self.kind = kind
    self.citation = citation
    self.firstInForce = firstInForce
    self.versions = versions
    self.origin = origin
  }
}

public struct VersionDecl: Sendable, Equatable {
  public var effectiveFrom: CalendarDate
  /// Last day in force (inclusive); nil while in force.
  public var effectiveTo: CalendarDate?
  public var enactedBy: String?
  public var note: String?
  public var prongs: [ProngDecl]
  public var defenses: [DefenseDecl]
  public var origin: NodeOrigin

  public init(
    effectiveFrom: CalendarDate, effectiveTo: CalendarDate? = nil, enactedBy: String? = nil, note: String? = nil, prongs: [ProngDecl],
    defenses: [DefenseDecl] = [], origin: NodeOrigin = .none
  ) {
    self.effectiveFrom = effectiveFrom
    self.effectiveTo = effectiveTo
    self.enactedBy = enactedBy
    self.note = note
    self.prongs = prongs
    self.defenses = defenses
    self.origin = origin
  }

  public func isInForce(on date: CalendarDate) -> Bool {
    effectiveFrom <= date && (effectiveTo.map { date <= $0 } ?? true)
  }
}

/// One alternative route to the offense. Its conditions are AND-ed; prongs are OR-ed.
public struct ProngDecl: Sendable, Equatable {
  public var id: Name
  public var roles: [Role]
  public var notes: RuleNotes
  public var conditions: [ConditionDecl]
  public var origin: NodeOrigin

  public init(id: Name, roles: [Role], notes: RuleNotes, conditions: [ConditionDecl], origin: NodeOrigin = .none) {
    self.id = id
    self.roles = roles
    self.notes = notes
    self.conditions = conditions
    self.origin = origin
  }
}

public struct ConditionDecl: Sendable, Equatable {
  public var test: ConditionTest
  public var notes: RuleNotes
  public var origin: NodeOrigin
  /// Set only on conditions made when concept definitions are expanded for evaluation; never
  /// written in rule text.
  public var concept: ConceptExpansion?

  public init(test: ConditionTest, notes: RuleNotes, origin: NodeOrigin = .none, concept: ConceptExpansion? = nil) {
    self.test = test
    self.notes = notes
    self.origin = origin
    self.concept = concept
  }
}

/// How an evaluated condition relates to a legal concept: `answerOrDefinition` is the `any of`
/// that accepts a written condition (its first member, which names the concepts) or their
/// definitions; `definition` is one concept's definition (an `all of`).
public enum ConceptExpansion: Sendable, Equatable {
  case answerOrDefinition(concepts: [String])
  case definition(concept: String)
}

/// What a condition tests. Acts and actor facts are the role's own; means are the venture's
/// (any actor's); purpose and victim facts belong to the case.
public indirect enum ConditionTest: Sendable, Equatable {
  case acts([Name])
  case purpose([Name])
  case meansAny([Name])
  case meansDefinition(Name)
  case victimAge(AgeBound)
  case victimFact(Name, expected: Bool)
  case actorAge(AgeBound)
  case actorFact(Name, expected: Bool)
  case mentalState(MentalLevel)
  case anyOf([ConditionDecl])
  case allOf([ConditionDecl])
}

public struct DefenseDecl: Sendable, Equatable {
  public var kind: DefenseKind
  public var rule: DefenseRule
  public var notes: RuleNotes
  public var origin: NodeOrigin

  public init(kind: DefenseKind, rule: DefenseRule, notes: RuleNotes, origin: NodeOrigin = .none) {
    self.kind = kind
    self.rule = rule
    self.notes = notes
    self.origin = origin
  }
}

public struct VocabularyDecl: Sendable, Equatable {
  public var terms: [TermDecl]
  public var origin: NodeOrigin
  public init(terms: [TermDecl], origin: NodeOrigin = .none) {
    self.terms = terms
    self.origin = origin
  }

  public var vocabulary: Vocabulary {
    Vocabulary(
      terms: terms.map { Vocabulary.Term(group: $0.group, id: $0.id.text, type: $0.type, category: $0.category, meaning: $0.meaning, question: $0.question) })
  }

  public init(_ vocabulary: Vocabulary) {
    self.init(
      terms: vocabulary.terms.map {
        TermDecl(group: $0.group, id: Name($0.id), type: $0.type, category: $0.category, meaning: $0.meaning, question: $0.question)
      })
  }
}

public struct TermDecl: Sendable, Equatable {
  public var group: Vocabulary.Group
  public var id: Name
  public var type: Vocabulary.TermType
  public var category: Vocabulary.Category
  public var meaning: String
  public var question: String
  public var origin: NodeOrigin

  public init(
    group: Vocabulary.Group, id: Name, type: Vocabulary.TermType, category: Vocabulary.Category, meaning: String, question: String, origin: NodeOrigin = .none
  ) {
    self.group = group
    self.id = id
    self.type = type
    self.category = category
    self.meaning = meaning
    self.question = question
    self.origin = origin
  }
}

extension JurisdictionDecl {
  /// The vocabulary paths (`group.term`) a condition names itself, not inside its groups, with
  /// means definitions resolved to their means. With `negated: false`, a victim fact tested for
  /// "no" does not count (a concept is expanded only where the statute asks that it holds).
  public func pathsNamed(by test: ConditionTest, negated: Bool = true) -> [String] {
    switch test {
    case .acts(let names): return names.map { "acts.\($0.text)" }
    case .purpose(let names): return names.map { "purpose.\($0.text)" }
    case .meansAny(let names): return names.map { "means.\($0.text)" }
    case .meansDefinition(let name): return meansDefinitions.first { $0.id.text == name.text }?.means.map { "means.\($0.text)" } ?? []
    case .victimFact(let name, let expected): return expected || negated ? ["victim.\(name.text)"] : []
    default: return []
    }
  }

  /// Every vocabulary path the conditions name, groups included.
  public func pathsNamed(in conditions: [ConditionDecl]) -> Set<String> {
    var out: Set<String> = []
    for c in conditions {
      out.formUnion(pathsNamed(by: c.test))
      switch c.test {
      case .anyOf(let members), .allOf(let members): out.formUnion(pathsNamed(in: members))
      default: break
      }
    }
    return out
  }
}
