#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Temporary output files still open, removed by the SIGINT / SIGTERM / SIGHUP handler so an
/// interrupt never leaves one behind. The handler only calls `unlink` (async-signal-safe) on
/// C strings kept in a fixed table.
public enum TemporaryFiles {
  static let capacity = 16
  nonisolated(unsafe) static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    table.initialize(repeating: nil, count: capacity)
    return table
  }()
  nonisolated(unsafe) static var installed = false

  static func register(_ path: String) {
    installHandlers()
    for index in 0..<capacity where table[index] == nil {
      table[index] = strdup(path)
      return
    }
  }

  static func unregister(_ path: String) {
    for index in 0..<capacity {
      if let entry = table[index], String(cString: entry) == path {
        table[index] = nil
        free(entry)
      }
    }
  }

  /// Installs the handlers once: remove the temporary files, then die of the same signal.
  public static func installHandlers() {
    guard !installed else { return }
    installed = true
    // A program started by another (a test runner, a job system) may inherit these signals
    // blocked; unblock them so an interrupt always reaches the handler.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&unblock, signal) }
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    for signal in [SIGINT, SIGTERM, SIGHUP] {
      Glibc.signal(signal) { received in
        for index in 0..<TemporaryFiles.capacity {
          if let entry = TemporaryFiles.table[index] { unlink(entry) }
        }
        Glibc.signal(received, SIG_DFL)
        raise(received)
      }
    }
  }
}
