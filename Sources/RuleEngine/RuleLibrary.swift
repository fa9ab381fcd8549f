import Dispatch
import Foundation
import HTCore
import RuleSyntax
import SafeFiles

/// The loaded rules: the vocabulary and every jurisdiction, parsed and checked from rule files.
/// The evaluator runs from these, never from the XML.
public struct RuleLibrary: Sendable {
  public var vocabulary: Vocabulary
  /// Sorted by code, as evaluated: every condition that names a defined legal concept is widened
  /// to accept the concept's definition (see `expandingConcepts`).
  public var jurisdictions: [JurisdictionDecl]
  /// Sorted by code, as written in the rule files.
  public var written: [JurisdictionDecl]

  public init(vocabulary: Vocabulary, jurisdictions: [JurisdictionDecl]) {
    self.vocabulary = vocabulary
    self.written = jurisdictions.sorted { $0.code.text < $1.code.text }
    self.jurisdictions = written.map { $0.expandingConcepts(vocabulary: vocabulary) }
  }

  public func jurisdiction(_ code: String) -> JurisdictionDecl? {
    jurisdictions.first { $0.code.text == code }
  }

  public static let vocabularyFileName = "vocabulary.rules"

  /// What loading produced: the library (nil when any file has errors), every diagnostic, and
  /// the texts read, so diagnostics can be printed with their source lines.
  public struct Loaded: Sendable {
    public var library: RuleLibrary?
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceText]
  }

  /// Loads `directory/vocabulary.rules`, every other `*.rules` file in `directory`, and the
  /// extra rule files given (for example a proposed bill to compare alongside).
  /// With `replacing`, an extra file's jurisdiction takes the place of the loaded one with the
  /// same code (a proposed bill rewriting that jurisdiction's law) instead of being an error.
  public static func load(directory: String, extraFiles: [String] = [], replacing: Bool = false) -> Loaded {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return Loaded(library: nil, diagnostics: [Diagnostic(.error, "cannot read the rules directory", file: directory, at: .file)], sources: [:])
    }
    return load(names: names, directory: directory, extraFiles: extraFiles, embedded: nil, replacing: replacing)
  }

  /// Loads rule files held in memory (the rules built into the binary, name → text), and the
  /// extra rule files given.
  public static func load(embedded files: [String: String], label: String, extraFiles: [String] = [], replacing: Bool = false) -> Loaded {
    load(names: Array(files.keys), directory: label, extraFiles: extraFiles, embedded: files, replacing: replacing)
  }

  static func load(names: [String], directory: String, extraFiles: [String], embedded: [String: String]?, replacing: Bool = false) -> Loaded {
    var sources: [String: SourceText] = [:]
    var diagnostics: [Diagnostic] = []
    let extra = Set(extraFiles)
    /// Embedded text for a bundled file, else the file read with the size limit.
    @Sendable func text(_ path: String) throws -> String {
      if let embedded, !extra.contains(path), let text = embedded[String(path.dropFirst(directory.count + 1))] { return text }
      return try BoundedInput.text(path, limit: BoundedInput.Limit.ruleFile, what: "a rule file")
    }
    func read(_ path: String) -> SourceText? {
      let body: String
      do {
        body = try text(path)
      } catch {
        diagnostics.append(Diagnostic(.error, (error as? InputRefused)?.description ?? "cannot read the file", file: path, at: .file))
        return nil
      }
      let source = SourceText(fileName: path, text: body)
      sources[path] = source
      return source
    }
    let vocabularyPath = directory + "/" + vocabularyFileName
    var vocabulary: Vocabulary?
    if let source = read(vocabularyPath) {
      let (document, problems) = RuleParser.parse(source)
      diagnostics += problems
      if case .vocabulary(let decl)? = document, !problems.hasErrors {
        let checked = RuleChecker.check(.vocabulary(decl), vocabulary: decl.vocabulary)
        diagnostics += checked
        if !checked.hasErrors { vocabulary = decl.vocabulary }
      } else if document != nil {
        diagnostics.append(Diagnostic(.error, "expected a `vocabulary` file", file: vocabularyPath, at: .file))
      }
    }
    guard let vocabulary else { return Loaded(library: nil, diagnostics: diagnostics, sources: sources) }

    let paths = names.filter { $0.hasSuffix(".rules") && $0 != vocabularyFileName }.sorted().map { directory + "/" + $0 } + extraFiles
    // Read, parse and check the files on all cores; merge in file order so output is stable.
    let parsed = ResultSlots<(SourceText?, JurisdictionDecl?, [Diagnostic])>(count: paths.count)
    let vocabularyForCheck = vocabulary
    DispatchQueue.concurrentPerform(iterations: paths.count) { index in
      let path = paths[index]
      let body: String
      do {
        body = try text(path)
      } catch {
        parsed.set(index, (nil, nil, [Diagnostic(.error, (error as? InputRefused)?.description ?? "cannot read the file", file: path, at: .file)]))
        return
      }
      let source = SourceText(fileName: path, text: body)
      let (document, problems) = RuleParser.parse(source)
      guard let document else {
        parsed.set(index, (source, nil, problems))
        return
      }
      guard case .jurisdiction(let decl) = document else {
        parsed.set(index, (source, nil, problems + [Diagnostic(.error, "expected a `jurisdiction` file", file: path, at: .file)]))
        return
      }
      let checked = problems.hasErrors ? [] : RuleChecker.check(document, vocabulary: vocabularyForCheck)
      parsed.set(index, (source, problems.hasErrors || checked.hasErrors ? nil : decl, problems + checked))
    }
    var jurisdictions: [JurisdictionDecl] = []
    for (index, path) in paths.enumerated() {
      guard let (source, decl, problems) = parsed.value(at: index) else { continue }
      if let source { sources[path] = source }
      diagnostics += problems
      guard let decl else { continue }
      if replacing, extra.contains(path), let existing = jurisdictions.firstIndex(where: { $0.code.text == decl.code.text }) {
        jurisdictions[existing] = decl
        continue
      }
      if let existing = jurisdictions.first(where: { $0.code.text == decl.code.text }) {
        diagnostics.append(
          Diagnostic(.error, "jurisdiction `\(decl.code.text)` is already loaded from \(existing.origin.file)", file: path, at: decl.code.origin.position))
        continue
      }
      jurisdictions.append(decl)
    }
    let library = diagnostics.hasErrors ? nil : RuleLibrary(vocabulary: vocabulary, jurisdictions: jurisdictions)
    return Loaded(library: library, diagnostics: diagnostics, sources: sources)
  }
}
