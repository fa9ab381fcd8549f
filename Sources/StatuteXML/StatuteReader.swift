import Foundation
import HTCore

/// Entry point of the XML stage: reads Statutes/*.xml and Statutes/vocabulary.xml safely,
/// validates them against their XSDs, and decodes them into value types.
public enum StatuteReader {
  public static let statuteNamespace = "urn:htrules:statute:1"
  public static let vocabularyNamespace = "urn:htrules:vocabulary:1"

  /// Where the schemas live, relative to the Statutes directory.
  public static func statuteSchemaPath(in statutesDirectory: String) -> String {
    statutesDirectory + "/schema/statute.xsd"
  }

  public static func vocabularySchemaPath(in statutesDirectory: String) -> String {
    statutesDirectory + "/schema/vocabulary.xsd"
  }

  /// Reads one jurisdiction file. `displayName` is used in diagnostics.
  public static func readStatute(bytes: [UInt8], displayName: String, schemaPath: String) -> (Statute?, [Diagnostic]) {
    let (root, problems) = XMLDocumentReader.read(bytes: bytes, fileName: displayName, schemaPath: schemaPath)
    guard let root, !problems.hasErrors else { return (nil, problems) }
    var decoder = StatuteDecoder(fileName: displayName)
    let statute = decoder.decodeStatute(root)
    return (decoder.diagnostics.hasErrors ? nil : statute, problems + decoder.diagnostics)
  }

  /// Reads the vocabulary file.
  public static func readVocabulary(bytes: [UInt8], displayName: String, schemaPath: String) -> (Vocabulary?, [Diagnostic]) {
    let (root, problems) = XMLDocumentReader.read(bytes: bytes, fileName: displayName, schemaPath: schemaPath)
    guard let root, !problems.hasErrors else { return (nil, problems) }
    var diagnostics: [Diagnostic] = []
    guard root.name == "vocabulary", root.namespace == vocabularyNamespace else {
      return (nil, [Diagnostic(.error, "expected <vocabulary> in namespace \(vocabularyNamespace)", file: displayName, at: .line(root.line))])
    }
    var terms: [Vocabulary.Term] = []
    var seen: Set<String> = []
    for group in root.children(named: "group") {
      guard let groupName = group.attribute("name").flatMap(Vocabulary.Group.init(rawValue:)) else {
        diagnostics.append(Diagnostic(.error, "unknown vocabulary group", file: displayName, at: .line(group.line)))
        continue
      }
      for term in group.children(named: "term") {
        let id = term.attribute("id") ?? ""
        if !seen.insert("\(groupName.rawValue).\(id)").inserted {
          diagnostics.append(Diagnostic(.error, "term '\(id)' is defined twice in group '\(groupName.rawValue)'", file: displayName, at: .line(term.line)))
        }
        terms.append(
          Vocabulary.Term(
            group: groupName, id: id,
            type: term.attribute("type").flatMap(Vocabulary.TermType.init(rawValue:)) ?? .boolean,
            category: term.attribute("category").flatMap(Vocabulary.Category.init(rawValue:)) ?? .fact,
            meaning: term.child(named: "meaning")?.text.collapsingWhitespace() ?? "",
            question: term.child(named: "question")?.text.collapsingWhitespace() ?? ""))
      }
    }
    for required in [(Vocabulary.Group.victim, "age"), (.actor, "age"), (.actor, "mental_state")]
    where !terms.contains(where: { $0.group == required.0 && $0.id == required.1 }) {
      diagnostics.append(Diagnostic(.error, "the vocabulary must define \(required.0.rawValue).\(required.1)", file: displayName, at: .file))
    }
    return (diagnostics.hasErrors ? nil : Vocabulary(terms: terms), problems + diagnostics)
  }
}
