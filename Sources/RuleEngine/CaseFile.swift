import HTCore

/// A known fact value. Unknown facts are simply absent.
public enum FactValue: Sendable, Hashable, CustomStringConvertible {
  case bool(Bool)
  case age(Int)
  case level(MentalLevel)

  public var description: String {
    switch self {
    case .bool(let b): return b ? "yes" : "no"
    case .age(let n): return String(n)
    case .level(let l): return l.rawValue
    }
  }
}

/// The facts of one case. Case facts are sensitive health information: this type is never
/// logged, and nothing in htrules writes it anywhere unless the user names an output file.
public struct CaseFile: Sendable, Equatable {
  public var id: String?
  /// When the conduct happened; picks the statute versions in force.
  public var date: CalendarDate?
  public var facts: [FactPath: FactValue]
  /// Roles the case describes (an object for `exploiter` or `buyer`).
  public var roles: [Role]

  public init(id: String? = nil, date: CalendarDate? = nil, facts: [FactPath: FactValue] = [:], roles: [Role] = []) {
    self.id = id
    self.date = date
    self.facts = facts
    self.roles = roles
  }

  public subscript(path: FactPath) -> FactValue? {
    get { facts[path] }
    set { facts[path] = newValue }
  }

  public func bool(_ path: FactPath) -> Bool? {
    if case .bool(let b)? = facts[path] { return b }
    return nil
  }

  public func age(_ path: FactPath) -> Int? {
    if case .age(let n)? = facts[path] { return n }
    return nil
  }

  public func level(_ path: FactPath) -> MentalLevel? {
    if case .level(let l)? = facts[path] { return l }
    return nil
  }

  /// The case as case-file JSON (facts in vocabulary order; unknown facts omitted).
  public func json(vocabulary: Vocabulary) -> JSONOutput {
    func value(_ v: FactValue) -> JSONOutput {
      switch v {
      case .bool(let b): return .bool(b)
      case .age(let n): return .int(n)
      case .level(let l): return .string(l.rawValue)
      }
    }
    func group(_ g: Vocabulary.Group, role: Role?) -> [(String, JSONOutput)] {
      vocabulary.terms(in: g).compactMap { term in
        let path = role.map { FactPath(role: $0, g, term.id) } ?? FactPath(g, term.id)
        return facts[path].map { (term.id, value($0)) }
      }
    }
    var members: [(String, JSONOutput)] = []
    if let id { members.append(("id", .string(id))) }
    if let date { members.append(("date", .string(date.description))) }
    members.append(("victim", .object(group(.victim, role: nil))))
    members.append(("purpose", .object(group(.purpose, role: nil))))
    for role in roles {
      var actor = group(.actor, role: role)
      actor.append(("acts", .object(group(.acts, role: role))))
      actor.append(("means", .object(group(.means, role: role))))
      members.append((role.rawValue, .object(actor)))
    }
    return .object(members)
  }
}
