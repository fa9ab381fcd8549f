import HTCore
import RuleSyntax

/// A jurisdiction's definition for one offense kind, role, mode and date, as a formula in
/// disjunctive normal form over the case facts: met exactly when one of its terms holds. Lists
/// stay as "any of" clauses, so formulas stay small. This is what makes the fact space finite
/// and lets differences between jurisdictions be decided exactly (see `WitnessSearch`).
public struct RuleFormula: Sendable {
  /// One requirement of a term.
  public enum Constraint: Sendable, Hashable {
    /// At least one of these boolean facts is true. For an open ("includes but is not limited
    /// to") list, `openUnlisted` holds the means it does not name: one of them used leaves the
    /// constraint undetermined rather than false.
    case anyTrue([FactPath], openUnlisted: [FactPath] = [])
    /// This boolean fact has this value.
    case literal(FactPath, Bool)
    /// The age fact lies in lower..<upper.
    case age(FactPath, lower: Int, upper: Int)
    /// The actor's mental state is at least this culpable.
    case mentalAtLeast(FactPath, MentalLevel)
  }

  /// A conjunction of constraints, with the prong it came from.
  public struct Term: Sendable {
    public var constraints: [Constraint]
    public var offense: String
    public var prong: String
    public var citation: String
  }

  public var terms: [Term]
  /// Offenses whose law on the date is not encoded (the date is before their earliest encoded
  /// version): they make an otherwise unmet formula undetermined, never met.
  public var undeterminedOffenses: [String]

  /// Compiles the versions in force on `date`. Offenses with no version in force contribute
  /// nothing (not met or undetermined, never met).
  public init(jurisdiction j: JurisdictionDecl, kind: OffenseKind, role: Role, mode: EvaluationMode, date: CalendarDate, vocabulary: Vocabulary) {
    var terms: [Term] = []
    var undetermined: [String] = []
    for offense in j.offenses where offense.kind == kind {
      guard let version = offense.versions.first(where: { $0.isInForce(on: date) }) else {
        let didNotExist = offense.firstInForce.map { date < $0 } ?? false
        let beforeEarliest = offense.versions.map(\.effectiveFrom).min().map { date < $0 } ?? true
        if !didNotExist && beforeEarliest { undetermined.append(offense.id.text) }
        continue
      }
      for prong in version.prongs where prong.roles.contains(role) {
        let compiler = Compiler(jurisdiction: j, role: role, mode: mode, vocabulary: vocabulary)
        var alternatives = compiler.conjunction(prong.conditions)
        if mode == .liability {
          alternatives = alternatives.flatMap { compiler.applyDefenses(version.defenses, to: $0) }
        }
        for constraints in alternatives {
          terms.append(Term(constraints: constraints, offense: offense.id.text, prong: prong.id.text, citation: prong.notes.citation))
        }
      }
    }
    self.terms = terms
    self.undeterminedOffenses = undetermined
  }

  /// Every fact any term mentions.
  public var facts: Set<FactPath> {
    var out: Set<FactPath> = []
    for term in terms {
      for constraint in term.constraints {
        switch constraint {
        case .anyTrue(let paths, let unlisted):
          out.formUnion(paths)
          out.formUnion(unlisted)
        case .literal(let path, _), .age(let path, _, _), .mentalAtLeast(let path, _): out.insert(path)
        }
      }
    }
    return out
  }

  /// Age thresholds mentioned for a fact, for splitting the age line into finitely many cases.
  public func thresholds(for path: FactPath) -> Set<Int> {
    var out: Set<Int> = []
    for term in terms {
      for case .age(let p, let lower, let upper) in term.constraints where p == path {
        out.insert(lower)
        out.insert(upper)
      }
    }
    return out
  }

  struct Compiler {
    let jurisdiction: JurisdictionDecl
    let role: Role
    let mode: EvaluationMode
    let vocabulary: Vocabulary

    /// Means count whoever used them; witness cases put them on the exploiter.
    func means(_ term: String) -> FactPath { FactPath(role: .exploiter, .means, term) }

    /// A list of conjunctions (DNF). `[[]]` is "always", `[]` is "never".
    func conjunction(_ conditions: [ConditionDecl]) -> [[Constraint]] {
      var result: [[Constraint]] = [[]]
      for condition in conditions {
        let options = dnf(condition)
        var next: [[Constraint]] = []
        for left in result { for right in options { next.append(left + right) } }
        result = next
        if result.isEmpty { break }
      }
      return result
    }

    func isAssumed(_ condition: ConditionDecl) -> Bool {
      guard mode == .identification else { return false }
      switch condition.test {
      case .mentalState: return true
      case .actorFact(let name, _): return vocabulary.term(.actor, name.text)?.category == .mental
      case .anyOf(let members): return members.contains(where: isAssumed)
      case .allOf(let members): return !members.isEmpty && members.allSatisfy(isAssumed)
      default: return false
      }
    }

    func dnf(_ condition: ConditionDecl) -> [[Constraint]] {
      if isAssumed(condition) { return [[]] }
      switch condition.test {
      case .acts(let names): return [[.anyTrue(names.map { FactPath(role: role, .acts, $0.text) })]]
      case .purpose(let names): return [[.anyTrue(names.map { FactPath(.purpose, $0.text) })]]
      case .meansAny(let names): return [[.anyTrue(names.map { means($0.text) })]]
      case .meansDefinition(let name):
        let definition = jurisdiction.meansDefinitions.first { $0.id.text == name.text }
        let listed = definition?.means.map(\.text) ?? []
        let unlisted = definition?.isOpen == true ? vocabulary.ids(in: .means).filter { !listed.contains($0) } : []
        return listed.isEmpty ? [] : [[.anyTrue(listed.map(means), openUnlisted: unlisted.map(means))]]
      case .victimAge(let bound): return [[age(FactPath(.victim, "age"), bound)]]
      case .actorAge(let bound): return [[age(FactPath(role: role, .actor, "age"), bound)]]
      case .victimFact(let name, let expected): return [[.literal(FactPath(.victim, name.text), expected)]]
      case .actorFact(let name, let expected): return [[.literal(FactPath(role: role, .actor, name.text), expected)]]
      case .mentalState(let level): return [[.mentalAtLeast(FactPath(role: role, .actor, "mental_state"), level)]]
      case .anyOf(let members):
        // (An assumed alternative makes the whole group assumed: handled by isAssumed above.)
        return members.flatMap(dnf)
      case .allOf(let members): return conjunction(members)
      }
    }

    func age(_ path: FactPath, _ bound: AgeBound) -> Constraint {
      switch bound {
      case .below(let n): return .age(path, lower: 0, upper: n)
      case .atLeast(let n): return .age(path, lower: n, upper: 121)
      }
    }

    /// Liability mode: an allowed mistake-of-age defense defeats routes that rest on the victim
    /// being under an age line; an allowed consent defense defeats any route.
    func applyDefenses(_ defenses: [DefenseDecl], to term: [Constraint]) -> [[Constraint]] {
      var result = term
      for defense in defenses where defense.rule == .allowed {
        switch defense.kind {
        case .mistakeOfAge:
          let restsOnMinority = term.contains { if case .age(let p, 0, let upper) = $0, p.group == .victim, upper <= 120 { return true } else { return false } }
          if restsOnMinority { result.append(.literal(FactPath(role: role, .actor, "reasonably_believed_adult"), false)) }
        case .consent:
          result.append(.literal(FactPath(.victim, "consented"), false))
        }
      }
      return [result]
    }
  }
}
