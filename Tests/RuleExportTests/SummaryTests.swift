import Foundation
import HTCore
import RuleEngine
import RuleExport
import Testing

enum ExportFixtures {
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }

  static let library: RuleLibrary = {
    guard let library = RuleLibrary.load(directory: root + "/Rules").library else { fatalError("Rules/ did not load") }
    return library
  }()

  static func results(_ json: String) -> (CaseFile, [EvaluationResult]) {
    let (facts, diagnostics) = CaseDecoder.decode(json, file: "case.json", vocabulary: library.vocabulary)
    guard let facts else { fatalError("bad test case: \(diagnostics)") }
    return (facts, Evaluator(library: library).evaluate(facts, mode: .identification, date: facts.date ?? CalendarDate("2025-03-01")!))
  }
}

@Suite struct SummaryTests {
  @Test func theSummaryCountsJurisdictionsAndPutsTheCareStateAndFederalLawFirst() throws {
    let text = try String(contentsOfFile: ExportFixtures.root + "/Examples/teen-commercial-sex.json", encoding: .utf8)
    let (_, results) = ExportFixtures.results(text)
    let summary = ResultsSummary(results: results, vocabulary: ExportFixtures.library.vocabulary, careState: "OH")
    let sex = try #require(summary.sections.first { $0.role == .exploiter && $0.kind == .sexTrafficking })
    #expect(sex.total == 52)
    #expect(sex.met.count + sex.notMet.count + sex.undetermined.count == 52)
    #expect(sex.met.count == Set(results.filter { $0.role == .exploiter && $0.offense == .sexTrafficking && $0.outcome == .met }.map(\.jurisdiction)).count)
    #expect(sex.first.map(\.code) == ["OH", "US"])
    #expect(summary.hasBuyer)
    // Open groups name facts by label, never by path.
    for section in summary.sections {
      for group in section.open {
        #expect(group.deciders.allSatisfy { !$0.contains(".") }, "\(group.deciders)")
      }
    }
    let rendered = summary.text(width: 100)
    #expect(rendered.split(separator: "\n").allSatisfy { $0.count <= 100 })
  }

  @Test func wrappingKeepsEveryWordAndTheWidth() {
    let words = (1...60).map { "word\($0)" }
    let wrapped = ResultsSummary.wrap(words.joined(separator: " "), width: 40, indent: "  ")
    #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 40 })
    #expect(wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) == words)
  }
}

@Suite struct ClinicalCodeTests {
  @Test func aMinorInCommercialSexIsChildSexualExploitation() {
    let (facts, results) = ExportFixtures.results(
      #"{"date": "2025-03-01", "victim": {"age": 16}, "purpose": {"commercial_sex": true, "labor": false}, "exploiter": {"acts": {"recruit": true}}}"#)
    let codes = ClinicalCodes(facts: facts, results: results)
    #expect(codes.families.map(\.confirmed).contains("T74.52-"))
    #expect(codes.families.map(\.suspected).contains("T76.52-"))
    #expect(!codes.families.map(\.confirmed).contains("T74.51-"))
    // Labor trafficking may be open somewhere, but no labor purpose was said.
    #expect(!codes.families.map(\.confirmed).contains { $0.hasPrefix("T74.6") })
  }

  @Test func anAdultInForcedLaborIsAdultLaborExploitation() throws {
    let text = try String(contentsOfFile: ExportFixtures.root + "/Examples/adult-labor-unknowns.json", encoding: .utf8)
    let (facts, results) = ExportFixtures.results(text)
    let codes = ClinicalCodes(facts: facts, results: results)
    #expect(codes.families.contains { $0.confirmed == "T74.61-" && $0.suspected == "T76.61-" })
    #expect(!codes.families.contains { $0.confirmed.hasSuffix("2-") })
  }

  @Test func anUnknownAgeGivesBothFamilies() {
    let (facts, results) = ExportFixtures.results(
      #"{"date": "2025-03-01", "purpose": {"commercial_sex": true}, "exploiter": {"acts": {"recruit": true}, "means": {"physical_force": true}}}"#)
    let codes = ClinicalCodes(facts: facts, results: results)
    #expect(Set(codes.families.map(\.confirmed)).isSuperset(of: ["T74.51-", "T74.52-"]))
    #expect(codes.families.allSatisfy { $0.because.contains("age is not known") })
  }

  @Test func nothingFitsWhenNothingIsMetOrSaid() {
    let (facts, results) = ExportFixtures.results(#"{"date": "2025-03-01", "victim": {"age": 30}, "exploiter": {}}"#)
    #expect(ClinicalCodes(facts: facts, results: results).families.isEmpty)
  }
}
