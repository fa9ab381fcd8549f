import HTCore

/// Reads a case file (JSON). Reports every problem it finds, each with its position: not JSON,
/// unknown fields (with the closest known name), wrong types, ages outside 0–120, bad dates.
public struct CaseDecoder {
  let vocabulary: Vocabulary
  let file: String
  var diagnostics: [Diagnostic] = []

  public init(vocabulary: Vocabulary, file: String) {
    self.vocabulary = vocabulary
    self.file = file
  }

  public static func decode(_ text: String, file: String, vocabulary: Vocabulary) -> (CaseFile?, [Diagnostic]) {
    switch JSONReader.parse(text) {
    case .failure(let error):
      return (nil, [.error("not valid JSON: \(error.message)", file: file, offset: error.offset)])
    case .success(let node):
      var decoder = CaseDecoder(vocabulary: vocabulary, file: file)
      let result = decoder.decodeCase(node)
      return (decoder.diagnostics.hasErrors ? nil : result, decoder.diagnostics)
    }
  }

  mutating func error(_ message: String, _ offset: Int) {
    diagnostics.append(.error(message, file: file, offset: offset))
  }

  public mutating func decodeCase(_ node: JSONNode) -> CaseFile? {
    guard case .object(let members) = node.value else {
      error("a case file must be a JSON object, not \(node.value.typeName)", node.offset)
      return nil
    }
    var result = CaseFile()
    let topLevel = ["id", "date", "victim", "purpose"] + Role.allCases.map(\.rawValue)
    var seen: Set<String> = []
    for member in members {
      if !seen.insert(member.key).inserted {
        error("field `\(member.key)` is given twice", member.keyOffset)
        continue
      }
      switch member.key {
      case "id":
        switch member.value.value {
        case .string(let s): result.id = s
        case .number(_, let raw): result.id = raw
        case .null: break
        default: error("`id` must be a string, not \(member.value.value.typeName)", member.value.offset)
        }
      case "date":
        switch member.value.value {
        case .string(let s):
          if let date = CalendarDate(s) {
            result.date = date
          } else {
            error("`date` must be a real calendar date written YYYY-MM-DD (the value given is not one)", member.value.offset)
          }
        case .null: break
        default: error("`date` must be a string YYYY-MM-DD, not \(member.value.value.typeName)", member.value.offset)
        }
      case "victim":
        decodeGroup(member.value, group: .victim, role: nil, into: &result, path: "victim")
      case "purpose":
        decodeGroup(member.value, group: .purpose, role: nil, into: &result, path: "purpose")
      default:
        if let role = Role(rawValue: member.key) {
          if case .null = member.value.value { continue }
          result.roles.append(role)
          decodeActor(member.value, role: role, into: &result)
        } else {
          error(
            "unknown field `\(member.key)`\(Suggestions.hint(for: member.key, in: topLevel)) (fields: \(topLevel.joined(separator: ", ")))", member.keyOffset)
        }
      }
    }
    result.roles.sort()
    return result
  }

  mutating func decodeActor(_ node: JSONNode, role: Role, into result: inout CaseFile) {
    guard case .object(let members) = node.value else {
      error("`\(role.rawValue)` must be an object, not \(node.value.typeName)", node.offset)
      return
    }
    let actorTerms = vocabulary.ids(in: .actor)
    var seen: Set<String> = []
    for member in members {
      if !seen.insert(member.key).inserted {
        error("field `\(role.rawValue).\(member.key)` is given twice", member.keyOffset)
        continue
      }
      switch member.key {
      case "acts": decodeGroup(member.value, group: .acts, role: role, into: &result, path: "\(role.rawValue).acts")
      case "means": decodeGroup(member.value, group: .means, role: role, into: &result, path: "\(role.rawValue).means")
      default:
        guard let term = vocabulary.term(.actor, member.key) else {
          error("unknown field `\(role.rawValue).\(member.key)`\(Suggestions.hint(for: member.key, in: actorTerms + ["acts", "means"]))", member.keyOffset)
          continue
        }
        decodeValue(member.value, term: term, path: FactPath(role: role, .actor, term.id), into: &result)
      }
    }
  }

  mutating func decodeGroup(_ node: JSONNode, group: Vocabulary.Group, role: Role?, into result: inout CaseFile, path: String) {
    if case .null = node.value { return }
    guard case .object(let members) = node.value else {
      error("`\(path)` must be an object, not \(node.value.typeName)", node.offset)
      return
    }
    var seen: Set<String> = []
    for member in members {
      if !seen.insert(member.key).inserted {
        error("field `\(path).\(member.key)` is given twice", member.keyOffset)
        continue
      }
      guard let term = vocabulary.term(group, member.key) else {
        error("unknown field `\(path).\(member.key)`\(Suggestions.hint(for: member.key, in: vocabulary.ids(in: group)))", member.keyOffset)
        continue
      }
      let fact = role.map { FactPath(role: $0, group, term.id) } ?? FactPath(group, term.id)
      decodeValue(member.value, term: term, path: fact, into: &result)
    }
  }

  mutating func decodeValue(_ node: JSONNode, term: Vocabulary.Term, path: FactPath, into result: inout CaseFile) {
    if case .null = node.value { return }
    switch term.type {
    case .boolean:
      guard case .bool(let b) = node.value else {
        error("`\(path)` must be true, false or null (unknown), not \(node.value.typeName)", node.offset)
        return
      }
      result[path] = .bool(b)
    case .age:
      guard case .number(let value, _) = node.value else {
        error("`\(path)` must be a whole number of years or null (unknown), not \(node.value.typeName)", node.offset)
        return
      }
      guard value.rounded() == value, value >= 0, value <= 120 else {
        error("`\(path)` must be a whole number of years from 0 to 120 (the value given is not)", node.offset)
        return
      }
      result[path] = .age(Int(value))
    case .mentalState:
      let levels = MentalLevel.allCases.map(\.rawValue)
      guard case .string(let s) = node.value else {
        error("`\(path)` must be one of \(levels.joined(separator: ", ")) or null, not \(node.value.typeName)", node.offset)
        return
      }
      guard let level = MentalLevel(rawValue: s) else {
        error("`\(path)` must be one of \(levels.joined(separator: ", ")) (the value given is none of them)", node.offset)
        return
      }
      result[path] = .level(level)
    }
  }
}
