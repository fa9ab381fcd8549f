// libFuzzer harness: the rule-language reader (lexer, recovering parser, checker) never crashes,
// and whatever parses without errors prints to text that parses back to the same document.
import HTCore
import RuleSyntax

let vocabulary = FuzzSupport.vocabulary

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: count))
  guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
  let source = SourceText(fileName: "fuzz.rules", text: text)
  let (document, diagnostics) = RuleParser.parse(source)
  for diagnostic in diagnostics.prefix(30) { _ = diagnostic.render(in: source) }
  guard let document, !diagnostics.hasErrors else { return 0 }
  _ = RuleChecker.check(document, vocabulary: vocabulary)
  let printed = RulePrinter.print(document)
  let reparsed = RuleParser.parse(SourceText(fileName: "printed.rules", text: printed))
  if reparsed.document != document { fatalError("printing then parsing changed the document") }
  return 0
}
