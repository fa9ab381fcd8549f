import Foundation
import HTCore
import RuleEngine
import Testing

@Suite struct InterviewSessionTests {
  static let today = CalendarDate("2026-12-07")!

  static func story(_ name: String) throws -> InterviewSession.Story {
    InterviewSession.Story(parsing: try String(contentsOfFile: Paths.root + "/Examples/stories/\(name).txt", encoding: .utf8))
  }

  @Test func asksTheDateThenTheAgeThenTheCareStateFirst() throws {
    var session = InterviewSession(today: Self.today, asksCareState: true)
    #expect(session.nextQuestion(library: Fixtures.bundled)?.step == .date)
    session.answer(.date, .notSure)
    #expect(session.lawDate == Self.today)
    #expect(session.dateNote?.contains("2026-12-07") == true)
    #expect(session.nextQuestion(library: Fixtures.bundled)?.step == InterviewSession.Step.victimAge)
    session.skip(InterviewSession.Step.victimAge)
    #expect(session.nextQuestion(library: Fixtures.bundled)?.step == .careState)
    session.answer(.careState, .state("OH"))
    let next = try #require(session.nextQuestion(library: Fixtures.bundled))
    guard case .fact(let path) = next.step else { Issue.record("expected a fact question"); return }
    #expect(Fixtures.bundled.vocabulary.term(for: path)?.category == .fact)
    #expect(next.changes > 0)
  }

  @Test func theTeenStorySettlesSexTraffickingInAll52WithinSixQuestions() throws {
    var session = InterviewSession(today: Self.today)
    let asked = try #require(
      session.play(try Self.story("teen-shelter"), library: Fixtures.bundled) { $0.settled(library: Fixtures.bundled, kind: .sexTrafficking).settled == 52 })
    #expect(session.settled(library: Fixtures.bundled, kind: .sexTrafficking) == (52, 52))
    #expect(asked.count <= 6, "asked \(asked.map { InterviewSession.key($0.0.step) })")
  }

  @Test func everyFactAskedBearsOnAnOpenResultAndTheInterviewStopsByItself() throws {
    var session = InterviewSession(today: Self.today)
    session.answer(.date, .date(CalendarDate("2025-03-01")!))
    session.answer(InterviewSession.Step.victimAge, .value(.age(30)))
    let library = Fixtures.bundled
    var asked: Set<FactPath> = []
    while let question = session.nextQuestion(library: library), asked.count < 200 {
      guard case .fact(let path) = question.step else {
        Issue.record("a fact question was expected")
        return
      }
      #expect(asked.insert(path).inserted, "\(path) was asked twice")
      #expect(library.vocabulary.term(for: path)?.category != .mental, "\(path): states of mind are not asked in identification mode")
      // Some open result's definition tests it.
      let open = session.results(library: library).filter { $0.outcome == .undetermined }
      let tested = open.contains { r in
        RuleFormula(
          jurisdiction: library.jurisdiction(r.jurisdiction)!, kind: r.offense, role: r.role, mode: .identification, date: session.lawDate,
          vocabulary: library.vocabulary
        ).facts.contains(path)
      }
      #expect(tested, "\(path) is tested by no open result")
      // Say "no" to everything: the interview must end by itself.
      session.answer(question.step, library.vocabulary.term(for: path)?.type == .boolean ? .value(.bool(false)) : .skip)
    }
    #expect(asked.count > 3 && asked.count < 200)
    #expect(session.isSettled(library: library))
    // With every fact "no", nothing is met and everything is settled.
    #expect(session.results(library: library).allSatisfy { $0.outcome == .notMet })
  }

  @Test func backTakesTheLastAnswerAndSkipIsNotAskedAgain() {
    var session = InterviewSession(today: Self.today, asksCareState: true)
    session.answer(.date, .stillHappening)
    session.answer(InterviewSession.Step.victimAge, .value(.age(16)))
    let tookBack = session.back()
    #expect(tookBack)
    #expect(session.nextQuestion(library: Fixtures.bundled)?.step == InterviewSession.Step.victimAge)
    session.skip(InterviewSession.Step.victimAge)
    #expect(session.nextQuestion(library: Fixtures.bundled)?.step == .careState)
    let twice = session.back() && session.back()
    #expect(twice)
    let none = session.back()
    #expect(!none)
  }

  @Test func repliesAreReadForTheQuestionAsked() {
    let library = Fixtures.bundled
    let date = InterviewSession.Question(step: .date, text: "", input: .date, changes: 0, jurisdictions: [])
    let yesNo = InterviewSession.Question(step: .fact(FactPath(.purpose, "labor")), text: "", input: .yesNo, changes: 1, jurisdictions: ["OH"])
    let state = InterviewSession.Question(step: .careState, text: "", input: .state, changes: 0, jurisdictions: [])
    #expect(InterviewSession.read("Still happening", for: date, library: library) == .answer(.stillHappening))
    #expect(InterviewSession.read("not sure", for: date, library: library) == .answer(.notSure))
    #expect(InterviewSession.read("2024-02-30", for: date, library: library) != .answer(.skip))
    #expect(InterviewSession.read("2024-02-29", for: date, library: library) == .answer(.date(CalendarDate("2024-02-29")!)))
    #expect(InterviewSession.read("STOP", for: yesNo, library: library) == .stop)
    #expect(InterviewSession.read("done", for: yesNo, library: library) == .stop)
    #expect(InterviewSession.read("back", for: yesNo, library: library) == .back)
    #expect(InterviewSession.read("don’t know", for: yesNo, library: library) == .answer(.skip))
    #expect(InterviewSession.read("y", for: yesNo, library: library) == .answer(.value(.bool(true))))
    if case .invalid = InterviewSession.read("maybe", for: yesNo, library: library) {} else { Issue.record("maybe was accepted") }
    #expect(InterviewSession.read("ohio", for: state, library: library) == .answer(.state("OH")))
    if case .invalid = InterviewSession.read("US", for: state, library: library) {} else { Issue.record("federal law is not a care state") }
  }

  @Test func theAnswersRoundTripThroughTheirEncoding() throws {
    var session = InterviewSession(today: Self.today, roles: [.exploiter, .buyer])
    session.answer(.date, .date(CalendarDate("2025-03-01")!))
    session.answer(InterviewSession.Step.victimAge, .value(.age(16)))
    session.answer(.careState, .state("OH"))
    session.answer(.fact(FactPath(.purpose, "commercial_sex")), .value(.bool(true)))
    session.answer(.fact(FactPath(role: .buyer, .acts, "patronize")), .skip)
    let decoded = try InterviewSession.decode(session.encoded, today: Self.today, roles: [.exploiter, .buyer], library: Fixtures.bundled).get()
    #expect(decoded == session)
    #expect(decoded.facts == session.facts)
    // A bad item is refused by position, never quoting the value.
    let bad = InterviewSession.decode(["date:2025-03-01", "victim.age:old"], today: Self.today, library: Fixtures.bundled)
    guard case .failure(let error) = bad else {
      Issue.record("accepted a bad age")
      return
    }
    #expect(error.index == 1 && !error.problem.contains("old"))
    // A buyer's fact is refused when the interview has no buyer.
    guard case .failure = InterviewSession.decode(["buyer.acts.patronize:yes"], today: Self.today, library: Fixtures.bundled) else {
      Issue.record("accepted a buyer's fact without a buyer")
      return
    }
  }
}
