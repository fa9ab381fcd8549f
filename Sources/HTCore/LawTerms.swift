/// Small closed sets of legal terms shared by the statute model, the rule language and the engine.

public enum OffenseKind: String, Sendable, CaseIterable, Comparable, Codable {
  case sexTrafficking = "sex_trafficking"
  case laborTrafficking = "labor_trafficking"
  public static func < (a: OffenseKind, b: OffenseKind) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
  /// "sex trafficking", for people.
  public var words: String { rawValue.replacingUnderscores() }
}

public enum Confidence: String, Sendable, CaseIterable, Comparable, Codable {
  case high, medium, low
  /// `low < medium < high`.
  public static func < (a: Confidence, b: Confidence) -> Bool {
    allCases.firstIndex(of: a)! > allCases.firstIndex(of: b)!
  }
}

public enum DefenseKind: String, Sendable, CaseIterable, Codable {
  case mistakeOfAge = "mistake_of_age"
  case consent
}

public enum DefenseRule: String, Sendable, CaseIterable, Codable {
  case barred, allowed
  case strictLiability = "strict_liability"
}

public enum SafeHarborKind: String, Sendable, CaseIterable, Codable {
  case nonCriminalization = "non_criminalization"
  case diversion
  case affirmativeDefense = "affirmative_defense"
  case none
}

/// An age line: `below(18)` means under 18; `atLeast(21)` means 21 or older.
public enum AgeBound: Sendable, Hashable {
  case below(Int)
  case atLeast(Int)

  public func holds(for age: Int) -> Bool {
    switch self {
    case .below(let limit): return age < limit
    case .atLeast(let limit): return age >= limit
    }
  }

  public var words: String {
    switch self {
    case .below(let limit): return "under \(limit)"
    case .atLeast(let limit): return "at least \(limit)"
    }
  }
}

extension String {
  public func replacingUnderscores() -> String {
    guard utf8.contains(0x5F) else { return self }
    return String(decoding: utf8.map { $0 == 0x5F ? 0x20 : $0 }, as: UTF8.self)
  }
}

extension Array where Element: Hashable {
  /// The elements in order, each once.
  public func uniqued() -> [Element] {
    var seen: Set<Element> = []
    return filter { seen.insert($0).inserted }
  }
}

/// How strong a source is. `official`: the legislature or the official code publisher;
/// `fullText`: a complete copy of the section that states its currency; `secondary`: a summary,
/// news, advocacy or law-firm page, or only part of a page seen. A reading can be high-confidence
/// only on an official or full-text source.
public enum SourceTier: String, Sendable, CaseIterable, Codable {
  case official
  case fullText = "full_text"
  case secondary

  /// The spelling in the statute XML (`full-text`).
  public init?(xml: String) { self.init(rawValue: xml.replacingOccurrences(of: "-", with: "_")) }
  public var xml: String { rawValue.replacingOccurrences(of: "_", with: "-") }
  public var supportsHighConfidence: Bool { self != .secondary }
}

/// What became of an amending act found by an amendment sweep.
public enum AmendmentOutcome: String, Sendable, CaseIterable, Codable {
  /// A version of an offense carries the change.
  case encoded
  /// The act touched the sections but not what htrules evaluates (penalties, procedure).
  case noChange = "no_change"
  /// Not yet in force, or its fate is unknown.
  case pending
  /// Introduced but not passed.
  case notEnacted = "not_enacted"

  public init?(xml: String) { self.init(rawValue: xml.replacingOccurrences(of: "-", with: "_")) }
  public var xml: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}
