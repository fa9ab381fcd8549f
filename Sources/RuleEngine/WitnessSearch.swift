import HTCore
import RuleSyntax

/// Finds a complete case that meets one formula and not another, or proves there is none.
///
/// The fact space is finite once ages are split at the thresholds the two formulas mention, and
/// the search exploits the formulas' shape: a case meeting a term of A needs one true fact per
/// "any of" clause; every other fact starts false, and a fact is switched on only to falsify one
/// of B's "is not" requirements. Each witness found is then replayed through the evaluator, so a
/// witness is reported only when it reproduces the difference.
struct WitnessSearch {
  let a: RuleFormula
  let b: RuleFormula
  let replay: (CaseFile) -> Bool
  let caseFor: (Assignment) -> CaseFile

  struct Assignment {
    var bools: [FactPath: Bool] = [:]
    var numbers: [FactPath: Int] = [:]
    var levels: [FactPath: MentalLevel] = [:]

    func truth(_ constraint: RuleFormula.Constraint) -> Bool {
      switch constraint {
      case .anyTrue(let paths, _): return paths.contains { bools[$0] == true }
      case .literal(let path, let value): return (bools[path] ?? false) == value
      case .age(let path, let lower, let upper):
        guard let age = numbers[path] else { return false }
        return age >= lower && age < upper
      case .mentalAtLeast(let path, let level):
        guard let actual = levels[path] else { return false }
        return actual >= level
      }
    }

    func satisfies(_ term: RuleFormula.Term) -> Bool { term.constraints.allSatisfy(truth) }
  }

  /// A case met under `a` and not under `b`, if one exists.
  func find() -> CaseFile? {
    for term in a.terms {
      if let found = search(term) { return found }
    }
    return nil
  }

  func search(_ term: RuleFormula.Term) -> CaseFile? {
    var base = Assignment()
    var choices: [[FactPath]] = []
    var ageRanges: [FactPath: (Int, Int)] = [:]
    for constraint in term.constraints {
      switch constraint {
      case .anyTrue(let paths, _): choices.append(paths)
      case .literal(let path, let value):
        if let existing = base.bools[path], existing != value { return nil }
        base.bools[path] = value
      case .age(let path, let lower, let upper):
        let current = ageRanges[path] ?? (0, 121)
        ageRanges[path] = (max(current.0, lower), min(current.1, upper))
      case .mentalAtLeast(let path, let level):
        base.levels[path] = max(base.levels[path] ?? level, level)
      }
    }
    // Ages: a representative of every region between the thresholds either side mentions.
    var ageFacts = Set(ageRanges.keys)
    for path in b.facts where path.term == "age" { ageFacts.insert(path) }
    var ageOptions: [(FactPath, [Int])] = []
    for path in ageFacts.sorted() {
      let (lower, upper) = ageRanges[path] ?? (0, 121)
      guard lower < upper else { return nil }
      let cuts = b.thresholds(for: path).union(a.thresholds(for: path)).filter { $0 > lower && $0 < upper }.sorted()
      let bounds = [lower] + cuts + [upper]
      var representatives: [Int] = []
      for index in 0..<bounds.count - 1 {
        let low = bounds[index]
        let high = min(bounds[index + 1], 121)
        guard low < high else { continue }
        let preferred = path.group == .victim ? 25 : 30
        representatives.append((low..<high).contains(preferred) ? preferred : high <= 18 ? high - 1 : low)
      }
      ageOptions.append((path, representatives))
    }
    // Mental states not fixed by the term start at the least culpable.
    for path in b.facts where path.term == "mental_state" && base.levels[path] == nil {
      base.levels[path] = .negligently
    }
    return chooseAges(ageOptions[...], base, choices[...])
  }

  private func chooseAges(_ options: ArraySlice<(FactPath, [Int])>, _ assignment: Assignment, _ choices: ArraySlice<[FactPath]>) -> CaseFile? {
    guard let (path, values) = options.first else { return chooseAtoms(choices, assignment) }
    for value in values {
      var next = assignment
      next.numbers[path] = value
      if let found = chooseAges(options.dropFirst(), next, choices) { return found }
    }
    return nil
  }

  /// One true fact per "any of" clause of A's term, trying one fact per class of facts that
  /// B treats alike (facts B never mentions first).
  private func chooseAtoms(_ choices: ArraySlice<[FactPath]>, _ assignment: Assignment) -> CaseFile? {
    guard let clause = choices.first else { return falsify(assignment, depth: 0) }
    if clause.contains(where: { assignment.bools[$0] == true }) { return chooseAtoms(choices.dropFirst(), assignment) }
    var seen: Set<[Int]> = []
    let candidates = clause.filter { assignment.bools[$0] == nil }.map { ($0, signature(of: $0)) }.sorted { $0.1.count < $1.1.count }
    for (path, signature) in candidates where seen.insert(signature).inserted {
      var next = assignment
      next.bools[path] = true
      if let found = chooseAtoms(choices.dropFirst(), next) { return found }
    }
    return nil
  }

  /// Which of B's clauses mention a fact: facts with the same signature are interchangeable for B.
  private func signature(of path: FactPath) -> [Int] {
    var out: [Int] = []
    var index = 0
    for term in b.terms {
      for constraint in term.constraints {
        switch constraint {
        case .anyTrue(let paths, _) where paths.contains(path): out.append(index)
        case .literal(let p, _) where p == path: out.append(index)
        default: break
        }
        index += 1
      }
    }
    return out
  }

  /// Switches on facts that falsify B's remaining true terms through their "is not" requirements.
  private func falsify(_ assignment: Assignment, depth: Int) -> CaseFile? {
    guard depth < 64 else { return nil }
    guard let open = b.terms.first(where: { assignment.satisfies($0) }) else {
      let candidate = caseFor(assignment)
      return replay(candidate) ? candidate : nil
    }
    for case .literal(let path, false) in open.constraints where assignment.bools[path] == nil {
      var next = assignment
      next.bools[path] = true
      if let found = falsify(next, depth: depth + 1) { return found }
    }
    return nil
  }
}
