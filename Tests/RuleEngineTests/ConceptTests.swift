import HTCore
import RuleEngine
import RuleSyntax
import Testing

/// Issue 8: legal concepts are derived from facts (the exhaustive check over every definition is
/// in PropertyTests/ConceptProperties.swift).
@Suite struct ConceptDefinitionTests {
  @Test func ohioLaborFromTheIssue() throws {
    // A 30-year-old recruited, housed and made to work by force and threats, "no" to involuntary
    // servitude: Ohio's definition (R.C. 2905.31, compulsion per 2905.32(B)) decides, with the conflict reported.
    let json = """
      {"date": "2025-03-01", "victim": {"age": 30}, "purpose": {"labor": true, "involuntary_servitude": false},
       "exploiter": {"age": 40, "acts": {"recruit": true, "harbor": true}, "means": {"physical_force": true, "threat_of_force": true}}}
      """
    let r = try #require(Fixtures.result(Fixtures.bundled, json, code: "OH", kind: .laborTrafficking))
    #expect(r.outcome == .met)
    #expect(r.conflicts.map(\.answer.description) == ["purpose.involuntary_servitude"])
  }

  @Test func newYorkTeenFromTheIssueIsMet() throws {
    let facts = Fixtures.decode(try String(contentsOfFile: Paths.root + "/Examples/teen-commercial-sex.json", encoding: .utf8))
    let results = Evaluator(library: Fixtures.bundled).evaluate(facts, mode: .identification, date: facts.date!, jurisdictions: ["NY"])
    #expect(results.first { $0.offense == .sexTrafficking && $0.role == .exploiter }?.outcome == .met)
  }
}
