import HTCore

/// A jurisdiction's statutory definitions, as read from Statutes/<CODE>.xml. Positions are the
/// XML line numbers, so later checks can point into the XML file.
public struct Statute: Sendable, Equatable {
  public var fileName: String
  public var code: String
  public var name: String
  public var sources: [StatuteSource]
  public var amendmentSweep: StatuteAmendmentSweep?
  public var safeHarbor: StatuteSafeHarbor?
  public var meansDefinitions: [StatuteMeansDefinition]
  public var conceptDefinitions: [StatuteConceptDefinition]
  public var offenses: [StatuteOffense]
  public var line: Int
}

/// Citation, summary, confidence and open question, carried by every rule part.
public struct StatuteNotes: Sendable, Equatable {
  public var citation: String
  public var source: String?
  public var confidence: Confidence?
  public var summary: String
  public var question: String?
}

public struct StatuteSource: Sendable, Equatable {
  public var id: String
  public var citation: String
  public var url: String
  public var currentAsOf: CalendarDate
  public var accessed: CalendarDate
  public var tier: SourceTier
  public var line: Int
}

/// The record of a search for amending acts: through which date, what was searched, what was found.
public struct StatuteAmendmentSweep: Sendable, Equatable {
  public var checkedThrough: CalendarDate
  public var performed: CalendarDate
  public var searched: String
  public var findings: [StatuteAmendmentFinding]
  public var line: Int
}

public struct StatuteAmendmentFinding: Sendable, Equatable {
  public var act: String
  public var effective: CalendarDate?
  public var source: String?
  public var outcome: AmendmentOutcome
  public var summary: String
  public var line: Int
}

public struct StatuteSafeHarbor: Sendable, Equatable {
  public var kind: SafeHarborKind
  public var notes: StatuteNotes
  public var line: Int
}

public struct StatuteMeansDefinition: Sendable, Equatable {
  public var id: String
  public var isOpen: Bool
  public var notes: StatuteNotes
  public var terms: [StatuteTerm]
  public var line: Int
}

/// A jurisdiction's definition of a legal concept (`group.term`) in terms of facts.
public struct StatuteConceptDefinition: Sendable, Equatable {
  public var group: String
  public var term: String
  public var effectiveFrom: CalendarDate?
  public var effectiveTo: CalendarDate?
  /// The concept is named without a definition from facts; the summary says why.
  public var askedDirectly: Bool
  public var notes: StatuteNotes
  public var conditions: [StatuteCondition]
  public var line: Int
}

/// A vocabulary term as written in the file, with the line it was written on.
public struct StatuteTerm: Sendable, Equatable {
  public var name: String
  public var line: Int
}

public struct StatuteOffense: Sendable, Equatable {
  public var id: String
  public var kind: OffenseKind
  public var name: String
  public var citation: String
  /// The day the offense first existed, when known; conduct before it is not covered.
  public var firstInForce: CalendarDate?
  public var versions: [StatuteVersion]
  public var line: Int
}

public struct StatuteVersion: Sendable, Equatable {
  public var effectiveFrom: CalendarDate
  public var effectiveTo: CalendarDate?
  public var enactedBy: String?
  public var note: String?
  public var prongs: [StatuteProng]
  public var defenses: [StatuteDefense]
  public var line: Int
}

public struct StatuteProng: Sendable, Equatable {
  public var id: String
  public var roles: [Role]
  public var notes: StatuteNotes
  public var conditions: [StatuteCondition]
  public var line: Int
}

public struct StatuteCondition: Sendable, Equatable {
  public indirect enum Test: Sendable, Equatable {
    case acts([StatuteTerm])
    case purpose([StatuteTerm])
    case meansAny([StatuteTerm])
    case meansDefinition(StatuteTerm)
    case victimAge(AgeBound)
    case victimFact(StatuteTerm, expected: Bool)
    case actorAge(AgeBound)
    case actorFact(StatuteTerm, expected: Bool)
    case mentalState(MentalLevel)
    case anyOf([StatuteCondition])
    case allOf([StatuteCondition])
  }
  public var test: Test
  public var notes: StatuteNotes
  public var line: Int
}

public struct StatuteDefense: Sendable, Equatable {
  public var kind: DefenseKind
  public var rule: DefenseRule
  public var notes: StatuteNotes
  public var line: Int
}
