import Dispatch
import HTCore
import RuleSyntax

/// Entry point of the evaluation stage: applies the loaded rules to the facts of a case, with
/// Kleene three-valued logic (an unknown fact never becomes false), and explains every result.
public struct Evaluator: Sendable {
  public let library: RuleLibrary

  public init(library: RuleLibrary) { self.library = library }

  /// One result per jurisdiction × offense kind × role present in the case, sorted.
  /// `date` is the day whose law applies (the case date, `--as-of`, or today).
  /// With `nearestMisses`, results that are not met also carry the smallest changes that would
  /// make them met.
  public func evaluate(_ facts: CaseFile, mode: EvaluationMode, date: CalendarDate, jurisdictions: [String]? = nil, nearestMisses: Bool = false)
    -> [EvaluationResult]
  {
    let chosen = library.jurisdictions.filter { j in jurisdictions.map { $0.contains(j.code.text) } ?? true }
    var jobs: [(JurisdictionDecl, OffenseKind, Role)] = []
    for jurisdiction in chosen {
      for kind in Set(jurisdiction.offenses.map(\.kind)).sorted() {
        for role in facts.roles { jobs.append((jurisdiction, kind, role)) }
      }
    }
    let library = self.library
    @Sendable func run(_ job: (JurisdictionDecl, OffenseKind, Role)) -> EvaluationResult {
      var result = evaluate(job.0, kind: job.1, role: job.2, facts: facts, mode: mode, date: date)
      if nearestMisses && result.outcome != .met {
        result.nearestMisses = NearestMiss.find(for: job.0, kind: job.1, role: job.2, facts: facts, mode: mode, date: date, library: library)
      }
      return result
    }
    guard nearestMisses, jobs.count > 8 else { return jobs.map(run) }
    // Nearest misses are the costly part: spread them over the cores, keeping the order.
    let slots = ResultSlots<EvaluationResult>(count: jobs.count)
    let work = jobs
    DispatchQueue.concurrentPerform(iterations: work.count) { index in slots.set(index, run(work[index])) }
    return slots.values
  }

  public func evaluate(_ j: JurisdictionDecl, kind: OffenseKind, role: Role, facts: CaseFile, mode: EvaluationMode, date: CalendarDate) -> EvaluationResult {
    let context = ConditionEvaluator(jurisdiction: j, facts: facts, role: role, mode: mode, vocabulary: library.vocabulary)
    let offenses = j.offenses.filter { $0.kind == kind }
    var trees: [Explanation] = []
    var decided: (offense: OffenseDecl, prong: ProngDecl, tree: Explanation)?
    var considered: [(id: String, tree: Explanation, missing: Set<FactPath>)] = []
    var offenseValues: [ElementValue] = []
    var uncoveredConfidence: Confidence = .high

    for offense in offenses {
      guard let version = offense.versions.first(where: { $0.isInForce(on: date) }) else {
        let earliest = offense.versions.map(\.effectiveFrom).min()
        let didNotExist = offense.firstInForce.map { date < $0 } ?? false
        let before = !didNotExist && (earliest.map { date < $0 } ?? true)
        let why =
          didNotExist
          ? "this offense did not exist on \(date); it was first in force on \(offense.firstInForce!)"
          : before
            ? "the conduct date \(date) is before the earliest encoded version of this offense (\(earliest.map(\.description) ?? "none")); the law then is not encoded"
            : "no version of this offense was in force on \(date)"
        let value: ElementValue = before ? .undetermined : .notMet
        offenseValues.append(value)
        trees.append(
          Explanation(
            kind: .offense, label: "\(offense.name) (\(offense.citation))", value: value, why: why, citation: offense.citation, summary: "", confidence: .high,
            questions: [], children: []))
        continue
      }
      let prongs = version.prongs.filter { $0.roles.contains(role) }
      var prongTrees: [Explanation] = []
      var values: [ElementValue] = []
      for prong in prongs {
        let (tree, missing) = context.evaluateProng(prong, version: version)
        prongTrees.append(tree)
        values.append(tree.value)
        if tree.value == .met, decided == nil { decided = (offense, prong, tree) }
        considered.append(("\(offense.id.text).\(prong.id.text)", tree, missing))
      }
      let value = Logic.any(values)
      let why: String
      if prongs.isEmpty {
        why = "no route of this offense reaches a \(role.rawValue)'s conduct"
        uncoveredConfidence = min(uncoveredConfidence, version.prongs.map { $0.notes.confidence ?? .high }.min() ?? .high)
      } else {
        why = value == .met ? "a route is met" : value == .notMet ? "no route is met" : "no route is met, and some cannot be decided yet"
      }
      offenseValues.append(prongs.isEmpty ? .notMet : value)
      trees.append(
        Explanation(
          kind: .offense,
          label: "\(offense.name) (\(offense.citation)), version from \(version.effectiveFrom)" + (version.effectiveTo.map { " to \($0)" } ?? ""),
          value: prongs.isEmpty ? .notMet : value, why: why, citation: offense.citation, summary: version.note ?? "", confidence: .high, questions: [],
          children: prongTrees))
    }

    let overall = Logic.any(offenseValues)
    let outcome: Outcome = overall == .met || overall == .assumed ? .met : overall == .notMet ? .notMet : .undetermined
    var result = EvaluationResult(
      jurisdiction: j.code.text, jurisdictionName: j.name, offense: kind, role: role, outcome: outcome,
      citation: offenses.map(\.citation).uniqued().joined(separator: "; "), prong: nil, failedProngs: [], missing: [], assumed: [],
      confidence: .high, questions: [], explanation: trees)
    let relevant: [Explanation]
    if let decided, outcome == .met {
      result.citation = decided.prong.notes.citation
      result.prong = "\(decided.offense.id.text).\(decided.prong.id.text)"
      relevant = Self.relevantNodes(decided.tree)
      result.assumed = Self.assumed(in: decided.tree)
    } else {
      result.failedProngs = considered.map(\.id)
      let open = considered.filter { outcome == .undetermined ? $0.tree.value == .undetermined : true }
      relevant = open.map(\.tree).flatMap(Self.relevantNodes)
      result.assumed = Array(Set(considered.flatMap { Self.assumed(in: $0.tree) })).sorted()
      if outcome == .undetermined {
        result.missing = Array(open.reduce(into: Set<FactPath>()) { $0.formUnion($1.missing) }).sorted()
      }
      if considered.isEmpty { result.confidence = uncoveredConfidence }
    }
    if !relevant.isEmpty { result.confidence = relevant.map(\.confidence).min() ?? .high }
    result.questions = Array(Set(relevant.flatMap { node in node.questions.map { OpenQuestion(citation: node.citation, question: $0) } })).sorted()
    result.reason = Self.reason(outcome: outcome, decided: decided?.tree, considered: considered.map(\.tree), offenses: trees, role: role)
    result.conflicts = Self.conflicts(in: trees, facts: facts, role: role)
    return result
  }

  /// Concepts answered "no" whose definition the facts meet, anywhere in the evaluated trees.
  static func conflicts(in trees: [Explanation], facts: CaseFile, role: Role) -> [ConceptConflict] {
    var found: Set<ConceptConflict> = []
    func visit(_ node: Explanation) {
      if let concept = node.concept, node.value == .met {
        let parts = concept.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2, let group = Vocabulary.Group(rawValue: parts[0]) {
          let paths: [FactPath] =
            switch group {
            case .acts: [FactPath(role: role, .acts, parts[1])]
            case .means: Role.allCases.map { FactPath(role: $0, .means, parts[1]) }
            default: [FactPath(group, parts[1])]
            }
          let answers = paths.map { facts.bool($0) }
          if answers.contains(false) && !answers.contains(true), let path = paths.first(where: { facts.bool($0) == false }) {
            found.insert(ConceptConflict(answer: path, citation: node.citation))
          }
        }
      }
      node.children.forEach(visit)
    }
    trees.forEach(visit)
    return found.sorted()
  }

  /// A short account of what decided a result, shared by jurisdictions that agree for the same reason.
  static func reason(outcome: Outcome, decided: Explanation?, considered: [Explanation], offenses: [Explanation], role: Role) -> String {
    func category(_ node: Explanation) -> String {
      switch node.element {
      case .acts?: return "the \(role.rawValue)'s conduct"
      case .purpose?: return "the purpose"
      case .means?: return "force, fraud or coercion"
      case .victimAgeUnder?, .victimAgeAtLeast?: return "the victim's age"
      case .victimFact?: return "a protected class or victim condition"
      case .actorAge?: return "the \(role.rawValue)'s age"
      case .actorFact?: return "the \(role.rawValue)'s relationship or knowledge"
      case .mentalState?: return "the \(role.rawValue)'s state of mind"
      case .anyOf?, .allOf?, nil:
        if node.kind == .defense { return "a defense" }
        if let child = node.children.first(where: { $0.value == node.value }) { return category(child) }
        return "a requirement"
      }
    }
    /// Whether a met requirement of this kind decided the route (looking into met groups).
    func contains(_ node: Explanation, _ elements: Set<Explanation.Element>) -> Bool {
      node.element.map(elements.contains) == true || node.children.contains { $0.value == .met && contains($0, elements) }
    }
    switch outcome {
    case .met:
      guard let prong = decided else { return "met" }
      let usesMeans = prong.children.contains { contains($0, [.means]) }
      if usesMeans { return "met: force, fraud or coercion established" }
      if prong.children.contains(where: { contains($0, [.victimAgeUnder]) }) { return "met: no force, fraud or coercion needed for a victim of this age" }
      if prong.children.contains(where: { contains($0, [.victimFact]) }) { return "met: no force, fraud or coercion needed for this protected class" }
      return "met: no force, fraud or coercion needed"
    case .notMet, .undetermined:
      if considered.isEmpty {
        if let why = offenses.first?.why, offenses.allSatisfy({ $0.children.isEmpty }) {
          return outcome == .notMet && why.hasPrefix("no route")
            ? "not met: the offense does not reach a \(role.rawValue)'s conduct" : "\(outcome.words): \(why)"
        }
        return "\(outcome.words)"
      }
      var counts: [String: Int] = [:]
      for prong in considered {
        let failing = prong.children.filter { $0.value == (outcome == .notMet ? .notMet : .undetermined) }
        for name in Set(failing.map(category)) { counts[name, default: 0] += 1 }
      }
      let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key ?? "a requirement"
      return outcome == .notMet ? "not met: \(top) not established" : "undetermined: depends on \(top)"
    }
  }

  /// The nodes a verdict depends on: for a met prong, every node in it; otherwise the prong and
  /// the conditions that failed or stayed open.
  /// The nodes a result rests on (for its confidence and open questions): below a satisfied node
  /// only the satisfied children (an alternative that did not decide does not count), below an
  /// unsatisfied node only the unsatisfied ones.
  static func relevantNodes(_ prong: Explanation) -> [Explanation] {
    var nodes: [Explanation] = []
    func satisfied(_ value: ElementValue) -> Bool { value == .met || value == .assumed }
    func walk(_ node: Explanation) {
      nodes.append(node)
      for child in node.children where satisfied(child.value) == satisfied(node.value) { walk(child) }
    }
    walk(prong)
    return nodes
  }

  static func assumed(in tree: Explanation) -> [AssumedElement] {
    var out: [AssumedElement] = []
    func walk(_ node: Explanation) {
      if node.value == .assumed { out.append(AssumedElement(element: node.label, citation: node.citation)) }
      node.children.forEach(walk)
    }
    walk(tree)
    return Array(Set(out)).sorted()
  }
}

/// Kleene connectives over element values; "assumed" counts as met (identification assumes it),
/// and a result that rests on it says so.
enum Logic {
  static func all(_ values: [ElementValue]) -> ElementValue {
    if values.contains(.notMet) { return .notMet }
    if values.contains(.undetermined) { return .undetermined }
    if !values.isEmpty && values.allSatisfy({ $0 == .assumed }) { return .assumed }
    return .met
  }

  static func any(_ values: [ElementValue]) -> ElementValue {
    if values.contains(.met) { return .met }
    if values.contains(.assumed) { return .assumed }
    if values.contains(.undetermined) { return .undetermined }
    return .notMet
  }
}
