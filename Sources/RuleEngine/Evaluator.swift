import HTCore
import RuleSyntax

/// Entry point of the evaluation stage: applies the loaded rules to the facts of a case, with
/// Kleene three-valued logic (an unknown fact never becomes false), and explains every result.
public struct Evaluator: Sendable {
  public let library: RuleLibrary

  public init(library: RuleLibrary) { self.library = library }

  /// One result per jurisdiction × offense kind × role present in the case, sorted.
  /// `date` is the day whose law applies (the case date, `--as-of`, or today).
  public func evaluate(_ facts: CaseFile, mode: EvaluationMode, date: CalendarDate, jurisdictions: [String]? = nil) -> [EvaluationResult] {
    var results: [EvaluationResult] = []
    for jurisdiction in library.jurisdictions where jurisdictions.map({ $0.contains(jurisdiction.code.text) }) ?? true {
      let kinds = Set(jurisdiction.offenses.map(\.kind)).sorted()
      for kind in kinds {
        for role in facts.roles {
          results.append(evaluate(jurisdiction, kind: kind, role: role, facts: facts, mode: mode, date: date))
        }
      }
    }
    return results
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
    return result
  }

  /// The nodes a verdict depends on: for a met prong, every node in it; otherwise the prong and
  /// the conditions that failed or stayed open.
  static func relevantNodes(_ prong: Explanation) -> [Explanation] {
    var nodes: [Explanation] = []
    func walk(_ node: Explanation, all: Bool) {
      nodes.append(node)
      for child in node.children where all || child.value == node.value || child.value == .notMet || child.value == .undetermined {
        walk(child, all: all)
      }
    }
    walk(prong, all: prong.value == .met)
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

/// Kleene connectives over element values; "assumed" counts as met in a conjunction, and in a
/// disjunction only when nothing else is there to decide it.
enum Logic {
  static func all(_ values: [ElementValue]) -> ElementValue {
    if values.contains(.notMet) { return .notMet }
    if values.contains(.undetermined) { return .undetermined }
    if !values.isEmpty && values.allSatisfy({ $0 == .assumed }) { return .assumed }
    return .met
  }

  static func any(_ values: [ElementValue]) -> ElementValue {
    if values.contains(.met) { return .met }
    if values.contains(.undetermined) { return .undetermined }
    if values.contains(.assumed) && values.allSatisfy({ $0 == .assumed }) { return .assumed }
    return .notMet
  }
}

extension Array where Element: Hashable {
  func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}
