/// A problem found in an input file. Diagnostics are values: parsers collect them and go on.
/// The position is a byte offset into the file (or, for XML, where libxml2 reports only lines,
/// a line number); line and column are derived only when the diagnostic is printed.
public struct Diagnostic: Sendable, Equatable, Error, CustomStringConvertible {
  public enum Severity: String, Sendable, Equatable {
    case error, warning, note
  }

  public enum Position: Sendable, Equatable {
    case offset(Int)
    case line(Int)
    case file
  }

  public var severity: Severity
  public var message: String
  public var file: String
  public var position: Position

  public init(_ severity: Severity = .error, _ message: String, file: String, at position: Position) {
    self.severity = severity
    self.message = message
    self.file = file
    self.position = position
  }

  public static func error(_ message: String, file: String, offset: Int) -> Diagnostic {
    Diagnostic(.error, message, file: file, at: .offset(offset))
  }

  public var isError: Bool { severity == .error }

  public var description: String { render(in: nil) }

  /// `file:line:col: error: message`, then the source line and a caret when the text is known.
  public func render(in source: SourceText?) -> String {
    switch position {
    case .file:
      return "\(file): \(severity.rawValue): \(message)"
    case .offset(let offset):
      guard let source else { return "\(file): \(severity.rawValue): \(message) (at byte \(offset))" }
      let (line, column) = source.lineColumn(of: offset)
      return Self.withExcerpt(
        "\(file):\(line):\(column): \(severity.rawValue): \(message)", source: source, line: line,
        column: column)
    case .line(let line):
      guard let source, let text = source.line(line) else {
        return "\(file):\(line):1: \(severity.rawValue): \(message)"
      }
      let firstNonBlank = (text.firstIndex(where: { $0 != " " && $0 != "\t" }).map { text.distance(from: text.startIndex, to: $0) } ?? 0) + 1
      return Self.withExcerpt(
        "\(file):\(line):\(firstNonBlank): \(severity.rawValue): \(message)", source: source,
        line: line, column: firstNonBlank)
    }
  }

  /// Excerpts longer than this are cut to a window around the column.
  static let excerptWidth = 120

  private static func withExcerpt(_ header: String, source: SourceText, line: Int, column: Int) -> String {
    guard let text = source.line(line) else { return header }
    var shown = text.replacingTabs()
    var caretColumn = String(text.prefix(column - 1)).replacingTabs().count
    if shown.count > excerptWidth {
      let characters = Array(shown)
      let start = max(0, min(caretColumn - excerptWidth / 2, characters.count - excerptWidth))
      let end = min(characters.count, start + excerptWidth)
      shown = (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
      caretColumn = caretColumn - start + (start > 0 ? 1 : 0)
    }
    return header + "\n" + shown + "\n" + String(repeating: " ", count: caretColumn) + "^"
  }
}

extension String {
  fileprivate func replacingTabs() -> String {
    var out = ""
    for character in self { out += character == "\t" ? "    " : String(character) }
    return out
  }
}

extension Array where Element == Diagnostic {
  public var hasErrors: Bool { contains { $0.isError } }

  /// Sorted by file, then position, so output is stable.
  public func sortedForDisplay() -> [Diagnostic] {
    func key(_ d: Diagnostic) -> Int {
      switch d.position {
      case .file: return -1
      case .offset(let o): return o
      case .line(let l): return l
      }
    }
    return enumerated().sorted { a, b in
      if a.element.file != b.element.file { return a.element.file < b.element.file }
      if key(a.element) != key(b.element) { return key(a.element) < key(b.element) }
      return a.offset < b.offset
    }.map(\.element)
  }
}
