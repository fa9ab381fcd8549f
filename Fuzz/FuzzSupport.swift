// Shared by the libFuzzer harnesses: the vocabulary, from the rules built into htrules.
import BundledRules
import HTCore
import RuleSyntax

enum FuzzSupport {
  static let vocabulary: Vocabulary = {
    let text = BundledRules.files["vocabulary.rules"] ?? ""
    guard case .vocabulary(let decl)? = RuleParser.parse(SourceText(fileName: "vocabulary.rules", text: text)).document else {
      fatalError("the built-in vocabulary does not parse")
    }
    return decl.vocabulary
  }()
}
