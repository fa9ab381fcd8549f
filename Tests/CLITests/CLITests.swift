import Foundation
import StatuteXML
import Testing

/// Bytes read on another thread.
final class DataBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Data?
  var data: Data {
    get { lock.withLock { stored ?? Data() } }
    set { lock.withLock { stored = newValue } }
  }
  var done: Bool { lock.withLock { stored != nil } }
}

/// Runs the built `htrules` binary, as a user would (after swift-argument-parser's test helpers).
enum CLI {
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }

  static var binary: String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("htrules").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    for candidate in [root + "/.build/debug/htrules", root + "/.build/release/htrules"] where FileManager.default.isExecutableFile(atPath: candidate) {
      return candidate
    }
    return beside
  }

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: root)
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "HTRULES_RULES")
    env.removeValue(forKey: "HTRULES_STATUTES")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    // A command may refuse its input and exit before reading it all: that must not kill the tests.
    signal(SIGPIPE, SIG_IGN)
    try process.run()
    // Write standard input while reading the outputs, so neither side blocks on a full pipe.
    let writer = Thread {
      if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
      try? input.fileHandleForWriting.close()
    }
    writer.start()
    let errBox = DataBox()
    let errReader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errBox.done { usleep(1000) }
    let errData = errBox.data
    return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Compares with Tests/CLITests/Golden/NAME; HTRULES_RECORD=1 rewrites it (review the diff).
  static func assertGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let path = root + "/Tests/CLITests/Golden/" + name
    if ProcessInfo.processInfo.environment["HTRULES_RECORD"] == "1" {
      try FileManager.default.createDirectory(atPath: root + "/Tests/CLITests/Golden", withIntermediateDirectories: true)
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let golden = try? String(contentsOfFile: path, encoding: .utf8)
    #expect(golden == text, "golden file \(name) differs; re-record with HTRULES_RECORD=1 and review", sourceLocation: sourceLocation)
  }

  /// A scratch copy of Statutes/ and Rules/ for commands that write.
  static func scratchCopy() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("htrules-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: root + "/Statutes", toPath: directory + "/Statutes")
    try FileManager.default.copyItem(atPath: root + "/Rules", toPath: directory + "/Rules")
    return directory
  }
}

@Suite(.serialized) struct CLITests {
  @Test func compareTextAndJSONMatchTheirGoldenFiles() throws {
    let text = try CLI.run(["compare", "Examples/teen-commercial-sex.json"])
    #expect(text.status == 0, "\(text.stderr)")
    try CLI.assertGolden(text.stdout, "compare-teen.txt")
    let json = try CLI.run(["compare", "Examples/teen-commercial-sex.json", "--format", "json"])
    #expect(json.status == 0)
    try CLI.assertGolden(json.stdout, "compare-teen.json")
  }

  @Test func checkExplainsEveryElement() throws {
    let run = try CLI.run(["check", "Examples/teen-commercial-sex.json", "--jurisdiction", "OH", "--jurisdiction", "US"])
    #expect(run.status == 0, "\(run.stderr)")
    try CLI.assertGolden(run.stdout, "check-teen-OH-US.txt")
    let liability = try CLI.run(["check", "Examples/teen-commercial-sex.json", "--jurisdiction", "US", "--mode", "liability", "--format", "json"])
    try CLI.assertGolden(liability.stdout, "check-teen-US-liability.json")
  }

  @Test func matrixIsProbedAndStable() throws {
    let csv = try CLI.run(["matrix", "--as-of", "2025-06-01"])
    #expect(csv.status == 0)
    try CLI.assertGolden(csv.stdout, "matrix-2025-06-01.csv")
    #expect(
      csv.stdout.hasPrefix(
        "jurisdiction,name,as_of,read_on,amendments_checked_through,source_tiers,sex_trafficking_citation,labor_trafficking_citation,sex_no_means_max_age,sex_no_means_max_age_confidence,labor_no_means_max_age,labor_no_means_max_age_confidence,buyer_covered,buyer_covered_confidence,mistake_of_age"
      ))
  }

  @Test func caseFromStandardInputIsNeverWrittenAnywhere() throws {
    let run = try CLI.run(
      ["compare", "-", "--format", "json"], stdin: #"{"victim": {"age": 16}, "purpose": {"commercial_sex": true}, "exploiter": {"acts": {"recruit": true}}}"#)
    #expect(run.status == 0)
    #expect(run.stdout.contains("\"results\""))
  }

  @Test func badCaseFilesExit65WithPosition() throws {
    let run = try CLI.run(["compare", "-"], stdin: "{\n  \"victim\": {\"agee\": 16}\n}\n")
    #expect(run.status == 65)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("<stdin>:2:14: error: unknown field `victim.agee`; did you mean `age`?"))
    let missing = try CLI.run(["compare", "no-such-case.json"])
    #expect(missing.status == 65)
    #expect(missing.stderr.contains("cannot read no-such-case.json"))
    let notJSON = try CLI.run(["compare", "-"], stdin: "victim: 16\n")
    #expect(notJSON.status == 65)
    #expect(notJSON.stderr.contains("<stdin>:1:1: error: not valid JSON"))
  }

  @Test func usageErrorsExit64() throws {
    #expect(try CLI.run(["compare"]).status == 64)
    #expect(try CLI.run(["compare", "x.json", "--mode", "guilty"]).status == 64)
    #expect(try CLI.run(["check", "Examples/teen-commercial-sex.json"]).status == 64)
    let unknown = try CLI.run(["check", "Examples/teen-commercial-sex.json", "--jurisdiction", "OX"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("did you mean `OH`?") || unknown.stderr.contains("did you mean `OX`") == false)
    #expect(try CLI.run(["frobnicate"]).status == 64)
  }

  @Test func compileCheckNamesStaleFilesAndCompileWritesAllOrNothing() throws {
    let scratch = try CLI.scratchCopy()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let dirs = ["--statutes-dir", scratch + "/Statutes", "--rules-dir", scratch + "/Rules"]
    #expect(try CLI.run(["compile", "--check"] + dirs).status == 0)

    let ohRules = scratch + "/Rules/OH.rules"
    try "# edited\n".appending(try String(contentsOfFile: ohRules, encoding: .utf8)).write(toFile: ohRules, atomically: true, encoding: .utf8)
    let stale = try CLI.run(["compile", "--check"] + dirs)
    #expect(stale.status == 1)
    #expect(stale.stderr.contains("stale: \(scratch)/Rules/OH.rules"))

    // A broken statute: nothing is written, OH.rules keeps its edit.
    let nyXML = scratch + "/Statutes/NY.xml"
    try (try String(contentsOfFile: nyXML, encoding: .utf8)).replacingOccurrences(of: "roles=\"exploiter\"", with: "roles=\"pimp\"").write(
      toFile: nyXML, atomically: true, encoding: .utf8)
    let broken = try CLI.run(["compile"] + dirs)
    #expect(broken.status == 65)
    #expect(broken.stderr.contains("NY.xml:"))
    #expect(broken.stderr.contains("nothing was written"))
    #expect(try String(contentsOfFile: ohRules, encoding: .utf8).hasPrefix("# edited\n"))
  }

  @Test func compileRefusesEntityTricks() throws {
    let scratch = try CLI.scratchCopy()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    try "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"http://127.0.0.1:9/x\">]>\n<jurisdiction>&e;</jurisdiction>\n".write(
      toFile: scratch + "/Statutes/ZZ.xml", atomically: true, encoding: .utf8)
    let run = try CLI.run(["compile", "--statutes-dir", scratch + "/Statutes", "--rules-dir", scratch + "/Rules"])
    #expect(run.status == 65)
    #expect(run.stderr.contains("ZZ.xml:2:1: error: document type and entity declarations are not allowed"))
  }

  @Test func fmtAndValidate() throws {
    #expect(try CLI.run(["fmt", "--check", "Rules/OH.rules", "Rules/vocabulary.rules"]).status == 0)
    let scratch = try CLI.scratchCopy()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let path = scratch + "/Rules/OH.rules"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: "\n  ", with: "\n   ").write(toFile: path, atomically: true, encoding: .utf8)
    let unformatted = try CLI.run(["fmt", "--check", path])
    #expect(unformatted.status == 1)
    let formatted = try CLI.run(["fmt", path])
    #expect(formatted.status == 0)
    #expect(text.hasSuffix(formatted.stdout))

    try text.replacingOccurrences(of: "acts any of recruit", with: "acts any of recruiting").write(toFile: path, atomically: true, encoding: .utf8)
    let invalid = try CLI.run(["validate", path, "--rules-dir", scratch + "/Rules", "--statutes-dir", scratch + "/Statutes"])
    #expect(invalid.status == 1)
    #expect(invalid.stderr.contains("unknown act `recruiting`; did you mean `recruit`?"))
    #expect(try CLI.run(["validate"]).status == 0)
  }

  @Test func schemaIsGeneratedFromTheVocabulary() throws {
    let run = try CLI.run(["schema"])
    #expect(run.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let properties = object?["properties"] as? [String: Any]
    #expect(Set(properties?.keys.map { $0 } ?? []) == ["id", "date", "victim", "purpose", "exploiter", "buyer"])
    #expect(run.stdout.contains("How old was the patient when this happened?"))
  }

  @Test func rulesAreFoundFromAnyDirectory() throws {
    let process = try CLI.run(["matrix", "--format", "json", "--as-of", "2025-06-01", "--rules-dir", CLI.root + "/Rules"])
    #expect(process.status == 0)
    let env = try CLI.run(["schema"], environment: ["HTRULES_RULES": "/nonexistent"])
    #expect(env.status == 65)
    #expect(env.stderr.contains("/nonexistent"))
  }
}

@Suite struct AnalysisCommandTests {
  @Test func diffQuestionsAndHistoryMatchTheirGoldenFiles() throws {
    let diff = try CLI.run(["diff", "OH", "MA", "--offense", "sex_trafficking", "--as-of", "2025-06-01"])
    #expect(diff.status == 0, "\(diff.stderr)")
    try CLI.assertGolden(diff.stdout, "diff-OH-MA-sex.txt")
    let json = try CLI.run(["diff", "NY", "US", "--offense", "sex_trafficking", "--role", "buyer", "--as-of", "2025-06-01", "--format", "json"])
    try CLI.assertGolden(json.stdout, "diff-NY-US-buyer.json")
    let questions = try CLI.run(["questions", "Examples/adult-labor-unknowns.json", "--format", "json"])
    #expect(questions.status == 0)
    try CLI.assertGolden(questions.stdout, "questions-adult-labor.json")
    let history = try CLI.run(["history", "OH"])
    try CLI.assertGolden(history.stdout, "history-OH.txt")
    let historyJSON = try CLI.run(["history", "OH", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(historyJSON.stdout.utf8)) as? [String: Any]
    #expect(object?["jurisdiction"] as? String == "OH")
    #expect((object?["offenses"] as? [[String: Any]])?.first?["versions"] is [[String: Any]])
  }

  @Test func witnessesFromDiffReproduceThroughCompare() throws {
    let diff = try CLI.run(["diff", "LA", "US", "--offense", "sex_trafficking", "--as-of", "2025-06-01", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any]
    let witnesses = try #require(object?["witnesses"] as? [[String: Any]])
    #expect(!witnesses.isEmpty)
    for witness in witnesses {
      let data = try JSONSerialization.data(withJSONObject: witness["case"]!)
      let compare = try CLI.run(["compare", "-", "--format", "json"], stdin: String(decoding: data, as: UTF8.self))
      let results = (try JSONSerialization.jsonObject(with: Data(compare.stdout.utf8)) as? [String: Any])?["results"] as? [[String: Any]] ?? []
      func outcome(_ code: String) -> String? {
        results.first { $0["jurisdiction"] as? String == code && $0["offense"] as? String == "sex_trafficking" && $0["role"] as? String == "exploiter" }?[
          "outcome"] as? String
      }
      #expect(outcome(witness["met_in"] as! String) == "met")
      #expect(outcome(witness["not_met_in"] as! String) != "met")
    }
  }

  @Test func allPairsAndBaseline() throws {
    let all = try CLI.run(["diff", "--all", "--offense", "labor_trafficking", "--as-of", "2025-06-01"])
    #expect(all.status == 0)
    #expect(all.stdout.hasPrefix("a,b,offense,relation,element_differences\r\n"))
    let rules = try FileManager.default.contentsOfDirectory(atPath: CLI.root + "/Rules").filter { $0.hasSuffix(".rules") && $0 != "vocabulary.rules" }.count
    #expect(all.stdout.components(separatedBy: "\r\n").count - 2 == rules * (rules - 1))
    let baseline = try CLI.run(["diff", "--baseline", "US", "--as-of", "2025-06-01"])
    #expect(baseline.status == 0)
    #expect(baseline.stdout.contains("OH  "))
    #expect(try CLI.run(["diff", "OH"]).status == 64)
    #expect(try CLI.run(["diff", "OH", "XX"]).status == 64)
  }

  @Test func interviewAsksTheDateFirstAndTakesBackSkipAndStop() throws {
    // not sure → today's law, said on screen; back → the age is asked again; stop → results now.
    let run = try CLI.run(["interview", "--jurisdiction", "OH", "--care-state", "OH"], stdin: "not sure\n40\nback\n16\nskip\nstop\n")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("1. When did this happen?"))
    #expect(run.stdout.contains("Date not known: the law in force today"))
    #expect(run.stdout.components(separatedBy: "2. How old was the patient").count == 3)
    #expect(run.stdout.contains("\n4. "))
    #expect(!run.stdout.contains("\n5. "))
    #expect(run.stdout.contains("Ohio, where care is given:"))
    // Played from a story: the teen settles sex trafficking everywhere within 6 questions.
    let story = try CLI.run(["interview", "--story", CLI.root + "/Examples/stories/teen-shelter.txt"])
    #expect(story.status == 0, "\(story.stderr)")
    let last = story.stdout.split(separator: "\n").last.map(String.init) ?? ""
    let count = last.components(separatedBy: "sex trafficking ").dropFirst().first?.prefix { $0.isNumber }
    #expect(count.flatMap { Int($0) }.map { $0 <= 6 } == true, "\(last)")
  }

  @Test func compareFitsOneHundredColumnsWithLabelsNotPaths() throws {
    let examples = try FileManager.default.contentsOfDirectory(atPath: CLI.root + "/Examples").filter { $0.hasSuffix(".json") }.sorted()
    #expect(examples.count >= 2)
    for example in examples {
      let run = try CLI.run(["compare", CLI.root + "/Examples/" + example, "--care-state", "OH"])
      #expect(run.status == 0)
      let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.allSatisfy { $0.count <= 100 }, "\(example): a line is wider than 100 columns")
      // Every fact is named by its label, never a dotted path.
      for path in ["exploiter.acts.", "exploiter.means.", "buyer.acts.", "purpose.", "victim."] {
        #expect(!run.stdout.contains(path), "\(example) shows \(path)…")
      }
      #expect(run.stdout.hasPrefix("htrules: 52 jurisdictions"))
      #expect(run.stdout.contains("Ohio, where care is given:"))
      #expect(run.stdout.contains("Federal law:"))
      // The buyer's section only when the case has a buyer.
      let hasBuyer = try String(contentsOfFile: CLI.root + "/Examples/" + example, encoding: .utf8).contains("\"buyer\"")
      #expect(run.stdout.contains("THE BUYER") == hasBuyer, "\(example)")
      // Details only on request.
      #expect(!run.stdout.contains("DETAILS"))
      let details = try CLI.run(["compare", CLI.root + "/Examples/" + example, "--details"])
      #expect(details.stdout.contains("DETAILS") && details.stdout.contains("MET — "))
    }
  }

  @Test func interviewTakesAnswersOnStandardInputAndSavesOnlyWhenAsked() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("htrules-interview-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let answers = "16\nno\nmaybe\nyes\ndon't know\n"
    let run = try CLI.run(["interview", "--jurisdiction", "OH", "--jurisdiction", "MA", "--as-of", "2025-06-01"], stdin: answers)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("\n1. "))
    #expect(run.stdout.contains("Please answer yes, no or don't know"))
    #expect(run.stdout.contains("[settled 0 of 2] > "))
    #expect(run.stdout.contains("htrules: 2 jurisdictions"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    let saved = directory + "/answers.json"
    let withSave = try CLI.run(["interview", "--jurisdiction", "OH", "--as-of", "2025-06-01", "--save", saved], stdin: answers)
    #expect(withSave.status == 0)
    let text = try String(contentsOfFile: saved, encoding: .utf8)
    #expect(text.contains(": true"))
    #expect(try CLI.run(["compare", saved]).status == 0)
    let json = try CLI.run(["interview", "--jurisdiction", "OH", "--as-of", "2025-06-01", "--format", "json"], stdin: answers)
    let tail = json.stdout[json.stdout.range(of: "\n{")!.lowerBound...]
    let object = try JSONSerialization.jsonObject(with: Data(tail.utf8)) as? [String: Any]
    #expect((object?["results"] as? [[String: Any]])?.isEmpty == false)
  }
}

@Suite struct ResearchExportTests {
  static func scratch() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("htrules-export-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
  }

  @Test func matrixFormatsAndCodebookMatchTheirGoldenFiles() throws {
    let directory = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let markdown = try CLI.run(["matrix", "--format", "markdown", "--as-of", "2025-06-01"])
    try CLI.assertGolden(markdown.stdout, "matrix-2025-06-01.md")
    let html = try CLI.run(["matrix", "--format", "html", "--as-of", "2025-06-01"])
    try CLI.assertGolden(html.stdout, "matrix-2025-06-01.html")
    #expect(!html.stdout.contains("http://") && !html.stdout.contains("https://") && !html.stdout.contains("<script"))
    let csv = try CLI.run(["matrix", "--as-of", "2025-06-01", "--codebook", directory + "/codebook.csv"])
    #expect(csv.status == 0)
    try CLI.assertGolden(try String(contentsOfFile: directory + "/codebook.csv", encoding: .utf8), "matrix-codebook.csv")
    let json = try CLI.run(["matrix", "--format", "json", "--as-of", "2025-06-01"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let codebook = try #require(object?["codebook"] as? [[String: Any]])
    let columns = csv.stdout.components(separatedBy: "\r\n")[0].components(separatedBy: ",")
    #expect(codebook.compactMap { $0["column"] as? String } == columns)
    #expect(codebook.first { $0["column"] as? String == "buyer_covered" }?["probe"] is String)
  }

  @Test func tileMapsAreValidDeterministicXMLWithLabels() throws {
    let directory = try Self.scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = directory + "/a.svg"
    let second = directory + "/b.svg"
    #expect(try CLI.run(["matrix", "buyer_covered", "--svg", first, "--as-of", "2025-06-01"]).status == 0)
    #expect(try CLI.run(["matrix", "buyer_covered", "--svg", second, "--as-of", "2025-06-01"]).status == 0)
    let svg = try String(contentsOfFile: first, encoding: .utf8)
    #expect(svg == (try String(contentsOfFile: second, encoding: .utf8)))
    let (root, problems) = XMLDocumentReader.read(bytes: Array(svg.utf8), fileName: "a.svg", schemaPath: nil)
    #expect(problems.isEmpty)
    #expect(root?.name == "svg")
    #expect(root?.attribute("role") == "img")
    try CLI.assertGolden(svg, "map-buyer_covered-2025-06-01.svg")
    for code in ["US", "DC", "OH", "AK", "HI"] { #expect(svg.contains("<title>\(code) ")) }

    let outcome = directory + "/case.svg"
    let compare = try CLI.run(["compare", "Examples/teen-commercial-sex.json", "--svg", outcome, "--format", "json"])
    #expect(compare.status == 0)
    let caseMap = try String(contentsOfFile: outcome, encoding: .utf8)
    #expect(XMLDocumentReader.read(bytes: Array(caseMap.utf8), fileName: "case.svg", schemaPath: nil).diagnostics.isEmpty)
    #expect(caseMap.contains("met (") && caseMap.contains("fill=\"#0072B2\""))
    try CLI.assertGolden(caseMap, "map-compare-teen.svg")

    let bad = try CLI.run(["matrix", "buyer_coverd", "--svg", directory + "/x.svg"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("did you mean `buyer_covered`?"))
    #expect(!FileManager.default.fileExists(atPath: directory + "/x.svg"))
  }
}

@Suite struct BatchCommandTests {
  @Test func batchStreamsCSVAndJSONLinesAndMatchesItsGoldenFile() throws {
    let directory = try ResearchExportTests.scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cases = directory + "/cases.csv"
    #expect(try CLI.run(["sample", "--count", "200", "--seed", "3", "--output", cases]).status == 0)
    let again = try CLI.run(["sample", "--count", "200", "--seed", "3"])
    #expect(again.stdout == (try String(contentsOfFile: cases, encoding: .utf8)))
    let out = directory + "/verdicts.csv"
    let run = try CLI.run(["batch", "--input", cases, "--output", out, "--as-of", "2025-06-01"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("200 case(s) evaluated"))
    let csv = try String(contentsOfFile: out, encoding: .utf8)
    try CLI.assertGolden(csv, "batch-sample-200.csv")
    let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(lines.count == 201)
    #expect(lines[0].hasPrefix("id,AK_sex_trafficking,AK_labor_trafficking,AK_sex_trafficking_buyer,"))

    // The same cases as JSON lines give the same outcomes.
    let json = directory + "/verdicts.jsonl"
    #expect(try CLI.run(["batch", "--input", cases, "--output", json, "--as-of", "2025-06-01"]).status == 0)
    let first =
      try JSONSerialization.jsonObject(with: Data(try String(contentsOfFile: json, encoding: .utf8).components(separatedBy: "\n")[0].utf8)) as? [String: String]
    let header = lines[0].components(separatedBy: ",")
    let values = lines[1].components(separatedBy: ",")
    for (name, value) in zip(header, values) { #expect(first?[name] == value) }
  }

  @Test func aCaseFileAsJSONLinesAgreesWithCompare() throws {
    let example = try String(contentsOfFile: CLI.root + "/Examples/teen-commercial-sex.json", encoding: .utf8)
    let object = try JSONSerialization.jsonObject(with: Data(example.utf8))
    let line = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    let batch = try CLI.run(["batch", "--input", "-", "--input-format", "jsonl", "--as-of", "2025-03-01"], stdin: line + "\n")
    #expect(batch.status == 0, "\(batch.stderr)")
    let rows = batch.stdout.components(separatedBy: "\r\n")
    let names = rows[0].components(separatedBy: ",")
    let values = rows[1].components(separatedBy: ",")
    let compare = try CLI.run(["compare", "Examples/teen-commercial-sex.json", "--format", "json"])
    let results = (try JSONSerialization.jsonObject(with: Data(compare.stdout.utf8)) as? [String: Any])?["results"] as? [[String: Any]] ?? []
    for (name, value) in zip(names, values) where name.hasSuffix("_buyer") {
      let code = String(name.prefix(2))
      let expected =
        results.first { $0["jurisdiction"] as? String == code && $0["role"] as? String == "buyer" && $0["offense"] as? String == "sex_trafficking" }?["outcome"]
        as? String
      #expect(expected == value, "\(name)")
    }
  }

  @Test func badRowsStopTheRunAndLeaveNothingBehind() throws {
    let directory = try ResearchExportTests.scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let input = directory + "/cases.csv"
    try "id,victim.age,purpose.commercial_sex,exploiter.acts.recruit\nA,16,true,true\nB,sixteen,true,true\nC,30,maybe,\n".write(
      toFile: input, atomically: true, encoding: .utf8)
    let out = directory + "/out.csv"
    let failed = try CLI.run(["batch", "--input", input, "--output", out])
    #expect(failed.status == 65)
    #expect(failed.stderr.contains("line 3: column victim.age: expected a whole number of years from 0 to 120"))
    #expect(!failed.stderr.contains("sixteen"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["cases.csv"])

    let skipped = try CLI.run(["batch", "--input", input, "--output", out, "--skip-bad-rows"])
    #expect(skipped.status == 0)
    #expect(skipped.stderr.contains("skipped line 3"))
    #expect(skipped.stderr.contains("skipped line 4: column purpose.commercial_sex"))
    #expect(skipped.stderr.contains("1 case(s) evaluated, 2 bad row(s) skipped"))
    #expect(try String(contentsOfFile: out, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
  }

  @Test func headerProblemsAreNamed() throws {
    let unknown = try CLI.run(["batch", "--input", "-"], stdin: "id,victim.agee\n1,16\n")
    #expect(unknown.status == 65)
    #expect(unknown.stderr.contains("unknown column `victim.agee`; did you mean `victim.age`?"))
    let dated = try CLI.run(["batch", "--input", "-"], stdin: "id,date,victim.age\n1,2024-13-01,16\n")
    #expect(dated.status == 65)
    #expect(dated.stderr.contains("line 2: column date: expected a date YYYY-MM-DD"))
    #expect(!dated.stderr.contains("2024-13-01"))
    let ragged = try CLI.run(["batch", "--input", "-"], stdin: "id,victim.age\n1,16,extra\n")
    #expect(ragged.status == 65)
    #expect(ragged.stderr.contains("line 2: expected 2 fields as in the header, found 3"))
    let unclosed = try CLI.run(["batch", "--input", "-"], stdin: "id,victim.age\n\"1,16\n")
    #expect(unclosed.status == 65)
    #expect(unclosed.stderr.contains("quoted field is not closed"))
  }

  @Test func batchJudgesEachRowByItsOwnDate() throws {
    // A 16-year-old recruited for commercial sex: federal law of 1995 is not encoded, of 2025 it is.
    let csv =
      "id,date,victim.age,purpose.commercial_sex,exploiter.acts.recruit\nold,1995-01-01,16,true,true\nnow,2025-01-01,16,true,true\ndefault,,16,true,true\n"
    let run = try CLI.run(["batch", "--input", "-", "--as-of", "2025-06-01"], stdin: csv)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    let column = try #require(lines[0].firstIndex(of: "US_sex_trafficking"))
    #expect(lines[1][column] == "undetermined" && lines[2][column] == "met" && lines[3][column] == "met")
    let jsonl = try CLI.run(["batch", "--input", "-", "--input-format", "jsonl"], stdin: #"{"id":"a","date":"1995-01-01","victim":{"age":16}}"# + "\n")
    #expect(jsonl.status == 0)
  }

  @Test func impactInItsThreeFormsOnTheSample() throws {
    let directory = try ResearchExportTests.scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cases = directory + "/cases.csv"
    #expect(try CLI.run(["sample", "--count", "400", "--seed", "5", "--dates", "2012-01-01..2026-12-31", "--output", cases]).status == 0)
    #expect(try String(contentsOfFile: cases, encoding: .utf8).hasPrefix("id,date,victim.age"))

    let dates = try CLI.run([
      "impact", "--input", cases, "--from", "2015-01-01", "--to", "2026-01-01", "--csv", directory + "/impact.csv", "--json", directory + "/impact.json",
      "--svg", directory + "/impact.svg",
    ])
    #expect(dates.status == 0, "\(dates.stderr)")
    #expect(dates.stdout.hasPrefix("Impact on 400 row(s): the law of 2015-01-01 and of 2026-01-01"))
    #expect(dates.stdout.contains("(in force 20"))
    let table = try String(contentsOfFile: directory + "/impact.csv", encoding: .utf8)
    #expect(table.hasPrefix("jurisdiction,jurisdiction_name,offense,role,rows,met_before,met_after,not_met_to_met"))
    #expect(try String(contentsOfFile: directory + "/impact.svg", encoding: .utf8).contains("share of rows changing outcome"))

    let reform = try CLI.run(["impact", "--input", cases, "--rules", CLI.root + "/Examples/proposals/CO-proposition-133.rules", "--from", "2027-01-01"])
    #expect(reform.status == 0, "\(reform.stderr)")
    #expect(reform.stdout.contains("current law and the proposal in CO-proposition-133.rules, both on 2027-01-01"))
    #expect(reform.stdout.contains("51 of 52 jurisdictions: no row changes outcome"))

    let over = try CLI.run([
      "impact", "--input", cases, "--over", "2015-01-01..2026-01-01", "--step", "year", "--csv", directory + "/trend.csv", "--svg", directory + "/trend.svg",
    ])
    #expect(over.status == 0, "\(over.stderr)")
    let trend = try String(contentsOfFile: directory + "/trend.csv", encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(trend[0] == "date,jurisdiction,jurisdiction_name,offense,role,law_encoded,rows,met,not_met,undetermined,share_met")
    #expect(Set(trend.dropFirst().map { String($0.prefix(10)) }).count == 12)
    #expect(over.stdout.contains("Sex trafficking:") && over.stdout.contains("2026-01-01"))

    // Usage errors: exactly one form, dates in order.
    #expect(try CLI.run(["impact", "--input", cases]).status == 64)
    #expect(try CLI.run(["impact", "--input", cases, "--from", "2020-01-01", "--to", "2019-01-01"]).status == 64)
    #expect(try CLI.run(["impact", "--input", cases, "--over", "2015-01-01..2016-01-01", "--step", "month"]).status == 64)
  }

  @Test func theSQLDateColumnMustBeAPlainName() throws {
    #expect(try CLI.run(["sql", "--dialect", "sqlite", "--date-column", "date; DROP TABLE cases"]).status == 64)
    let dated = try CLI.run(["sql", "--dialect", "duckdb", "--date-column", "conduct_date", "--as-of", "2025-06-01"])
    #expect(dated.status == 0)
    #expect(dated.stdout.contains("COALESCE(CAST(\"conduct_date\" AS DATE), DATE '2025-06-01') AS \"_law_date\""))
  }

  @Test func aProgressLineAppearsOnlyOnATerminal() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
    let directory = try ResearchExportTests.scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cases = directory + "/cases.csv"
    #expect(try CLI.run(["sample", "--count", "20000", "--output", cases]).status == 0)
    // Without a terminal: no progress line.
    let plain = try CLI.run(["batch", "--input", cases, "--output", directory + "/a.csv"])
    #expect(!plain.stderr.contains("cases/s"))
    // Under a pseudo-terminal (util-linux `script`): a progress line with rate and ETA.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", "\(CLI.binary) batch --input \(cases) --output \(directory)/b.csv", "/dev/null"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(output.contains("cases/s") && output.contains("ETA"), "\(output)")
  }

  @Test func extraRuleFilesAreComparedAlongside() throws {
    let extra = CLI.root + "/Tests/StatuteCompilerTests/Fixtures/ZZ.rules"
    let run = try CLI.run(["check", "Examples/teen-commercial-sex.json", "--jurisdiction", "ZZ", "--rules", extra])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("ZZ Testland — sex trafficking — exploiter:"))
    let all = try CLI.run(["compare", "Examples/teen-commercial-sex.json", "--rules", extra, "--format", "json"])
    #expect(all.stdout.contains("\"jurisdiction\": \"ZZ\""))
    // A proposed bill cannot silently replace a loaded jurisdiction.
    let clash = try CLI.run(["compare", "Examples/teen-commercial-sex.json", "--rules", CLI.root + "/Rules/OH.rules"])
    #expect(clash.status == 65)
    #expect(clash.stderr.contains("jurisdiction `OH` is already loaded"))
  }

  @Test func sqlIsGeneratedForEveryDialect() throws {
    for dialect in ["sqlite", "postgres", "duckdb", "spark"] {
      let run = try CLI.run(["sql", "--dialect", dialect, "--as-of", "2025-06-01"])
      #expect(run.status == 0)
      #expect(run.stdout.contains("FROM cases"))
      #expect(run.stdout.contains(dialect == "spark" ? "`AK_sex_trafficking_buyer`" : "\"AK_sex_trafficking_buyer\""))
    }
    try CLI.assertGolden(try CLI.run(["sql", "--dialect", "postgres", "--as-of", "2025-06-01"]).stdout, "sql-postgres-2025-06-01.sql")
    #expect(try CLI.run(["sql", "--dialect", "oracle"]).status == 64)
  }
}

@Suite struct CoverageTests {
  @Test func coverageListsSourcesDatesAndQuestionsForEveryJurisdiction() throws {
    let run = try CLI.run(["validate", "--coverage", "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let entries = try #require(object?["jurisdictions"] as? [[String: Any]])
    let rules = try FileManager.default.contentsOfDirectory(atPath: CLI.root + "/Rules").filter { $0.hasSuffix(".rules") && $0 != "vocabulary.rules" }
    #expect(entries.count == rules.count)
    for entry in entries {
      let code = entry["jurisdiction"] as? String ?? "?"
      let sources = entry["sources"] as? [[String: String]] ?? []
      #expect(!sources.isEmpty, "\(code) has no sources")
      #expect(sources.allSatisfy { ($0["url"] ?? "").hasPrefix("http") && $0["current_as_of"] != nil && $0["accessed"] != nil }, "\(code)")
      #expect(entry["as_of"] is String, "\(code)")
      for question in entry["open_questions"] as? [[String: Any]] ?? [] {
        #expect(!((question["question"] as? String) ?? "").isEmpty)
      }
    }
    let text = try CLI.run(["validate", "--coverage"])
    #expect(text.stdout.hasPrefix("Encoding coverage: \(rules.count) jurisdictions"))
  }
}

@Suite struct ReadmeTests {
  @Test func readmeStatesEveryJurisdictionsAsOfDateAndTheDisclaimer() throws {
    let readme = try String(contentsOfFile: CLI.root + "/README.md", encoding: .utf8)
    #expect(readme.contains("**Not legal advice.**"))
    let run = try CLI.run(["matrix", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let rows = try #require(object?["rows"] as? [[String: String]])
    #expect(!rows.isEmpty)
    for row in rows {
      let line =
        "| \(row["jurisdiction"]!) | \(row["name"]!) | \(row["as_of"]!) | \(row["read_on"]!) | "
        + "\(row["amendments_checked_through"]!.isEmpty ? "not yet swept" : row["amendments_checked_through"]!) | \(row["source_tiers"]!) | "
        + "\(row["sex_trafficking_citation"]!) | \(row["labor_trafficking_citation"]!) | \(row["confidence"]!) |"
      #expect(readme.contains(line), "README's jurisdiction table is stale for \(row["jurisdiction"]!); regenerate it (see README)")
    }
  }

  @Test func readmeCommandsAreTheOnesCIRuns() throws {
    let readme = try String(contentsOfFile: CLI.root + "/README.md", encoding: .utf8)
    let ci = try String(contentsOfFile: CLI.root + "/.ci/run", encoding: .utf8)
    #expect(readme.contains("    swift run htrules compare Examples/teen-commercial-sex.json\n"))
    #expect(readme.contains("    scripts/test\n"))
    #expect(ci.contains("scripts/test"))
    let test = try String(contentsOfFile: CLI.root + "/scripts/test", encoding: .utf8)
    #expect(test.contains("swift test") && test.contains("pytest"))
    #expect(ci.contains("htrules compare Examples/teen-commercial-sex.json"))
  }
}
