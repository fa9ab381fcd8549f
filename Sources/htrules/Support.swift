import ArgumentParser
import BundledRules
import Foundation
import HTCore
import RuleEngine
import RuleSyntax
import SafeFiles

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

  /// The directory named by --rules-dir or $HTRULES_RULES, if any.
  var overrideDirectory: String? { rulesDirectory ?? ProcessInfo.processInfo.environment["HTRULES_RULES"] }

  /// Where `compile` and `validate` find rule files: the override, else the package's Rules/.
  var resolvedRulesDirectory: String { overrideDirectory ?? PackageLocation.root + "/Rules" }

  /// Whether the package's own Rules/ is meant (so compile also writes the built-in copy).
  var usesPackageRules: Bool {
    overrideDirectory.map {
      URL(fileURLWithPath: $0).standardizedFileURL.path == URL(fileURLWithPath: PackageLocation.root + "/Rules").standardizedFileURL.path
    }
      ?? true
  }

  /// Loads the rules (the override directory, else the rules built into the binary) or prints
  /// why not and exits 65.
  func load() throws -> RuleLibrary { try load(extraFiles: extraRules) }

  /// Loads the rules with these extra files; with `replacing`, a file's jurisdiction replaces
  /// the loaded one with the same code (a proposal).
  func load(extraFiles: [String], replacing: Bool = false) throws -> RuleLibrary {
    let loaded =
      overrideDirectory.map { RuleLibrary.load(directory: $0, extraFiles: extraFiles, replacing: replacing) }
      ?? RuleLibrary.load(embedded: BundledRules.files, label: "(built-in rules)", extraFiles: extraFiles, replacing: replacing)
    Output.report(loaded.diagnostics, sources: loaded.sources)
    guard let library = loaded.library else {
      Output.error("the rules could not be loaded from \(overrideDirectory ?? "the rules built into htrules")")
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
    FileHandle.standardError.write(Data("htrules: error: \(TerminalText.escaped(message))\n".utf8))
  }

  /// At most this many diagnostics are printed per file; the rest are counted.
  static let diagnosticsPerFile = 25

  /// Prints diagnostics to stderr as `file:line:col: error: …` with the line and a caret, at most
  /// `diagnosticsPerFile` per file, control characters escaped. `masking` files (case data) show
  /// their excerpt with every value hidden.
  static func report(_ diagnostics: [Diagnostic], sources: [String: SourceText], masking: Set<String> = []) {
    var shown: [String: Int] = [:]
    var hidden: [String: Int] = [:]
    for diagnostic in diagnostics.sortedForDisplay() {
      if shown[diagnostic.file, default: 0] >= diagnosticsPerFile {
        hidden[diagnostic.file, default: 0] += 1
        continue
      }
      shown[diagnostic.file, default: 0] += 1
      var source = sources[diagnostic.file]
      if masking.contains(diagnostic.file), let text = source { source = CaseTextMask.masked(text) }
      FileHandle.standardError.write(Data((TerminalText.escaped(diagnostic.render(in: source)) + "\n").utf8))
    }
    for (file, count) in hidden.sorted(by: { $0.key < $1.key }) {
      FileHandle.standardError.write(Data("\(TerminalText.escaped(file)): … and \(count) more problem(s) not shown\n".utf8))
    }
  }

  /// Checks an output path before any work starts: exit 65 with the reason when it is refused.
  static func checkDestination(_ path: String?) throws {
    guard let path else { return }
    do {
      try OutputFile.check(path)
    } catch let refused as OutputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
  }

  /// Writes `text` to `path` safely: a temporary file renamed over a regular file only; `-` is
  /// standard output.
  static func writeFile(_ text: String, to path: String) throws {
    do {
      try OutputFile.write(text, to: path)
    } catch let refused as OutputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
  }
}

/// Reads input files defensively: a size limit enforced while reading, UTF-8, folders refused.
enum InputFile {
  static let maximumCaseSize = BoundedInput.Limit.caseFile

  static func readText(_ path: String, limit: Int = maximumCaseSize, what: String = "a case file") throws -> SourceText {
    do {
      let text = try BoundedInput.text(path, limit: limit, what: what)
      return SourceText(fileName: path == "-" ? "<stdin>" : path, text: text)
    } catch let refused as InputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
  }

  /// Reads and decodes a case file, or prints every problem (values hidden) and exits 65.
  static func readCase(_ path: String, vocabulary: Vocabulary) throws -> CaseFile {
    let source = try readText(path)
    let (facts, diagnostics) = CaseDecoder.decode(source.text, file: source.fileName, vocabulary: vocabulary)
    Output.report(diagnostics, sources: [source.fileName: source], masking: [source.fileName])
    guard let facts else { throw Exit.badInput }
    return facts
  }
}

/// Case data is sensitive: a diagnostic's excerpt of a case file shows the structure and the
/// field names, with every value (strings that are not keys, numbers, true/false/null) replaced by
/// `*` of the same length so the caret still points at the right column.
enum CaseTextMask {
  static func masked(_ source: SourceText) -> SourceText {
    SourceText(fileName: source.fileName, text: mask(source.text))
  }

  static func mask(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    func isKey(after end: Int) -> Bool {
      var j = end
      while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" || scalars[j] == "\r" || scalars[j] == "\n" { j += 1 }
      return j < scalars.count && scalars[j] == ":"
    }
    while index < scalars.count {
      let c = scalars[index]
      if c == "\"" {
        var end = index + 1
        while end < scalars.count, scalars[end] != "\"", scalars[end] != "\n" {
          if scalars[end] == "\\" { end += 1 }
          end += 1
        }
        let close = min(end, scalars.count - 1)
        let key = end < scalars.count && scalars[end] == "\"" && isKey(after: end + 1)
        for j in index...close {
          let s = scalars[j]
          out.append(key || j == index || (j == close && s == "\"") || s == "\n" ? s : "*")
        }
        index = close + 1
      } else if c == "\n" || c == "\r" || c == "\t" || c == " " || "{}[],:".unicodeScalars.contains(c) {
        out.append(c)
        index += 1
      } else {
        out.append("*")
        index += 1
      }
    }
    return String(out)
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
