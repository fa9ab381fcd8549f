import Foundation
import HTCore
import Hummingbird
import RuleEngine
import RuleExport
import RuleSyntax

/// What every page and endpoint shares: the rules, loaded once, and today's date.
struct Site: Sendable {
  let library: RuleLibrary
  let today: @Sendable () -> CalendarDate
  /// Definition matrices by date: they hold no case data, only the law, and take seconds to probe.
  let matrices = MatrixCache()

  func matrix(_ date: CalendarDate) -> DefinitionMatrix {
    matrices.matrix(for: date) { DefinitionMatrix(library: library, date: $0) }
  }

  var codes: [String] { library.jurisdictions.map(\.code.text) }

  // MARK: Reading requests

  /// A case file from a JSON body, or a problem naming the field.
  func caseFile(_ request: Request) async throws -> CaseFile {
    let text = try await request.text()
    let (facts, diagnostics) = CaseDecoder.decode(text, file: "body", vocabulary: library.vocabulary)
    guard let facts else {
      let message = diagnostics.first?.message ?? "not a case file"
      // The field is the first `name` the message mentions; messages never quote a case's values.
      var field = "body"
      if let open = message.firstIndex(of: "`"), let close = message[message.index(after: open)...].firstIndex(of: "`") {
        field = String(message[message.index(after: open)..<close])
      }
      throw Problem(status: .unprocessableContent, field: field, detail: message.hasPrefix("not valid JSON") ? "the body is not valid JSON" : message)
    }
    return facts
  }

  func mode(_ request: Request) throws -> EvaluationMode {
    guard let text = request.uri.queryParameters.get("mode") else { return .identification }
    guard let mode = EvaluationMode(rawValue: text) else { throw Problem.bad("mode", "mode must be identification or liability") }
    return mode
  }

  func date(_ request: Request, name: String = "as_of") throws -> CalendarDate? {
    guard let text = request.uri.queryParameters.get(name) else { return nil }
    guard let date = CalendarDate(text) else { throw Problem.bad(name, "\(name) must be a date YYYY-MM-DD") }
    return date
  }

  func jurisdiction(_ code: String?, field: String) throws -> JurisdictionDecl {
    guard let code, !code.isEmpty else { throw Problem.bad(field, "\(field) is required: a jurisdiction code such as OH or US") }
    guard let j = library.jurisdiction(code.uppercased()) else { throw Problem.bad(field, "\(field) is not a known jurisdiction code") }
    return j
  }

  func offenses(_ text: String?, field: String = "offense") throws -> [OffenseKind] {
    guard let text else { return OffenseKind.allCases }
    guard let kind = OffenseKind(rawValue: text) else { throw Problem.bad(field, "\(field) must be sex_trafficking or labor_trafficking") }
    return [kind]
  }

  // MARK: The JSON API

  func addAPI(to router: Router<BasicRequestContext>) {
    let api = router.group("api/v1")
    api.post("compare") { request, _ -> Response in
      let facts = try await caseFile(request)
      let mode = try mode(request)
      let date = try date(request) ?? facts.date ?? today()
      let misses: Bool
      switch request.uri.queryParameters.get("nearest_misses") {
      case nil, "false": misses = false
      case "true": misses = true
      default: throw Problem.bad("nearest_misses", "nearest_misses must be true or false")
      }
      let explain: Bool
      switch request.uri.queryParameters.get("explain") {
      case nil, "false": explain = false
      case "true": explain = true
      default: throw Problem.bad("explain", "explain must be true or false")
      }
      let results = Evaluator(library: library).evaluate(facts, mode: mode, date: date, nearestMisses: misses)
      return Reply.json(ResultsJSON.render(results: results, mode: mode, date: date, caseID: facts.id, explanations: explain))
    }
    api.post("check") { request, _ -> Response in
      let wanted = request.uri.queryParameters.getAll("jurisdiction").map { String($0) }
      guard !wanted.isEmpty else { throw Problem.bad("jurisdiction", "give at least one jurisdiction, e.g. ?jurisdiction=OH") }
      let codes = try wanted.map { try jurisdiction($0, field: "jurisdiction").code.text }
      let facts = try await caseFile(request)
      let mode = try mode(request)
      let date = try date(request) ?? facts.date ?? today()
      let results = Evaluator(library: library).evaluate(facts, mode: mode, date: date, jurisdictions: codes, nearestMisses: true)
      return Reply.json(ResultsJSON.render(results: results, mode: mode, date: date, caseID: facts.id))
    }
    api.post("questions") { request, _ -> Response in
      let facts = try await caseFile(request)
      let mode = try mode(request)
      let date = try date(request) ?? facts.date ?? today()
      return Reply.json(AnalysisExport.questionsJSON(QuestionRanking(facts: facts, mode: mode, date: date, library: library)))
    }
    api.get("diff") { request, _ -> Response in
      let query = request.uri.queryParameters
      let a = try jurisdiction(query.get("a"), field: "a")
      let b = try jurisdiction(query.get("b"), field: "b")
      let kinds = try offenses(query.get("offense"))
      guard let role = Role(rawValue: query.get("role") ?? "exploiter") else { throw Problem.bad("role", "role must be exploiter or buyer") }
      let mode = try mode(request)
      let date = try date(request) ?? today()
      let diffs = kinds.map { JurisdictionDiff(library: library, a: a, b: b, offense: $0, role: role, mode: mode, date: date) }
      return Reply.json(.array(diffs.map { DiffExport.json($0, vocabulary: library.vocabulary) }))
    }
    api.get("matrix") { request, _ -> Response in
      let date = try date(request, name: "date") ?? today()
      return Reply.json(MatrixExport.json(matrix(date)))
    }
    api.get("jurisdictions") { _, _ -> Response in
      Reply.json(
        .array(
          library.jurisdictions.map { j in
            .object([
              ("code", .string(j.code.text)), ("name", .string(j.name)),
              ("offenses", .array(Set(j.offenses.map(\.kind)).sorted().map { .string($0.rawValue) })),
            ])
          }))
    }
    api.get("schema") { _, _ -> Response in
      Reply.json(CaseSchema.schema(for: library.vocabulary))
    }
    router.get("openapi.json") { _, _ -> Response in
      Reply.text(OpenAPIDocument.json(vocabulary: library.vocabulary, codes: codes), type: "application/json")
    }
  }
}

/// The last few definition matrices asked for (the law only, never a case), so that the
/// researchers' page and its downloads do not probe the rules again.
final class MatrixCache: @unchecked Sendable {
  private let lock = NSLock()
  private var kept: [(CalendarDate, DefinitionMatrix)] = []

  func matrix(for date: CalendarDate, make: (CalendarDate) -> DefinitionMatrix) -> DefinitionMatrix {
    lock.lock()
    if let found = kept.first(where: { $0.0 == date }) {
      lock.unlock()
      return found.1
    }
    lock.unlock()
    let made = make(date)
    lock.lock()
    kept.append((date, made))
    if kept.count > 8 { kept.removeFirst() }
    lock.unlock()
    return made
  }
}
