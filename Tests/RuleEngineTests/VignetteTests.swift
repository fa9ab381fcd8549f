import Foundation
import HTCore
import RuleEngine
import Testing

/// Every jurisdiction's vignettes (Tests/Vignettes/<CODE>.json): expected outcomes with the
/// subsection that decides them, run against the compiled rules.
@Suite struct VignetteTests {
  static var directory: String { Paths.root + "/Tests/Vignettes" }

  static var codes: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }

  @Test func everyJurisdictionHasAtLeastFiveVignettes() throws {
    let loaded = Set(Fixtures.bundled.jurisdictions.map(\.code.text))
    #expect(Set(Self.codes) == loaded)
    for code in Self.codes {
      let file = try Self.load(code)
      #expect(file.vignettes.count >= 5, "\(code)")
    }
  }

  struct VignetteFile: Decodable {
    struct Vignette: Decodable {
      struct Expectation: Decodable {
        var offense: String
        var role: String
        var outcome: String
        var deciding: String
      }
      var name: String
      var mode: String?
      var `case`: JSONValueBox
      var expect: [Expectation]
    }
    var jurisdiction: String
    var vignettes: [Vignette]
  }

  /// Keeps a vignette's case as raw JSON text so the real case decoder reads it.
  struct JSONValueBox: Decodable {
    var text: String
    init(from decoder: any Decoder) throws {
      let value = try decoder.singleValueContainer().decode(AnyJSON.self)
      text = value.rendered
    }
  }

  static func load(_ code: String) throws -> VignetteFile {
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + code + ".json"))
    return try JSONDecoder().decode(VignetteFile.self, from: data)
  }

  @Test(arguments: codes)
  func vignettesMeetTheirExpectations(code: String) throws {
    let file = try Self.load(code)
    #expect(file.jurisdiction == code)
    let evaluator = Evaluator(library: Fixtures.bundled)
    for vignette in file.vignettes {
      let facts = Fixtures.decode(vignette.case.text)
      let mode = EvaluationMode(rawValue: vignette.mode ?? "identification") ?? .identification
      let results = evaluator.evaluate(facts, mode: mode, date: facts.date ?? CalendarDate("2025-01-01")!, jurisdictions: [code])
      for expectation in vignette.expect {
        let label = "\(code) «\(vignette.name)» \(expectation.offense)/\(expectation.role)"
        guard let result = results.first(where: { $0.offense.rawValue == expectation.offense && $0.role.rawValue == expectation.role }) else {
          Issue.record("\(label): no result")
          continue
        }
        #expect(result.outcome.rawValue == expectation.outcome, "\(label): got \(result.outcome.rawValue) (\(result.citation)), missing \(result.missing)")
        if expectation.outcome == "met" {
          #expect(result.citation == expectation.deciding, "\(label): decided by \(result.citation)")
        } else {
          let failing = Self.citations(of: result.explanation, where: { $0 == .notMet || $0 == .undetermined })
          #expect(
            failing.contains(expectation.deciding) || result.citation.components(separatedBy: "; ").contains(expectation.deciding),
            "\(label): \(expectation.deciding) is not a failing provision; failing: \(failing.sorted())")
        }
      }
    }
  }

  static func citations(of trees: [Explanation], where keep: (ElementValue) -> Bool) -> Set<String> {
    var out: Set<String> = []
    func walk(_ node: Explanation) {
      if keep(node.value) { out.insert(node.citation) }
      node.children.forEach(walk)
    }
    trees.forEach(walk)
    return out
  }
}

/// Minimal JSON value for re-serialising vignette cases.
enum AnyJSON: Decodable {
  case object([(String, AnyJSON)]), array([AnyJSON]), string(String), number(Double), bool(Bool), null

  init(from decoder: any Decoder) throws {
    if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
      self = .object(try keyed.allKeys.sorted { $0.stringValue < $1.stringValue }.map { ($0.stringValue, try keyed.decode(AnyJSON.self, forKey: $0)) })
      return
    }
    if var list = try? decoder.unkeyedContainer() {
      var items: [AnyJSON] = []
      while !list.isAtEnd { items.append(try list.decode(AnyJSON.self)) }
      self = .array(items)
      return
    }
    let single = try decoder.singleValueContainer()
    if single.decodeNil() {
      self = .null
    } else if let b = try? single.decode(Bool.self) {
      self = .bool(b)
    } else if let n = try? single.decode(Double.self) {
      self = .number(n)
    } else {
      self = .string(try single.decode(String.self))
    }
  }

  var rendered: String {
    switch self {
    case .object(let members): return "{" + members.map { JSONOutput.quote($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
    case .array(let items): return "[" + items.map(\.rendered).joined(separator: ",") + "]"
    case .string(let s): return JSONOutput.quote(s)
    case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    }
  }

  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
