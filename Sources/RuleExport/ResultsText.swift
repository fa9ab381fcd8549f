import HTCore
import RuleEngine
import SafeFiles

/// Plain-text renderings for a terminal: a table grouped by outcome (compare) and explanation
/// trees (check). Words, not jargon; each legal term used is glossed.
public enum ResultsText {
  /// The comparison: the summary per role and offense kind first (care state and federal law
  /// first, counts of jurisdictions, what would decide the open ones), fitting 100 columns; with
  /// `details`, the groups by outcome and deciding element, nearest misses and open questions.
  public static func compare(
    results: [EvaluationResult], mode: EvaluationMode, date: CalendarDate, caseID: String?, vocabulary: Vocabulary, careState: String? = nil,
    details: Bool = false, dateNote: String? = nil
  ) -> String {
    var out = header(mode: mode, date: date, caseID: caseID, count: Set(results.map(\.jurisdiction)).count)
    if let dateNote { out += ResultsSummary.wrap(dateNote, width: 100, indent: "") }
    out += ResultsSummary(results: results, vocabulary: vocabulary, careState: careState).text(width: 100)
    out += "\n"
    out += ResultsSummary.wrap(
      "Roles: exploiter = whoever recruited, moved, housed, controlled or profited from the patient; buyer = whoever paid for sex or services.",
      width: 100, indent: "")
    if mode == .identification {
      out += ResultsSummary.wrap(
        "Identification mode: what the exploiter or buyer knew or intended, and defenses, are assumed, not asked.", width: 100, indent: "")
    }
    guard details else {
      out += "For the groups, deciding provisions, nearest misses and open questions: add --details.\n"
      return out
    }
    out += "\nDETAILS\n"
    out += "Confidence is how sure the project is of its reading of each statute (low readings carry an open question).\n"
    for outcome in Outcome.allCases {
      let group = results.filter { $0.outcome == outcome }
      guard !group.isEmpty else { continue }
      out += "\n" + heading(outcome) + " (\(group.count))\n"
      let reasons = Dictionary(grouping: group, by: \.reason).sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
      for (reason, members) in reasons {
        let codes = Set(members.map(\.jurisdiction)).count
        out += "\n  \(codes) jurisdiction\(codes == 1 ? "" : "s") — \(reason)\n"
        let rows = members.map { r -> [String] in
          [
            r.jurisdiction + " " + r.jurisdictionName, r.offense.words, r.role.rawValue, r.citation,
            r.confidence == .low ? "low: uncertain reading" : r.confidence.rawValue,
          ]
        }
        out += table(
          header: ["Jurisdiction", "Offense", "Role", outcome == .met ? "Deciding provision" : "Provision", "Confidence"], rows: rows, indent: "    ")
        for r in members where r.outcome != .met {
          if r.outcome == .undetermined && !r.missing.isEmpty {
            out +=
              "    \(r.jurisdiction) \(r.offense.words) (\(r.role.rawValue)) would be decided by: \(r.missing.map { vocabulary.label(for: $0) }.joined(separator: ", "))\n"
          }
          if let miss = r.nearestMisses.first {
            out += "    \(r.jurisdiction) \(r.offense.words) (\(r.role.rawValue)) would be met if \(miss.words) [\(miss.citation)]\n"
          }
        }
      }
    }
    out += conflicts(results, vocabulary: vocabulary)
    let questions = results.filter { !$0.questions.isEmpty }
    if !questions.isEmpty {
      out += "\nOPEN QUESTIONS in the encoding that these verdicts depend on\n"
      for r in questions {
        for q in r.questions {
          out += "  \(r.jurisdiction) \(r.offense.words) (\(r.role.rawValue)), \(q.citation): \(q.question)\n"
        }
      }
    }
    return out
  }

  /// Answers of "no" to a legal concept that the facts contradict, grouped by answer.
  static func conflicts(_ results: [EvaluationResult], vocabulary: Vocabulary) -> String {
    var byAnswer: [FactPath: [String]] = [:]
    for r in results {
      for c in r.conflicts { byAnswer[c.answer, default: []].append("\(r.jurisdiction) (\(c.citation))") }
    }
    guard !byAnswer.isEmpty else { return "" }
    var out = "\nCONFLICTING ANSWERS — the results follow each statute's definition, not the answer\n"
    for (answer, places) in byAnswer.sorted(by: { $0.key < $1.key }) {
      out += "  \(vocabulary.label(for: answer)) was answered no, but the facts meet the definition in: \(places.uniqued().joined(separator: ", "))\n"
    }
    return out
  }

  /// Said on the verdict's own line when it rests on a reading the project marks uncertain.
  static func uncertainty(_ r: EvaluationResult) -> String {
    r.confidence == .low ? " (rests on an uncertain reading of the statute: see the open questions)" : ""
  }

  public static func check(results: [EvaluationResult], mode: EvaluationMode, date: CalendarDate, caseID: String?, vocabulary: Vocabulary) -> String {
    var out = header(mode: mode, date: date, caseID: caseID, count: Set(results.map(\.jurisdiction)).count)
    out += "Confidence is how sure the project is of its reading of each statute (low readings carry an open question).\n"
    out += "Roles: exploiter = whoever recruited, moved, housed, controlled or profited from the patient; buyer = whoever paid for sex or services.\n"
    out += "Marks: [met] the requirement holds; [not met] it does not; [?] not known yet; [assumed] not asked in identification mode.\n"
    out += "A route is one way the statute can be met (its subsections are alternatives); every requirement of a route must hold.\n"
    for r in results {
      out += "\n\(r.jurisdiction) \(r.jurisdictionName) — \(r.offense.words) — \(r.role.rawValue): \(r.outcome.words.uppercased())\(uncertainty(r))\n"
      if r.outcome == .met, let prong = r.prong {
        out += "  decided by \(prong) (\(r.citation)); encoding confidence \(r.confidence.rawValue)\n"
      } else {
        out += "  \(r.citation); encoding confidence \(r.confidence.rawValue)\n"
      }
      out += "  \(r.reason)\n"
      if !r.missing.isEmpty { out += "  would be decided by: \(r.missing.map { vocabulary.label(for: $0) }.joined(separator: ", "))\n" }
      for miss in r.nearestMisses { out += "  would be met if \(miss.words) [\(miss.citation)]\n" }
      if !r.assumed.isEmpty { out += "  assumed: \(r.assumed.map(\.element).uniqued().joined(separator: "; "))\n" }
      for c in r.conflicts {
        out +=
          "  conflicting answer: \(vocabulary.label(for: c.answer)) was answered no, but the facts meet the definition (\(c.citation)); the result follows the definition\n"
      }
      for q in r.questions { out += "  open question (\(q.citation)): \(q.question)\n" }
      for tree in r.explanation { render(tree, into: &out, indent: "  ") }
    }
    return out
  }

  static func render(_ node: Explanation, into out: inout String, indent: String) {
    out += "\(indent)\(mark(node.value)) \(node.label) — \(node.why)"
    if node.kind != .offense { out += " [\(node.citation)]" }
    out += "\n"
    if node.kind == .prong && !node.summary.isEmpty { out += "\(indent)    \(node.summary)\n" }
    for question in node.questions {
      out += "\(indent)    open question: \(question)\n"
    }
    for child in node.children { render(child, into: &out, indent: indent + "  ") }
  }

  static func mark(_ value: ElementValue) -> String {
    switch value {
    case .met: return "[met]"
    case .notMet: return "[not met]"
    case .undetermined: return "[?]"
    case .assumed: return "[assumed]"
    }
  }

  static func heading(_ outcome: Outcome) -> String {
    switch outcome {
    case .met: return "MET — the facts fit this definition of trafficking"
    case .notMet: return "NOT MET — the facts do not fit this definition"
    case .undetermined: return "UNDETERMINED — more facts are needed"
    }
  }

  static func header(mode: EvaluationMode, date: CalendarDate, caseID: String?, count: Int) -> String {
    var out = "htrules: \(count) jurisdiction\(count == 1 ? "" : "s"), \(mode.rawValue) mode, law in force on \(date)"
    // The case id comes from the user's file: control characters are shown escaped.
    if let caseID { out += ", case \(TerminalText.escaped(caseID, keepNewlines: false))" }
    out += "\n" + ResultsSummary.wrap(Disclaimer.short, width: 100, indent: "")
    return out
  }

  /// A left-aligned table with two spaces between columns.
  public static func table(header: [String], rows: [[String]], indent: String = "") -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
      var text = indent
      for (index, cell) in cells.enumerated() {
        text += index == cells.count - 1 ? cell : cell.padding(to: widths[index]) + "  "
      }
      return text + "\n"
    }
    return line(header) + rows.map(line).joined()
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
