import HTCore
import RuleSyntax

/// Evaluates the prongs of one jurisdiction for one role of one case.
struct ConditionEvaluator {
  let jurisdiction: JurisdictionDecl
  let facts: CaseFile
  let role: Role
  let mode: EvaluationMode
  let vocabulary: Vocabulary

  /// One evaluated element: its explanation node and the unknown facts that left it open.
  struct Evaluated {
    var node: Explanation
    var missing: Set<FactPath>
  }

  func evaluateProng(_ prong: ProngDecl, version: VersionDecl) -> (Explanation, Set<FactPath>) {
    let confidence = prong.notes.confidence ?? .high
    var children = prong.conditions.map { evaluate($0, inherited: confidence) }
    var value = Logic.all(children.map(\.node.value))
    if value == .assumed { value = .met }
    var missing = value == .undetermined ? children.filter { $0.node.value == .undetermined }.reduce(into: Set<FactPath>()) { $0.formUnion($1.missing) } : []

    for defense in version.defenses {
      let evaluated = evaluateDefense(defense, prongValue: value, conditions: children.map(\.node), confidence: confidence)
      children.append(evaluated)
      if value == .met {
        if evaluated.node.value == .notMet { value = .notMet }
        if evaluated.node.value == .undetermined {
          value = .undetermined
          missing.formUnion(evaluated.missing)
        }
      }
    }
    let why: String
    switch value {
    case .met: return (node(prong, value: .met, why: "every requirement is met or assumed", children: children), [])
    case .notMet: why = "not met: " + children.filter { $0.node.value == .notMet }.map(\.node.label).joined(separator: "; ")
    case .undetermined: why = "cannot be decided yet: " + children.filter { $0.node.value == .undetermined }.map(\.node.label).joined(separator: "; ")
    case .assumed: why = "assumed"
    }
    return (node(prong, value: value, why: why, children: children), missing)
  }

  private func node(_ prong: ProngDecl, value: ElementValue, why: String, children: [Evaluated]) -> Explanation {
    Explanation(
      kind: .prong, label: "route \(prong.id.text)", value: value, why: why, citation: prong.notes.citation, summary: prong.notes.summary,
      confidence: prong.notes.confidence ?? .high, questions: prong.notes.question.map { [$0] } ?? [], children: children.map(\.node))
  }

  // MARK: - Conditions

  func evaluate(_ condition: ConditionDecl, inherited: Confidence) -> Evaluated {
    let confidence = condition.notes.confidence ?? inherited
    var questions = condition.notes.question.map { [$0] } ?? []
    var children: [Evaluated] = []
    let value: ElementValue
    var why: String
    var missing: Set<FactPath> = []

    switch condition.test {
    case .acts(let names):
      (value, why, missing) = anyTrue(names.map { FactPath(role: role, .acts, $0.text) }, own: true)
    case .purpose(let names):
      (value, why, missing) = anyTrue(names.map { FactPath(.purpose, $0.text) }, own: true)
    case .meansAny(let names):
      (value, why, missing) = anyMeans(names.map(\.text))
    case .meansDefinition(let name):
      let definition = jurisdiction.meansDefinitions.first { $0.id.text == name.text }
      let listed = definition?.means.map(\.text) ?? []
      var (v, w, m) = anyMeans(listed)
      if v == .notMet, definition?.isOpen == true {
        // An open list ("includes, but is not limited to"): an unlisted means that was used may
        // count, and while other means are unknown the element cannot be ruled out either.
        let others = vocabulary.ids(in: .means).filter { !listed.contains($0) }.map { ($0, ventureMeans($0)) }
        let unlisted = others.filter { $0.1.value == true }.map(\.0)
        let unknown = others.filter { $0.1.value == nil }
        if !unlisted.isEmpty {
          v = .undetermined
          w =
            "\(unlisted.map{ $0.replacingUnderscores() }.joined(separator: ", ")) was used; it is not on the statute's list, but the list is open (\"includes\"), so whether it counts is a question for the courts"
        } else if !unknown.isEmpty {
          v = .undetermined
          w =
            "none of the listed means was used, but the list is open (\"includes\") and it is not known whether other means were: "
            + unknown.map { $0.0.replacingUnderscores() }.joined(separator: ", ")
          m = Set(unknown.flatMap(\.1.unknown))
        }
      }
      (value, why, missing) = (v, w, m)
      if let definition {
        questions += definition.notes.question.map { [$0] } ?? []
        let defConfidence = definition.notes.confidence ?? confidence
        return Evaluated(
          node: Explanation(
            kind: .condition, label: label(condition.test), value: value, why: why, citation: condition.notes.citation,
            summary: condition.notes.summary + " (The list: " + definition.notes.citation + ", " + (definition.isOpen ? "open" : "closed") + ".)",
            confidence: min(confidence, defConfidence), questions: questions, children: [], element: .means),
          missing: missing)
      }
    case .victimAge(let bound):
      let path = FactPath(.victim, "age")
      if let age = facts.age(path) {
        value = bound.holds(for: age) ? .met : .notMet
        why = "the victim was \(age) (\(bound.holds(for: age) ? "" : "not ")\(bound.words))"
      } else {
        (value, why, missing) = (.undetermined, "the victim's age is not known", [path])
      }
    case .actorAge(let bound):
      let path = FactPath(role: role, .actor, "age")
      if let age = facts.age(path) {
        value = bound.holds(for: age) ? .met : .notMet
        why = "the \(role.rawValue) was \(age) (\(bound.holds(for: age) ? "" : "not ")\(bound.words))"
      } else {
        (value, why, missing) = (.undetermined, "the \(role.rawValue)'s age is not known", [path])
      }
    case .victimFact(let name, let expected):
      (value, why, missing) = fact(FactPath(.victim, name.text), expected: expected)
    case .actorFact(let name, let expected):
      if mode == .identification, vocabulary.term(.actor, name.text)?.category == .mental {
        (value, why) = (.assumed, "what the \(role.rawValue) knew or believed is assumed in identification mode")
      } else {
        (value, why, missing) = fact(FactPath(role: role, .actor, name.text), expected: expected)
      }
    case .mentalState(let level):
      let path = FactPath(role: role, .actor, "mental_state")
      if mode == .identification {
        (value, why) = (.assumed, "the \(role.rawValue)'s state of mind is assumed in identification mode")
      } else if let actual = facts.level(path) {
        value = actual >= level ? .met : .notMet
        why = "the \(role.rawValue) acted \(actual.rawValue) (required: \(level.rawValue) or more)"
      } else {
        (value, why, missing) = (.undetermined, "the \(role.rawValue)'s state of mind is not known", [path])
      }
    case .anyOf(let members):
      children = members.map { evaluate($0, inherited: confidence) }
      let values = children.map(\.node.value)
      if values.contains(.met) {
        (value, why) = (.met, "one alternative is met")
      } else if values.contains(.assumed) {
        // Identification assumes what the actor knew or believed wherever it stands: an assumed
        // alternative satisfies the group, and the result lists it as assumed.
        (value, why) = (.assumed, "an alternative about the actor's knowledge is assumed in identification mode")
      } else if values.contains(.undetermined) {
        value = .undetermined
        why = "no alternative is met yet; some cannot be decided"
        missing = children.filter { $0.node.value == .undetermined }.reduce(into: []) { $0.formUnion($1.missing) }
      } else {
        (value, why) = (.notMet, "no alternative is met")
      }
    case .allOf(let members):
      children = members.map { evaluate($0, inherited: confidence) }
      value = Logic.all(children.map(\.node.value))
      why = value == .met || value == .assumed ? "every part is met" : value == .notMet ? "a part is not met" : "some parts cannot be decided yet"
      if value == .undetermined {
        missing = children.filter { $0.node.value == .undetermined }.reduce(into: []) { $0.formUnion($1.missing) }
      }
    }
    var label = label(condition.test)
    var element = Explanation.Element(condition.test)
    var concept: String?
    switch condition.concept {
    case .answerOrDefinition(let concepts)?:
      if case .anyOf(let members) = condition.test, let written = members.first {
        label = Self.label(written.test)
        element = Explanation.Element(written.test)
      }
      let names = concepts.map { vocabulary.label(forPath: $0) }.joined(separator: ", ")
      label += " (answered, or \(names) as the statute defines it)"
      if value == .met, let byDefinition = children.dropFirst().first(where: { $0.node.value == .met }) {
        why = "met by definition: " + byDefinition.node.label
      }
    case .definition(let path)?:
      concept = path
      label = "\(vocabulary.label(forPath: path)) as defined"
    case nil: break
    }
    return Evaluated(
      node: Explanation(
        kind: .condition, label: label, value: value, why: why, citation: condition.notes.citation,
        summary: condition.notes.summary, confidence: confidence, questions: questions, children: children.map(\.node),
        element: element, concept: concept),
      missing: value == .undetermined ? missing : [])
  }

  /// True when at least one of the facts is known true.
  func anyTrue(_ paths: [FactPath], own: Bool) -> (ElementValue, String, Set<FactPath>) {
    let known = paths.filter { facts.bool($0) == true }
    if !known.isEmpty { return (.met, known.map { $0.term.replacingUnderscores() }.joined(separator: ", ") + ": yes", []) }
    let unknown = paths.filter { facts.bool($0) == nil }
    if !unknown.isEmpty {
      return (.undetermined, "not known: " + unknown.map { $0.term.replacingUnderscores() }.joined(separator: ", "), Set(unknown))
    }
    return (.notMet, "none of them: " + paths.map { $0.term.replacingUnderscores() }.joined(separator: ", "), [])
  }

  /// A means counts when any actor in the case used it (Kleene OR across actors).
  func ventureMeans(_ term: String) -> (value: Bool?, unknown: [FactPath]) {
    let paths = (facts.roles.isEmpty ? [Role.exploiter] : facts.roles).map { FactPath(role: $0, .means, term) }
    if paths.contains(where: { facts.bool($0) == true }) { return (true, []) }
    let unknown = paths.filter { facts.bool($0) == nil }
    return unknown.isEmpty ? (false, []) : (nil, unknown)
  }

  func anyMeans(_ terms: [String]) -> (ElementValue, String, Set<FactPath>) {
    let evaluated = terms.map { ($0, ventureMeans($0)) }
    let used = evaluated.filter { $0.1.value == true }.map(\.0)
    if !used.isEmpty { return (.met, "used: " + used.map { $0.replacingUnderscores() }.joined(separator: ", "), []) }
    let open = evaluated.filter { $0.1.value == nil }
    if !open.isEmpty {
      return (
        .undetermined, "not known whether any of these was used: " + open.map { $0.0.replacingUnderscores() }.joined(separator: ", "),
        Set(open.flatMap(\.1.unknown))
      )
    }
    return (.notMet, "none of these was used: " + terms.map { $0.replacingUnderscores() }.joined(separator: ", "), [])
  }

  func fact(_ path: FactPath, expected: Bool) -> (ElementValue, String, Set<FactPath>) {
    guard let value = facts.bool(path) else { return (.undetermined, "not known: \(path)", [path]) }
    return (value == expected ? .met : .notMet, "\(path.term.replacingUnderscores()): \(value ? "yes" : "no")", [])
  }

  // MARK: - Defenses

  func evaluateDefense(_ defense: DefenseDecl, prongValue: ElementValue, conditions: [Explanation], confidence: Confidence) -> Evaluated {
    let conf = defense.notes.confidence ?? confidence
    let questions = defense.notes.question.map { [$0] } ?? []
    func make(_ value: ElementValue, _ why: String, _ missing: Set<FactPath> = []) -> Evaluated {
      Evaluated(
        node: Explanation(
          kind: .defense, label: "defense: \(defense.kind.rawValue.replacingUnderscores()) — \(defense.rule.rawValue.replacingUnderscores())", value: value,
          why: why,
          citation: defense.notes.citation, summary: defense.notes.summary, confidence: conf, questions: questions, children: []),
        missing: missing)
    }
    guard defense.rule == .allowed else {
      return make(.met, defense.kind == .mistakeOfAge ? "not knowing the victim's age is no defense here" : "the victim's consent is no defense here")
    }
    if mode == .identification {
      return make(.assumed, "identification mode assumes the defense does not apply")
    }
    switch defense.kind {
    case .mistakeOfAge:
      // The defense matters only where the route turned on the victim being under an age line.
      guard Self.reliesOnMinority(conditions) else { return make(.met, "this route does not depend on the victim's age") }
      let path = FactPath(role: role, .actor, "reasonably_believed_adult")
      switch facts.bool(path) {
      case true?: return make(.notMet, "the \(role.rawValue) reasonably believed the victim was an adult, which is a defense here")
      case false?: return make(.met, "the \(role.rawValue) had no reasonable belief that the victim was an adult")
      case nil: return make(.undetermined, "not known whether the \(role.rawValue) reasonably believed the victim was an adult", [path])
      }
    case .consent:
      let path = FactPath(.victim, "consented")
      switch facts.bool(path) {
      case true?: return make(.notMet, "the victim consented, which is a defense here")
      case false?: return make(.met, "the victim did not consent")
      case nil: return make(.undetermined, "not known whether the victim consented", [path])
      }
    }
  }

  static func reliesOnMinority(_ nodes: [Explanation]) -> Bool {
    nodes.contains { $0.value == .met && ($0.element == .victimAgeUnder || reliesOnMinority($0.children)) }
  }

  func label(_ test: ConditionTest) -> String { Self.label(test) }

  static func label(_ test: ConditionTest) -> String {
    func list(_ names: [Name]) -> String { names.map { $0.text.replacingUnderscores() }.joined(separator: ", ") }
    switch test {
    case .acts(let names): return "acts: any of \(list(names))"
    case .purpose(let names): return "purpose: any of \(list(names))"
    case .meansAny(let names): return "means: any of \(list(names))"
    case .meansDefinition(let name): return "means: any in the list `\(name.text)`"
    case .victimAge(let bound): return "victim age \(bound.words)"
    case .actorAge(let bound): return "actor age \(bound.words)"
    case .victimFact(let name, let expected): return "victim \(expected ? "is" : "is not"): \(name.text.replacingUnderscores())"
    case .actorFact(let name, let expected): return "actor \(expected ? "is" : "is not"): \(name.text.replacingUnderscores())"
    case .mentalState(let level): return "mental state: at least \(level.rawValue)"
    case .anyOf: return "any of these"
    case .allOf: return "all of these"
    }
  }
}
