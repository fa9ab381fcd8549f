import HTCore
import RuleEngine

/// JSON renderings. Keys come in a fixed order and arrays are sorted, so output is stable.
public enum ResultsJSON {
  /// `explanations: false` leaves out each result's explanation tree (the web API's compact form).
  public static func render(results: [EvaluationResult], mode: EvaluationMode, date: CalendarDate, caseID: String?, explanations: Bool = true)
    -> JSONOutput
  {
    .object([
      ("mode", .string(mode.rawValue)),
      ("date", .string(date.description)),
      ("case", .optional(caseID)),
      ("disclaimer", .string(Disclaimer.short)),
      ("results", .array(results.map { result($0, explanation: explanations) })),
    ])
  }

  public static func result(_ r: EvaluationResult) -> JSONOutput { result(r, explanation: true) }

  static func result(_ r: EvaluationResult, explanation withTree: Bool) -> JSONOutput {
    var members: [(String, JSONOutput)] = [
      ("jurisdiction", .string(r.jurisdiction)),
      ("jurisdiction_name", .string(r.jurisdictionName)),
      ("offense", .string(r.offense.rawValue)),
      ("role", .string(r.role.rawValue)),
      ("outcome", .string(r.outcome.rawValue)),
      ("reason", .string(r.reason)),
      ("citation", .string(r.citation)),
      ("prong", .optional(r.prong)),
      ("failed_prongs", .array(r.failedProngs.map { .string($0) })),
      ("missing", .array(r.missing.map { .string($0.description) })),
      ("assumed", .array(r.assumed.map { .object([("element", .string($0.element)), ("citation", .string($0.citation))]) })),
      ("confidence", .string(r.confidence.rawValue)),
      ("open_questions", .array(r.questions.map { .object([("citation", .string($0.citation)), ("question", .string($0.question))]) })),
      ("nearest_misses", .array(r.nearestMisses.map(nearestMiss))),
      ("conflicts", .array(r.conflicts.map { .object([("answer", .string($0.answer.description)), ("definition", .string($0.citation))]) })),
    ]
    if withTree { members.append(("explanation", .object([("offenses", .array(r.explanation.map(explanation)))]))) }
    return .object(members)
  }

  public static func nearestMiss(_ miss: NearestMiss) -> JSONOutput {
    .object([
      ("prong", .string(miss.prong)),
      ("citation", .string(miss.citation)),
      ("words", .string(miss.words)),
      (
        "changes",
        .array(
          miss.changes.map { change in
            .object([
              ("fact", .string(change.fact.description)), ("set_to", factValue(change.value)),
              ("or_instead", .array(change.alternatives.map { .string($0.description) })), ("words", .string(change.words)),
            ])
          })
      ),
    ])
  }

  public static func factValue(_ value: FactValue) -> JSONOutput {
    switch value {
    case .bool(let b): return .bool(b)
    case .age(let n): return .int(n)
    case .level(let l): return .string(l.rawValue)
    }
  }

  public static func explanation(_ e: Explanation) -> JSONOutput {
    var members: [(String, JSONOutput)] = [
      ("kind", .string(e.kind.rawValue)),
      ("element", .string(e.label)),
      ("value", .string(e.value.rawValue)),
      ("why", .string(e.why)),
      ("citation", .string(e.citation)),
    ]
    if !e.summary.isEmpty { members.append(("summary", .string(e.summary))) }
    members.append(("confidence", .string(e.confidence.rawValue)))
    if !e.questions.isEmpty { members.append(("open_questions", .array(e.questions.map { .string($0) }))) }
    if !e.children.isEmpty { members.append(("children", .array(e.children.map(explanation)))) }
    return .object(members)
  }
}

/// The words every output carries: this is not legal advice.
public enum Disclaimer {
  public static let short =
    "Not legal advice. htrules applies encoded readings of statutes as of the dates shown; confirm with counsel and the current official text."
}
