import HTCore
import RuleEngine
import Testing

/// The probed matrix columns follow from the rules; these check the shapes the issue names.
@Suite struct MatrixTests {
  static let matrix = DefinitionMatrix(library: Fixtures.bundled, date: CalendarDate("2025-06-01")!)

  func row(_ code: String) -> DefinitionMatrix.Row? { Self.matrix.rows.first { $0.jurisdiction == code } }

  @Test func ageLinesAreProbedFromTheRules() {
    #expect(row("US")?.sexNoMeansMaxAge == .upTo(17))
    #expect(row("US")?.laborNoMeansMaxAge == DefinitionMatrix.ProbedAge.none)
    #expect(row("LA")?.sexNoMeansMaxAge == .upTo(20))
    #expect(row("MA")?.sexNoMeansMaxAge == .all)
    #expect(row("FL")?.laborNoMeansMaxAge == .upTo(17))
  }

  @Test func buyerCoverageIsProbed() {
    #expect(row("US")?.buyerCovered == .yes)
    #expect(row("OH")?.buyerCovered == DefinitionMatrix.BuyerCoverage.no)
  }

  @Test func termColumnsCoverTheVocabulary() throws {
    let us = try #require(row("US"))
    let count =
      Fixtures.bundled.vocabulary.ids(in: .acts).count + Fixtures.bundled.vocabulary.ids(in: .purpose).count + Fixtures.bundled.vocabulary.ids(in: .means).count
    #expect(us.terms.count == count)
    #expect(us.terms.first { $0.group == .acts && $0.term == "recruit" }?.value == "both")
    #expect(us.terms.first { $0.group == .acts && $0.term == "patronize" }?.value == "sex")
  }

  @Test func theOhioChangeShowsInTheMatrixByDate() {
    let before = DefinitionMatrix(library: Fixtures.bundled, date: CalendarDate("2020-06-01")!).rows.first { $0.jurisdiction == "OH" }
    #expect(before?.sexNoMeansMaxAge == .upTo(15))
    #expect(row("OH")?.sexNoMeansMaxAge == .upTo(17))
  }
}
