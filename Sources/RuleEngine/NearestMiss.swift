import HTCore
import RuleSyntax

/// The smallest sets of fact changes that would make a result met, computed from the rules and
/// checked by re-evaluating: each suggestion is kept only if applying it flips the outcome.
public struct NearestMiss: Sendable, Equatable {
  public struct Change: Sendable, Equatable {
    /// The fact to set (for "one of" changes, the first of the alternatives).
    public var fact: FactPath
    public var value: FactValue
    /// Other facts that would do instead.
    public var alternatives: [FactPath]
    public var words: String
  }

  public var changes: [Change]
  public var prong: String
  public var citation: String

  public var words: String { changes.map(\.words).joined(separator: "; and ") }

  /// Up to `limit` nearest misses for one jurisdiction, offense kind and role.
  public static func find(
    for j: JurisdictionDecl, kind: OffenseKind, role: Role, facts: CaseFile, mode: EvaluationMode, date: CalendarDate, library: RuleLibrary, limit: Int = 3
  ) -> [NearestMiss] {
    let formula = RuleFormula(jurisdiction: j, kind: kind, role: role, mode: mode, date: date, vocabulary: library.vocabulary)
    let evaluator = Evaluator(library: library)
    var candidates: [NearestMiss] = []
    for term in formula.terms {
      var changes: [Change] = []
      var possible = true
      for constraint in term.constraints {
        guard let change = change(for: constraint, facts: facts, role: role, vocabulary: library.vocabulary) else { continue }
        if change.words.isEmpty { possible = false }
        changes.append(change)
      }
      if possible && !changes.isEmpty {
        candidates.append(NearestMiss(changes: changes, prong: "\(term.offense).\(term.prong)", citation: term.citation))
      }
    }
    candidates.sort { ($0.changes.count, $0.prong) < ($1.changes.count, $1.prong) }
    var kept: [NearestMiss] = []
    var seen: Set<String> = []
    for candidate in candidates where kept.count < limit && seen.insert(candidate.words).inserted {
      var changed = facts
      if !changed.roles.contains(role) { changed.roles = (changed.roles + [role]).sorted() }
      for change in candidate.changes { changed[change.fact] = change.value }
      if evaluator.evaluate(j, kind: kind, role: role, facts: changed, mode: mode, date: date).outcome == .met {
        kept.append(candidate)
      }
    }
    return kept
  }

  static func change(for constraint: RuleFormula.Constraint, facts: CaseFile, role: Role, vocabulary: Vocabulary) -> Change? {
    func now(_ path: FactPath) -> String { facts[path].map { "now: \($0)" } ?? "now: unknown" }
    switch constraint {
    case .anyTrue(let paths, _):
      if paths.contains(where: { facts.bool($0) == true }) { return nil }
      let first = paths.first { facts.bool($0) == nil } ?? paths[0]
      let names = paths.map { $0.term.replacingUnderscores() }.joined(separator: ", ")
      let subject: String
      switch first.group {
      case .acts: subject = "the \(role.rawValue) had done \(paths.count == 1 ? "this" : "one of these"): \(names)"
      case .means: subject = "someone had used \(paths.count == 1 ? "this means" : "one of these means"): \(names)"
      case .purpose: subject = "the victim had been used for \(paths.count == 1 ? "this" : "one of these"): \(names)"
      default: subject = "one of these were true: \(names)"
      }
      return Change(fact: first, value: .bool(true), alternatives: Array(paths.dropFirst().filter { $0 != first }), words: subject)
    case .literal(let path, let value):
      if facts.bool(path) == value { return nil }
      let who = path.group == .victim ? "the victim" : "the \(role.rawValue)"
      let words = "\(who) \(value ? "" : "not: ")\(path.term.replacingUnderscores()) (\(now(path)))"
      return Change(fact: path, value: .bool(value), alternatives: [], words: words)
    case .age(let path, let lower, let upper):
      let current = facts.age(path)
      if let current, current >= lower && current < upper { return nil }
      let target: Int
      if let current { target = current < lower ? lower : upper - 1 } else { target = upper <= 18 ? upper - 1 : lower }
      let range = lower == 0 ? "under \(upper)" : upper > 120 ? "\(lower) or older" : "\(lower) to \(upper - 1)"
      let who = path.group == .victim ? "the victim" : "the \(role.rawValue)"
      return Change(fact: path, value: .age(target), alternatives: [], words: "\(who) were \(range) (\(now(path)))")
    case .mentalAtLeast(let path, let level):
      if let actual = facts.level(path), actual >= level { return nil }
      return Change(fact: path, value: .level(level), alternatives: [], words: "the \(role.rawValue) acted at least \(level.rawValue) (\(now(path)))")
    }
  }
}
