import Foundation
import Testing

/// Issue 10: the built binary never destroys a user's files, stays bounded on hostile input and
/// keeps case values off the screen.
@Suite(.serialized) struct OutputSafetyTests {
  let folder: String = {
    let path = NSTemporaryDirectory() + "htrules-cli-safety-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  func leftovers() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
  }

  @Test func batchAndSampleRefuseFoldersLinksDevicesAndFIFOs() throws {
    let kept = folder + "/results"
    try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
    try "precious".write(toFile: kept + "/data.txt", atomically: false, encoding: .utf8)
    let link = folder + "/link-to-folder"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: kept)
    let fifo = folder + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let input = folder + "/cases.csv"
    try "id,victim.age\r\nc1,16\r\n".write(toFile: input, atomically: false, encoding: .utf8)
    for target in [kept, link, "/dev/null", fifo] {
      for arguments in [["batch", "--input", input, "--output", target], ["sample", "--count", "3", "--output", target]] {
        let run = try CLI.run(arguments)
        #expect(run.status == 65, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains("htrules writes only to regular files"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
      }
    }
    #expect(try String(contentsOfFile: kept + "/data.txt", encoding: .utf8) == "precious")
    var isFolder: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: kept, isDirectory: &isFolder) && isFolder.boolValue)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == kept)
    #expect(try leftovers().isEmpty)
  }

  @Test func everyOutputOptionChecksItsPathBeforeWorking() throws {
    let kept = folder + "/svgs"
    try FileManager.default.createDirectory(atPath: kept, withIntermediateDirectories: true)
    for arguments in [
      ["compare", "Examples/teen-commercial-sex.json", "--svg", kept],
      ["matrix", "buyer_covered", "--svg", kept],
      ["matrix", "--codebook", kept],
      ["interview", "--save", kept],
      ["sample", "--count", "1", "--output", folder + "/no/such/folder/out.csv"],
    ] {
      let run = try CLI.run(arguments, stdin: "yes\n")
      #expect(run.status == 65, "\(arguments): \(run.stderr)")
      #expect(!run.stderr.contains("NSCocoaErrorDomain") && !run.stderr.contains("The file"), "\(run.stderr)")
    }
    // interview --save to a bad path fails before the first question is asked.
    let interview = try CLI.run(["interview", "--save", kept], stdin: "yes\n")
    #expect(!interview.stdout.contains("1."))
  }

  @Test func dashIsStandardOutputAndARegularFileIsReplaced() throws {
    let dash = try CLI.run(["sample", "--count", "2", "--output", "-"])
    #expect(dash.status == 0)
    #expect(dash.stdout.hasPrefix("id,"))
    let path = folder + "/sample.csv"
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    #expect(try CLI.run(["sample", "--count", "2", "--output", path]).status == 0)
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("id,"))
    #expect(try leftovers().isEmpty)
  }

  @Test func anInterruptLeavesNoTemporaryFileAndNoOutput() throws {
    let path = folder + "/big.csv"
    for signal in [SIGINT, SIGTERM] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: CLI.binary)
      process.arguments = ["sample", "--count", "50000000", "--output", path]
      process.currentDirectoryURL = URL(fileURLWithPath: CLI.root)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Wait until the temporary file exists, then interrupt.
      let deadline = Date().addingTimeInterval(60)
      while try leftovers().isEmpty && Date() < deadline && process.isRunning { usleep(20_000) }
      #expect(try !leftovers().isEmpty, "the temporary file never appeared")
      kill(process.processIdentifier, signal)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)
      #expect(try leftovers().isEmpty, "a temporary file was left behind after signal \(signal)")
      #expect(!FileManager.default.fileExists(atPath: path))
    }
  }
}

@Suite struct InputSafetyTests {
  @Test func endlessInputStopsAtTheLimit() throws {
    let run = try CLI.run(["check", "/dev/zero", "--jurisdiction", "OH"])
    #expect(run.status == 65)
    #expect(run.stderr.contains("larger than the limit"))
    let folder = try CLI.run(["batch", "--input", NSTemporaryDirectory()])
    #expect(folder.status == 65)
    #expect(folder.stderr.contains("is a folder"))
  }

  @Test func batchRefusesARecordLongerThanTheLimitAndInvalidUTF8() throws {
    let long = "id,victim.age\n" + String(repeating: "1", count: 2 << 20)
    let run = try CLI.run(["batch", "--input", "-", "--input-format", "csv"], stdin: long)
    #expect(run.status == 65)
    #expect(run.stderr.contains("line 2: a record is longer than"))
    let path = NSTemporaryDirectory() + "htrules-bad-utf8-\(UUID().uuidString).jsonl"
    try Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D, 0x0A]).write(to: URL(fileURLWithPath: path))
    let bad = try CLI.run(["batch", "--input", path])
    #expect(bad.status == 65)
    #expect(bad.stderr.contains("not valid UTF-8"))
  }

  @Test func aByteOrderMarkBeforeTheCSVHeaderIsAccepted() throws {
    let run = try CLI.run(["batch", "--input", "-", "--input-format", "csv"], stdin: "\u{FEFF}id,victim.age\nc1,16\n")
    #expect(run.status == 0, "\(run.stderr)")
  }

  @Test func messagesNeverEchoCaseValuesOrControlCharacters() throws {
    let secret = "PATIENT-\u{1B}[31mDOE"
    let json =
      "{\"id\": \"\(secret.replacingOccurrences(of: "\u{1B}", with: "\\u001b"))\", \"date\": \"2025-13-45\", \"victim\": {\"age\": 200}, \"exploiter\": {\"mental_state\": \"sneakily\"}}"
    let run = try CLI.run(["check", "-", "--jurisdiction", "OH"], stdin: json)
    #expect(run.status == 65)
    for leaked in ["PATIENT", "DOE", "2025-13-45", "200", "sneakily", "\u{1B}"] {
      #expect(!run.stderr.contains(leaked), "the message shows a case value: \(leaked)\n\(run.stderr)")
    }
    #expect(run.stderr.contains("victim.age"))
    let raw = try CLI.run(["check", "-", "--jurisdiction", "OH"], stdin: "{\"id\": \"\u{1B}]0;owned\u{7}\"}")
    #expect(!raw.stderr.contains("\u{1B}") && !raw.stdout.contains("\u{1B}"))
  }

  @Test func diagnosticsAreCappedPerFileAndStayLinear() throws {
    let fields = (0..<2000).map { "\"unknown_\($0)\": 1" }.joined(separator: ", ")
    let start = Date()
    let run = try CLI.run(["check", "-", "--jurisdiction", "OH"], stdin: "{\(fields)}")
    #expect(run.status == 65)
    #expect(run.stderr.contains("more problem(s) not shown"))
    #expect(run.stderr.utf8.count < 200_000, "\(run.stderr.utf8.count) bytes of diagnostics")
    _ = start
  }

  @Test func ruleAndStatuteFilesAreBoundedToo() throws {
    let folder = NSTemporaryDirectory() + "htrules-bounded-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // A 20 KB line of junk in a rule file: diagnostics capped, output small.
    let junk = folder + "/junk.rules"
    try ("jurisdiction ZZ \"x\" { " + String(repeating: "source s \"c\" { url 5 } ", count: 2_000) + "}").write(
      toFile: junk, atomically: false, encoding: .utf8)
    let run = try CLI.run(["validate", junk])
    #expect(run.status == 1)
    #expect(run.stderr.contains("more problem(s) not shown"))
    #expect(run.stderr.utf8.count < 100_000)
    // A rule file given with --rules larger than the limit is refused while reading.
    let big = folder + "/big.rules"
    FileManager.default.createFile(atPath: big, contents: Data(repeating: 0x20, count: 9 << 20))
    let extra = try CLI.run(["check", "Examples/teen-commercial-sex.json", "--jurisdiction", "OH", "--rules", big])
    #expect(extra.status == 65)
    #expect(extra.stderr.contains("larger than the limit for a rule file"))
    // A statute file larger than its limit is refused unread.
    let statutes = folder + "/Statutes"
    try FileManager.default.createDirectory(atPath: statutes + "/schema", withIntermediateDirectories: true)
    for name in ["vocabulary.xml", "schema/statute.xsd", "schema/vocabulary.xsd"] {
      try FileManager.default.copyItem(atPath: CLI.root + "/Statutes/" + name, toPath: statutes + "/" + name)
    }
    FileManager.default.createFile(atPath: statutes + "/ZZ.xml", contents: Data(repeating: 0x20, count: 2 << 20))
    let compile = try CLI.run(["compile", "--check", "--statutes-dir", statutes, "--rules-dir", folder])
    #expect(compile.status == 65)
    #expect(compile.stderr.contains("larger than the limit for a statute file"))
    try? FileManager.default.removeItem(atPath: folder)
  }

  @Test func csvCellsThatASpreadsheetWouldRunAreNeutralised() throws {
    let run = try CLI.run(["batch", "--input", "-", "--input-format", "csv"], stdin: "id,victim.age\n\u{FF1D}cmd,16\n \u{FF0B}x,16\n")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("\r\n'\u{FF1D}cmd,"))
    #expect(run.stdout.contains("\r\n' \u{FF0B}x,"))
  }
}
