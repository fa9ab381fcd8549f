import Foundation
import HTCore
import RuleEngine
import RuleSyntax

enum Paths {
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }
}

enum Fixtures {
  /// The bundled rules, loaded once.
  static let bundled: RuleLibrary = {
    let loaded = RuleLibrary.load(directory: Paths.root + "/Rules")
    guard let library = loaded.library else { fatalError("Rules/ did not load: \(loaded.diagnostics)") }
    return library
  }()

  /// The made-up Testland jurisdiction (Tests/StatuteCompilerTests/Fixtures/ZZ.rules).
  static let testland: RuleLibrary = {
    let path = Paths.root + "/Tests/StatuteCompilerTests/Fixtures/ZZ.rules"
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    guard case .jurisdiction(let zz)? = RuleParser.parse(SourceText(fileName: path, text: text)).document else {
      fatalError("ZZ.rules did not parse")
    }
    return RuleLibrary(vocabulary: bundled.vocabulary, jurisdictions: [zz])
  }()

  static func decode(_ json: String) -> CaseFile {
    let (facts, diagnostics) = CaseDecoder.decode(json, file: "case.json", vocabulary: bundled.vocabulary)
    guard let facts else { fatalError("bad test case: \(diagnostics)") }
    return facts
  }

  static func result(
    _ library: RuleLibrary, _ json: String, code: String, kind: OffenseKind = .sexTrafficking, role: Role = .exploiter, mode: EvaluationMode = .identification,
    date: String? = nil
  ) -> EvaluationResult? {
    let facts = decode(json)
    let when = date.flatMap { CalendarDate($0) } ?? facts.date ?? CalendarDate("2025-01-01")!
    return Evaluator(library: library).evaluate(facts, mode: mode, date: when, jurisdictions: [code]).first { $0.offense == kind && $0.role == role }
  }
}
