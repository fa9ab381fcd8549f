import Foundation
import SafeFiles
import Testing

/// Every output goes through OutputFile: only regular files are replaced, atomically.
@Suite struct OutputFileTests {
  let folder: String = {
    let path = NSTemporaryDirectory() + "/htrules-safefiles-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  func leftovers() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".htrules-") }
  }

  @Test func replacesARegularFileAtomically() throws {
    let path = folder + "/out.csv"
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    let file = try OutputFile(path: path)
    try file.write("new")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")  // nothing appears before commit
    try file.commit()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    #expect(try leftovers().isEmpty)
  }

  @Test func refusesFoldersDevicesFIFOsAndLinksToThem() throws {
    let sub = folder + "/keep"
    try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
    try "precious".write(toFile: sub + "/data.txt", atomically: false, encoding: .utf8)
    let fifo = folder + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let linkToFolder = folder + "/link-folder"
    try FileManager.default.createSymbolicLink(atPath: linkToFolder, withDestinationPath: sub)
    let linkToDevice = folder + "/link-null"
    try FileManager.default.createSymbolicLink(atPath: linkToDevice, withDestinationPath: "/dev/null")
    let dangling = folder + "/dangling"
    try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: folder + "/nothing-here")
    for (path, words) in [
      (sub, "is a folder"), ("/dev/null", "is a device"), (fifo, "FIFO"), (linkToFolder, "symbolic link to a folder"),
      (linkToDevice, "symbolic link to a device"), (dangling, "symbolic link to nothing"),
    ] {
      #expect(throws: OutputRefused.self) { try OutputFile(path: path) }
      do {
        _ = try OutputFile(path: path)
      } catch let refused as OutputRefused {
        #expect(refused.description.contains(words), "\(path): \(refused.description)")
      }
    }
    #expect(try String(contentsOfFile: sub + "/data.txt", encoding: .utf8) == "precious")
    #expect(try leftovers().isEmpty)
  }

  @Test func followsALinkToARegularFileAndKeepsTheLink() throws {
    let real = folder + "/real.csv"
    try "old".write(toFile: real, atomically: false, encoding: .utf8)
    let link = folder + "/link.csv"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
    try OutputFile.write("new", to: link)
    #expect(try String(contentsOfFile: real, encoding: .utf8) == "new")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
  }

  @Test func aMissingFolderIsSaidInWords() throws {
    do {
      _ = try OutputFile(path: folder + "/no/such/out.csv")
      Issue.record("expected a refusal")
    } catch let refused as OutputRefused {
      #expect(refused.description.contains("does not exist"))
    }
  }

  @Test func discardLeavesNothingBehind() throws {
    let path = folder + "/partial.csv"
    let file = try OutputFile(path: path)
    try file.write("half")
    file.discard()
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(try leftovers().isEmpty)
  }
}

@Suite struct BoundedInputTests {
  @Test func theLimitIsEnforcedWhileReading() throws {
    let path = NSTemporaryDirectory() + "/htrules-big-\(UUID().uuidString)"
    try Data(repeating: 0x61, count: 100_000).write(to: URL(fileURLWithPath: path))
    #expect(throws: InputRefused.self) { try BoundedInput.text(path, limit: 10_000) }
    #expect(try BoundedInput.text(path, limit: 100_000).count == 100_000)
    // A device that never ends stops at the limit.
    #expect(throws: InputRefused.self) { try BoundedInput.bytes("/dev/zero", limit: 1 << 16) }
  }

  @Test func utf8IsCheckedAndAByteOrderMarkDropped() throws {
    #expect(try BoundedInput.utf8([0xEF, 0xBB, 0xBF, 0x61], name: "x") == "a")
    do {
      _ = try BoundedInput.utf8([0x61, 0x62, 0xFF, 0x63], name: "x")
      Issue.record("expected a refusal")
    } catch let refused as InputRefused {
      #expect(refused.description.contains("offset 2"))
    }
  }

  @Test func aFolderIsRefusedInWords() throws {
    do {
      _ = try BoundedInput.text(NSTemporaryDirectory(), limit: 10)
      Issue.record("expected a refusal")
    } catch let refused as InputRefused {
      #expect(refused.description.contains("is a folder"))
    }
  }

  @Test func controlCharactersAreEscapedForTheTerminal() {
    #expect(TerminalText.escaped("a\u{1B}[31mb\u{9B}c\nd") == "a\\u{1B}[31mb\\u{9B}c\nd")
  }
}
