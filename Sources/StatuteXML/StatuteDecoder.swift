import HTCore

/// Turns a schema-valid XML tree into the statute model. The XSD has already checked shapes; this
/// decoder still never traps: anything it cannot read becomes a diagnostic naming the line.
/// Meaning checks (vocabulary terms, references, overlapping versions) are made on the rule AST
/// by RuleSyntax's checker, for XML and rule files alike.
struct StatuteDecoder {
  let fileName: String
  var diagnostics: [Diagnostic] = []

  init(fileName: String) { self.fileName = fileName }

  mutating func problem(_ message: String, _ node: XMLElementNode) {
    diagnostics.append(Diagnostic(.error, message, file: fileName, at: .line(node.line)))
  }

  mutating func required(_ node: XMLElementNode, _ name: String) -> String {
    if let value = node.attribute(name) { return value }
    problem("<\(node.name)> needs the attribute '\(name)'", node)
    return ""
  }

  mutating func date(_ node: XMLElementNode, _ name: String) -> CalendarDate? {
    guard let text = node.attribute(name) else { return nil }
    if let date = CalendarDate(text) { return date }
    problem("'\(name)' is not a YYYY-MM-DD date: \(text)", node)
    return nil
  }

  mutating func decodeStatute(_ root: XMLElementNode) -> Statute? {
    guard root.name == "jurisdiction", root.namespace == StatuteReader.statuteNamespace else {
      problem("expected <jurisdiction> in namespace \(StatuteReader.statuteNamespace)", root)
      return nil
    }
    var statute = Statute(
      fileName: fileName, code: required(root, "code"), name: required(root, "name"), sources: [], amendmentSweep: nil,
      safeHarbor: nil, meansDefinitions: [], conceptDefinitions: [], offenses: [], line: root.line)
    for child in root.children {
      switch child.name {
      case "sources":
        for source in child.children(named: "source") {
          statute.sources.append(
            StatuteSource(
              id: required(source, "id"), citation: required(source, "citation"), url: required(source, "url"),
              currentAsOf: date(source, "current-as-of") ?? CalendarDate(year: 1, month: 1, day: 1)!,
              accessed: date(source, "accessed") ?? CalendarDate(year: 1, month: 1, day: 1)!, tier: tier(source), line: source.line))
        }
      case "amendment-sweep":
        statute.amendmentSweep = decodeSweep(child)
      case "safe-harbor":
        if let kind = SafeHarborKind(rawValue: required(child, "kind")) {
          statute.safeHarbor = StatuteSafeHarbor(kind: kind, notes: notes(child), line: child.line)
        } else {
          problem("unknown safe-harbor kind", child)
        }
      case "means-definition":
        statute.meansDefinitions.append(
          StatuteMeansDefinition(
            id: required(child, "id"), isOpen: required(child, "list") == "open", notes: notes(child),
            terms: child.children(named: "means").map { StatuteTerm(name: required($0, "term"), line: $0.line) },
            line: child.line))
      case "concept-definition":
        let parts = required(child, "term").split(separator: ".", maxSplits: 1).map(String.init)
        statute.conceptDefinitions.append(
          StatuteConceptDefinition(
            group: parts.first ?? "", term: parts.count == 2 ? parts[1] : "", effectiveFrom: date(child, "effective-from"),
            effectiveTo: date(child, "effective-to"), askedDirectly: child.attribute("asked-directly").map { $0 == "true" || $0 == "1" } ?? false,
            notes: notes(child), conditions: child.children.compactMap { decodeCondition($0) },
            line: child.line))
      case "offense":
        if let offense = decodeOffense(child) { statute.offenses.append(offense) }
      default:
        problem("unexpected element <\(child.name)>", child)
      }
    }
    return statute
  }

  mutating func tier(_ node: XMLElementNode) -> SourceTier {
    let text = required(node, "tier")
    if let tier = SourceTier(xml: text) { return tier }
    if !text.isEmpty { problem("tier must be official, full-text or secondary", node) }
    return .secondary
  }

  mutating func decodeSweep(_ node: XMLElementNode) -> StatuteAmendmentSweep {
    let unknownDate = CalendarDate(year: 1, month: 1, day: 1)!
    if node.attribute("checked-through") == nil { _ = required(node, "checked-through") }
    if node.attribute("performed") == nil { _ = required(node, "performed") }
    var findings: [StatuteAmendmentFinding] = []
    for finding in node.children(named: "finding") {
      let outcomeText = required(finding, "outcome")
      let outcome = AmendmentOutcome(xml: outcomeText)
      if outcome == nil && !outcomeText.isEmpty { problem("outcome must be encoded, no-change, pending or not-enacted", finding) }
      let summary = finding.child(named: "summary")?.text.collapsingWhitespace()
      if summary == nil { problem("<finding> needs a <summary>", finding) }
      findings.append(
        StatuteAmendmentFinding(
          act: required(finding, "act").collapsingWhitespace(), effective: date(finding, "effective"), source: finding.attribute("source"),
          outcome: outcome ?? .pending, summary: summary ?? "", line: finding.line))
    }
    let searched = node.child(named: "searched")?.text.collapsingWhitespace()
    if searched == nil { problem("<amendment-sweep> needs <searched>", node) }
    return StatuteAmendmentSweep(
      checkedThrough: date(node, "checked-through") ?? unknownDate, performed: date(node, "performed") ?? unknownDate,
      searched: searched ?? "", findings: findings, line: node.line)
  }

  mutating func notes(_ node: XMLElementNode) -> StatuteNotes {
    let confidence = node.attribute("confidence").flatMap { text -> Confidence? in
      if let level = Confidence(rawValue: text) { return level }
      problem("confidence must be high, medium or low, not '\(text)'", node)
      return nil
    }
    let summary = node.child(named: "summary")?.text.collapsingWhitespace()
    if summary == nil { problem("<\(node.name)> needs a <summary>", node) }
    return StatuteNotes(
      citation: required(node, "citation").collapsingWhitespace(), source: node.attribute("source"), confidence: confidence,
      summary: summary ?? "", question: node.child(named: "question")?.text.collapsingWhitespace())
  }

  mutating func decodeOffense(_ node: XMLElementNode) -> StatuteOffense? {
    guard let kind = OffenseKind(rawValue: required(node, "kind")) else {
      problem("offense kind must be sex_trafficking or labor_trafficking", node)
      return nil
    }
    var versions: [StatuteVersion] = []
    for versionNode in node.children(named: "version") {
      guard let from = date(versionNode, "effective-from") else {
        problem("<version> needs effective-from", versionNode)
        continue
      }
      var version = StatuteVersion(
        effectiveFrom: from, effectiveTo: date(versionNode, "effective-to"), enactedBy: versionNode.attribute("enacted-by"),
        note: versionNode.child(named: "note")?.text.collapsingWhitespace(), prongs: [], defenses: [], line: versionNode.line)
      for child in versionNode.children {
        switch child.name {
        case "prong":
          let roles = required(child, "roles").split(separator: " ").compactMap { Role(rawValue: String($0)) }
          version.prongs.append(
            StatuteProng(
              id: required(child, "id"), roles: roles, notes: notes(child),
              conditions: child.children.compactMap { decodeCondition($0) }, line: child.line))
        case "defense":
          if let kind = DefenseKind(rawValue: required(child, "kind")), let rule = DefenseRule(rawValue: required(child, "rule")) {
            version.defenses.append(StatuteDefense(kind: kind, rule: rule, notes: notes(child), line: child.line))
          } else {
            problem("unknown defense kind or rule", child)
          }
        case "note": break
        default: problem("unexpected element <\(child.name)> in <version>", child)
        }
      }
      versions.append(version)
    }
    return StatuteOffense(
      id: required(node, "id"), kind: kind, name: required(node, "name"), citation: required(node, "citation").collapsingWhitespace(),
      firstInForce: date(node, "first-in-force"), versions: versions, line: node.line)
  }

  mutating func terms(_ node: XMLElementNode, _ attribute: String) -> [StatuteTerm] {
    required(node, attribute).split(separator: " ").map { StatuteTerm(name: String($0), line: node.line) }
  }

  mutating func ageBound(_ node: XMLElementNode) -> AgeBound? {
    switch (node.attribute("below").flatMap { Int($0) }, node.attribute("at-least").flatMap { Int($0) }) {
    case (let below?, nil): return .below(below)
    case (nil, let atLeast?): return .atLeast(atLeast)
    default:
      problem("<\(node.name)> needs exactly one of 'below' and 'at-least', as a whole number", node)
      return nil
    }
  }

  /// Returns nil for the prose children (summary, question) and for unreadable conditions.
  mutating func decodeCondition(_ node: XMLElementNode) -> StatuteCondition? {
    let test: StatuteCondition.Test
    switch node.name {
    case "summary", "question": return nil
    case "acts": test = .acts(terms(node, "any"))
    case "purpose": test = .purpose(terms(node, "any"))
    case "means":
      switch (node.attribute("any"), node.attribute("definition")) {
      case (_?, nil): test = .meansAny(terms(node, "any"))
      case (nil, let definition?): test = .meansDefinition(StatuteTerm(name: definition, line: node.line))
      default:
        problem("<means> needs exactly one of 'any' (a list of means) and 'definition' (a means-definition id)", node)
        return nil
      }
    case "victim-age", "actor-age":
      guard let bound = ageBound(node) else { return nil }
      test = node.name == "victim-age" ? .victimAge(bound) : .actorAge(bound)
    case "victim-fact", "actor-fact":
      let term = StatuteTerm(name: required(node, "term"), line: node.line)
      let expected = node.attribute("is").map { $0 == "true" || $0 == "1" } ?? true
      test = node.name == "victim-fact" ? .victimFact(term, expected: expected) : .actorFact(term, expected: expected)
    case "mental-state":
      guard let level = MentalLevel(rawValue: required(node, "at-least")) else {
        problem("mental-state 'at-least' must be intentionally, knowingly, recklessly or negligently", node)
        return nil
      }
      test = .mentalState(level)
    case "any-of", "all-of":
      let members = node.children.compactMap { decodeCondition($0) }
      test = node.name == "any-of" ? .anyOf(members) : .allOf(members)
    default:
      problem("unknown condition <\(node.name)>", node)
      return nil
    }
    return StatuteCondition(test: test, notes: notes(node), line: node.line)
  }
}

extension String {
  /// Runs of white space (as XML text wraps) become single spaces; ends are trimmed.
  func collapsingWhitespace() -> String {
    split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
  }
}
