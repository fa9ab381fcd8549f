import HTCore
import RuleSyntax

/// Legal concepts (vocabulary terms of category `concept`, such as involuntary servitude or
/// promoting prostitution) are conclusions that statutes define from facts. Before evaluation,
/// every condition that names a concept the jurisdiction defines is widened to
/// `any of { the condition as written, the concept's definition }`, using the definition in force
/// when the version begins. Every evaluator (the explanation tree, the compiled formulas, the
/// batch bitsets, the SQL) then follows the statute's definition, and a direct answer is still
/// accepted. A direct "no" never defeats facts that meet the definition; `Evaluator` reports the
/// conflict.
extension JurisdictionDecl {
  public func expandingConcepts(vocabulary: Vocabulary) -> JurisdictionDecl {
    guard !conceptDefinitions.isEmpty else { return self }
    var copy = self
    for o in copy.offenses.indices {
      for v in copy.offenses[o].versions.indices {
        let date = copy.offenses[o].versions[v].effectiveFrom
        for p in copy.offenses[o].versions[v].prongs.indices {
          copy.offenses[o].versions[v].prongs[p].conditions = copy.offenses[o].versions[v].prongs[p].conditions.map {
            expand($0, on: date, visiting: [])
          }
        }
      }
    }
    return copy
  }

  /// The definition of `group.term` that applies to a version beginning on `date`.
  public func conceptDefinition(_ path: String, on date: CalendarDate) -> ConceptDefinitionDecl? {
    conceptDefinitions.first { $0.path == path && !$0.askedDirectly && $0.applies(on: date) }
  }

  func expand(_ condition: ConditionDecl, on date: CalendarDate, visiting: Set<String>) -> ConditionDecl {
    switch condition.test {
    case .anyOf(let members):
      var copy = condition
      copy.test = .anyOf(members.map { expand($0, on: date, visiting: visiting) })
      return copy
    case .allOf(let members):
      var copy = condition
      copy.test = .allOf(members.map { expand($0, on: date, visiting: visiting) })
      return copy
    default:
      let definitions = pathsNamed(by: condition.test, negated: false).filter { !visiting.contains($0) }.compactMap { conceptDefinition($0, on: date) }
      guard !definitions.isEmpty else { return condition }
      let expanded = definitions.map { definition in
        ConditionDecl(
          test: .allOf(definition.conditions.map { expand($0, on: date, visiting: visiting.union([definition.path])) }),
          notes: definition.notes, origin: definition.origin, concept: .definition(concept: definition.path))
      }
      return ConditionDecl(
        test: .anyOf([condition] + expanded),
        notes: RuleNotes(
          citation: condition.notes.citation, source: condition.notes.source, confidence: condition.notes.confidence,
          summary: condition.notes.summary),
        origin: condition.origin, concept: .answerOrDefinition(concepts: definitions.map(\.path)))
    }
  }
}
