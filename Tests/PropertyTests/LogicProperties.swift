import Batch
import HTCore
import RuleEngine
import RuleSyntax
import Testing

/// Issue 12: the laws of the legal logic, checked over generated cases (see CaseSpace).
@Suite struct LogicProperties {
  let evaluator = Evaluator(library: Bundled.library)
  let space = CaseSpace.shared

  static func key(_ r: EvaluationResult) -> String { "\(r.jurisdiction) \(r.offense.rawValue)/\(r.role.rawValue)" }

  /// Information order (Kleene): answering an unknown fact never turns met into not met or the
  /// reverse; it can only settle an undetermined result.
  @Test func answeringAnUnknownFactOnlySettlesOpenResults() {
    PropertyRun.check("information order") { genome in
      let facts = space.caseFile(genome)
      let before = evaluator.evaluate(facts, mode: .identification, date: facts.date!)
      // Answer up to three unknown facts, chosen from the genome itself.
      let unknown = genome.facts.indices.filter { genome.facts[$0] == 0 }
      for index in unknown.enumerated().filter({ $0.offset % max(1, unknown.count / 3) == 0 }).map(\.element).prefix(3) {
        for answer in [1, 2] {
          var changed = genome
          changed.facts[index] = answer
          let after = evaluator.evaluate(space.caseFile(changed), mode: .identification, date: facts.date!)
          for (a, b) in zip(before, after) where a.outcome != .undetermined && a.outcome != b.outcome {
            return "\(Self.key(a)) went from \(a.outcome) to \(b.outcome) when \(space.slots[index]) was answered \(answer == 2 ? "yes" : "no")"
          }
        }
      }
      return nil
    }
  }

  /// Identification ⊇ proven liability: a result met in liability mode with every mental-state
  /// and knowledge fact proven and no defense is met in identification mode.
  @Test func identificationIsNeverStricterThanProvenLiability() {
    let vocabulary = Bundled.library.vocabulary
    PropertyRun.check("identification ⊇ proven liability") { genome in
      var facts = space.caseFile(genome)
      for role in facts.roles {
        facts[FactPath(role: role, .actor, "mental_state")] = .level(.intentionally)
        for term in vocabulary.terms(in: .actor) where term.category == .mental && term.type == .boolean {
          facts[FactPath(role: role, .actor, term.id)] = .bool(term.id != "reasonably_believed_adult")
        }
      }
      facts[FactPath(.victim, "consented")] = .bool(false)
      let liability = evaluator.evaluate(facts, mode: .liability, date: facts.date!)
      let identification = evaluator.evaluate(facts, mode: .identification, date: facts.date!)
      for (l, i) in zip(liability, identification) where l.outcome == .met && i.outcome != .met {
        return "\(Self.key(l)) is met in liability mode (\(l.citation)) but \(i.outcome) in identification mode"
      }
      return nil
    }
  }

  /// Concepts follow their facts: with the facts of a jurisdiction's definition of a concept set,
  /// answering the concept "no" gives the same results as answering it "yes" (and the conflict
  /// is reported where the concept is named).
  @Test func conceptsFollowTheirFacts() {
    let definitions = Bundled.library.written.flatMap { j in j.conceptDefinitions.filter { !$0.askedDirectly }.map { (j, $0) } }
    #expect(definitions.count > 20)
    PropertyRun.check("concepts follow their facts") { genome in
      let (j, definition) = definitions[genome.dateIndex % definitions.count]
      var facts = space.caseFile(genome)
      facts.date = definition.effectiveFrom ?? definition.effectiveTo ?? facts.date
      ConceptFacts.satisfy(definition.conditions, role: .exploiter, in: j, into: &facts)
      let parts = definition.path.split(separator: ".").map(String.init)
      let answer = parts[0] == "acts" ? FactPath(role: .exploiter, .acts, parts[1]) : FactPath(Vocabulary.Group(rawValue: parts[0])!, parts[1])
      var no = facts
      no[answer] = .bool(false)
      var yes = facts
      yes[answer] = .bool(true)
      let withNo = evaluator.evaluate(no, mode: .identification, date: no.date!, jurisdictions: [j.code.text])
      let withYes = evaluator.evaluate(yes, mode: .identification, date: yes.date!, jurisdictions: [j.code.text])
      for (a, b) in zip(withNo, withYes) where a.role == .exploiter && a.outcome != b.outcome {
        return "\(Self.key(a)): \(definition.path) answered no gives \(a.outcome), yes gives \(b.outcome), although the facts meet \(definition.notes.citation)"
      }
      return nil
    }
  }

  /// One answer everywhere: compare/check (the tree-walking evaluator), batch's reference path and
  /// its compiled bitset fast path agree on every generated case; every nearest miss, applied,
  /// makes its result met. Each case is dated on a day some law changes or the day before.
  @Test func everyPathGivesTheSameAnswer() {
    let reference = ReferenceBatchEvaluator(library: Bundled.library, mode: .identification)
    let fast = CompiledBatchEvaluator(library: Bundled.library, mode: .identification)
    let days = fast.periods.days.flatMap { [$0, $0.previousDay] } + [CalendarDate("2025-06-01")!]
    PropertyRun.check("one answer everywhere") { genome in
      var facts = space.caseFile(genome)
      let date = days[reference.schema.row(facts).reduce(0) { ($0 &* 31 &+ Int($1) &+ 1) & 0xFFFF } % days.count]
      facts.date = date
      // Batch counts a buyer as present when a buyer cell is filled; say the same to compare.
      let buyerPresent = facts.facts.keys.contains { $0.role == .buyer }
      facts.roles = buyerPresent ? [.exploiter, .buyer] : [.exploiter]
      let row = reference.schema.row(facts)
      let slow = reference.outcomes(row, date: date)
      let quick = fast.evaluate([row], on: date)
      let results = evaluator.evaluate(facts, mode: .identification, date: date, nearestMisses: true)
      for (index, column) in reference.columns.enumerated() where !column.buyerOnly || buyerPresent {
        let matching = results.filter { $0.jurisdiction == column.jurisdiction && $0.offense == column.offense && (!column.buyerOnly || $0.role == .buyer) }
        let expected = column.buyerOnly ? (matching.first?.outcome ?? .notMet) : Outcome.anyMet(matching.map(\.outcome))
        if slow[index] != expected || quick[index] != expected {
          return "\(column.name): compare says \(expected), batch reference \(slow[index]), compiled \(quick[index])"
        }
      }
      for result in results where result.outcome != .met {
        guard let miss = result.nearestMisses.first else { continue }
        var changed = facts
        for change in miss.changes { changed[change.fact] = change.value }
        guard let j = Bundled.library.jurisdiction(result.jurisdiction) else { continue }
        let after = evaluator.evaluate(j, kind: result.offense, role: result.role, facts: changed, mode: .identification, date: date)
        if after.outcome != .met { return "\(Self.key(result)): the nearest miss \"\(miss.words)\" does not make it met" }
      }
      return nil
    }
  }

  /// Dates: for every encoded version boundary, a case dated the day before is judged by the
  /// earlier version and a case dated on the effective date by the later one.
  @Test func everyVersionBoundaryPicksTheRightVersion() {
    var checked = 0
    for j in Bundled.library.jurisdictions {
      for offense in j.offenses {
        let versions = offense.versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
        for (earlier, later) in zip(versions, versions.dropFirst()) {
          guard let dayBefore = earlier.effectiveTo, dayBefore.nextDay == later.effectiveFrom else {
            Issue.record("\(j.code.text) \(offense.id.text): the version from \(later.effectiveFrom) does not follow on from the one before")
            continue
          }
          for role in Set(offense.versions.flatMap { $0.prongs.flatMap(\.roles) }) {
            let facts = CaseFile(date: nil, roles: role == .buyer ? [.exploiter, .buyer] : [.exploiter])
            for (date, version) in [(dayBefore, earlier), (later.effectiveFrom, later)] {
              let result = evaluator.evaluate(j, kind: offense.kind, role: role, facts: facts, mode: .identification, date: date)
              let label = "\(offense.name) (\(offense.citation)), version from \(version.effectiveFrom)"
              #expect(result.explanation.contains { $0.label.hasPrefix(label) }, "\(j.code.text) \(offense.id.text) on \(date): expected \(label)")
              checked += 1
            }
          }
        }
      }
    }
    #expect(checked > 100)
  }
}

/// Facts that meet a concept's definition (the first alternative of each group).
enum ConceptFacts {
  static func satisfy(_ conditions: [ConditionDecl], role: Role, in j: JurisdictionDecl, into facts: inout CaseFile) {
    for c in conditions {
      switch c.test {
      case .acts(let names): facts[FactPath(role: role, .acts, names[0].text)] = .bool(true)
      case .purpose(let names): facts[FactPath(.purpose, names[0].text)] = .bool(true)
      case .meansAny(let names): facts[FactPath(role: .exploiter, .means, names[0].text)] = .bool(true)
      case .meansDefinition(let name):
        if let first = j.meansDefinitions.first(where: { $0.id.text == name.text })?.means.first {
          facts[FactPath(role: .exploiter, .means, first.text)] = .bool(true)
        }
      case .victimAge(.below(let n)): facts[FactPath(.victim, "age")] = .age(max(0, n - 1))
      case .victimAge(.atLeast(let n)): facts[FactPath(.victim, "age")] = .age(n)
      case .actorAge(.below(let n)): facts[FactPath(role: role, .actor, "age")] = .age(max(0, n - 1))
      case .actorAge(.atLeast(let n)): facts[FactPath(role: role, .actor, "age")] = .age(n)
      case .victimFact(let name, let expected): facts[FactPath(.victim, name.text)] = .bool(expected)
      case .actorFact(let name, let expected): facts[FactPath(role: role, .actor, name.text)] = .bool(expected)
      case .mentalState: break
      case .allOf(let members): satisfy(members, role: role, in: j, into: &facts)
      case .anyOf(let members): satisfy([members[0]], role: role, in: j, into: &facts)
      }
    }
  }
}
