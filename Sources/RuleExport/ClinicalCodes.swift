import HTCore
import RuleEngine

/// The ICD-10-CM code families that fit a case's facts, for the clinician to choose confirmed
/// (T74.-) or suspected (T76.-): sexual exploitation T74.5-/T76.5-, labor exploitation
/// T74.6-/T76.6-; the fifth-and-sixth characters say adult (…1) or child (…2).
public struct ClinicalCodes: Sendable, Equatable {
  public struct Family: Sendable, Equatable {
    /// "Child sexual exploitation", …
    public var title: String
    public var confirmed: String
    public var suspected: String
    /// Why it fits, in plain words.
    public var because: String
  }

  public var families: [Family]

  /// Sexual exploitation fits when sex trafficking is met somewhere, or is still open somewhere and
  /// the patient was used for a sexual purpose (commercial sex, a sexual performance or sexual
  /// images); labor exploitation likewise with labor trafficking and any other purpose. Child
  /// below 18, adult from 18; both when the age is not known.
  public init(facts: CaseFile, results: [EvaluationResult]) {
    let sexual: Set<String> = ["commercial_sex", "sexual_performance", "sexual_material"]
    func purposeSaid(_ kind: OffenseKind) -> Bool {
      facts.facts.contains { path, value in
        path.group == .purpose && value == .bool(true) && (kind == .sexTrafficking) == sexual.contains(path.term)
      }
    }
    func concerns(_ kind: OffenseKind) -> String? {
      let rows = results.filter { $0.offense == kind }
      let met = Set(rows.filter { $0.outcome == .met }.map(\.jurisdiction)).count
      if met > 0 { return "\(kind.words) is met in \(met) jurisdiction\(met == 1 ? "" : "s")" }
      let open = Set(rows.filter { $0.outcome == .undetermined }.map(\.jurisdiction)).count
      guard open > 0, purposeSaid(kind) else { return nil }
      return "\(kind.words) is still undetermined in \(open) jurisdiction\(open == 1 ? "" : "s")"
    }
    let age = facts.age(FactPath(.victim, "age"))
    var ages: [(String, String)] = []
    if age.map({ $0 < 18 }) ?? true { ages.append(("Child", "2")) }
    if age.map({ $0 >= 18 }) ?? true { ages.append(("Adult", "1")) }
    var families: [Family] = []
    for (kind, digit, words) in [(OffenseKind.sexTrafficking, "5", "sexual exploitation"), (.laborTrafficking, "6", "forced labor exploitation")] {
      guard let reason = concerns(kind) else { continue }
      for (who, last) in ages {
        families.append(
          Family(
            title: "\(who) \(words)", confirmed: "T74.\(digit)\(last)-", suspected: "T76.\(digit)\(last)-",
            because: reason + (age == nil ? "; the patient's age is not known" : "")))
      }
    }
    self.families = families
  }
}
