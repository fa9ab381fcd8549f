import HTCore
import Testing

@Suite struct SourceTextTests {
  @Test func lineAndColumnAreDerivedFromOffsets() {
    let source = SourceText(fileName: "a.rules", text: "ab\ncdé f\n\nx")
    #expect(source.lineColumn(of: 0) == (1, 1))
    #expect(source.lineColumn(of: 3) == (2, 1))
    // "é" is two bytes; the column counts characters.
    #expect(source.lineColumn(of: 8) == (2, 5))
    #expect(source.lineColumn(of: 11) == (4, 1))
    #expect(source.line(2) == "cdé f")
    #expect(source.line(3) == "")
    #expect(source.line(9) == nil)
  }

  @Test func diagnosticsRenderWithTheLineAndACaret() {
    let source = SourceText(fileName: "OH.rules", text: "jurisdiction OH \"Ohio\" {\n  sorce x\n}\n")
    let diagnostic = Diagnostic.error("unexpected `sorce`", file: "OH.rules", offset: 27)
    #expect(diagnostic.render(in: source) == "OH.rules:2:3: error: unexpected `sorce`\n  sorce x\n  ^")
  }

  @Test func lineDiagnosticsPointAtTheFirstNonBlankColumn() {
    let source = SourceText(fileName: "OH.xml", text: "<a>\n    <b/>\n</a>\n")
    let diagnostic = Diagnostic(.error, "bad", file: "OH.xml", at: .line(2))
    #expect(diagnostic.render(in: source) == "OH.xml:2:5: error: bad\n    <b/>\n    ^")
  }
}

@Suite struct SuggestionTests {
  @Test func closestNamesAreSuggested() {
    #expect(Suggestions.closest(to: "harbour", in: ["harbor", "hold", "recruit"]) == "harbor")
    #expect(Suggestions.closest(to: "victm", in: ["victim", "purpose"]) == "victim")
    #expect(Suggestions.closest(to: "zzzzzz", in: ["victim", "purpose"]) == nil)
    #expect(Suggestions.editDistance("kitten", "sitting") == 3)
  }
}

@Suite struct CalendarDateTests {
  @Test func parsesRealDatesOnly() {
    #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
    #expect(CalendarDate("2023-02-29") == nil)
    #expect(CalendarDate("2024-13-01") == nil)
    #expect(CalendarDate("2024-1-01") == nil)
    #expect(CalendarDate("24-01-01") == nil)
    #expect(CalendarDate("2024-01-01T00:00") == nil)
    #expect(CalendarDate("2021-04-11")! < CalendarDate("2021-04-12")!)
  }
}

@Suite struct JSONReaderTests {
  @Test func readsValuesWithOffsets() throws {
    let node = try JSONReader.parse(#"{"a": [1, true, null, "x\u00e9"], "b": {}}"#).get()
    guard case .object(let members) = node.value else {
      Issue.record("expected an object")
      return
    }
    #expect(members.map(\.key) == ["a", "b"])
    #expect(members[1].keyOffset == 34)
    guard case .array(let items) = members[0].value.value else {
      Issue.record("expected an array")
      return
    }
    #expect(items[3].value == .string("xé"))
  }

  @Test(arguments: [
    ("{\"a\": }", 6, "expected a JSON value"),
    ("{\"a\": 1,}", 8, "expected a quoted field name"),
    ("[1 2]", 3, "expected ',' or ']'"),
    ("\"abc", 0, "unterminated string"),
    ("{} x", 3, "unexpected text after"),
    ("01", 1, "unexpected text after"),
    ("", 0, "unexpected end of input"),
  ])
  func reportsTheFirstSyntaxErrorWithItsOffset(text: String, offset: Int, message: String) {
    switch JSONReader.parse(text) {
    case .success: Issue.record("expected an error for \(text)")
    case .failure(let error):
      #expect(error.offset == offset)
      #expect(error.message.contains(message))
    }
  }

  @Test func refusesDeepNesting() {
    let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
    guard case .failure(let error) = JSONReader.parse(text) else {
      Issue.record("expected an error")
      return
    }
    #expect(error.message.contains("nesting"))
  }

  @Test func writerEscapesAndKeepsOrder() {
    let value = JSONOutput.object([("b", .string("a\"b\n\u{1}")), ("a", .array([.int(1), .bool(false), .null]))])
    #expect(value.rendered() == "{\n  \"b\": \"a\\\"b\\n\\u0001\",\n  \"a\": [1, false, null]\n}\n")
  }
}

@Suite struct FactPathTests {
  @Test func pathsRoundTrip() {
    for text in ["victim.age", "purpose.labor", "exploiter.age", "buyer.acts.patronize", "exploiter.means.fraud"] {
      #expect(FactPath(parsing: text)?.description == text)
    }
    #expect(FactPath(parsing: "exploiter.foo.bar") == nil)
    #expect(FactPath(parsing: "nobody.age") == nil)
  }
}
