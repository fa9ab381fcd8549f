import HTCore

/// Checks what the grammar cannot: vocabulary terms (with "did you mean"), references to
/// sources and means lists, duplicate ids, version dates, age ranges. The same checks serve rule
/// files and XML (whose AST carries XML line numbers), so both report alike.
public struct RuleChecker {
  let vocabulary: Vocabulary
  var diagnostics: [Diagnostic] = []

  public static func check(_ document: RuleDocument, vocabulary: Vocabulary) -> [Diagnostic] {
    var checker = RuleChecker(vocabulary: vocabulary)
    switch document {
    case .jurisdiction(let j): checker.check(j)
    case .vocabulary(let v): checker.check(v)
    }
    return checker.diagnostics
  }

  init(vocabulary: Vocabulary) { self.vocabulary = vocabulary }

  mutating func error(_ message: String, _ origin: NodeOrigin) {
    diagnostics.append(Diagnostic(.error, message, file: origin.file, at: origin.position))
  }

  mutating func unique(_ names: [Name], _ what: String, listed: Bool = false) {
    var seen: Set<String> = []
    for name in names where !seen.insert(name.text).inserted {
      error("\(what) `\(name.text)` is \(listed ? "listed" : "defined") more than once", name.origin)
    }
  }

  mutating func term(_ name: Name, in group: Vocabulary.Group, what: String) {
    guard let term = vocabulary.term(group, name.text) else {
      error("unknown \(what) `\(name.text)`\(Suggestions.hint(for: name.text, in: vocabulary.ids(in: group)))", name.origin)
      return
    }
    if (group == .victim || group == .actor) && term.type != .boolean {
      error("`\(name.text)` is not a yes/no fact; write `\(group == .victim ? "victim" : "actor") age …` or `mental state …`", name.origin)
    }
  }

  mutating func check(_ j: JurisdictionDecl) {
    unique(j.sources.map(\.id), "source")
    unique(j.meansDefinitions.map(\.id), "means list")
    unique(j.offenses.map(\.id), "offense")
    let sourceIDs = Set(j.sources.map(\.id.text))
    let definitions = Set(j.meansDefinitions.map(\.id.text))
    if j.offenses.isEmpty { error("jurisdiction `\(j.code.text)` has no offense", j.origin) }
    if j.sources.isEmpty { error("jurisdiction `\(j.code.text)` names no source", j.origin) }
    for source in j.sources where source.accessed < source.currentAsOf {
      error("source `\(source.id.text)` was accessed (\(source.accessed)) before the date it is current as of (\(source.currentAsOf))", source.origin)
    }

    func notes(_ checker: inout RuleChecker, _ n: RuleNotes, _ origin: NodeOrigin) {
      if let source = n.source, !sourceIDs.contains(source.text) {
        checker.error("unknown source `\(source.text)`\(Suggestions.hint(for: source.text, in: sourceIDs))", source.origin)
      }
      if n.citation.isEmpty { checker.error("the citation is empty", origin) }
      if n.summary.isEmpty { checker.error("the summary is empty", origin) }
      if n.confidence == .low && n.question == nil {
        checker.error("a low-confidence reading needs a `question` saying what is uncertain", origin)
      }
    }

    if let sweep = j.amendmentSweep {
      if sweep.performed < sweep.checkedThrough {
        error("amendments are said to be checked through \(sweep.checkedThrough), after the sweep was made (\(sweep.performed))", sweep.origin)
      }
      if sweep.searched.isEmpty { error("the amendment sweep must say what was searched", sweep.origin) }
      let versionStarts = Set(j.offenses.flatMap { $0.versions.map(\.effectiveFrom) })
      for finding in sweep.findings {
        if let source = finding.source, !sourceIDs.contains(source.text) {
          error("unknown source `\(source.text)`\(Suggestions.hint(for: source.text, in: sourceIDs))", source.origin)
        }
        if finding.outcome == .encoded {
          if let effective = finding.effective {
            if !versionStarts.contains(effective) {
              error("the finding for \(finding.act) is marked encoded, but no version of an offense begins on \(effective)", finding.origin)
            }
          } else {
            error("the finding for \(finding.act) is marked encoded, so it needs its effective date", finding.origin)
          }
        }
      }
    }
    checkTiers(j)
    checkConcepts(j, definitions: definitions, notes: notes)

    if let harbor = j.safeHarbor { notes(&self, harbor.notes, harbor.origin) }
    for definition in j.meansDefinitions {
      notes(&self, definition.notes, definition.origin)
      unique(definition.means, "means", listed: true)
      for means in definition.means { term(means, in: .means, what: "means") }
    }
    for offense in j.offenses {
      let versions = offense.versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
      if let first = offense.firstInForce, let earliest = versions.first?.effectiveFrom, earliest < first {
        error("offense `\(offense.id.text)` is first in force on \(first), but a version begins earlier (\(earliest))", offense.origin)
      }
      for (index, version) in versions.enumerated() {
        if let to = version.effectiveTo, to < version.effectiveFrom {
          error("the version ends (\(to)) before it begins (\(version.effectiveFrom))", version.origin)
        }
        if index > 0 {
          let previous = versions[index - 1]
          if previous.effectiveTo.map({ $0 >= version.effectiveFrom }) ?? true {
            error(
              "versions of offense `\(offense.id.text)` overlap: the version from \(previous.effectiveFrom) is still in force on \(version.effectiveFrom)",
              version.origin)
          }
        }
        unique(version.prongs.map(\.id), "prong")
        var defenseKinds: Set<DefenseKind> = []
        for defense in version.defenses {
          notes(&self, defense.notes, defense.origin)
          if !defenseKinds.insert(defense.kind).inserted {
            error("the version states the \(defense.kind.rawValue) rule twice", defense.origin)
          }
        }
        for prong in version.prongs {
          notes(&self, prong.notes, prong.origin)
          if Set(prong.roles).count != prong.roles.count { error("prong `\(prong.id.text)` names a role twice", prong.origin) }
          for condition in prong.conditions { check(condition, definitions: definitions, notes: notes) }
        }
      }
    }
  }

  /// Concept definitions: the term is a concept of its group, ranges are ordered and do not
  /// overlap for one term, and no definition leads back to itself through other concepts.
  mutating func checkConcepts(
    _ j: JurisdictionDecl, definitions: Set<String>, notes: (inout RuleChecker, RuleNotes, NodeOrigin) -> Void
  ) {
    for definition in j.conceptDefinitions {
      notes(&self, definition.notes, definition.origin)
      if definition.group == .actor {
        error("actor terms cannot be concepts; define victim, purpose, acts or means terms", definition.term.origin)
      } else if let term = vocabulary.term(definition.group, definition.term.text) {
        if term.category != .concept {
          error("`\(definition.path)` is not a legal concept in the vocabulary (its category is \(term.category.rawValue))", definition.term.origin)
        }
      } else {
        error(
          "unknown \(definition.group.rawValue) term `\(definition.term.text)`"
            + Suggestions.hint(for: definition.term.text, in: vocabulary.ids(in: definition.group)), definition.term.origin)
      }
      if definition.askedDirectly != definition.conditions.isEmpty {
        error(
          definition.askedDirectly
            ? "`\(definition.path)` is asked directly, so it takes no conditions" : "the definition of `\(definition.path)` needs at least one condition",
          definition.origin)
      }
      if let from = definition.effectiveFrom, let to = definition.effectiveTo, to < from {
        error("the definition of `\(definition.path)` ends (\(to)) before it begins (\(from))", definition.origin)
      }
      for condition in definition.conditions { check(condition, definitions: definitions, notes: notes) }
    }
    let byPath = Dictionary(grouping: j.conceptDefinitions, by: \.path)
    for (path, list) in byPath.sorted(by: { $0.key < $1.key }) where list.count > 1 {
      let sorted = list.sorted { ($0.effectiveFrom ?? .distantPast) < ($1.effectiveFrom ?? .distantPast) }
      for (a, b) in zip(sorted, sorted.dropFirst()) where (a.effectiveTo ?? .distantFuture) >= (b.effectiveFrom ?? .distantPast) {
        error("definitions of `\(path)` overlap: the one from \(a.effectiveFrom?.description ?? "the start") is still in force when the next begins", b.origin)
      }
    }
    // Concepts named inside each definition; a cycle would make the definition circular.
    func named(_ conditions: [ConditionDecl]) -> Set<String> { j.pathsNamed(in: conditions) }
    // A definition that changes while a version of an offense naming the concept is in force would
    // be applied to the whole version: the version must be split where the definition changes.
    for offense in j.offenses {
      for version in offense.versions {
        let named = named(version.prongs.flatMap(\.conditions))
        // Every legal concept a version names is defined from facts or said to be asked directly.
        for path in named.sorted() {
          let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
          guard parts.count == 2, let group = Vocabulary.Group(rawValue: parts[0]), vocabulary.term(group, parts[1])?.category == .concept else { continue }
          if !j.conceptDefinitions.contains(where: { $0.path == path && $0.applies(on: version.effectiveFrom) }) {
            error(
              "`\(path)` is a legal concept, named by `\(offense.id.text)` (version from \(version.effectiveFrom)); define it from facts "
                + "(`concept \(path) { … }`, XML <concept-definition>) or say why it is asked directly (`concept \(path) asked directly { … }`)",
              version.origin)
          }
        }
        var changes: Set<String> = []
        for definition in j.conceptDefinitions where named.contains(definition.path) {
          for start in [definition.effectiveFrom, definition.effectiveTo?.nextDay].compactMap({ $0 })
          where version.effectiveFrom < start && start <= (version.effectiveTo ?? .distantFuture)
            && changes.insert("\(definition.path) \(start)").inserted
          {
            error(
              "the definition of `\(definition.path)` changes on \(start), inside the version of `\(offense.id.text)` from \(version.effectiveFrom); split the version there",
              version.origin)
          }
        }
      }
    }
    let edges = byPath.mapValues { list in list.reduce(into: Set<String>()) { $0.formUnion(named($1.conditions)) } }
    for start in byPath.keys.sorted() {
      var stack = [start]
      var seen: Set<String> = []
      while let next = stack.popLast() {
        for target in edges[next] ?? [] where byPath[target] != nil {
          if target == start {
            error("the definition of `\(start)` is circular: it leads back to itself", byPath[start]![0].origin)
            stack = []
            break
          }
          if seen.insert(target).inserted { stack.append(target) }
        }
      }
    }
  }

  /// A reading can be high-confidence only on an official or full-text source: the element's own
  /// source, or the source of the prong it belongs to.
  mutating func checkTiers(_ j: JurisdictionDecl) {
    let tiers = Dictionary(j.sources.map { ($0.id.text, $0.tier) }, uniquingKeysWith: { first, _ in first })
    func visit(_ checker: inout RuleChecker, _ notes: RuleNotes, _ origin: NodeOrigin, inherited: (source: Name?, confidence: Confidence?)) {
      let source = notes.source ?? inherited.source
      let confidence = notes.confidence ?? inherited.confidence
      guard confidence == .high else { return }
      guard let source else {
        checker.error("a high-confidence reading needs a source (`from …`) of tier official or full text", origin)
        return
      }
      if let tier = tiers[source.text], !tier.supportsHighConfidence {
        checker.error(
          "a high-confidence reading rests on `\(source.text)`, a secondary source; cite an official or full-text source or lower the confidence",
          origin)
      }
    }
    func condition(_ checker: inout RuleChecker, _ c: ConditionDecl, inherited: (source: Name?, confidence: Confidence?)) {
      visit(&checker, c.notes, c.origin, inherited: inherited)
      let passed = (c.notes.source ?? inherited.source, c.notes.confidence ?? inherited.confidence)
      switch c.test {
      case .anyOf(let members), .allOf(let members): for member in members { condition(&checker, member, inherited: passed) }
      default: break
      }
    }
    if let harbor = j.safeHarbor { visit(&self, harbor.notes, harbor.origin, inherited: (nil, nil)) }
    for definition in j.meansDefinitions { visit(&self, definition.notes, definition.origin, inherited: (nil, nil)) }
    for definition in j.conceptDefinitions {
      visit(&self, definition.notes, definition.origin, inherited: (nil, nil))
      for c in definition.conditions { condition(&self, c, inherited: (definition.notes.source, definition.notes.confidence)) }
    }
    for offense in j.offenses {
      for version in offense.versions {
        for prong in version.prongs {
          visit(&self, prong.notes, prong.origin, inherited: (nil, nil))
          for c in prong.conditions { condition(&self, c, inherited: (prong.notes.source, prong.notes.confidence)) }
        }
        for defense in version.defenses { visit(&self, defense.notes, defense.origin, inherited: (nil, nil)) }
      }
    }
  }

  mutating func check(_ c: ConditionDecl, definitions: Set<String>, notes: (inout RuleChecker, RuleNotes, NodeOrigin) -> Void) {
    notes(&self, c.notes, c.origin)
    func list(_ checker: inout RuleChecker, _ names: [Name], _ group: Vocabulary.Group, _ what: String) {
      checker.unique(names, what, listed: true)
      for name in names { checker.term(name, in: group, what: what) }
    }
    func age(_ checker: inout RuleChecker, _ bound: AgeBound) {
      switch bound {
      case .below(let n), .atLeast(let n):
        if !(0...120).contains(n) { checker.error("age \(n) is outside 0–120", c.origin) }
      }
    }
    switch c.test {
    case .acts(let names): list(&self, names, .acts, "act")
    case .purpose(let names): list(&self, names, .purpose, "purpose")
    case .meansAny(let names): list(&self, names, .means, "means")
    case .meansDefinition(let name):
      if !definitions.contains(name.text) {
        error("unknown means list `\(name.text)`\(Suggestions.hint(for: name.text, in: definitions))", name.origin)
      }
    case .victimAge(let bound), .actorAge(let bound): age(&self, bound)
    case .victimFact(let name, _): term(name, in: .victim, what: "victim fact")
    case .actorFact(let name, _): term(name, in: .actor, what: "actor fact")
    case .mentalState: break
    case .anyOf(let members), .allOf(let members):
      if members.isEmpty { error("a group needs at least one condition", c.origin) }
      for member in members { check(member, definitions: definitions, notes: notes) }
    }
  }

  mutating func check(_ v: VocabularyDecl) {
    for group in Vocabulary.Group.allCases {
      unique(v.terms.filter { $0.group == group }.map(\.id), "term \(group.rawValue).")
    }
    let vocabulary = v.vocabulary
    for (group, id, type) in [(Vocabulary.Group.victim, "age", Vocabulary.TermType.age), (.actor, "age", .age), (.actor, "mental_state", .mentalState)] {
      if vocabulary.term(group, id)?.type != type {
        error("the vocabulary must define \(group.rawValue).\(id) of type \(type.rawValue)", v.origin)
      }
    }
    for term in v.terms where term.group != .victim && term.group != .actor && term.type != .boolean {
      error("\(term.group.rawValue) terms are yes/no facts; `\(term.id.text)` must be boolean", term.origin)
    }
  }
}
