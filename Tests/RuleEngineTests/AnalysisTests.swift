import HTCore
import RuleEngine
import Testing

/// Exactness of the analyses: every witness reproduces its difference, every "no witness" claim
/// survives random complete cases, every nearest miss flips its result, every "decides" decides.
@Suite struct DiffTests {
  static let date = CalendarDate("2025-06-01")!
  static let evaluator = Evaluator(library: Fixtures.bundled)

  static func met(_ code: String, _ facts: CaseFile, _ kind: OffenseKind, role: Role = .exploiter, mode: EvaluationMode = .identification) -> Bool {
    evaluator.evaluate(Fixtures.bundled.jurisdiction(code)!, kind: kind, role: role, facts: facts, mode: mode, date: date).outcome == .met
  }

  static let againstUS: [JurisdictionDiff] = JurisdictionDiff.pairs(
    library: Fixtures.bundled, codes: Fixtures.bundled.jurisdictions.map(\.code.text).filter { $0 != "US" }, baseline: "US",
    offenses: OffenseKind.allCases, role: .exploiter, mode: .identification, date: date)

  @Test func everyWitnessReproducesItsDifference() throws {
    #expect(Self.againstUS.count == 2 * (Fixtures.bundled.jurisdictions.count - 1))
    var checked = 0
    for diff in Self.againstUS {
      for witness in diff.witnesses {
        // Through JSON and the real case decoder, as a user would run it.
        let json = witness.facts.json(vocabulary: Fixtures.bundled.vocabulary).rendered()
        let facts = Fixtures.decode(json)
        #expect(Self.met(witness.metIn, facts, diff.offense), "\(diff.a)/\(diff.b) \(diff.offense): witness not met in \(witness.metIn)")
        #expect(!Self.met(witness.notMetIn, facts, diff.offense), "\(diff.a)/\(diff.b) \(diff.offense): witness met in \(witness.notMetIn)")
        checked += 1
      }
      let directions = Set(diff.witnesses.map(\.metIn))
      switch diff.relation {
      case .equivalent: #expect(directions.isEmpty)
      case .narrower: #expect(directions == [diff.b])
      case .broader: #expect(directions == [diff.a])
      case .incomparable: #expect(directions == [diff.a, diff.b])
      }
    }
    #expect(checked > 50)
  }

  /// Where the diff finds no witness in a direction, random complete cases must agree.
  @Test func claimsOfContainmentSurviveRandomCases() throws {
    let vocabulary = Fixtures.bundled.vocabulary
    var generator = SplitMix64(seed: 7)
    let contained = Self.againstUS.filter { $0.relation != .incomparable }
    #expect(!contained.isEmpty)
    for diff in contained {
      for _ in 0..<300 {
        var facts = CaseFile(id: "random", date: Self.date, roles: [.exploiter])
        for path in vocabulary.factPaths where path.role != .buyer {
          switch vocabulary.term(for: path)!.type {
          case .boolean: facts[path] = .bool(generator.next() % 4 == 0)
          case .age: facts[path] = .age(Int(generator.next() % 40))
          case .mentalState: facts[path] = .level(MentalLevel.allCases[Int(generator.next() % 4)])
          }
        }
        let inA = Self.met(diff.a, facts, diff.offense)
        let inB = Self.met(diff.b, facts, diff.offense)
        if diff.relation == .narrower || diff.relation == .equivalent { #expect(!inA || inB, "\(diff.a) ⊆ \(diff.b) \(diff.offense) fails") }
        if diff.relation == .broader || diff.relation == .equivalent { #expect(!inB || inA, "\(diff.b) ⊆ \(diff.a) \(diff.offense) fails") }
      }
    }
  }

  @Test func aJurisdictionIsEquivalentToItself() {
    let oh = Fixtures.bundled.jurisdiction("OH")!
    let diff = JurisdictionDiff(library: Fixtures.bundled, a: oh, b: oh, offense: .sexTrafficking, date: Self.date)
    #expect(diff.relation == .equivalent)
    #expect(diff.differences.isEmpty)
    #expect(diff.witnesses.isEmpty)
  }

  @Test func liabilityModeAndBuyersAreDiffedToo() {
    let us = Fixtures.bundled.jurisdiction("US")!
    let ny = Fixtures.bundled.jurisdiction("NY")!
    let buyers = JurisdictionDiff(library: Fixtures.bundled, a: ny, b: us, offense: .sexTrafficking, role: .buyer, date: Self.date)
    // New York's trafficking offenses do not reach buyers; federal law does.
    #expect(buyers.relation == .narrower)
    for witness in buyers.witnesses {
      #expect(Self.met(witness.metIn, witness.facts, .sexTrafficking, role: .buyer))
      #expect(!Self.met(witness.notMetIn, witness.facts, .sexTrafficking, role: .buyer))
    }
    let strict = JurisdictionDiff(library: Fixtures.bundled, a: ny, b: us, offense: .sexTrafficking, mode: .liability, date: Self.date)
    for witness in strict.witnesses {
      #expect(Self.met(witness.metIn, witness.facts, .sexTrafficking, mode: .liability))
      #expect(!Self.met(witness.notMetIn, witness.facts, .sexTrafficking, mode: .liability))
    }
  }

  @Test func elementDifferencesCiteBothSides() throws {
    let diff = JurisdictionDiff(
      library: Fixtures.bundled, a: Fixtures.bundled.jurisdiction("LA")!, b: Fixtures.bundled.jurisdiction("US")!, offense: .sexTrafficking, date: Self.date)
    let age = try #require(diff.differences.first { $0.element == "age line: victim age under 21" })
    #expect(age.a == "yes" && age.b == "no")
    #expect(age.aCitations.allSatisfy { $0.hasPrefix("La. R.S.") })
  }
}

@Suite struct NearestMissTests {
  @Test func everySuggestedChangeFlipsTheOutcome() throws {
    let cases = [
      #"{"date": "2025-03-01", "victim": {"age": 25}, "purpose": {"commercial_sex": true}, "exploiter": {"acts": {"recruit": true}, "means": {"physical_force": false, "fraud": false}}}"#,
      #"{"date": "2025-03-01", "victim": {"age": 16}, "purpose": {"labor": true}, "exploiter": {"age": 30, "acts": {"harbor": true}}}"#,
      #"{"date": "2025-03-01", "victim": {"age": 30}, "purpose": {"commercial_sex": true}, "buyer": {"acts": {"patronize": true}}}"#,
    ]
    let evaluator = Evaluator(library: Fixtures.bundled)
    var flips = 0
    for json in cases {
      let facts = Fixtures.decode(json)
      let date = facts.date!
      for result in evaluator.evaluate(facts, mode: .identification, date: date, nearestMisses: true) where result.outcome != .met {
        let j = Fixtures.bundled.jurisdiction(result.jurisdiction)!
        for miss in result.nearestMisses {
          var changed = facts
          for change in miss.changes { changed[change.fact] = change.value }
          #expect(
            evaluator.evaluate(j, kind: result.offense, role: result.role, facts: changed, mode: .identification, date: date).outcome == .met,
            "\(result.jurisdiction): \(miss.words)")
          flips += 1
        }
      }
    }
    #expect(flips > 100)
  }

  @Test func theNearestMissForAnAdultWithoutMeansIsAMeans() throws {
    let facts = Fixtures.decode(
      #"{"date": "2025-03-01", "victim": {"age": 25, "developmental_disability": false}, "purpose": {"commercial_sex": true}, "exploiter": {"acts": {"recruit": true}, "means": {"physical_force": false}}}"#
    )
    let result = try #require(
      Evaluator(library: Fixtures.bundled).evaluate(facts, mode: .identification, date: facts.date!, jurisdictions: ["US"], nearestMisses: true).first)
    let first = try #require(result.nearestMisses.first)
    #expect(first.changes.count == 1)
    #expect(first.changes[0].fact.group == .means)
    #expect(first.words.hasPrefix("someone had used one of these means"))
  }
}

@Suite struct QuestionTests {
  @Test func everyDecidingFactDecides() throws {
    let facts = Fixtures.decode(
      #"{"date": "2025-03-01", "victim": {"age": 17}, "purpose": {"commercial_sex": true}, "exploiter": {"acts": {"recruit": true}}}"#)
    let ranking = QuestionRanking(facts: facts, mode: .identification, date: facts.date!, library: Fixtures.bundled)
    #expect(!ranking.questions.isEmpty)
    let evaluator = Evaluator(library: Fixtures.bundled)
    for question in ranking.questions.prefix(5) {
      #expect(!question.question.isEmpty)
      for code in question.decides {
        let j = Fixtures.bundled.jurisdiction(code)!
        var outcomes: Set<String> = []
        for kind in OffenseKind.allCases where j.offenses.contains(where: { $0.kind == kind }) {
          for value in [FactValue.bool(true), .bool(false)] where Fixtures.bundled.vocabulary.term(for: question.fact)?.type == .boolean {
            var changed = facts
            changed[question.fact] = value
            outcomes.insert("\(kind)-\(evaluator.evaluate(j, kind: kind, role: .exploiter, facts: changed, mode: .identification, date: facts.date!).outcome)")
          }
        }
        #expect(outcomes.count > 2 || Fixtures.bundled.vocabulary.term(for: question.fact)?.type != .boolean, "\(question.fact) does not decide \(code)")
      }
    }
    // Ranked by how many jurisdictions each decides.
    let counts = ranking.questions.map(\.decides.count)
    #expect(counts == counts.sorted(by: >))
  }

  @Test func theInterviewStopsWhenNothingMoreCanBeLearned() {
    var interview = InterviewSession(today: CalendarDate("2025-03-01")!, jurisdictions: ["MA"])
    var asked = 0
    while let question = interview.nextQuestion(library: Fixtures.bundled), asked < 200 {
      asked += 1
      interview.skip(question.step)
    }
    #expect(asked > 3 && asked < 200)
    #expect(interview.isSettled(library: Fixtures.bundled))
  }
}

@Suite struct HistoryTests {
  @Test func ohioShowsTheMinorRuleChange() throws {
    let history = VersionHistory(Fixtures.bundled.jurisdiction("OH")!, library: Fixtures.bundled)
    let sex = try #require(history.offenses.first { $0.kind == .sexTrafficking })
    #expect(sex.versions.count == 3)
    #expect(sex.versions[1].changes.contains("route A2: age line: victim age under 18 added"))
    #expect(sex.versions[1].changes.contains("route A2: age line: victim age under 16 removed"))
  }
}
