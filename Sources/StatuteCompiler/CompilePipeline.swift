import Foundation
import HTCore
import RuleSyntax
import SafeFiles
import StatuteXML

/// The named pipeline from Statutes/ to Rules/: read each XML file safely → validate against
/// the XSD → decode the statute model → compile to the rule AST → check names and dates →
/// print canonical rule text. Nothing is written here; the caller writes all files or none.
public enum CompilePipeline {
  public struct Output: Sendable {
    /// Rule file name (`OH.rules`, `vocabulary.rules`) → text.
    public var files: [String: String]
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceText]
    public var vocabulary: Vocabulary?
    public var statutes: [Statute]
  }

  public static let vocabularyFile = "vocabulary.xml"

  /// The statute files in a directory, sorted (every `*.xml` but the vocabulary).
  public static func statuteFiles(in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".xml") && $0 != vocabularyFile }.sorted().map { directory + "/" + $0 }
  }

  /// Compiles the vocabulary and the given statute files (default: all in the directory).
  public static func run(statutesDirectory directory: String, only paths: [String]? = nil) -> Output {
    var output = Output(files: [:], diagnostics: [], sources: [:], vocabulary: nil, statutes: [])
    let vocabularyPath = directory + "/" + vocabularyFile
    guard let vocabularyBytes = read(vocabularyPath, into: &output) else { return output }
    let (vocabulary, vocabularyProblems) = StatuteReader.readVocabulary(
      bytes: vocabularyBytes, displayName: vocabularyPath, schemaPath: StatuteReader.vocabularySchemaPath(in: directory))
    output.diagnostics += vocabularyProblems
    guard let vocabulary else { return output }
    output.vocabulary = vocabulary
    let (vocabularyText, vocabularyCheck) = StatuteCompiler.ruleText(for: vocabulary, from: "Statutes/" + vocabularyFile)
    output.diagnostics += vocabularyCheck
    if let vocabularyText { output.files["vocabulary.rules"] = vocabularyText }

    for path in paths ?? statuteFiles(in: directory) {
      guard let bytes = read(path, into: &output) else { continue }
      let (statute, problems) = StatuteReader.readStatute(bytes: bytes, displayName: path, schemaPath: StatuteReader.statuteSchemaPath(in: directory))
      output.diagnostics += problems
      guard var statute else { continue }
      let baseName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      if baseName != statute.code {
        output.diagnostics.append(
          Diagnostic(
            .error, "the file is named \(baseName).xml but declares code=\"\(statute.code)\"; name it \(statute.code).xml", file: path, at: .line(statute.line))
        )
        continue
      }
      // Generated files name their origin relative to the package, whatever the working directory.
      let displayPath = path
      statute.fileName = "Statutes/" + URL(fileURLWithPath: path).lastPathComponent
      let (text, checked) = StatuteCompiler.ruleText(for: statute, vocabulary: vocabulary)
      output.diagnostics += checked.map {
        var d = $0; d.file = displayPath; return d
      }
      statute.fileName = displayPath
      if let text {
        output.files[statute.code + ".rules"] = text
        output.statutes.append(statute)
      }
    }
    return output
  }

  /// Reads a statute file, stopping at the size limit while reading (the XML reader refuses
  /// anything larger anyway, so more is never held in memory).
  static func read(_ path: String, into output: inout Output) -> [UInt8]? {
    let bytes: [UInt8]
    do {
      bytes = try BoundedInput.bytes(path, limit: XMLDocumentReader.maximumSize, what: "a statute file")
    } catch let refused as InputRefused {
      output.diagnostics.append(Diagnostic(.error, refused.description, file: path, at: .file))
      return nil
    } catch {
      output.diagnostics.append(Diagnostic(.error, "cannot read the file", file: path, at: .file))
      return nil
    }
    if let text = String(validating: bytes, as: UTF8.self) { output.sources[path] = SourceText(fileName: path, text: text) }
    return bytes
  }

  /// Parses and checks one rule file against a vocabulary.
  public static func validateRuleFile(_ source: SourceText, vocabulary: Vocabulary?) -> [Diagnostic] {
    let (document, problems) = RuleParser.parse(source)
    guard let document, !problems.hasErrors else { return problems }
    switch document {
    case .vocabulary(let decl):
      return problems + RuleChecker.check(document, vocabulary: decl.vocabulary)
    case .jurisdiction:
      guard let vocabulary else {
        return problems + [Diagnostic(.error, "no vocabulary to check this file against", file: source.fileName, at: .file)]
      }
      return problems + RuleChecker.check(document, vocabulary: vocabulary)
    }
  }
}
