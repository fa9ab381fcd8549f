import HTCore
import RuleSyntax

/// The versions of a jurisdiction's offenses, with what changed between consecutive versions
/// (an element-level diff).
public struct VersionHistory: Sendable {
  public struct Entry: Sendable {
    public var from: CalendarDate
    public var to: CalendarDate?
    public var enactedBy: String?
    public var changes: [String]
  }

  public struct OffenseHistory: Sendable {
    public var id: String
    public var name: String
    public var kind: OffenseKind
    public var citation: String
    public var firstInForce: CalendarDate?
    public var versions: [Entry]
  }

  public var jurisdiction: String
  public var name: String
  public var offenses: [OffenseHistory]

  public init(_ j: JurisdictionDecl, library: RuleLibrary) {
    jurisdiction = j.code.text
    name = j.name
    offenses = j.offenses.map { offense in
      let versions = offense.versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
      var entries: [Entry] = []
      for (index, version) in versions.enumerated() {
        var changes: [String] = []
        if index == 0 {
          changes.append(offense.firstInForce == version.effectiveFrom ? "offense created" : "earliest encoded version")
        } else {
          let before = versions[index - 1]
          changes = Self.changes(from: before, to: version, offense: offense, jurisdiction: j, library: library)
          if let end = before.effectiveTo, end.next != version.effectiveFrom {
            changes.insert("gap: no version encoded between \(end) and \(version.effectiveFrom)", at: 0)
          }
          if changes.isEmpty { changes.append("no change to the encoded elements") }
        }
        entries.append(Entry(from: version.effectiveFrom, to: version.effectiveTo, enactedBy: version.enactedBy, changes: changes))
      }
      return OffenseHistory(
        id: offense.id.text, name: offense.name, kind: offense.kind, citation: offense.citation, firstInForce: offense.firstInForce, versions: entries)
    }
  }

  static func changes(from before: VersionDecl, to after: VersionDecl, offense: OffenseDecl, jurisdiction j: JurisdictionDecl, library: RuleLibrary) -> [String]
  {
    var out: [String] = []
    let oldProngs = Dictionary(before.prongs.map { ($0.id.text, $0) }, uniquingKeysWith: { first, _ in first })
    let newProngs = Dictionary(after.prongs.map { ($0.id.text, $0) }, uniquingKeysWith: { first, _ in first })
    for prong in after.prongs where oldProngs[prong.id.text] == nil {
      out.append("route added: \(prong.id.text) (\(prong.notes.citation)) — \(prong.notes.summary)")
    }
    for prong in before.prongs where newProngs[prong.id.text] == nil { out.append("route removed: \(prong.id.text) (\(prong.notes.citation))") }
    for role in Role.allCases {
      let had = before.prongs.contains { $0.roles.contains(role) }
      let has = after.prongs.contains { $0.roles.contains(role) }
      if had != has { out.append(has ? "now reaches a \(role.rawValue)'s conduct" : "no longer reaches a \(role.rawValue)'s conduct") }
    }
    for role in Role.allCases {
      for prongID in Set(oldProngs.keys).intersection(newProngs.keys).sorted() {
        guard let old = oldProngs[prongID], let new = newProngs[prongID], old.roles.contains(role) || new.roles.contains(role) else { continue }
        let a = ElementProfile(versions: [(offense, old.conditions)], jurisdiction: j)
        let b = ElementProfile(versions: [(offense, new.conditions)], jurisdiction: j)
        for difference in a.differences(from: b) {
          let change = difference.a == "no" ? "added" : difference.b == "no" ? "removed" : "changed (\(difference.a) → \(difference.b))"
          let entry = "route \(prongID): \(difference.element) \(change)"
          if !out.contains(entry) { out.append(entry) }
        }
      }
    }
    for kind in DefenseKind.allCases {
      let old = before.defenses.first { $0.kind == kind }?.rule.rawValue ?? "not stated"
      let new = after.defenses.first { $0.kind == kind }?.rule.rawValue ?? "not stated"
      if old != new { out.append("defense \(kind.rawValue.replacingUnderscores()): \(old.replacingUnderscores()) → \(new.replacingUnderscores())") }
    }
    return out
  }
}

extension CalendarDate {
  /// The following day.
  var next: CalendarDate {
    if day < CalendarDate.daysIn(month: month, year: year) { return CalendarDate(year: year, month: month, day: day + 1)! }
    if month < 12 { return CalendarDate(year: year, month: month + 1, day: 1)! }
    return CalendarDate(year: year + 1, month: 1, day: 1)!
  }
}
