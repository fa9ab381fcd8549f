#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an input cannot be read (exit 65). Messages name the input and what was expected, never
/// its content.
public struct InputRefused: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// Reads an input (a path, or `-` for standard input) with a size limit enforced as the bytes
/// arrive: an endless or huge input stops at the limit, never grows memory without bound.
public struct BoundedInput {
  /// The documented limits (see the README).
  public enum Limit {
    /// A case file, or a case on standard input.
    public static let caseFile = 1 << 20
    /// A rule file (bundled or given with --rules).
    public static let ruleFile = 8 << 20
    /// A statute XML file.
    public static let statuteFile = 1 << 20
    /// One CSV or JSONL record of a batch input.
    public static let batchRecord = 1 << 20
    /// One interview answer line.
    public static let answerLine = 4096
  }

  /// The whole content, at most `limit` bytes, checked to be UTF-8 (a byte-order mark is dropped).
  public static func text(_ path: String, limit: Int, what: String = "the input") throws -> String {
    let bytes = try bytes(path, limit: limit, what: what)
    return try utf8(bytes, name: name(path), what: what)
  }

  /// The whole content as bytes, at most `limit` bytes.
  public static func bytes(_ path: String, limit: Int, what: String = "the input") throws -> [UInt8] {
    let reader = try ChunkReader(path: path)
    defer { reader.close() }
    var out: [UInt8] = []
    while let chunk = try reader.next(maximum: 1 << 16) {
      if out.count + chunk.count > limit {
        throw InputRefused("\(name(path)) is larger than the limit for \(what) (\(limit) bytes); nothing was read further")
      }
      out += chunk
    }
    return out
  }

  /// Checks UTF-8 and drops a leading byte-order mark.
  public static func utf8(_ bytes: [UInt8], name: String, what: String = "the input") throws -> String {
    var bytes = bytes[...]
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let valid = firstInvalidUTF8(bytes)
      throw InputRefused("\(name) is not valid UTF-8 (first bad byte at offset \(valid)); save it as UTF-8")
    }
    return text
  }

  /// Where the first malformed sequence starts (a plain scan of lead and continuation bytes).
  static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
    let array = Array(bytes)
    var index = 0
    while index < array.count {
      let lead = array[index]
      let length: Int
      switch lead {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return index
      }
      guard index + length <= array.count else { return index }
      for offset in 1..<length where array[index + offset] & 0xC0 != 0x80 { return index }
      if String(validating: array[index..<(index + length)], as: UTF8.self) == nil { return index }
      index += length
    }
    return index
  }

  static func name(_ path: String) -> String { path == "-" ? "standard input" : TerminalText.escaped(path) }
}

/// Reads a file or standard input in chunks with plain-word errors; refuses folders.
public final class ChunkReader {
  let fd: Int32
  let path: String
  let owned: Bool

  public init(path: String) throws {
    self.path = path
    if path == "-" {
      fd = STDIN_FILENO
      owned = false
      return
    }
    let opened = open(path, O_RDONLY | O_CLOEXEC)
    guard opened >= 0 else {
      let code = errno
      throw InputRefused("cannot read \(BoundedInput.name(path)): \(OutputFile.reason(code))")
    }
    var info = stat()
    if fstat(opened, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
      Glibc.close(opened)
      throw InputRefused("\(BoundedInput.name(path)) is a folder; give a file")
    }
    fd = opened
    owned = true
  }

  /// Up to `maximum` bytes, or nil at the end.
  public func next(maximum: Int) throws -> [UInt8]? {
    var buffer = [UInt8](repeating: 0, count: maximum)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, maximum) }
      if count < 0 {
        if errno == EINTR { continue }
        let code = errno
        throw InputRefused("cannot read \(BoundedInput.name(path)): \(OutputFile.reason(code))")
      }
      if count == 0 { return nil }
      buffer.removeSubrange(count...)
      return buffer
    }
  }

  /// The file's size when it is a regular file (for progress), else nil.
  public var regularFileSize: UInt64? {
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return UInt64(info.st_size)
  }

  public func close() {
    if owned { Glibc.close(fd) }
  }
}

/// Reads lines (for interactive answers) with a length limit: a longer line is an error, never
/// an unbounded buffer.
public final class LineReader {
  let reader: ChunkReader
  let limit: Int
  var buffer: [UInt8] = []
  var ended = false

  public init(path: String = "-", limit: Int = BoundedInput.Limit.answerLine) throws {
    reader = try ChunkReader(path: path)
    self.limit = limit
  }

  /// The next line without its line end, nil at the end of input. Throws when a line is longer
  /// than the limit or is not UTF-8.
  public func next() throws -> String? {
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        var line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        if line.last == 0x0D { line.removeLast() }
        return try BoundedInput.utf8(line, name: "an answer line")
      }
      if buffer.count > limit { throw InputRefused("an answer line is longer than \(limit) bytes") }
      if ended {
        guard !buffer.isEmpty else { return nil }
        let line = buffer
        buffer = []
        return try BoundedInput.utf8(line, name: "an answer line")
      }
      if let chunk = try reader.next(maximum: 4096) { buffer += chunk } else { ended = true }
    }
  }
}
