/// The text of one input file, with its line starts so that byte offsets can be turned into
/// line and column numbers when a diagnostic is printed. Offsets are UTF-8 byte offsets.
public struct SourceText: Sendable {
  public let fileName: String
  public let text: String
  public let bytes: [UInt8]
  private let lineStarts: [Int]

  public init(fileName: String, text: String) {
    self.fileName = fileName
    self.text = text
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(index + 1)
    }
    self.lineStarts = starts
  }

  /// 1-based line and column (column counted in characters) of a byte offset.
  public func lineColumn(of offset: Int) -> (line: Int, column: Int) {
    let clamped = max(0, min(offset, bytes.count))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
    }
    let start = lineStarts[low]
    let prefix = bytes[start..<clamped]
    let column = (String(decoding: prefix, as: UTF8.self)).count + 1
    return (low + 1, column)
  }

  /// The text of a 1-based line, without its line break.
  public func line(_ number: Int) -> String? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    let start = lineStarts[number - 1]
    var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// Byte offset of the first character of a 1-based line.
  public func offset(ofLine number: Int) -> Int? {
    guard number >= 1, number <= lineStarts.count else { return nil }
    return lineStarts[number - 1]
  }
}
