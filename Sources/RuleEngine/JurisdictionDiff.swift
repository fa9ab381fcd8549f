import Dispatch
import Foundation
import HTCore
import RuleSyntax

/// How two jurisdictions' definitions of one offense kind relate over the whole fact space,
/// decided exactly, with witness cases, plus element-by-element differences with citations.
public struct JurisdictionDiff: Sendable {
  public enum Relation: String, Sendable {
    case narrower, broader, equivalent, incomparable
  }

  public struct Witness: Sendable {
    public var metIn: String
    public var notMetIn: String
    public var facts: CaseFile
  }

  public struct Difference: Sendable, Equatable {
    public var element: String
    public var a: String
    public var b: String
    public var aCitations: [String]
    public var bCitations: [String]
  }

  public var a: String
  public var b: String
  public var offense: OffenseKind
  public var role: Role
  public var mode: EvaluationMode
  public var date: CalendarDate
  /// A relative to B: `narrower` means every case met in A is met in B, and some are not met in A.
  public var relation: Relation
  public var differences: [Difference]
  public var witnesses: [Witness]

  public init(
    library: RuleLibrary, a: JurisdictionDecl, b: JurisdictionDecl, offense: OffenseKind, role: Role = .exploiter, mode: EvaluationMode = .identification,
    date: CalendarDate
  ) {
    let context = DiffContext(library: library, offense: offense, role: role, mode: mode, date: date)
    self.init(context: context, a: context.prepare(a), b: context.prepare(b))
  }

  init(context: DiffContext, a: DiffContext.Prepared, b: DiffContext.Prepared) {
    self.a = a.jurisdiction.code.text
    self.b = b.jurisdiction.code.text
    self.offense = context.offense
    self.role = context.role
    self.mode = context.mode
    self.date = context.date
    let evaluator = Evaluator(library: context.library)
    let relevant = a.formula.facts.union(b.formula.facts)
    func met(_ j: JurisdictionDecl, _ facts: CaseFile) -> Bool {
      evaluator.evaluate(j, kind: context.offense, role: context.role, facts: facts, mode: context.mode, date: context.date).outcome == .met
    }
    func caseFor(_ assignment: WitnessSearch.Assignment) -> CaseFile {
      Self.witnessCase(assignment, relevant: relevant, role: context.role, date: context.date, vocabulary: context.library.vocabulary)
    }
    let onlyA = WitnessSearch(a: a.formula, b: b.formula, replay: { met(a.jurisdiction, $0) && !met(b.jurisdiction, $0) }, caseFor: caseFor).find()
    let onlyB = WitnessSearch(a: b.formula, b: a.formula, replay: { met(b.jurisdiction, $0) && !met(a.jurisdiction, $0) }, caseFor: caseFor).find()
    var witnesses: [Witness] = []
    if var facts = onlyA {
      facts.id = "witness-\(self.a)-not-\(self.b)"
      witnesses.append(Witness(metIn: self.a, notMetIn: self.b, facts: facts))
    }
    if var facts = onlyB {
      facts.id = "witness-\(self.b)-not-\(self.a)"
      witnesses.append(Witness(metIn: self.b, notMetIn: self.a, facts: facts))
    }
    self.witnesses = witnesses
    switch (onlyA != nil, onlyB != nil) {
    case (false, false): relation = .equivalent
    case (false, true): relation = .narrower
    case (true, false): relation = .broader
    case (true, true): relation = .incomparable
    }
    differences = a.profile.differences(from: b.profile)
  }

  /// Every ordered pair of the given jurisdictions (or each against `baseline`), computed on all cores.
  public static func pairs(
    library: RuleLibrary, codes: [String], baseline: String? = nil, offenses: [OffenseKind], role: Role, mode: EvaluationMode, date: CalendarDate
  ) -> [JurisdictionDiff] {
    var jobs: [(DiffContext, DiffContext.Prepared, DiffContext.Prepared)] = []
    for offense in offenses {
      let context = DiffContext(library: library, offense: offense, role: role, mode: mode, date: date)
      let prepared = Dictionary(
        uniqueKeysWithValues: library.jurisdictions.filter { codes.contains($0.code.text) || $0.code.text == baseline }.map {
          ($0.code.text, context.prepare($0))
        })
      for a in codes {
        for b in baseline.map({ [$0] }) ?? codes where a != b {
          if let left = prepared[a], let right = prepared[b] { jobs.append((context, left, right)) }
        }
      }
    }
    let results = ResultSlots<JurisdictionDiff>(count: jobs.count)
    let work = jobs
    DispatchQueue.concurrentPerform(iterations: work.count) { index in
      let (context, a, b) = work[index]
      results.set(index, JurisdictionDiff(context: context, a: a, b: b))
    }
    return results.values
  }

  /// A complete case: every fact either formula mentions is known (booleans default to false),
  /// so both jurisdictions give a definite answer.
  static func witnessCase(_ assignment: WitnessSearch.Assignment, relevant: Set<FactPath>, role: Role, date: CalendarDate, vocabulary: Vocabulary) -> CaseFile {
    var facts = CaseFile(id: "witness", date: date, roles: role == .buyer ? [.exploiter, .buyer] : [.exploiter])
    for path in relevant.sorted() {
      guard let term = vocabulary.term(for: path) else { continue }
      switch term.type {
      case .boolean: facts[path] = .bool(assignment.bools[path] ?? false)
      case .age: facts[path] = .age(assignment.numbers[path] ?? (path.group == .victim ? 25 : 30))
      case .mentalState: facts[path] = .level(assignment.levels[path] ?? .negligently)
      }
    }
    for (path, value) in assignment.bools where facts[path] == nil { facts[path] = .bool(value) }
    for (path, value) in assignment.numbers where facts[path] == nil { facts[path] = .age(value) }
    for (path, value) in assignment.levels where facts[path] == nil { facts[path] = .level(value) }
    return facts
  }
}

/// What a jurisdiction's offenses of one kind require, element by element, with citations.
struct ElementProfile {
  var values: [String: (value: String, citations: [String])] = [:]

  init(_ j: JurisdictionDecl, kind: OffenseKind, role: Role, date: CalendarDate, library: RuleLibrary) {
    var parts: [(OffenseDecl, [ConditionDecl])] = []
    var roleCitations: [String: Set<String>] = [:]
    var defenseEntries: [String: Set<String>] = [:]
    var noMeans: Set<String> = []
    for offense in j.offenses where offense.kind == kind {
      guard let version = offense.versions.first(where: { $0.isInForce(on: date) }) else { continue }
      for prong in version.prongs {
        prong.roles.forEach { roleCitations[$0.rawValue, default: []].insert(prong.notes.citation) }
        guard prong.roles.contains(role) else { continue }
        parts.append((offense, prong.conditions))
        if !prong.conditions.contains(where: ElementProfile.mentionsMeans) { noMeans.insert(prong.notes.citation) }
      }
      for defense in version.defenses { defenseEntries[defense.kind.rawValue, default: []].insert("\(defense.rule.rawValue)\u{1}\(defense.notes.citation)") }
    }
    self.init(versions: parts, jurisdiction: j)
    for (term, citations) in roleCitations { values["reaches the conduct of: \(term)"] = ("yes", citations.sorted()) }
    if !noMeans.isEmpty { values["a route with no means element"] = ("yes", noMeans.sorted()) }
    for (kind, entries) in defenseEntries {
      let parts = entries.sorted().map { $0.split(separator: "\u{1}").map(String.init) }
      values["defense: \(kind.replacingUnderscores())"] = (
        parts.map { $0[0].replacingUnderscores() }.joined(separator: "; "), parts.map { $0.count > 1 ? $0[1] : "" }
      )
    }
  }

  static func mentionsMeans(_ c: ConditionDecl) -> Bool {
    switch c.test {
    case .meansAny, .meansDefinition: return true
    case .anyOf(let members), .allOf(let members): return members.contains(where: mentionsMeans)
    default: return false
    }
  }

  /// The elements named by the given routes' conditions.
  init(versions parts: [(OffenseDecl, [ConditionDecl])], jurisdiction j: JurisdictionDecl) {
    var acts: [String: Set<String>] = [:]
    var purposes: [String: Set<String>] = [:]
    var means: [String: Set<String>] = [:]
    var ages: [String: Set<String>] = [:]
    var victimFacts: [String: Set<String>] = [:]
    var actorFacts: [String: Set<String>] = [:]
    var openLists: Set<String> = []
    func visit(_ c: ConditionDecl) {
      switch c.test {
      case .acts(let names): names.forEach { acts[$0.text, default: []].insert(c.notes.citation) }
      case .purpose(let names): names.forEach { purposes[$0.text, default: []].insert(c.notes.citation) }
      case .meansAny(let names): names.forEach { means[$0.text, default: []].insert(c.notes.citation) }
      case .meansDefinition(let name):
        if let definition = j.meansDefinitions.first(where: { $0.id.text == name.text }) {
          definition.means.forEach { means[$0.text, default: []].insert(definition.notes.citation) }
          if definition.isOpen { openLists.insert(definition.notes.citation) }
        }
      case .victimAge(let bound): ages["victim age \(bound.words)", default: []].insert(c.notes.citation)
      case .actorAge(let bound): ages["actor age \(bound.words)", default: []].insert(c.notes.citation)
      case .victimFact(let name, let expected): victimFacts["\(expected ? "" : "not ")\(name.text)", default: []].insert(c.notes.citation)
      case .actorFact(let name, let expected): actorFacts["\(expected ? "" : "not ")\(name.text)", default: []].insert(c.notes.citation)
      case .mentalState(let level): actorFacts["mental state at least \(level.rawValue)", default: []].insert(c.notes.citation)
      case .anyOf(let members), .allOf(let members): members.forEach(visit)
      }
    }
    for (_, conditions) in parts { conditions.forEach(visit) }
    func record(_ key: String, _ map: [String: Set<String>]) {
      for (term, citations) in map { values["\(key): \(term.replacingUnderscores())"] = ("yes", citations.sorted()) }
    }
    record("act", acts)
    record("purpose", purposes)
    record("means", means)
    record("age line", ages)
    record("victim condition", victimFacts)
    record("actor condition", actorFacts)
    if !openLists.isEmpty { values["an open (non-exhaustive) means list"] = ("yes", openLists.sorted()) }
  }

  func differences(from other: ElementProfile) -> [JurisdictionDiff.Difference] {
    let keys = Set(values.keys).union(other.values.keys).sorted()
    return keys.compactMap { key in
      let mine = values[key]
      let theirs = other.values[key]
      if mine?.value == theirs?.value { return nil }
      return JurisdictionDiff.Difference(
        element: key, a: mine?.value ?? "no", b: theirs?.value ?? "no", aCitations: mine?.citations ?? [], bCitations: theirs?.citations ?? [])
    }
  }
}

/// What diffs of one offense kind share: the library, the date and mode, and per-jurisdiction
/// formulas and element profiles computed once.
struct DiffContext: @unchecked Sendable {
  let library: RuleLibrary
  let offense: OffenseKind
  let role: Role
  let mode: EvaluationMode
  let date: CalendarDate

  struct Prepared: @unchecked Sendable {
    let jurisdiction: JurisdictionDecl
    let formula: RuleFormula
    let profile: ElementProfile
  }

  func prepare(_ j: JurisdictionDecl) -> Prepared {
    Prepared(
      jurisdiction: j, formula: RuleFormula(jurisdiction: j, kind: offense, role: role, mode: mode, date: date, vocabulary: library.vocabulary),
      profile: ElementProfile(j, kind: offense, role: role, date: date, library: library))
  }
}

/// Fixed slots written from concurrent workers, one slot each.
public final class ResultSlots<Value>: @unchecked Sendable {
  private var slots: [Value?]
  private let lock = NSLock()
  public init(count: Int) { slots = Array(repeating: nil, count: count) }
  public func set(_ index: Int, _ value: Value) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }
  public var values: [Value] { slots.compactMap { $0 } }
  public func value(at index: Int) -> Value? {
    lock.lock()
    defer { lock.unlock() }
    return slots[index]
  }
}
