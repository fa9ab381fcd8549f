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
