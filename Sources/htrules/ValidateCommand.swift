import ArgumentParser
import Foundation
import HTCore
import RuleEngine
import RuleExport
import SafeFiles
import StatuteCompiler

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check statute XML (schema, vocabulary, references) and rule files (syntax, names).")

  @Argument(help: "Files to check (.xml or .rules). Default: every file in Statutes/ and Rules/.")
  var paths: [String] = []

  @Option(name: .customLong("statutes-dir"), help: "Directory of statute XML (default: $HTRULES_STATUTES, else the package's Statutes/).")
  var statutesDirectory: String?

  @Flag(help: "After checking, report per jurisdiction its sources, as-of dates, low-confidence readings and open questions.")
  var coverage = false

  @Option(help: "Coverage report format: text or json.")
  var format: OutputFormat = .text

  @OptionGroup var rules: RulesOptions

  func run() throws {
    let statutes = statutesDirectory ?? PackageLocation.statutes
    let rulesDirectory = rules.resolvedRulesDirectory
    let xmlPaths: [String]?
    let rulePaths: [String]
    if paths.isEmpty {
      xmlPaths = nil
      rulePaths = ((try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory)) ?? []).filter { $0.hasSuffix(".rules") }.sorted().map {
        rulesDirectory + "/" + $0
      }
    } else {
      for path in paths where !path.hasSuffix(".xml") && !path.hasSuffix(".rules") {
        throw ValidationError("\(path): expected a .xml or .rules file")
      }
      xmlPaths = paths.filter { $0.hasSuffix(".xml") && !$0.hasSuffix("/" + CompilePipeline.vocabularyFile) && $0 != CompilePipeline.vocabularyFile }
      rulePaths = paths.filter { $0.hasSuffix(".rules") }
    }
    let compiled = CompilePipeline.run(statutesDirectory: statutes, only: xmlPaths)
    var diagnostics = compiled.diagnostics
    var sources = compiled.sources
    var checked = (xmlPaths?.count ?? CompilePipeline.statuteFiles(in: statutes).count) + 1
    for path in rulePaths {
      let source = try InputFile.readText(path, limit: BoundedInput.Limit.ruleFile, what: "a rule file")
      sources[source.fileName] = source
      diagnostics += CompilePipeline.validateRuleFile(source, vocabulary: compiled.vocabulary)
      checked += 1
    }
    Output.report(diagnostics, sources: sources)
    if diagnostics.hasErrors {
      Output.error("\(diagnostics.filter(\.isError).count) problem(s) in \(checked) file(s)")
      throw Exit.checkFailed
    }
    if coverage {
      let report = CoverageReport(library: try rules.load())
      Output.write(format == .json ? report.json().rendered() : report.text())
    } else {
      Output.write("\(checked) file(s) valid\n")
    }
  }
}
