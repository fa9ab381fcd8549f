import HTCore
import RuleSyntax

/// One row per jurisdiction describing its definitions. The age and buyer columns are computed
/// by probing the executable rules with documented probe cases, never typed by hand, so the
/// matrix cannot drift from the rules.
public struct DefinitionMatrix: Sendable {
  public struct Row: Sendable {
    public var jurisdiction: String
    public var name: String
    public var asOf: CalendarDate?
    /// When the sources were last read.
    public var accessed: CalendarDate?
    /// The date through which acts amending the offenses were searched for (nil: not yet swept).
    public var amendmentsCheckedThrough: CalendarDate?
    /// How many sources of each tier were read: "official 2, full-text 1, secondary 7".
    public var sourceTiers: String
    public var sexCitation: String
    public var laborCitation: String
    /// nil: no age is met; `.all`: every age 0–120 is met.
    public var sexNoMeansMaxAge: ProbedAge
    public var laborNoMeansMaxAge: ProbedAge
    public var buyerCovered: BuyerCoverage
    public var mistakeOfAge: String
    public var safeHarbor: String
    public var confidence: Confidence
    /// The confidence of the readings each probed cell rests on (the results at the age line, or
    /// the buyer probe that decided), by column name.
    public var cellConfidence: [String: Confidence] = [:]
    public var lowConfidenceElements: Int
    /// term → "both", "sex", "labor" or "" for every act, purpose and means term.
    public var terms: [(group: Vocabulary.Group, term: String, value: String)]
  }

  public enum ProbedAge: Sendable, Equatable, CustomStringConvertible {
    case none
    case upTo(Int)
    case all
    case irregular(String)
    public var description: String {
      switch self {
      case .none: return ""
      case .upTo(let n): return String(n)
      case .all: return "all"
      case .irregular(let text): return text
      }
    }
  }

  public enum BuyerCoverage: String, Sendable, Equatable {
    case yes
    case minorsOnly = "minors_only"
    case no
  }

  public let date: CalendarDate
  public let rows: [Row]

  /// The probe cases, described for the codebook.
  public static let probeDescriptions: [String: String] = [
    "sex_no_means_max_age":
      "Probe: identification mode; victim of age A (0–120), no developmental disability, not a vulnerable adult; purpose commercial sex only; an exploiter aged 30 who recruits, harbors, benefits, advertises, promotes the victim's prostitution and causes the victim to engage in the purpose (no other act), no position of authority, not a parent; every means known false. The cell is the largest A whose sex-trafficking result is met, `all` when every age is met, empty when none is.",
    "labor_no_means_max_age":
      "Probe: as for sex_no_means_max_age, but the purpose is labor only and the offense kind is labor trafficking.",
    "buyer_covered":
      "Probe: a buyer aged 30 who patronizes, solicits and purchases (no other act) commercial sex, with the exploiter of the sex_no_means_max_age probe. Minor probe: victim 16, every means false for both. Adult probe: victim 25, the exploiter used physical force, threats of force, fraud and serious harm (the buyer none). `yes` when the buyer's sex-trafficking result is met in the adult probe, `minors_only` when met only in the minor probe, `no` otherwise. Identification mode, so the buyer's knowledge is assumed.",
  ]

  public init(library: RuleLibrary, date: CalendarDate) {
    self.date = date
    let evaluator = Evaluator(library: library)
    self.rows = library.jurisdictions.map { Self.row($0, evaluator: evaluator, date: date) }
  }

  /// The exploiter in every probe: a typical trafficker who does all of these and nothing else.
  public static let probeExploiterActs: Set<String> = ["recruit", "harbor", "benefit", "advertise", "promote_prostitution", "cause"]

  static func probeCase(vocabulary: Vocabulary, victimAge: Int, purpose: String, buyer: Bool, exploiterMeans: Set<String>) -> CaseFile {
    var facts = CaseFile(id: "probe", roles: buyer ? [.exploiter, .buyer] : [.exploiter])
    facts[FactPath(.victim, "age")] = .age(victimAge)
    for term in vocabulary.terms(in: .victim) where term.type == .boolean && term.id != "consented" {
      facts[FactPath(.victim, term.id)] = .bool(false)
    }
    for term in vocabulary.ids(in: .purpose) { facts[FactPath(.purpose, term)] = .bool(term == purpose) }
    func actor(_ role: Role, acts: Set<String>, means: Set<String>) {
      facts[FactPath(role: role, .actor, "age")] = .age(30)
      for term in vocabulary.terms(in: .actor) where term.type == .boolean && term.category == .fact {
        facts[FactPath(role: role, .actor, term.id)] = .bool(false)
      }
      for term in vocabulary.ids(in: .acts) { facts[FactPath(role: role, .acts, term)] = .bool(acts.contains(term)) }
      for term in vocabulary.ids(in: .means) { facts[FactPath(role: role, .means, term)] = .bool(means.contains(term)) }
    }
    actor(.exploiter, acts: probeExploiterActs, means: exploiterMeans)
    if buyer { actor(.buyer, acts: ["patronize", "solicit", "purchase"], means: []) }
    return facts
  }

  static func maxAge(_ j: JurisdictionDecl, kind: OffenseKind, purpose: String, evaluator: Evaluator, date: CalendarDate) -> (ProbedAge, Confidence) {
    let results = (0...120).map { age in
      evaluator.evaluate(
        j, kind: kind, role: .exploiter,
        facts: probeCase(vocabulary: evaluator.library.vocabulary, victimAge: age, purpose: purpose, buyer: false, exploiterMeans: []),
        mode: .identification, date: date)
    }
    let met = results.map { $0.outcome == .met }
    // The cell rests on the results on both sides of the age line.
    func confidence(at ages: [Int]) -> Confidence { ages.filter { (0...120).contains($0) }.map { results[$0].confidence }.min() ?? .high }
    guard let last = met.lastIndex(of: true) else { return (.none, confidence(at: [0, 17])) }
    if last == 120 && met.allSatisfy({ $0 }) { return (.all, confidence(at: [17, 120])) }
    // A rule met for ages 0…N and no others is the expected shape; anything else is reported as is.
    if met[0...last].allSatisfy({ $0 }) { return (.upTo(last), confidence(at: [last, last + 1])) }
    let ages = met.indices.filter { met[$0] }
    return (.irregular(ages.map(String.init).joined(separator: " ")), confidence(at: ages))
  }

  static func row(_ j: JurisdictionDecl, evaluator: Evaluator, date: CalendarDate) -> Row {
    let vocabulary = evaluator.library.vocabulary
    let inForce = j.offenses.compactMap { offense in offense.versions.first { $0.isInForce(on: date) }.map { (offense, $0) } }
    func citations(_ kind: OffenseKind) -> String {
      j.offenses.filter { $0.kind == kind }.map(\.citation).uniqued().joined(separator: "; ")
    }
    let sexKind = j.offenses.contains { $0.kind == .sexTrafficking }
    let laborKind = j.offenses.contains { $0.kind == .laborTrafficking }

    var buyer = BuyerCoverage.no
    var buyerConfidence = Confidence.high
    if sexKind {
      func buyerResult(age: Int, means: Set<String>) -> EvaluationResult {
        evaluator.evaluate(
          j, kind: .sexTrafficking, role: .buyer,
          facts: probeCase(vocabulary: vocabulary, victimAge: age, purpose: "commercial_sex", buyer: true, exploiterMeans: means),
          mode: .identification, date: date)
      }
      let adult = buyerResult(age: 25, means: ["physical_force", "threat_of_force", "fraud", "serious_harm"])
      let minor = buyerResult(age: 16, means: [])
      if adult.outcome == .met {
        buyer = .yes
        buyerConfidence = adult.confidence
      } else if minor.outcome == .met {
        buyer = .minorsOnly
        buyerConfidence = min(adult.confidence, minor.confidence)
      } else {
        buyerConfidence = min(adult.confidence, minor.confidence)
      }
    }

    var mistake: [String] = []
    for (offense, version) in inForce where offense.kind == .sexTrafficking {
      mistake.append(version.defenses.first { $0.kind == .mistakeOfAge }?.rule.rawValue ?? "not_stated")
    }

    var confidence = Confidence.high
    var lowCount = 0
    var usage: [String: Set<OffenseKind>] = [:]
    func visit(_ c: ConditionDecl, kind: OffenseKind, inherited: Confidence) {
      let level = c.notes.confidence ?? inherited
      confidence = min(confidence, level)
      if level == .low { lowCount += 1 }
      switch c.test {
      case .acts(let names): names.forEach { usage["acts.\($0.text)", default: []].insert(kind) }
      case .purpose(let names): names.forEach { usage["purpose.\($0.text)", default: []].insert(kind) }
      case .meansAny(let names): names.forEach { usage["means.\($0.text)", default: []].insert(kind) }
      case .meansDefinition(let name):
        j.meansDefinitions.first { $0.id.text == name.text }?.means.forEach { usage["means.\($0.text)", default: []].insert(kind) }
      case .anyOf(let members), .allOf(let members): members.forEach { visit($0, kind: kind, inherited: level) }
      default: break
      }
    }
    for (offense, version) in inForce {
      for prong in version.prongs {
        let level = prong.notes.confidence ?? .high
        confidence = min(confidence, level)
        if level == .low { lowCount += 1 }
        prong.conditions.forEach { visit($0, kind: offense.kind, inherited: level) }
      }
    }
    for definition in j.meansDefinitions where definition.notes.confidence == .low { confidence = .low; lowCount += 1 }

    var terms: [(Vocabulary.Group, String, String)] = []
    for group in [Vocabulary.Group.acts, .purpose, .means] {
      for term in vocabulary.ids(in: group) {
        let kinds = usage["\(group.rawValue).\(term)"] ?? []
        let value = kinds.count == 2 ? "both" : kinds.first.map { $0 == .sexTrafficking ? "sex" : "labor" } ?? ""
        terms.append((group, term, value))
      }
    }

    let sexAge = sexKind ? maxAge(j, kind: .sexTrafficking, purpose: "commercial_sex", evaluator: evaluator, date: date) : (.none, .high)
    let laborAge = laborKind ? maxAge(j, kind: .laborTrafficking, purpose: "labor", evaluator: evaluator, date: date) : (.none, .high)
    var row = Row(
      jurisdiction: j.code.text, name: j.name, asOf: Self.statuteTextAsOf(j), accessed: j.sources.map(\.accessed).max(),
      amendmentsCheckedThrough: j.amendmentSweep?.checkedThrough,
      sourceTiers: SourceTier.allCases.compactMap { tier in
        let count = j.sources.filter { $0.tier == tier }.count
        return count == 0 ? nil : "\(tier.xml) \(count)"
      }.joined(separator: ", "),
      sexCitation: citations(.sexTrafficking), laborCitation: citations(.laborTrafficking),
      sexNoMeansMaxAge: sexAge.0, laborNoMeansMaxAge: laborAge.0,
      buyerCovered: buyer, mistakeOfAge: mistake.uniqued().joined(separator: ";"),
      safeHarbor: j.safeHarbor?.kind.rawValue ?? "", confidence: confidence, lowConfidenceElements: lowCount,
      terms: terms.map { (group: $0.0, term: $0.1, value: $0.2) })
    row.cellConfidence = ["sex_no_means_max_age": sexAge.1, "labor_no_means_max_age": laborAge.1, "buyer_covered": buyerConfidence]
    return row
  }
}

extension DefinitionMatrix {
  /// The newest currency among the sources the readings rest on (a prong, element or concept
  /// definition cites it), so that a bill tracker consulted only for the amendment sweep does not
  /// make the statute text look newer; all sources when none is cited.
  static func statuteTextAsOf(_ j: JurisdictionDecl) -> CalendarDate? {
    var cited: Set<String> = []
    func visit(_ condition: ConditionDecl) {
      if let source = condition.notes.source { cited.insert(source.text) }
      switch condition.test {
      case .anyOf(let members), .allOf(let members): members.forEach(visit)
      default: break
      }
    }
    for offense in j.offenses {
      for version in offense.versions {
        for prong in version.prongs {
          if let source = prong.notes.source { cited.insert(source.text) }
          prong.conditions.forEach(visit)
        }
      }
    }
    for definition in j.conceptDefinitions {
      if let source = definition.notes.source { cited.insert(source.text) }
      definition.conditions.forEach(visit)
    }
    let backing = j.sources.filter { cited.contains($0.id.text) }
    return (backing.isEmpty ? j.sources : backing).map(\.currentAsOf).max()
  }
}
