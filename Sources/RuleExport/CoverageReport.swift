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
    /// The tier of the source the reading rests on (its own, else its prong's); nil when it names none.
    public var tier: SourceTier?
  }

  /// How many readings rest on each tier of source, at each confidence.
  public struct TierCount: Sendable, Equatable {
    public var tier: SourceTier?
    public var confidence: Confidence
    public var count: Int
  }

  public struct Entry: Sendable {
    public var code: String
    public var name: String
    public var sources: [SourceDecl]
    public var lowConfidence: [Item]
    public var questions: [Item]
    public var versions: Int
    public var safeHarbor: SafeHarborKind?
    public var amendmentSweep: AmendmentSweepDecl?
    /// Each legal concept the encoding defines from facts or takes as a direct answer.
    public var concepts: [ConceptDefinitionDecl]
    /// Every reading (deduplicated across versions) by source tier and confidence.
    public var readingsByTier: [TierCount]
  }

  public let entries: [Entry]

  public init(library: RuleLibrary) {
    entries = library.written.map(Self.entry)
  }

  static func entry(_ j: JurisdictionDecl) -> Entry {
    var items: [Item] = []
    let tiers = Dictionary(j.sources.map { ($0.id.text, $0.tier) }, uniquingKeysWith: { first, _ in first })
    func add(_ location: String, _ notes: RuleNotes, inherited: Confidence, source: Name? = nil) {
      items.append(
        Item(
          location: location, citation: notes.citation, confidence: notes.confidence ?? inherited, question: notes.question,
          tier: (notes.source ?? source).flatMap { tiers[$0.text] }))
    }
    if let harbor = j.safeHarbor { add("safe harbor", harbor.notes, inherited: .high) }
    for definition in j.meansDefinitions { add("means list \(definition.id.text)", definition.notes, inherited: .high) }
    for definition in j.conceptDefinitions {
      add("concept \(definition.path)", definition.notes, inherited: .high)
      definition.conditions.forEach { visit($0, "concept \(definition.path)", definition.notes.confidence ?? .high, definition.notes.source) }
    }
    func visit(_ c: ConditionDecl, _ location: String, _ inherited: Confidence, _ source: Name?) {
      add(location, c.notes, inherited: inherited, source: source)
      switch c.test {
      case .anyOf(let members), .allOf(let members): members.forEach { visit($0, location, c.notes.confidence ?? inherited, c.notes.source ?? source) }
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
          prong.conditions.forEach { visit($0, location, confidence, prong.notes.source) }
        }
        for defense in version.defenses { add("\(offense.id.text) \(defense.kind.rawValue) (\(when))", defense.notes, inherited: .high) }
      }
    }
    // The same reading often recurs in several versions: report it once.
    func unique(_ list: [Item]) -> [Item] {
      var seen: Set<String> = []
      return list.filter {
        seen.insert($0.citation + "\u{1}" + ($0.question ?? "") + "\u{1}" + $0.confidence.rawValue + "\u{1}" + ($0.tier?.rawValue ?? "")).inserted
      }
    }
    let readings = unique(items)
    var byTier: [TierCount] = []
    for tier in [SourceTier?.none] + SourceTier.allCases.map(Optional.some) {
      for confidence in Confidence.allCases {
        let count = readings.filter { $0.tier == tier && $0.confidence == confidence }.count
        if count > 0 { byTier.append(TierCount(tier: tier, confidence: confidence, count: count)) }
      }
    }
    return Entry(
      code: j.code.text, name: j.name, sources: j.sources, lowConfidence: unique(items.filter { $0.confidence == .low }),
      questions: unique(items.filter { $0.question != nil }), versions: versions, safeHarbor: j.safeHarbor?.kind, amendmentSweep: j.amendmentSweep,
      concepts: j.conceptDefinitions, readingsByTier: byTier)
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
      if let sweep = entry.amendmentSweep {
        out += "  amendments checked through \(sweep.checkedThrough) (searched on \(sweep.performed)): \(sweep.searched)\n"
        for finding in sweep.findings {
          out +=
            "    \(finding.act)\(finding.effective.map { ", effective \($0)" } ?? ""): \(finding.outcome.rawValue.replacingOccurrences(of: "_", with: " ")) — \(finding.summary)\n"
        }
      } else {
        out += "  amendments: not yet swept\n"
      }
      out += "  readings by source tier: \(Self.tierMix(entry.readingsByTier))\n"
      for concept in entry.concepts {
        let range = Self.range(concept)
        out +=
          concept.askedDirectly
          ? "  concept \(concept.path)\(range): asked directly — \(concept.notes.summary)\n"
          : "  concept \(concept.path)\(range): defined from facts [\(concept.notes.citation)], confidence \((concept.notes.confidence ?? .high).rawValue)\n"
      }
      out += "  sources:\n"
      for source in entry.sources {
        out += "    \(source.citation) [\(source.tier.xml)] — current as of \(source.currentAsOf), accessed \(source.accessed)\n      \(source.url)\n"
      }
      out += "  low-confidence readings: \(entry.lowConfidence.count)\n"
      for item in entry.lowConfidence { out += "    \(item.citation) [\(item.location)]\n" }
      out += "  open questions: \(entry.questions.count)\n"
      for item in entry.questions { out += "    \(item.citation) (\(item.confidence.rawValue)): \(item.question ?? "")\n" }
    }
    return out
  }

  /// "official 12 (high 10, medium 2); secondary 30 (medium 20, low 10)".
  static func tierMix(_ counts: [TierCount]) -> String {
    var parts: [String] = []
    for tier in [SourceTier?.none] + SourceTier.allCases.map(Optional.some) {
      let rows = counts.filter { $0.tier == tier }
      guard !rows.isEmpty else { continue }
      let detail = rows.map { "\($0.confidence.rawValue) \($0.count)" }.joined(separator: ", ")
      parts.append("\(tier?.xml ?? "no source") \(rows.map(\.count).reduce(0, +)) (\(detail))")
    }
    return parts.isEmpty ? "none" : parts.joined(separator: "; ")
  }

  static func range(_ concept: ConceptDefinitionDecl) -> String {
    switch (concept.effectiveFrom, concept.effectiveTo) {
    case (nil, nil): return ""
    case (let from?, nil): return " (from \(from))"
    case (nil, let to?): return " (to \(to))"
    case (let from?, let to?): return " (\(from) to \(to))"
    }
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
                      ("tier", .string($0.tier.xml)),
                    ])
                  })
              ),
              ("amendments_checked_through", .optional(entry.amendmentSweep?.checkedThrough.description)),
              (
                "concepts",
                .array(
                  entry.concepts.map {
                    .object([
                      ("concept", .string($0.path)), ("treatment", .string($0.askedDirectly ? "asked_directly" : "defined")),
                      ("effective_from", .optional($0.effectiveFrom?.description)), ("effective_to", .optional($0.effectiveTo?.description)),
                      ("citation", .string($0.notes.citation)), ("confidence", .string(($0.notes.confidence ?? .high).rawValue)),
                      ("summary", .string($0.notes.summary)),
                    ])
                  })
              ),
              (
                "amendment_sweep",
                entry.amendmentSweep.map { sweep in
                  .object([
                    ("checked_through", .string(sweep.checkedThrough.description)), ("performed", .string(sweep.performed.description)),
                    ("searched", .string(sweep.searched)),
                    (
                      "findings",
                      .array(
                        sweep.findings.map {
                          .object([
                            ("act", .string($0.act)), ("effective", .optional($0.effective?.description)), ("outcome", .string($0.outcome.xml)),
                            ("source", .optional($0.source?.text)), ("summary", .string($0.summary)),
                          ])
                        })
                    ),
                  ])
                } ?? .null
              ),
              (
                "readings_by_tier",
                .array(
                  entry.readingsByTier.map {
                    .object([("tier", .optional($0.tier?.xml)), ("confidence", .string($0.confidence.rawValue)), ("count", .int($0.count))])
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
