import HTCore
import PropertyBased
import RuleEngine
import RuleSyntax
import StatuteCompiler
import Testing

/// Issue 12: the rule text round-trips, `fmt` is idempotent, and `compile` is deterministic.
@Suite struct TextProperties {
  /// Random rule documents built from the vocabulary, with awkward strings (quotes, backslashes,
  /// tabs, non-ASCII) in every prose field.
  struct DocumentMaker {
    var rng: Xoshiro
    let vocabulary = Bundled.library.vocabulary

    mutating func int(_ range: ClosedRange<Int>) -> Int { Gen.int(in: range).run(using: &rng) }
    mutating func text() -> String {
      let pieces = ["plain words", "a \"quoted\" part", "back\\slash", "tab\there", "§ 1(a)", "é ü 中文", "new\nline", "#hash"]
      return (0..<int(1...3)).map { _ in pieces[int(0...(pieces.count - 1))] }.joined(separator: " ")
    }
    mutating func names(_ group: Vocabulary.Group) -> [Name] {
      let ids = vocabulary.ids(in: group)
      var chosen: [String] = []
      for _ in 0..<int(1...3) {
        let id = ids[int(0...(ids.count - 1))]
        if !chosen.contains(id) { chosen.append(id) }
      }
      return chosen.map { Name($0) }
    }
    mutating func notes(confidence: Bool) -> RuleNotes {
      let level: Confidence? = confidence ? [.high, .medium, .low][int(0...2)] : (int(0...1) == 0 ? nil : .medium)
      return RuleNotes(
        citation: text(), source: int(0...1) == 0 ? Name("s1") : nil, confidence: level, summary: text(),
        question: level == .low || int(0...2) == 0 ? text() : nil)
    }
    mutating func condition(depth: Int) -> ConditionDecl {
      let kind = int(0...(depth > 2 ? 8 : 10))
      let test: ConditionTest
      switch kind {
      case 0: test = .acts(names(.acts))
      case 1: test = .purpose(names(.purpose))
      case 2: test = .meansAny(names(.means))
      case 3: test = .meansDefinition(Name("list1"))
      case 4: test = .victimAge(int(0...1) == 0 ? .below(int(1...120)) : .atLeast(int(0...120)))
      case 5: test = .actorAge(int(0...1) == 0 ? .below(int(1...120)) : .atLeast(int(0...120)))
      case 6: test = .victimFact(Name("developmental_disability"), expected: int(0...1) == 0)
      case 7: test = .actorFact(Name("position_of_authority"), expected: int(0...1) == 0)
      case 8: test = .mentalState([.intentionally, .knowingly, .recklessly, .negligently][int(0...3)])
      case 9: test = .anyOf((0..<int(1...3)).map { _ in condition(depth: depth + 1) })
      default: test = .allOf((0..<int(1...3)).map { _ in condition(depth: depth + 1) })
      }
      return ConditionDecl(test: test, notes: notes(confidence: false))
    }
    mutating func document() -> RuleDocument {
      let source = SourceDecl(
        id: Name("s1"), citation: text(), url: "https://example.org/\(int(1...99))", currentAsOf: CalendarDate("2024-01-01")!,
        accessed: CalendarDate("2026-11-23")!, tier: [.official, .fullText, .secondary][int(0...2)])
      let list = MeansDefinitionDecl(id: Name("list1"), isOpen: int(0...1) == 0, notes: notes(confidence: true), means: names(.means))
      let versions = (0..<int(1...2)).map { index in
        VersionDecl(
          effectiveFrom: index == 0 ? CalendarDate("2015-01-01")! : CalendarDate("2020-01-01")!,
          effectiveTo: index == 0 ? CalendarDate("2019-12-31")! : nil, enactedBy: int(0...1) == 0 ? text() : nil, note: nil,
          prongs: (0..<int(1...2)).map { p in
            ProngDecl(
              id: Name("p\(p)"), roles: int(0...1) == 0 ? [.exploiter] : [.exploiter, .buyer], notes: notes(confidence: true),
              conditions: (0..<int(1...4)).map { _ in condition(depth: 0) })
          }, defenses: [])
      }
      let concept = ConceptDefinitionDecl(
        group: .purpose, term: Name("involuntary_servitude"), effectiveFrom: int(0...1) == 0 ? CalendarDate("2015-01-01") : nil,
        notes: notes(confidence: true), conditions: [condition(depth: 1)])
      return .jurisdiction(
        JurisdictionDecl(
          code: Name("ZZ"), name: text(), sources: [source], meansDefinitions: [list], conceptDefinitions: [concept],
          offenses: [OffenseDecl(id: Name("o1"), name: text(), kind: .sexTrafficking, citation: text(), versions: versions)]))
    }
  }

  @Test func printingThenParsingGivesTheSameDocumentAndFmtIsIdempotent() {
    let seed = PropertyRun.seed
    var maker = DocumentMaker(rng: Xoshiro(seed: (seed, 7, 11, 13)))
    for index in 0..<(PropertyRun.count * 3) {
      let document = maker.document()
      let printed = RulePrinter.print(document)
      let (parsed, diagnostics) = RuleParser.parse(SourceText(fileName: "generated.rules", text: printed))
      #expect(diagnostics.isEmpty, "document \(index): \(diagnostics.map(\.message))\n\(printed)")
      #expect(parsed == document, "document \(index) changed in a print/parse round trip:\n\(printed)")
      if let parsed { #expect(RulePrinter.print(parsed) == printed, "fmt is not idempotent on document \(index)") }
    }
  }

  @Test func compileIsDeterministic() {
    let first = CompilePipeline.run(statutesDirectory: Bundled.root + "/Statutes")
    let second = CompilePipeline.run(statutesDirectory: Bundled.root + "/Statutes")
    #expect(!first.diagnostics.hasErrors)
    #expect(first.files == second.files)
    #expect(first.files.count > 50)
  }
}
