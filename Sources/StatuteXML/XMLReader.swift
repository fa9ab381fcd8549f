// The only file in htrules that touches libxml2.
//
// Reading is defensive: the bytes must be valid UTF-8 and below a size limit; any document type
// declaration or entity declaration is refused before libxml2 sees the bytes, and libxml2 is told
// not to use the network, not to load DTDs and not to substitute entities. What comes out is a
// plain Swift tree of elements with line numbers, so nothing else needs the C API.
import CLibXML2
import HTCore

/// One element of a parsed XML document.
public struct XMLElementNode: Sendable, Equatable {
  public var name: String
  public var namespace: String?
  public var attributes: [String: String]
  public var children: [XMLElementNode]
  /// The element's own text (text and CDATA children, concatenated), not its descendants'.
  public var text: String
  public var line: Int

  public func attribute(_ name: String) -> String? { attributes[name] }
  public func children(named name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
  public func child(named name: String) -> XMLElementNode? { children.first { $0.name == name } }
}

public enum XMLDocumentReader {
  /// Statute files are small; anything larger than this is refused unread.
  public static let maximumSize = 1_048_576

  /// Parses `bytes`; when `schemaPath` is given, validates the document against that XSD.
  /// Returns the root element when the document is well-formed, and every problem found.
  public static func read(bytes: [UInt8], fileName: String, schemaPath: String?) -> (root: XMLElementNode?, diagnostics: [Diagnostic]) {
    if bytes.count > maximumSize {
      return (nil, [Diagnostic(.error, "file is \(bytes.count) bytes; the limit for a statute file is \(maximumSize) bytes", file: fileName, at: .file)])
    }
    if let bad = firstInvalidUTF8Offset(bytes) {
      return (nil, [Diagnostic.error("not valid UTF-8 (first bad byte at offset \(bad))", file: fileName, offset: bad)])
    }
    for marker in ["<!DOCTYPE", "<!ENTITY"] {
      if let offset = find(Array(marker.utf8), in: bytes) {
        return (
          nil,
          [
            Diagnostic.error(
              "document type and entity declarations are not allowed in statute files (found \(marker)); nothing was loaded or expanded", file: fileName,
              offset: offset)
          ]
        )
      }
    }
    guard !bytes.isEmpty else {
      return (nil, [Diagnostic(.error, "file is empty", file: fileName, at: .file)])
    }

    let sink = ErrorSink(fileName: fileName)
    let sinkPointer = Unmanaged.passRetained(sink).toOpaque()
    defer { Unmanaged<ErrorSink>.fromOpaque(sinkPointer).release() }

    xmlSetStructuredErrorFunc(sinkPointer, collectError)
    defer { xmlSetStructuredErrorFunc(nil, nil) }

    let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOERROR.rawValue)
    guard let context = xmlNewParserCtxt() else {
      return (nil, [Diagnostic(.error, "could not create an XML parser", file: fileName, at: .file)])
    }
    defer { xmlFreeParserCtxt(context) }
    let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
        xmlCtxtReadMemory(context, base, Int32(buffer.count), fileName, "UTF-8", options)
      }
    }
    guard let document else {
      if sink.diagnostics.isEmpty { sink.diagnostics.append(Diagnostic(.error, "not well-formed XML", file: fileName, at: .file)) }
      return (nil, sink.diagnostics)
    }
    defer { xmlFreeDoc(document) }
    if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
      return (nil, [Diagnostic(.error, "document type declarations are not allowed in statute files", file: fileName, at: .file)])
    }
    guard let rootPointer = xmlDocGetRootElement(document) else {
      return (nil, [Diagnostic(.error, "document has no root element", file: fileName, at: .file)])
    }
    let wellFormedProblems = sink.diagnostics.filter(\.isError)
    if !wellFormedProblems.isEmpty { return (nil, wellFormedProblems) }

    if let schemaPath {
      let schemaProblems = validate(document: document, schemaPath: schemaPath, sink: sink, sinkPointer: sinkPointer)
      if !schemaProblems.isEmpty {
        return (convert(rootPointer), schemaProblems)
      }
    }
    return (convert(rootPointer), [])
  }

  private static func validate(document: xmlDocPtr, schemaPath: String, sink: ErrorSink, sinkPointer: UnsafeMutableRawPointer) -> [Diagnostic] {
    sink.diagnostics = []
    sink.fileName = schemaPath
    guard let parserContext = xmlSchemaNewParserCtxt(schemaPath) else {
      return [Diagnostic(.error, "could not open the schema \(schemaPath)", file: schemaPath, at: .file)]
    }
    defer { xmlSchemaFreeParserCtxt(parserContext) }
    xmlSchemaSetParserStructuredErrors(parserContext, collectError, sinkPointer)
    guard let schema = xmlSchemaParse(parserContext) else {
      return sink.diagnostics.isEmpty ? [Diagnostic(.error, "the schema could not be read", file: schemaPath, at: .file)] : sink.diagnostics
    }
    defer { xmlSchemaFree(schema) }
    guard let validator = xmlSchemaNewValidCtxt(schema) else {
      return [Diagnostic(.error, "could not create a schema validator", file: schemaPath, at: .file)]
    }
    defer { xmlSchemaFreeValidCtxt(validator) }
    sink.diagnostics = []
    sink.fileName = String(cString: document.pointee.URL)
    xmlSchemaSetValidStructuredErrors(validator, collectError, sinkPointer)
    let status = xmlSchemaValidateDoc(validator, document)
    if status != 0 && sink.diagnostics.isEmpty {
      return [Diagnostic(.error, "the document does not match the schema", file: sink.fileName, at: .file)]
    }
    return sink.diagnostics
  }

  private static func convert(_ node: xmlNodePtr) -> XMLElementNode {
    var attributes: [String: String] = [:]
    var attribute = node.pointee.properties
    while let current = attribute {
      let name = String(cString: current.pointee.name)
      var value = ""
      var valueNode = current.pointee.children
      while let textNode = valueNode {
        if let content = textNode.pointee.content { value += String(cString: content) }
        valueNode = textNode.pointee.next
      }
      attributes[name] = value
      attribute = current.pointee.next
    }
    var children: [XMLElementNode] = []
    var text = ""
    var child = node.pointee.children
    while let current = child {
      switch current.pointee.type {
      case XML_ELEMENT_NODE:
        children.append(convert(current))
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        if let content = current.pointee.content { text += String(cString: content) }
      default:
        break
      }
      child = current.pointee.next
    }
    let namespace = node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } }
    return XMLElementNode(
      name: String(cString: node.pointee.name), namespace: namespace, attributes: attributes,
      children: children, text: text, line: Int(xmlGetLineNo(node)))
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    var index = 0
    while index + needle.count <= haystack.count {
      if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
      index += 1
    }
    return nil
  }

  /// Offset of the first byte that does not belong to a valid UTF-8 sequence.
  public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      let length: Int
      var minimum: UInt32
      switch lead {
      case 0x00...0x7F: index += 1; continue
      case 0xC2...0xDF: length = 2; minimum = 0x80
      case 0xE0...0xEF: length = 3; minimum = 0x800
      case 0xF0...0xF4: length = 4; minimum = 0x10000
      default: return index
      }
      guard index + length <= bytes.count else { return index }
      var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
      for offset in 1..<length {
        let byte = bytes[index + offset]
        guard byte & 0xC0 == 0x80 else { return index }
        scalar = scalar << 6 | UInt32(byte & 0x3F)
      }
      if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
      minimum = 0
      index += length
    }
    return nil
  }
}

/// Collects libxml2's structured errors as diagnostics.
private final class ErrorSink {
  var fileName: String
  var diagnostics: [Diagnostic] = []
  init(fileName: String) { self.fileName = fileName }
}

private func collectError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
  guard let context, let error else { return }
  let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
  var message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
  while message.hasSuffix("\n") { message.removeLast() }
  message = removingNamespaces(message)
  let severity: Diagnostic.Severity = error.pointee.level == XML_ERR_WARNING ? .warning : .error
  let line = Int(error.pointee.line)
  sink.diagnostics.append(Diagnostic(severity, message, file: sink.fileName, at: line > 0 ? .line(line) : .file))
}

/// libxml2 writes element names as `{namespace}name`; people want just the name.
private func removingNamespaces(_ message: String) -> String {
  var out = ""
  var skipping = false
  for character in message {
    if character == "{" && !skipping { skipping = true; continue }
    if character == "}" && skipping { skipping = false; continue }
    if !skipping { out.append(character) }
  }
  return out
}
