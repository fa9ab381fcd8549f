/// The canonical vocabulary: every fact a rule may test, with its meaning and the plain-language
/// question a clinician would ask. Loaded from Statutes/vocabulary.xml (or its compiled form,
/// Rules/vocabulary.rules); the case-file schema and the documentation are derived from it.
public struct Vocabulary: Sendable, Equatable {
  public enum Group: String, Sendable, CaseIterable, Comparable {
    case victim, purpose, actor, acts, means
    public static func < (a: Group, b: Group) -> Bool {
      allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
  }

  public enum TermType: String, Sendable, CaseIterable {
    case boolean
    case age
    case mentalState = "mental_state"
  }

  /// `mental` terms (knowledge, mental state, belief about the victim's adulthood) are assumed in identification mode.
  /// `fact`: something a clinician can ask a patient. `concept`: a legal conclusion that statutes
  /// define from facts (involuntary servitude, promoting prostitution); a jurisdiction's
  /// definition is evaluated wherever the concept is named, and a direct answer is still accepted.
  public enum Category: String, Sendable, CaseIterable {
    case fact, mental, concept
  }

  public struct Term: Sendable, Equatable {
    public var group: Group
    public var id: String
    public var type: TermType
    public var category: Category
    public var meaning: String
    public var question: String

    public init(group: Group, id: String, type: TermType, category: Category, meaning: String, question: String) {
      self.group = group
      self.id = id
      self.type = type
      self.category = category
      self.meaning = meaning
      self.question = question
    }
  }

  public private(set) var terms: [Term]
  private var index: [String: Int]

  public init(terms: [Term]) {
    self.terms = terms
    var index: [String: Int] = [:]
    for (position, term) in terms.enumerated() where index["\(term.group.rawValue).\(term.id)"] == nil {
      index["\(term.group.rawValue).\(term.id)"] = position
    }
    self.index = index
  }

  public static func == (a: Vocabulary, b: Vocabulary) -> Bool { a.terms == b.terms }

  public func term(_ group: Group, _ id: String) -> Term? {
    index["\(group.rawValue).\(id)"].map { terms[$0] }
  }

  public func terms(in group: Group) -> [Term] { terms.filter { $0.group == group } }

  public func ids(in group: Group) -> [String] { terms(in: group).map(\.id) }

  /// Every fact path a case file may set, in vocabulary order.
  public var factPaths: [FactPath] {
    var paths: [FactPath] = []
    for term in terms(in: .victim) { paths.append(FactPath(.victim, term.id)) }
    for term in terms(in: .purpose) { paths.append(FactPath(.purpose, term.id)) }
    for role in Role.allCases {
      for term in terms(in: .actor) { paths.append(FactPath(role: role, .actor, term.id)) }
      for term in terms(in: .acts) { paths.append(FactPath(role: role, .acts, term.id)) }
      for term in terms(in: .means) { paths.append(FactPath(role: role, .means, term.id)) }
    }
    return paths
  }

  public func term(for path: FactPath) -> Term? { term(path.group, path.term) }

  /// A fact's plain-language label for people, never the dotted path: "recruit (exploiter's act)",
  /// "fraud (buyer's means)", "commercial sex (purpose)", "age (patient)". The JSON keeps the path.
  public func label(for path: FactPath) -> String {
    let words = path.term.split(separator: "_").joined(separator: " ")
    switch (path.role, path.group) {
    case (nil, .victim): return "\(words) (patient)"
    case (nil, _): return "\(words) (purpose)"
    case (let role?, .acts): return "\(words) (\(role.rawValue)'s act)"
    case (let role?, .means): return "\(words) (\(role.rawValue)'s means)"
    case (let role?, _): return "\(words) (\(role.rawValue))"
    }
  }

  /// A fact path's name in plain words ("purpose.involuntary_servitude" → "involuntary servitude").
  public func label(forPath path: String) -> String {
    String(path.split(separator: ".").last ?? Substring(path)).replacingOccurrences(of: "_", with: " ")
  }
}

/// The two actor roles a case file may describe.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
  case exploiter, buyer
  public static func < (a: Role, b: Role) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// Culpable mental states, most culpable first.
public enum MentalLevel: String, Sendable, CaseIterable, Comparable, Codable {
  case intentionally, knowingly, recklessly, negligently
  /// Higher is more culpable.
  public var rank: Int { 3 - MentalLevel.allCases.firstIndex(of: self)! }
  public static func < (a: MentalLevel, b: MentalLevel) -> Bool { a.rank < b.rank }
}

/// A fact in a case: `victim.age`, `purpose.labor`, `exploiter.age`, `buyer.acts.patronize`,
/// `exploiter.means.fraud`. In SQL and CSV column names the dots become `_` (SQL) or stay (CSV).
public struct FactPath: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var role: Role?
  public var group: Vocabulary.Group
  public var term: String

  public init(_ group: Vocabulary.Group, _ term: String) {
    self.role = nil
    self.group = group
    self.term = term
  }

  public init(role: Role, _ group: Vocabulary.Group, _ term: String) {
    self.role = role
    self.group = group
    self.term = term
  }

  public var description: String {
    switch (role, group) {
    case (nil, _): return "\(group.rawValue).\(term)"
    case (let role?, .actor): return "\(role.rawValue).\(term)"
    case (let role?, _): return "\(role.rawValue).\(group.rawValue).\(term)"
    }
  }

  /// Parses the dotted form; returns nil when the shape is wrong (not when the term is unknown).
  public init?(parsing text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    switch parts.count {
    case 2:
      if let role = Role(rawValue: parts[0]) {
        self.init(role: role, .actor, parts[1])
      } else if parts[0] == "victim" {
        self.init(.victim, parts[1])
      } else if parts[0] == "purpose" {
        self.init(.purpose, parts[1])
      } else {
        return nil
      }
    case 3:
      guard let role = Role(rawValue: parts[0]), parts[1] == "acts" || parts[1] == "means" else { return nil }
      self.init(role: role, parts[1] == "acts" ? .acts : .means, parts[2])
    default:
      return nil
    }
  }

  public static func < (a: FactPath, b: FactPath) -> Bool { a.description < b.description }
}
