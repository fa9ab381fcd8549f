import HTCore
import RuleEngine
import RuleExport
import Testing

@Suite struct CSVTests {
  @Test func quotesPerRFC4180() {
    #expect(CSVWriter.line(["a", "b,c", "say \"hi\"", "two\nlines"]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n")
  }

  @Test(arguments: ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"])
  func neutralisesFormulaCells(cell: String) {
    let written = CSVWriter.field(cell)
    #expect(written.hasPrefix("'") || written.hasPrefix("\"'"))
  }

  @Test func leavesOrdinaryCellsAlone() {
    #expect(CSVWriter.field("18 U.S.C. § 1591(a)") == "18 U.S.C. § 1591(a)")
    #expect(CSVWriter.field("") == "")
  }
}

@Suite struct TextTableTests {
  @Test func alignsColumns() {
    let table = ResultsText.table(header: ["A", "Bee"], rows: [["long cell", "x"]], indent: "  ")
    #expect(table == "  A          Bee\n  long cell  x\n")
  }
}

@Suite struct JSONShapeTests {
  @Test func resultsCarryTheContractFields() {
    let result = EvaluationResult(
      jurisdiction: "ZZ", jurisdictionName: "Testland", offense: .sexTrafficking, role: .buyer, outcome: .undetermined,
      citation: "Testland Code § 1", prong: nil, failedProngs: ["sex_trafficking.minor"], missing: [FactPath(.victim, "age")],
      assumed: [], confidence: .low, questions: [OpenQuestion(citation: "§ 1(b)", question: "Does (b) reach buyers?")], explanation: [])
    let rendered = ResultsJSON.render(results: [result], mode: .identification, date: CalendarDate("2025-01-01")!, caseID: "c1").rendered()
    for key in [
      "\"mode\": \"identification\"", "\"date\": \"2025-01-01\"", "\"jurisdiction\": \"ZZ\"", "\"offense\": \"sex_trafficking\"", "\"role\": \"buyer\"",
      "\"outcome\": \"undetermined\"", "\"missing\": [\"victim.age\"]", "\"confidence\": \"low\"", "\"prong\": null",
    ] {
      #expect(rendered.contains(key), "\(key)")
    }
  }
}
