import HTCore

public struct Token: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case word(String)
    case integer(Int)
    case date(CalendarDate)
    case string(String)
    case leftBrace, rightBrace, comma, dot
    case endOfFile
    case invalid(String)
  }
  public var kind: Kind
  public var offset: Int
  public var length: Int

  public var describedForError: String {
    switch kind {
    case .word(let w): return "`\(w)`"
    case .integer(let n): return "number \(n)"
    case .date(let d): return "date \(d)"
    case .string: return "a string"
    case .leftBrace: return "`{`"
    case .rightBrace: return "`}`"
    case .comma: return "`,`"
    case .dot: return "`.`"
    case .endOfFile: return "end of file"
    case .invalid(let text): return "`\(text)`"
    }
  }
}

/// Splits rule text into tokens. Never fails: bad characters and unterminated strings become
/// tokens plus diagnostics, and lexing goes on.
public struct Lexer {
  let bytes: [UInt8]
  let file: String
  var position = 0
  public private(set) var diagnostics: [Diagnostic] = []

  public init(_ source: SourceText) {
    self.bytes = source.bytes
    self.file = source.fileName
  }

  public static func tokenize(_ source: SourceText) -> ([Token], [Diagnostic]) {
    var lexer = Lexer(source)
    var tokens: [Token] = []
    while true {
      let token = lexer.next()
      tokens.append(token)
      if token.kind == .endOfFile { break }
    }
    return (tokens, lexer.diagnostics)
  }

  static func isWordStart(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
  }
  static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  mutating func next() -> Token {
    skipTrivia()
    guard position < bytes.count else { return Token(kind: .endOfFile, offset: bytes.count, length: 0) }
    let start = position
    let byte = bytes[position]
    switch byte {
    case UInt8(ascii: "{"): position += 1; return Token(kind: .leftBrace, offset: start, length: 1)
    case UInt8(ascii: "}"): position += 1; return Token(kind: .rightBrace, offset: start, length: 1)
    case UInt8(ascii: ","): position += 1; return Token(kind: .comma, offset: start, length: 1)
    case UInt8(ascii: "."): position += 1; return Token(kind: .dot, offset: start, length: 1)
    case UInt8(ascii: "\""): return lexString()
    case _ where Lexer.isWordStart(byte):
      while position < bytes.count, Lexer.isWordStart(bytes[position]) || Lexer.isDigit(bytes[position]) { position += 1 }
      return Token(kind: .word(String(decoding: bytes[start..<position], as: UTF8.self)), offset: start, length: position - start)
    case _ where Lexer.isDigit(byte):
      while position < bytes.count, Lexer.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "-") { position += 1 }
      let length = position - start
      if let date = date(at: start, length: length) { return Token(kind: .date(date), offset: start, length: length) }
      if length <= 9, let value = number(at: start, length: length) { return Token(kind: .integer(value), offset: start, length: length) }
      let text = String(decoding: bytes[start..<position], as: UTF8.self)
      if text.contains("-") {
        diagnostics.append(.error("`\(text)` is not a valid date (write YYYY-MM-DD)", file: file, offset: start))
      } else {
        diagnostics.append(.error("number `\(text)` is too large", file: file, offset: start))
      }
      return Token(kind: .invalid(text), offset: start, length: length)
    default:
      // One whole UTF-8 character.
      var end = position + 1
      while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
      position = end
      let text = String(decoding: bytes[start..<end], as: UTF8.self)
      diagnostics.append(.error("unexpected character `\(text)`", file: file, offset: start))
      return Token(kind: .invalid(text), offset: start, length: end - start)
    }
  }

  /// Digits only, as a number; nil when there is anything else.
  func number(at start: Int, length: Int) -> Int? {
    var value = 0
    for index in start..<start + length {
      guard Lexer.isDigit(bytes[index]) else { return nil }
      value = value * 10 + Int(bytes[index] - 0x30)
    }
    return value
  }

  /// `YYYY-MM-DD` that names a real day, read straight from the bytes.
  func date(at start: Int, length: Int) -> CalendarDate? {
    guard length == 10, bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-"),
      let year = number(at: start, length: 4), let month = number(at: start + 5, length: 2), let day = number(at: start + 8, length: 2)
    else { return nil }
    return CalendarDate(year: year, month: month, day: day)
  }

  mutating func skipTrivia() {
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        position += 1
      case UInt8(ascii: "#"):
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
      default:
        return
      }
    }
  }

  mutating func lexString() -> Token {
    let start = position
    position += 1
    // Fast path: no escapes, so the string is a slice of the input.
    var scan = position
    while scan < bytes.count, bytes[scan] != UInt8(ascii: "\""), bytes[scan] != UInt8(ascii: "\\"), bytes[scan] != UInt8(ascii: "\n") { scan += 1 }
    if scan < bytes.count, bytes[scan] == UInt8(ascii: "\"") {
      let text = String(decoding: bytes[position..<scan], as: UTF8.self)
      position = scan + 1
      return Token(kind: .string(text), offset: start, length: position - start)
    }
    var out: [UInt8] = Array(bytes[position..<scan])
    position = scan
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), offset: start, length: position - start)
      }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: "\\") {
        guard position + 1 < bytes.count else { break }
        let escaped = bytes[position + 1]
        switch escaped {
        case UInt8(ascii: "\""): out.append(escaped)
        case UInt8(ascii: "\\"): out.append(escaped)
        case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
        case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
        default:
          diagnostics.append(
            .error("unknown escape `\\\(String(UnicodeScalar(escaped)))` in a string (use \\\", \\\\, \\n or \\t)", file: file, offset: position))
        }
        position += 2
        continue
      }
      out.append(byte)
      position += 1
    }
    diagnostics.append(.error("unterminated string (strings end with `\"` on the same line)", file: file, offset: start))
    return Token(kind: .string(String(decoding: out, as: UTF8.self)), offset: start, length: position - start)
  }
}
