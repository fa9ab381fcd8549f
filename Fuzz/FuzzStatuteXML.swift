// libFuzzer harness: the statute XML reader (safe libxml2 reading, XSD validation, decoding)
// never crashes on any bytes. Run from the package root (the XSD is read from Statutes/schema).
import HTCore
import StatuteXML

let schemaPath = StatuteReader.statuteSchemaPath(in: "Statutes")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStatuteXML(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: count))
  let (_, diagnostics) = StatuteReader.readStatute(bytes: bytes, displayName: "fuzz.xml", schemaPath: schemaPath)
  if let text = String(validating: bytes, as: UTF8.self) {
    let source = SourceText(fileName: "fuzz.xml", text: text)
    for diagnostic in diagnostics.prefix(30) { _ = diagnostic.render(in: source) }
  }
  return 0
}
