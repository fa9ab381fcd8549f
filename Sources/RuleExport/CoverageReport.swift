import HTCore
import RuleEngine
import RuleSyntax

/// Per jurisdiction: the sources read (URL, current-as-of, accessed), the low-confidence
/// elements and every open question in the encoding. For reviewers deciding what to verify next.
public struct CoverageReport: Sendable {
  public struct Item: Sendable, Equatable {
    public var location: String
    public var citation: String
    public var confidence: Confidence
    public var question: String?
  }

  public struct Entry: Sendable {
    public var code: String
    public var name: String
    public var sources: [SourceDecl]
    public var lowConfidence: [Item]
    public var questions: [Item]
    public var versions: Int
    public var safeHarbor: SafeHarborKind?
  }

  public let entries: [Entry]

  public init(library: RuleLibrary) {
    entries = library.jurisdictions.map(Self.entry)
  }

  static func entry(_ j: JurisdictionDecl) -> Entry {
    var items: [Item] = []
    func add(_ location: String, _ notes: RuleNotes, inherited: Confidence) {
      items.append(Item(location: location, citation: notes.citation, confidence: notes.confidence ?? inherited, question: notes.question))
    }
    if let harbor = j.safeHarbor { add("safe harbor", harbor.notes, inherited: .high) }
    for definition in j.meansDefinitions { add("means list \(definition.id.text)", definition.notes, inherited: .high) }
    func visit(_ c: ConditionDecl, _ location: String, _ inherited: Confidence) {
      add(location, c.notes, inherited: inherited)
      switch c.test {
      case .anyOf(let members), .allOf(let members): members.forEach { visit($0, location, c.notes.confidence ?? inherited) }
      default: break
      }
    }
    var versions = 0
    for offense in j.offenses {
      for version in offense.versions {
        versions += 1
        let when = "from \(version.effectiveFrom)"
        for prong in version.prongs {
          let location = "\(offense.id.text).\(prong.id.text) (\(when))"
          let confidence = prong.notes.confidence ?? .high
          add(location, prong.notes, inherited: .high)
          prong.conditions.forEach { visit($0, location, confidence) }
        }
        for defense in version.defenses { add("\(offense.id.text) \(defense.kind.rawValue) (\(when))", defense.notes, inherited: .high) }
      }
    }
    // The same reading often recurs in several versions: report it once.
    func unique(_ list: [Item]) -> [Item] {
      var seen: Set<String> = []
      return list.filter { seen.insert($0.citation + "\u{1}" + ($0.question ?? "") + "\u{1}" + $0.confidence.rawValue).inserted }
    }
    return Entry(
      code: j.code.text, name: j.name, sources: j.sources, lowConfidence: unique(items.filter { $0.confidence == .low }),
      questions: unique(items.filter { $0.question != nil }), versions: versions, safeHarbor: j.safeHarbor?.kind)
  }

  public func text() -> String {
    var out = "Encoding coverage: \(entries.count) jurisdictions, "
    out += "\(entries.map(\.lowConfidence.count).reduce(0, +)) low-confidence readings, \(entries.map(\.questions.count).reduce(0, +)) open questions.\n"
    out += Disclaimer.short + "\n"
    for entry in entries {
      let asOf = entry.sources.map(\.currentAsOf).max().map(\.description) ?? "unknown"
      let read = entry.sources.map(\.accessed).max().map(\.description) ?? "unknown"
      out +=
        "\n\(entry.code) \(entry.name): statute text as of \(asOf), read \(read); \(entry.versions) version(s); safe harbor: \(entry.safeHarbor?.rawValue ?? "not recorded")\n"
      out += "  sources:\n"
      for source in entry.sources {
        out += "    \(source.citation) — current as of \(source.currentAsOf), accessed \(source.accessed)\n      \(source.url)\n"
      }
      out += "  low-confidence readings: \(entry.lowConfidence.count)\n"
      for item in entry.lowConfidence { out += "    \(item.citation) [\(item.location)]\n" }
      out += "  open questions: \(entry.questions.count)\n"
      for item in entry.questions { out += "    \(item.citation) (\(item.confidence.rawValue)): \(item.question ?? "")\n" }
    }
    return out
  }

  public func json() -> JSONOutput {
    func item(_ i: Item) -> JSONOutput {
      .object([
        ("location", .string(i.location)), ("citation", .string(i.citation)), ("confidence", .string(i.confidence.rawValue)),
        ("question", .optional(i.question)),
      ])
    }
    return .object([
      (
        "jurisdictions",
        .array(
          entries.map { entry in
            .object([
              ("jurisdiction", .string(entry.code)),
              ("name", .string(entry.name)),
              ("as_of", .optional(entry.sources.map(\.currentAsOf).max()?.description)),
              ("read_on", .optional(entry.sources.map(\.accessed).max()?.description)),
              ("versions", .int(entry.versions)),
              ("safe_harbor", .optional(entry.safeHarbor?.rawValue)),
              (
                "sources",
                .array(
                  entry.sources.map {
                    .object([
                      ("id", .string($0.id.text)), ("citation", .string($0.citation)), ("url", .string($0.url)),
                      ("current_as_of", .string($0.currentAsOf.description)), ("accessed", .string($0.accessed.description)),
                    ])
                  })
              ),
              ("low_confidence", .array(entry.lowConfidence.map(item))),
              ("open_questions", .array(entry.questions.map(item))),
            ])
          })
      )
    ])
  }
}
