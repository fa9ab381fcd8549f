import HTCore
import RuleEngine
import RuleSyntax
import Testing

/// Issue 8's test for every concept definition: a case whose facts meet the definition while the
/// concept is answered "no" gets the statute's result (the same as answering "yes"), and the
/// conflicting answer is reported.
@Suite struct ConceptProperties {
  @Test func aDirectNoNeverDefeatsFactsThatMeetTheDefinition() throws {
    let library = Bundled.library
    let evaluator = Evaluator(library: library)
    var checked = 0
    for j in library.written {
      for definition in j.conceptDefinitions where !definition.askedDirectly {
        let date = definition.effectiveFrom ?? definition.effectiveTo ?? CalendarDate("2025-06-01")!
        let parts = definition.path.split(separator: ".").map(String.init)
        let group = try #require(Vocabulary.Group(rawValue: parts[0]))
        for role in [Role.exploiter, .buyer] {
          var facts = CaseFile(date: date, roles: role == .buyer ? [.exploiter, .buyer] : [.exploiter])
          ConceptFacts.satisfy(definition.conditions, role: role, in: j, into: &facts)
          let answer = group == .acts ? FactPath(role: role, .acts, parts[1]) : FactPath(group, parts[1])
          var no = facts
          no[answer] = .bool(false)
          var yes = facts
          yes[answer] = .bool(true)
          let withNo = evaluator.evaluate(no, mode: .identification, date: date, jurisdictions: [j.code.text])
          let withYes = evaluator.evaluate(yes, mode: .identification, date: date, jurisdictions: [j.code.text])
          for (a, b) in zip(withNo, withYes) where a.role == role {
            #expect(a.outcome == b.outcome, "\(j.code.text) \(definition.path) \(a.offense.rawValue)/\(a.role.rawValue): no → \(a.outcome), yes → \(b.outcome)")
          }
          if Self.named(definition.path, in: j, on: date, role: role) {
            let conflicts = withNo.filter { $0.role == role }.flatMap(\.conflicts)
            #expect(conflicts.contains { $0.answer == answer }, "\(j.code.text) \(definition.path) (\(role.rawValue)): the conflicting answer is not reported")
          }
          checked += 1
        }
      }
    }
    #expect(checked > 50)
  }

  /// Whether a version in force on `date` names the concept in a prong reaching `role`.
  static func named(_ path: String, in j: JurisdictionDecl, on date: CalendarDate, role: Role) -> Bool {
    return j.offenses.contains { o in
      o.versions.contains { $0.isInForce(on: date) && $0.prongs.contains { $0.roles.contains(role) && j.pathsNamed(in: $0.conditions).contains(path) } }
    }
  }
}
