// libFuzzer harness: the case-file reader (JSON → facts) never crashes, on any bytes.
import HTCore
import RuleEngine

let vocabulary = FuzzSupport.vocabulary

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaseJSON(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: count))
  guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
  let (facts, diagnostics) = CaseDecoder.decode(text, file: "fuzz.json", vocabulary: vocabulary)
  if facts == nil && diagnostics.isEmpty { fatalError("a case was refused without a diagnostic") }
  let source = SourceText(fileName: "fuzz.json", text: text)
  for diagnostic in diagnostics.prefix(30) { _ = diagnostic.render(in: source) }
  return 0
}
