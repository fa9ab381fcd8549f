import ArgumentParser
import Foundation
import StatuteCompiler

struct CompileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compile", abstract: "Compile Statutes/*.xml into Rules/*.rules (all files or none).")

  @Flag(help: "Do not write; exit 1 and name the stale files if Rules/ is out of date.")
  var check = false

  @Option(name: .customLong("statutes-dir"), help: "Directory of statute XML (default: $HTRULES_STATUTES, else the package's Statutes/).")
  var statutesDirectory: String?

  @OptionGroup var rules: RulesOptions

  func run() throws {
    let statutes = statutesDirectory ?? PackageLocation.statutes
    let rulesDirectory = rules.resolvedRulesDirectory
    let output = CompilePipeline.run(statutesDirectory: statutes)
    Output.report(output.diagnostics, sources: output.sources)
    if output.diagnostics.hasErrors {
      Output.error("compilation failed; nothing was written")
      throw Exit.badInput
    }
    // The rules built into the binary follow the package's Rules/ (not another --rules-dir).
    let bundledPath: String? = rules.usesPackageRules ? PackageLocation.root + "/" + BundledRulesSource.relativePath : nil
    let bundledText = BundledRulesSource.render(output.files)
    let bundledStale =
      bundledPath.map { path in
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } != bundledText
      } ?? false
    let existing = ((try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory)) ?? []).filter { $0.hasSuffix(".rules") }
    let orphans = existing.filter { output.files[$0] == nil }.sorted()
    let stale = output.files.keys.sorted().filter { name in
      FileManager.default.contents(atPath: rulesDirectory + "/" + name).map { String(decoding: $0, as: UTF8.self) } != output.files[name]
    }
    if check {
      guard stale.isEmpty && orphans.isEmpty && !bundledStale else {
        if bundledStale, let bundledPath { FileHandle.standardError.write(Data("stale: \(bundledPath)\n".utf8)) }
        for name in stale { FileHandle.standardError.write(Data("stale: \(rulesDirectory)/\(name)\n".utf8)) }
        for name in orphans { FileHandle.standardError.write(Data("no statute file for: \(rulesDirectory)/\(name)\n".utf8)) }
        Output.error("Rules/ is out of date; run `htrules compile`")
        throw Exit.checkFailed
      }
      Output.write("Rules/ is up to date (\(output.files.count) files)\n")
      return
    }
    try FileManager.default.createDirectory(atPath: rulesDirectory, withIntermediateDirectories: true)
    for name in stale { try Output.writeFile(output.files[name]!, to: rulesDirectory + "/" + name) }
    for name in orphans { try FileManager.default.removeItem(atPath: rulesDirectory + "/" + name) }
    if bundledStale, let bundledPath { try Output.writeFile(bundledText, to: bundledPath) }
    Output.write("compiled \(output.files.count) files; \(stale.count) changed, \(orphans.count) removed\n")
  }
}
