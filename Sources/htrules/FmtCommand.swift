import ArgumentParser
import Foundation
import HTCore
import RuleSyntax
import SafeFiles

struct FmtCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fmt", abstract: "Print rule files in canonical form.")

  @Flag(help: "Do not print; exit 1 and name the files that are not in canonical form.")
  var check = false

  @Argument(help: "Rule files to format.")
  var files: [String]

  func validate() throws {
    if files.isEmpty { throw ValidationError("name at least one .rules file") }
  }

  func run() throws {
    var failed = false
    var unformatted: [String] = []
    for path in files {
      let source = try InputFile.readText(path, limit: BoundedInput.Limit.ruleFile, what: "a rule file")
      let (document, diagnostics) = RuleParser.parse(source)
      Output.report(diagnostics, sources: [source.fileName: source])
      guard let document, !diagnostics.hasErrors else {
        failed = true
        continue
      }
      let formatted = RulePrinter.print(document)
      if check {
        if Self.withoutLeadingComments(source.text) != formatted { unformatted.append(path) }
      } else {
        Output.write(formatted)
      }
    }
    if failed { throw Exit.badInput }
    if !unformatted.isEmpty {
      for path in unformatted { FileHandle.standardError.write(Data("not formatted: \(path)\n".utf8)) }
      throw Exit.checkFailed
    }
  }

  /// Generated files start with a comment banner; canonical form is judged on the rest.
  static func withoutLeadingComments(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    while let first = lines.first, first.hasPrefix("#") { lines.removeFirst() }
    return lines.joined(separator: "\n")
  }
}
