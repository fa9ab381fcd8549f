import Foundation
import HTCore
import RuleEngine

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

  static func decode(_ json: String) -> CaseFile {
    let (facts, diagnostics) = CaseDecoder.decode(json, file: "case.json", vocabulary: bundled.vocabulary)
    guard let facts else { fatalError("bad test case: \(diagnostics)") }
    return facts
  }
}
