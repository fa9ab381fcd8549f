/// Deterministic JSON output: members keep the order they are given in (callers sort), no
/// timestamps, two-space indentation, a final newline.
public indirect enum JSONOutput: Sendable, Equatable {
  case object([(String, JSONOutput)])
  case array([JSONOutput])
  case string(String)
  case int(Int)
  case bool(Bool)
  case null

  public static func == (a: JSONOutput, b: JSONOutput) -> Bool { a.rendered() == b.rendered() }

  /// `.string` or `.null` for an optional.
  public static func optional(_ text: String?) -> JSONOutput { text.map { .string($0) } ?? .null }

  public func rendered(pretty: Bool = true) -> String {
    var out = ""
    write(to: &out, indent: 0, pretty: pretty)
    return pretty ? out + "\n" : out
  }

  private func write(to out: inout String, indent: Int, pretty: Bool) {
    let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
    let closePad = pretty ? String(repeating: "  ", count: indent) : ""
    let newline = pretty ? "\n" : ""
    switch self {
    case .object(let members):
      if members.isEmpty { out += "{}"; return }
      out += "{" + newline
      for (index, (key, value)) in members.enumerated() {
        out += pad + JSONOutput.quote(key) + (pretty ? ": " : ":")
        value.write(to: &out, indent: indent + 1, pretty: pretty)
        out += (index < members.count - 1 ? "," : "") + newline
      }
      out += closePad + "}"
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      let simple = items.allSatisfy {
        if case .object = $0 { return false }; if case .array = $0 { return false }; return true
      }
      if simple && pretty {
        out += "[" + items.map { $0.rendered(pretty: false) }.joined(separator: ", ") + "]"
        return
      }
      out += "[" + newline
      for (index, item) in items.enumerated() {
        out += pad
        item.write(to: &out, indent: indent + 1, pretty: pretty)
        out += (index < items.count - 1 ? "," : "") + newline
      }
      out += closePad + "]"
    case .string(let text): out += JSONOutput.quote(text)
    case .int(let value): out += String(value)
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    }
  }

  public static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
