import Foundation
import HTCore
import RuleSyntax
import StatuteCompiler
import StatuteXML
import Testing

enum Paths {
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }
  static var statutes: String { root + "/Statutes" }
  static var fixtures: String { root + "/Tests/StatuteCompilerTests/Fixtures" }
  /// Set HTRULES_RECORD=1 to rewrite golden files; review the diff before committing.
  static var recording: Bool { ProcessInfo.processInfo.environment["HTRULES_RECORD"] == "1" }
}

@Suite struct CompilerTests {
  static let bundled = CompilePipeline.run(statutesDirectory: Paths.statutes)

  @Test func bundledStatutesCompileWithoutErrors() {
    #expect(!Self.bundled.diagnostics.hasErrors, "\(Self.bundled.diagnostics)")
    #expect(Self.bundled.files["vocabulary.rules"] != nil)
    #expect(Self.bundled.statutes.count >= 7)
  }

  /// XML → DSL → AST equals XML → AST, for every bundled jurisdiction.
  @Test func xmlToRulesToASTEqualsXMLToAST() throws {
    for statute in Self.bundled.statutes {
      let direct = StatuteCompiler.compile(statute)
      let text = try #require(Self.bundled.files[statute.code + ".rules"])
      let (parsed, diagnostics) = RuleParser.parse(SourceText(fileName: statute.code, text: text))
      #expect(diagnostics.isEmpty)
      #expect(parsed == direct, "\(statute.code)")
    }
  }

  @Test func committedRulesAreUpToDate() throws {
    for (name, text) in Self.bundled.files {
      let committed = try? String(contentsOfFile: Paths.root + "/Rules/" + name, encoding: .utf8)
      #expect(committed == text, "Rules/\(name) is stale; run `htrules compile`")
    }
  }

  @Test func fixtureCompilesToTheGoldenRuleFile() throws {
    let vocabulary = try #require(Self.bundled.vocabulary)
    let path = Paths.fixtures + "/ZZ.xml"
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let (statute, problems) = StatuteReader.readStatute(bytes: bytes, displayName: "ZZ.xml", schemaPath: StatuteReader.statuteSchemaPath(in: Paths.statutes))
    #expect(problems.isEmpty, "\(problems)")
    let model = try #require(statute)
    let (text, checked) = StatuteCompiler.ruleText(for: model, vocabulary: vocabulary)
    #expect(checked.isEmpty, "\(checked)")
    let output = try #require(text)
    let golden = Paths.fixtures + "/ZZ.rules"
    if Paths.recording {
      try output.write(toFile: golden, atomically: true, encoding: .utf8)
    }
    #expect(output == (try String(contentsOfFile: golden, encoding: .utf8)))
    #expect(RuleParser.parse(SourceText(fileName: "ZZ.rules", text: output)).document == StatuteCompiler.compile(model))
  }

  @Test func checkerErrorsPointIntoTheXML() throws {
    let vocabulary = try #require(Self.bundled.vocabulary)
    let xml = try String(contentsOfFile: Paths.fixtures + "/ZZ.xml", encoding: .utf8)
      .replacingOccurrences(of: "any=\"recruit harbor\"", with: "any=\"recruit harbour\"")
    let (statute, _) = StatuteReader.readStatute(bytes: Array(xml.utf8), displayName: "ZZ.xml", schemaPath: StatuteReader.statuteSchemaPath(in: Paths.statutes))
    let (text, problems) = StatuteCompiler.ruleText(for: try #require(statute), vocabulary: vocabulary)
    #expect(text == nil)
    let rendered = problems.map { $0.render(in: SourceText(fileName: "ZZ.xml", text: xml)) }
    #expect(
      rendered == [
        "ZZ.xml:26:9: error: unknown act `harbour`; did you mean `harbor`?\n        <acts any=\"recruit harbour\" citation=\"Testland Code § 1(a)\"><summary>Recruits or harbors.</summary></acts>\n        ^"
      ])
  }
}
