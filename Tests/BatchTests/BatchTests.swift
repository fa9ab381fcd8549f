import HTCore
import RuleEngine
import Testing

/// The compiled bitset evaluator must agree, cell for cell, with the tree-walking evaluator.
@Suite struct CompiledBatchTests {
  @Test(arguments: [EvaluationMode.identification, .liability])
  func fastPathAgreesWithTheReferenceOnRandomCases(mode: EvaluationMode) throws {
    let date = CalendarDate("2025-06-01")!
    let fast = CompiledBatchEvaluator(library: Fixtures.bundled, mode: mode, date: date)
    let reference = ReferenceBatchEvaluator(library: Fixtures.bundled, mode: mode, date: date)
    #expect(fast.columns == reference.columns)
    var sampler = CaseSampler(schema: fast.schema, seed: mode == .identification ? 11 : 12)
    var rows: [[Int16]] = []
    for _ in 0..<(mode == .identification ? 600 : 250) { rows.append(sampler.next()) }
    var mismatches = 0
    var counts: [Outcome: Int] = [:]
    for start in stride(from: 0, to: rows.count, by: 64) {
      let slice = rows[start..<min(rows.count, start + 64)]
      let outcomes = fast.evaluate(fast.chunk(slice))
      for (offset, row) in slice.enumerated() {
        let expected = reference.outcomes(row)
        for (index, outcome) in expected.enumerated() {
          counts[outcome, default: 0] += 1
          let got = outcomes[offset * fast.columns.count + index]
          if got != outcome {
            mismatches += 1
            if mismatches <= 5 { Issue.record("row \(start + offset) \(fast.columns[index].name): fast \(got), reference \(outcome)") }
          }
        }
      }
    }
    #expect(mismatches == 0)
    // The sample exercises every outcome.
    #expect(counts[.met, default: 0] > 100 && counts[.notMet, default: 0] > 100 && counts[.undetermined, default: 0] > 100)
  }

  @Test func theReferenceMatchesCompare() {
    // A flat row and the case file it stands for give the same outcomes.
    let facts = Fixtures.decode(
      #"{"date": "2025-06-01", "victim": {"age": 16}, "purpose": {"commercial_sex": true}, "exploiter": {"acts": {"recruit": true}}, "buyer": {"acts": {"patronize": true}}}"#
    )
    let reference = ReferenceBatchEvaluator(library: Fixtures.bundled, mode: .identification, date: facts.date!)
    let outcomes = reference.outcomes(reference.schema.row(facts))
    let results = Evaluator(library: Fixtures.bundled).evaluate(facts, mode: .identification, date: facts.date!)
    for (index, column) in reference.columns.enumerated() where column.buyerOnly {
      #expect(results.first { $0.jurisdiction == column.jurisdiction && $0.offense == column.offense && $0.role == .buyer }?.outcome == outcomes[index])
    }
  }
}
