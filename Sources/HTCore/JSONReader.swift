import Foundation

/// A small JSON reader that keeps byte offsets, so that errors in case files can name the line
/// and column, and unknown fields can be pointed at. It never crashes on bad input: it returns
/// a diagnostic for the first syntax error (JSON has no sensible recovery).
public indirect enum JSONValue: Sendable, Equatable {
  case object([JSONMember])
  case array([JSONNode])
  case string(String)
  case number(Double, raw: String)
  case bool(Bool)
  case null

  public var typeName: String {
    switch self {
    case .object: return "an object"
    case .array: return "an array"
    case .string: return "a string"
    case .number: return "a number"
    case .bool: return "a boolean"
    case .null: return "null"
    }
  }
}

public struct JSONNode: Sendable, Equatable {
  public var value: JSONValue
  public var offset: Int
}

public struct JSONMember: Sendable, Equatable {
  public var key: String
  public var keyOffset: Int
  public var value: JSONNode
}

public struct JSONSyntaxError: Error, Sendable, Equatable {
  public var message: String
  public var offset: Int
}

public enum JSONReader {
  public static let maximumDepth = 64

  public static func parse(_ text: String) -> Result<JSONNode, JSONSyntaxError> {
    var parser = Parser(bytes: Array(text.utf8))
    do {
      parser.skipWhitespace()
      let node = try parser.parseValue(depth: 0)
      parser.skipWhitespace()
      if parser.position < parser.bytes.count {
        throw JSONSyntaxError(message: "unexpected text after the JSON value", offset: parser.position)
      }
      return .success(node)
    } catch let error as JSONSyntaxError {
      return .failure(error)
    } catch {
      return .failure(JSONSyntaxError(message: "\(error)", offset: 0))
    }
  }

  private struct Parser {
    let bytes: [UInt8]
    var position = 0

    mutating func skipWhitespace() {
      while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
      JSONSyntaxError(message: message, offset: offset ?? position)
    }

    mutating func parseValue(depth: Int) throws -> JSONNode {
      guard depth < JSONReader.maximumDepth else { throw fail("nesting is deeper than \(JSONReader.maximumDepth) levels") }
      guard position < bytes.count else { throw fail("unexpected end of input; expected a value") }
      let start = position
      switch bytes[position] {
      case UInt8(ascii: "{"): return JSONNode(value: try parseObject(depth: depth), offset: start)
      case UInt8(ascii: "["): return JSONNode(value: try parseArray(depth: depth), offset: start)
      case UInt8(ascii: "\""): return JSONNode(value: .string(try parseString()), offset: start)
      case UInt8(ascii: "t"): try expectWord("true"); return JSONNode(value: .bool(true), offset: start)
      case UInt8(ascii: "f"): try expectWord("false"); return JSONNode(value: .bool(false), offset: start)
      case UInt8(ascii: "n"): try expectWord("null"); return JSONNode(value: .null, offset: start)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return JSONNode(value: try parseNumber(), offset: start)
      default:
        throw fail("unexpected character; expected a JSON value")
      }
    }

    func printable(_ byte: UInt8) -> String {
      byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
    }

    mutating func expectWord(_ word: String) throws {
      let w = Array(word.utf8)
      guard position + w.count <= bytes.count, Array(bytes[position..<position + w.count]) == w else {
        throw fail("unexpected text; expected a JSON value")
      }
      position += w.count
    }

    mutating func parseObject(depth: Int) throws -> JSONValue {
      position += 1
      var members: [JSONMember] = []
      skipWhitespace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
          throw fail(position < bytes.count ? "expected a quoted field name" : "unexpected end of input inside an object")
        }
        let keyOffset = position
        let key = try parseString()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':' after the field name") }
        position += 1
        skipWhitespace()
        let value = try parseValue(depth: depth + 1)
        members.append(JSONMember(key: key, keyOffset: keyOffset, value: value))
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end of input inside an object") }
        if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
        if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        throw fail("expected ',' or '}' in an object")
      }
    }

    mutating func parseArray(depth: Int) throws -> JSONValue {
      position += 1
      var items: [JSONNode] = []
      skipWhitespace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(items)
      }
      while true {
        skipWhitespace()
        items.append(try parseValue(depth: depth + 1))
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end of input inside an array") }
        if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
        if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        throw fail("expected ',' or ']' in an array")
      }
    }

    mutating func parseString() throws -> String {
      let start = position
      position += 1
      var out: [UInt8] = []
      while position < bytes.count {
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\""):
          position += 1
          return String(decoding: out, as: UTF8.self)
        case UInt8(ascii: "\\"):
          position += 1
          guard position < bytes.count else { throw fail("unterminated string", at: start) }
          let escape = bytes[position]
          position += 1
          switch escape {
          case UInt8(ascii: "\""): out.append(0x22)
          case UInt8(ascii: "\\"): out.append(0x5C)
          case UInt8(ascii: "/"): out.append(0x2F)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800...0xDBFF).contains(scalar) {
              guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw fail("unpaired surrogate in \\u escape")
              }
              position += 2
              let low = try parseHex4()
              guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in \\u escape") }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
              throw fail("unpaired surrogate in \\u escape")
            }
            guard let unicode = UnicodeScalar(scalar) else { throw fail("invalid \\u escape") }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
          default:
            throw fail("invalid escape in a string", at: position - 2)
          }
        case 0x00..<0x20:
          throw fail("control character in a string (write it as an escape)")
        default:
          out.append(byte)
          position += 1
        }
      }
      throw fail("unterminated string", at: start)
    }

    mutating func parseHex4() throws -> UInt32 {
      guard position + 4 <= bytes.count else { throw fail("incomplete \\u escape") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[position]
        let digit: UInt32
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
        default: throw fail("invalid hex digit in \\u escape")
        }
        value = value * 16 + digit
        position += 1
      }
      return value
    }

    mutating func parseNumber() throws -> JSONValue {
      let start = position
      if bytes[position] == UInt8(ascii: "-") { position += 1 }
      func digits() -> Int {
        let s = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
        return position - s
      }
      guard position < bytes.count else { throw fail("incomplete number", at: start) }
      if bytes[position] == UInt8(ascii: "0") {
        position += 1
      } else if digits() == 0 {
        throw fail("invalid number", at: start)
      }
      if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
        position += 1
        guard digits() > 0 else { throw fail("invalid number: digits expected after '.'", at: start) }
      }
      if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
        position += 1
        if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard digits() > 0 else { throw fail("invalid number: digits expected in the exponent", at: start) }
      }
      let raw = String(decoding: bytes[start..<position], as: UTF8.self)
      guard let value = Double(raw) else { throw fail("invalid number", at: start) }
      return .number(value, raw: raw)
    }
  }
}
