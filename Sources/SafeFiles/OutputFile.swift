#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why an output path is refused (exit 65 before any work is done).
public struct OutputRefused: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// Every file this tool writes goes through here. `-` is standard output. Otherwise the path must
/// name a regular file or nothing (a symlink is followed to a regular file); a folder, device,
/// FIFO, socket or a symlink to one of them is refused before any work starts. The content goes to
/// a temporary file in the same folder, which is renamed over the target only when complete; a
/// failure, Ctrl-C or SIGTERM removes the temporary file.
public final class OutputFile {
  public let path: String
  /// The file the content replaces (the symlink's target when `path` is a symlink).
  public let target: String?
  private var temporary: String?
  private var descriptor: Int32
  private var mode: mode_t = 0o644

  /// Checks the path and opens the temporary file. Throws `OutputRefused`.
  public init(path: String) throws {
    self.path = path
    if path == "-" {
      target = nil
      descriptor = STDOUT_FILENO
      return
    }
    guard !path.isEmpty else { throw OutputRefused("the output path is empty") }
    let resolved = try Self.resolve(path)
    target = resolved
    var info = stat()
    if stat(resolved, &info) == 0 { mode = info.st_mode & 0o7777 } else { mode = 0o666 & ~Self.currentUmask() }
    let folder = Self.folder(of: resolved)
    var template = Array((folder + "/.htrules-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw OutputRefused("cannot create a file in the folder of \(Self.shown(path)) (\(Self.reason(errno)))")
    }
    descriptor = fd
    let name = String(cString: template)
    temporary = name
    TemporaryFiles.register(name)
  }

  deinit { discard() }

  /// Appends bytes; on failure the temporary file is removed and the error says why in words.
  public func write(_ bytes: some Collection<UInt8>) throws {
    var buffer = Array(bytes)
    var offset = 0
    while offset < buffer.count {
      let written = buffer.withUnsafeMutableBytes { raw in
        Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        let why = Self.reason(errno)
        discard()
        throw OutputRefused("cannot write \(Self.shown(path)): \(why)")
      }
      offset += written
    }
    buffer.removeAll()
  }

  public func write(_ text: String) throws { try write(text.utf8) }

  /// Makes the file appear: flush, then rename over the target. Standard output is only flushed.
  public func commit() throws {
    guard let temporary, let target else { return }
    fchmod(descriptor, mode)
    if fsync(descriptor) != 0 && errno != EINVAL {
      let why = Self.reason(errno)
      discard()
      throw OutputRefused("cannot write \(Self.shown(path)): \(why)")
    }
    close(descriptor)
    descriptor = -1
    // Re-check just before the rename: the target may have become a folder or device meanwhile.
    if let problem = Self.problem(with: target) {
      unlink(temporary)
      TemporaryFiles.unregister(temporary)
      self.temporary = nil
      throw OutputRefused(problem)
    }
    guard rename(temporary, target) == 0 else {
      let why = Self.reason(errno)
      unlink(temporary)
      TemporaryFiles.unregister(temporary)
      self.temporary = nil
      throw OutputRefused("cannot replace \(Self.shown(path)): \(why)")
    }
    TemporaryFiles.unregister(temporary)
    self.temporary = nil
  }

  /// Removes the temporary file (nothing appears at the path).
  public func discard() {
    if let temporary {
      if descriptor >= 0 { close(descriptor) }
      descriptor = -1
      unlink(temporary)
      TemporaryFiles.unregister(temporary)
      self.temporary = nil
    }
  }

  /// Writes a whole text to `path` safely (`-`: standard output).
  public static func write(_ text: String, to path: String) throws {
    let file = try OutputFile(path: path)
    try file.write(text)
    try file.commit()
  }

  /// Checks a path without opening anything (for commands that check before long work).
  public static func check(_ path: String) throws {
    if path == "-" { return }
    guard !path.isEmpty else { throw OutputRefused("the output path is empty") }
    _ = try resolve(path)
  }

  // MARK: - Checks

  static func resolve(_ path: String) throws -> String {
    var info = stat()
    if lstat(path, &info) != 0 {
      guard errno == ENOENT else { throw OutputRefused("cannot use \(shown(path)) as output: \(reason(errno))") }
      try checkFolder(of: path)
      return path
    }
    if (info.st_mode & S_IFMT) == S_IFLNK {
      guard let real = realpath(path, nil) else {
        throw OutputRefused("\(shown(path)) is a symbolic link to nothing; htrules writes only to regular files")
      }
      let resolved = String(cString: real)
      free(real)
      if let problem = problem(with: resolved, shownAs: path, viaLink: true) { throw OutputRefused(problem) }
      return resolved
    }
    if let problem = problem(with: path) { throw OutputRefused(problem) }
    return path
  }

  /// Why an existing path cannot be replaced, or nil when it is a regular file (or absent).
  static func problem(with path: String, shownAs: String? = nil, viaLink: Bool = false) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let kind: String
    switch info.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: kind = "a folder"
    case S_IFCHR, S_IFBLK: kind = "a device"
    case S_IFIFO: kind = "a FIFO (named pipe)"
    case S_IFSOCK: kind = "a socket"
    default: kind = "not a regular file"
    }
    let name = shown(shownAs ?? path)
    return "\(name) is \(viaLink ? "a symbolic link to " : "")\(kind); htrules writes only to regular files (nothing was written)"
  }

  static func checkFolder(of path: String) throws {
    let folder = folder(of: path)
    var info = stat()
    guard stat(folder, &info) == 0 else {
      throw OutputRefused("the folder \(shown(folder)) for \(shown(path)) does not exist")
    }
    guard (info.st_mode & S_IFMT) == S_IFDIR else { throw OutputRefused("\(shown(folder)) is not a folder, so \(shown(path)) cannot be written") }
    guard access(folder, W_OK) == 0 else { throw OutputRefused("the folder \(shown(folder)) cannot be written to") }
  }

  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
  }

  static func currentUmask() -> mode_t {
    let mask = umask(0o022)
    umask(mask)
    return mask
  }

  /// A path as shown in messages: control characters escaped.
  static func shown(_ path: String) -> String { TerminalText.escaped(path) }

  static func reason(_ code: Int32) -> String {
    switch code {
    case EACCES, EPERM: return "permission denied"
    case ENOSPC: return "the disk is full"
    case EROFS: return "the file system is read-only"
    case ENOENT: return "no such file or folder"
    case ENOTDIR: return "a part of the path is not a folder"
    case EISDIR: return "it is a folder"
    case ENAMETOOLONG: return "the name is too long"
    case EXDEV: return "the temporary file is on another file system"
    case EDQUOT: return "the disk quota is exceeded"
    default: return "system error \(code)"
    }
  }
}
