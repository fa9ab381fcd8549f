import ArgumentParser
import Foundation
import HTCore
import RuleEngine
import RuleSyntax

/// Exit codes shared by every subcommand.
enum Exit {
  static let checkFailed = ExitCode(1)
  static let badInput = ExitCode(65)
}

/// Where the rules and statutes are: a flag, then an environment variable, then the package
/// this binary was built from.
struct RulesOptions: ParsableArguments {
  @Option(name: .customLong("rules-dir"), help: "Directory of compiled rule files (default: $HTRULES_RULES, else the package's Rules/).")
  var rulesDirectory: String?

  @Option(name: .customLong("rules"), parsing: .upToNextOption, help: "Extra .rules files to load alongside (e.g. a proposed bill).")
  var extraRules: [String] = []

  var resolvedRulesDirectory: String {
    rulesDirectory ?? ProcessInfo.processInfo.environment["HTRULES_RULES"] ?? PackageLocation.root + "/Rules"
  }

  /// Loads the rules or prints why not and exits 65.
  func load() throws -> RuleLibrary {
    let loaded = RuleLibrary.load(directory: resolvedRulesDirectory, extraFiles: extraRules)
    Output.report(loaded.diagnostics, sources: loaded.sources)
    guard let library = loaded.library else {
      Output.error("the rules could not be loaded from \(resolvedRulesDirectory)")
      throw Exit.badInput
    }
    return library
  }
}

enum PackageLocation {
  /// The package root this binary was built from (…/Sources/htrules/Support.swift → …).
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }

  static var statutes: String {
    ProcessInfo.processInfo.environment["HTRULES_STATUTES"] ?? root + "/Statutes"
  }
}

enum Output {
  static func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func error(_ message: String) {
    FileHandle.standardError.write(Data("htrules: error: \(message)\n".utf8))
  }

  /// Prints diagnostics to stderr as `file:line:col: error: …` with the line and a caret.
  static func report(_ diagnostics: [Diagnostic], sources: [String: SourceText]) {
    for diagnostic in diagnostics.sortedForDisplay() {
      FileHandle.standardError.write(Data((diagnostic.render(in: sources[diagnostic.file]) + "\n").utf8))
    }
  }

  /// Writes `text` to `path` atomically (a temporary file renamed into place), so a failure never
  /// leaves a partial file behind.
  static func writeFile(_ text: String, to path: String) throws {
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      Output.error("cannot write \(path): \(error.localizedDescription)")
      throw Exit.badInput
    }
  }
}

/// Reads input files defensively: size limit, UTF-8.
enum InputFile {
  static let maximumCaseSize = 1_048_576

  static func readText(_ path: String, limit: Int = maximumCaseSize) throws -> SourceText {
    let data: Data?
    if path == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      data = FileManager.default.contents(atPath: path)
    }
    guard let data else {
      Output.error("cannot read \(path): no such file or not readable")
      throw Exit.badInput
    }
    guard data.count <= limit else {
      Output.error("\(path) is \(data.count) bytes; the limit is \(limit) bytes")
      throw Exit.badInput
    }
    guard let text = String(data: data, encoding: .utf8) else {
      Output.error("\(path) is not valid UTF-8")
      throw Exit.badInput
    }
    return SourceText(fileName: path == "-" ? "<stdin>" : path, text: text)
  }

  /// Reads and decodes a case file, or prints every problem and exits 65.
  static func readCase(_ path: String, vocabulary: Vocabulary) throws -> CaseFile {
    let source = try readText(path)
    let (facts, diagnostics) = CaseDecoder.decode(source.text, file: source.fileName, vocabulary: vocabulary)
    Output.report(diagnostics, sources: [source.fileName: source])
    guard let facts else { throw Exit.badInput }
    return facts
  }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}

extension EvaluationMode: ExpressibleByArgument {}

extension CalendarDate: ExpressibleByArgument {
  public init?(argument: String) { self.init(argument) }
}

/// Options shared by compare and check.
struct EvaluationOptions: ParsableArguments {
  @Argument(help: "The case file (JSON), or - for standard input.")
  var caseFile: String

  @Option(help: "identification (default): is the patient a victim under the definition? liability: evaluate everything, defenses included.")
  var mode: EvaluationMode = .identification

  @Option(help: "text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("as-of"), help: "Apply the law in force on this date (YYYY-MM-DD) instead of the case's date.")
  var asOf: CalendarDate?

  func date(for facts: CaseFile) -> CalendarDate {
    asOf ?? facts.date ?? CalendarDate.today()
  }
}

/// The law to apply when there is no case date: a mode and the date whose law is in force.
struct LawOptions: ParsableArguments {
  @Option(help: "identification (default): is the person a victim under the definition? liability: evaluate everything, defenses included.")
  var mode: EvaluationMode = .identification

  @Option(name: .customLong("as-of"), help: "Apply the law in force on this date (YYYY-MM-DD; default: today).")
  var asOf: CalendarDate?

  var date: CalendarDate { asOf ?? CalendarDate.today() }
}

/// Jurisdiction codes named on the command line: an unknown one is a usage error with the
/// closest known code.
enum JurisdictionChoice {
  static func check(_ codes: [String], in library: RuleLibrary) throws {
    for code in codes { _ = try jurisdiction(code, in: library) }
  }

  static func jurisdiction(_ code: String, in library: RuleLibrary) throws -> JurisdictionDecl {
    guard let found = library.jurisdiction(code) else {
      throw ValidationError("unknown jurisdiction \(code)\(Suggestions.hint(for: code, in: library.jurisdictions.map(\.code.text)))")
    }
    return found
  }
}
