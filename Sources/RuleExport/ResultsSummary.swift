import HTCore
import RuleEngine

/// The results at a glance, per role and offense kind: how many jurisdictions are met, not met
/// and undetermined, the care state and federal law first, and for the undetermined ones what
/// would decide them (fact labels, never dotted paths). Shared by `compare` and the web page.
public struct ResultsSummary: Sendable, Equatable {
  /// Undetermined jurisdictions that the same facts would decide.
  public struct OpenGroup: Sendable, Equatable {
    public var jurisdictions: [String]
    /// Plain-language labels of the facts that would decide them.
    public var deciders: [String]
  }

  public struct Line: Sendable, Equatable {
    public var code: String
    public var name: String
    public var outcome: Outcome
    /// "Confidence" of the encoded reading behind the result.
    public var confidence: Confidence
  }

  public struct Section: Sendable, Equatable {
    public var role: Role
    public var kind: OffenseKind
    public var met: [String]
    public var notMet: [String]
    public var undetermined: [String]
    /// The care state's and federal law's results, when present (care state first).
    public var first: [Line]
    public var open: [OpenGroup]
    public var total: Int { met.count + notMet.count + undetermined.count }
    /// False when nothing about this kind and role concerns the case (not met everywhere).
    public var concernsCase: Bool { !(met.isEmpty && undetermined.isEmpty) }
  }

  public var sections: [Section]
  public var careState: String?
  public var jurisdictionCount: Int
  public var hasBuyer: Bool

  public init(results: [EvaluationResult], vocabulary: Vocabulary, careState: String? = nil) {
    self.careState = careState
    jurisdictionCount = Set(results.map(\.jurisdiction)).count
    hasBuyer = results.contains { $0.role == .buyer }
    var sections: [Section] = []
    for role in Role.allCases {
      for kind in OffenseKind.allCases {
        let rows = results.filter { $0.role == role && $0.offense == kind }
        guard !rows.isEmpty else { continue }
        func codes(_ outcome: Outcome) -> [String] { rows.filter { $0.outcome == outcome }.map(\.jurisdiction).uniqued() }
        var first: [Line] = []
        for code in [careState, "US"].compactMap({ $0 }) {
          if let r = rows.first(where: { $0.jurisdiction == code }) {
            first.append(Line(code: code, name: r.jurisdictionName, outcome: r.outcome, confidence: r.confidence))
          }
        }
        var groups: [[String]: [String]] = [:]
        for r in rows where r.outcome == .undetermined {
          groups[r.missing.map { vocabulary.label(for: $0) }, default: []].append(r.jurisdiction)
        }
        let open = groups.map { OpenGroup(jurisdictions: $0.value, deciders: $0.key) }.sorted {
          ($0.jurisdictions.count, $1.jurisdictions.first ?? "") > ($1.jurisdictions.count, $0.jurisdictions.first ?? "")
        }
        sections.append(
          Section(
            role: role, kind: kind, met: codes(.met), notMet: codes(.notMet), undetermined: codes(.undetermined), first: first, open: open))
      }
    }
    self.sections = sections
  }

  /// The summary as text lines no wider than `width`.
  public func text(width: Int = 100) -> String {
    var out = ""
    for role in Role.allCases {
      let mine = sections.filter { $0.role == role }
      guard !mine.isEmpty else { continue }
      out += "\n"
      out +=
        role == .exploiter
        ? "WHAT HAPPENED TO THE PATIENT (the exploiter's conduct)\n"
        : "THE BUYER (whoever paid for sex or services with the patient)\n"
      for section in mine {
        let kind = section.kind.words.uppercased()
        guard section.concernsCase else {
          out += Self.wrap("\(kind): not met in any of the \(section.total) jurisdictions.", width: width, indent: "  ")
          continue
        }
        out += Self.wrap(
          "\(kind): met in \(section.met.count) of \(section.total) jurisdictions, not met in \(section.notMet.count), undetermined in \(section.undetermined.count).",
          width: width, indent: "  ")
        for line in section.first {
          let place = line.code == "US" ? "Federal law" : "\(line.name), where care is given"
          let caution = line.confidence == .low ? " (an uncertain reading: see --details)" : ""
          out += Self.wrap("\(place): \(line.outcome.words.uppercased())\(caution)", width: width, indent: "    ")
        }
        if !section.notMet.isEmpty && section.notMet.count <= 12 && !section.met.isEmpty {
          out += Self.wrap("Not met in: \(section.notMet.joined(separator: ", ")).", width: width, indent: "    ")
        }
        for group in section.open.prefix(6) {
          let who = group.jurisdictions.count <= 8 ? group.jurisdictions.joined(separator: ", ") : "\(group.jurisdictions.count) jurisdictions"
          let deciders = Self.deciders(group.deciders)
          out += Self.wrap("Undetermined in \(who): would be decided by \(deciders).", width: width, indent: "    ")
        }
        if section.open.count > 6 {
          out += Self.wrap("… and \(section.open.count - 6) more groups of undetermined results (see --details).", width: width, indent: "    ")
        }
      }
    }
    return out
  }

  /// What would decide an open group, in a few words: at most five facts, then a count.
  public static func deciders(_ facts: [String]) -> String {
    if facts.isEmpty { return "the law on that date is not encoded" }
    if facts.count <= 5 { return list(facts) }
    return facts.prefix(5).joined(separator: ", ") + " or \(facts.count - 5) other fact\(facts.count == 6 ? "" : "s")"
  }

  static func list(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
  }

  /// Word-wraps one paragraph: the first line at `indent`, the rest two spaces further in.
  public static func wrap(_ text: String, width: Int, indent: String) -> String {
    var lines: [String] = []
    var line = indent
    var empty = true
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if !empty && line.count + 1 + word.count > width {
        lines.append(line)
        line = indent + "  "
        empty = true
      }
      line += (empty ? "" : " ") + word
      empty = false
    }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
  }
}
