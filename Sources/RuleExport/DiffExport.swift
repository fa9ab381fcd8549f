import HTCore
import RuleEngine

/// Renderings of jurisdiction differences.
public enum DiffExport {
  public static func relationWords(_ d: JurisdictionDiff) -> String {
    switch d.relation {
    case .equivalent: return "\(d.a) and \(d.b) meet exactly the same cases"
    case .narrower: return "\(d.a) is narrower: every case met in \(d.a) is met in \(d.b), but not the reverse"
    case .broader: return "\(d.a) is broader: every case met in \(d.b) is met in \(d.a), but not the reverse"
    case .incomparable: return "neither contains the other: some cases are met only in \(d.a), some only in \(d.b)"
    }
  }

  public static func json(_ d: JurisdictionDiff, vocabulary: Vocabulary) -> JSONOutput {
    .object([
      ("a", .string(d.a)),
      ("b", .string(d.b)),
      ("offense", .string(d.offense.rawValue)),
      ("role", .string(d.role.rawValue)),
      ("mode", .string(d.mode.rawValue)),
      ("date", .string(d.date.description)),
      ("relation", .string(d.relation.rawValue)),
      (
        "differences",
        .array(
          d.differences.map {
            .object([
              ("element", .string($0.element)), ("a", .string($0.a)), ("b", .string($0.b)),
              ("a_citations", .array($0.aCitations.map { .string($0) })), ("b_citations", .array($0.bCitations.map { .string($0) })),
            ])
          })
      ),
      (
        "witnesses",
        .array(
          d.witnesses.map { .object([("met_in", .string($0.metIn)), ("not_met_in", .string($0.notMetIn)), ("case", $0.facts.json(vocabulary: vocabulary))]) })
      ),
    ])
  }

  public static func text(_ d: JurisdictionDiff, vocabulary: Vocabulary) -> String {
    var out = "\(d.a) vs \(d.b): \(d.offense.words), \(d.role.rawValue)'s conduct, law in force on \(d.date), \(d.mode.rawValue) mode\n"
    out += Disclaimer.short + "\n\n"
    out += "Relation: \(d.relation.rawValue) — \(relationWords(d))\n"
    if !d.differences.isEmpty {
      out += "\nElement differences (\(d.differences.count))\n"
      let rows = d.differences.map { [$0.element, cell($0.a, $0.aCitations), cell($0.b, $0.bCitations)] }
      out += ResultsText.table(header: ["Element", d.a, d.b], rows: rows, indent: "  ")
    }
    for witness in d.witnesses {
      out += "\nWitness: met in \(witness.metIn), not met in \(witness.notMetIn) (reproduce with `htrules compare` on this case):\n"
      out += witness.facts.json(vocabulary: vocabulary).rendered(pretty: false) + "\n"
    }
    return out
  }

  static func cell(_ value: String, _ citations: [String]) -> String {
    citations.isEmpty ? value : "\(value) (\(citations.joined(separator: "; ")))"
  }

  /// Every jurisdiction against a baseline (usually federal law), one row per jurisdiction.
  public static func baselineText(_ diffs: [JurisdictionDiff]) -> String {
    guard let first = diffs.first else { return "" }
    var out = "Every jurisdiction against \(first.b), law in force on \(first.date), \(first.mode.rawValue) mode\n\(Disclaimer.short)\n\n"
    let kinds = Array(Set(diffs.map(\.offense))).sorted()
    let codes = Array(Set(diffs.map(\.a))).sorted()
    let rows = codes.map { code in
      [code]
        + kinds.map { kind in
          diffs.first { $0.a == code && $0.offense == kind }.map { "\($0.relation.rawValue) (\($0.differences.count) element differences)" } ?? ""
        }
    }
    out += ResultsText.table(header: ["Jurisdiction"] + kinds.map { "\($0.words) vs \(first.b)" }, rows: rows)
    return out
  }

  /// The pairwise relation matrix: one row per ordered pair and offense kind.
  public static func allCSV(_ diffs: [JurisdictionDiff]) -> String {
    CSVWriter.document(
      header: ["a", "b", "offense", "relation", "element_differences"],
      rows: diffs.map { [$0.a, $0.b, $0.offense.rawValue, $0.relation.rawValue, String($0.differences.count)] })
  }

  public static func allJSON(_ diffs: [JurisdictionDiff]) -> JSONOutput {
    .object([
      ("date", .string(diffs.first?.date.description ?? "")),
      (
        "pairs",
        .array(
          diffs.map {
            .object([
              ("a", .string($0.a)), ("b", .string($0.b)), ("offense", .string($0.offense.rawValue)), ("relation", .string($0.relation.rawValue)),
              ("element_differences", .int($0.differences.count)),
            ])
          })
      ),
    ])
  }
}
