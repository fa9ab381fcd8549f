import Foundation
import HTCore
import Hummingbird
import HummingbirdTesting
import RuleEngine
import Testing
import WebServer

enum Web {
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }

  static let library: RuleLibrary = {
    guard let library = RuleLibrary.load(directory: root + "/Rules").library else { fatalError("Rules/ did not load") }
    return library
  }()

  static let teenCase = try! String(contentsOfFile: root + "/Examples/teen-commercial-sex.json", encoding: .utf8)

  static func app() -> some ApplicationProtocol {
    Application(router: WebServer.router(library: library, today: { CalendarDate("2026-12-07")! }))
  }

  static func form(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    return ByteBuffer(string: text)
  }

  static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
  static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

  /// Every response: strict CSP, no cookie, not cached.
  static func checkHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.headers[.contentSecurityPolicy] == WebServer.contentSecurityPolicy, sourceLocation: sourceLocation)
    #expect(response.headers[.setCookie] == nil, sourceLocation: sourceLocation)
    #expect(response.headers[.cacheControl] == "no-store", sourceLocation: sourceLocation)
  }

  static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

  /// The hidden answers of a page's first form, in order.
  static func answers(in html: String) -> [String] {
    var found: [String] = []
    var rest = Substring(html)
    let marker = "<input type=\"hidden\" name=\"a\" value=\""
    // Only the first form's answers (every form on a page carries the same ones).
    if let end = rest.range(of: "</form>") { rest = rest[..<end.lowerBound] }
    while let start = rest.range(of: marker) {
      rest = rest[start.upperBound...]
      guard let close = rest.firstIndex(of: "\"") else { break }
      found.append(String(rest[..<close]).replacingOccurrences(of: "&amp;", with: "&"))
      rest = rest[close...]
    }
    return found
  }

  static func hiddenValue(_ name: String, in html: String) -> String? {
    let marker = "<input type=\"hidden\" name=\"\(name)\" value=\""
    guard let start = html.range(of: marker), let close = html[start.upperBound...].firstIndex(of: "\"") else { return nil }
    return String(html[start.upperBound..<close])
  }
}

@Suite struct WebServerTests {
  @Test func everyPageAndGetEndpointAnswersWithItsTypeAndTheSecurityHeaders() async throws {
    let pages: [(String, String)] = [
      ("/", "text/html; charset=utf-8"),
      ("/research?date=2025-06-01", "text/html; charset=utf-8"),
      ("/api", "text/html; charset=utf-8"),
      ("/assets/style.css", "text/css; charset=utf-8"),
      ("/openapi.json", "application/json"),
      ("/api/v1/jurisdictions", "application/json"),
      ("/api/v1/schema", "application/json"),
      ("/api/v1/matrix?date=2025-06-01", "application/json"),
      ("/api/v1/diff?a=OH&b=MA&offense=sex_trafficking", "application/json"),
      ("/research/matrix.csv?date=2025-06-01", "text/csv; charset=utf-8"),
      ("/research/matrix.json?date=2025-06-01", "application/json"),
      ("/research/codebook.csv?date=2025-06-01", "text/csv; charset=utf-8"),
    ]
    try await Web.app().test(.router) { client in
      for (uri, type) in pages {
        try await client.execute(uri: uri, method: .get) { response in
          #expect(response.status == .ok, "\(uri)")
          #expect(response.headers[.contentType] == type, "\(uri)")
          Web.checkHeaders(response)
          #expect(response.body.readableBytes > 0, "\(uri)")
        }
      }
      try await client.execute(uri: "/no-such-page", method: .get) { response in
        #expect(response.status == .notFound)
        Web.checkHeaders(response)
      }
      // A known address asked with another method: 405 naming the one it takes.
      try await client.execute(uri: "/api/v1/compare", method: .get) { response in
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == "POST")
        #expect(response.headers[.contentType] == "application/problem+json")
        Web.checkHeaders(response)
      }
      // The JSON documents parse; the OpenAPI document names every API path.
      try await client.execute(uri: "/openapi.json", method: .get) { response in
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        #expect(object["openapi"] as? String == "3.1.0")
        let paths = try #require(object["paths"] as? [String: Any])
        #expect(
          Set(paths.keys)
            == [
              "/api/v1/compare", "/api/v1/check", "/api/v1/questions", "/api/v1/diff", "/api/v1/matrix", "/api/v1/jurisdictions", "/api/v1/schema",
            ])
      }
      try await client.execute(uri: "/api/v1/jurisdictions", method: .get) { response in
        let list = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [[String: Any]])
        #expect(list.count == 52)
      }
      try await client.execute(uri: "/research?date=2025-06-01", method: .get) { response in
        #expect(Web.body(response).contains("<h2>Codebook</h2>"))
        #expect(Web.body(response).contains("matrix.csv?date=2025-06-01"))
        #expect(Web.body(response).contains("<th scope=\"row\">OH</th>"))
      }
    }
  }

  @Test func compareCheckAndQuestionsTakeACaseFile() async throws {
    let evaluator = Evaluator(library: Web.library)
    let (facts, _) = CaseDecoder.decode(Web.teenCase, file: "teen", vocabulary: Web.library.vocabulary)
    let expected = evaluator.evaluate(facts!, mode: .identification, date: facts!.date!)
    let met = expected.filter { $0.offense == .sexTrafficking && $0.role == .exploiter && $0.outcome == .met }.count
    try await Web.app().test(.router) { client in
      try await client.execute(uri: "/api/v1/compare", method: .post, headers: Web.jsonHeaders, body: ByteBuffer(string: Web.teenCase)) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        Web.checkHeaders(response)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == expected.count)
        let sexMet = results.filter {
          $0["offense"] as? String == "sex_trafficking" && $0["role"] as? String == "exploiter" && $0["outcome"] as? String == "met"
        }
        #expect(sexMet.count == met)
        #expect(met >= 50)
        // Compact by default: the explanation trees only on request.
        #expect(results.allSatisfy { $0["explanation"] == nil })
      }
      try await client.execute(uri: "/api/v1/compare?explain=true&nearest_misses=true", method: .post, body: ByteBuffer(string: Web.teenCase)) { response in
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.allSatisfy { $0["explanation"] != nil })
      }
      try await client.execute(uri: "/api/v1/check?jurisdiction=OH&jurisdiction=US", method: .post, body: ByteBuffer(string: Web.teenCase)) { response in
        #expect(response.status == .ok)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        #expect(Set((object["results"] as? [[String: Any]] ?? []).compactMap { $0["jurisdiction"] as? String }) == ["OH", "US"])
      }
      try await client.execute(uri: "/api/v1/questions", method: .post, body: ByteBuffer(string: #"{"victim": {"age": 16}, "exploiter": {}}"#)) { response in
        #expect(response.status == .ok)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        #expect((object["questions"] as? [Any])?.isEmpty == false)
      }
    }
  }

  @Test func badInputIsAProblemNamingTheFieldWithoutItsValue() async throws {
    try await Web.app().test(.router) { client in
      let cases: [(String, HTTPRequest.Method, String?, HTTPResponse.Status, String)] = [
        ("/api/v1/compare", .post, #"{"victim": {"age": "SECRET-VALUE"}}"#, .unprocessableContent, "victim.age"),
        ("/api/v1/compare", .post, "{not json", .unprocessableContent, "body"),
        ("/api/v1/compare?mode=strict", .post, "{}", .badRequest, "mode"),
        ("/api/v1/compare?as_of=2025-02-30", .post, "{}", .badRequest, "as_of"),
        ("/api/v1/check", .post, "{}", .badRequest, "jurisdiction"),
        ("/api/v1/check?jurisdiction=XX", .post, "{}", .badRequest, "jurisdiction"),
        ("/api/v1/diff?a=OH", .get, nil, .badRequest, "b"),
        ("/api/v1/diff?a=OH&b=US&offense=arson", .get, nil, .badRequest, "offense"),
        ("/api/v1/matrix?date=tomorrow", .get, nil, .badRequest, "date"),
      ]
      for (uri, method, body, status, field) in cases {
        try await client.execute(uri: uri, method: method, headers: Web.jsonHeaders, body: body.map { ByteBuffer(string: $0) }) { response in
          #expect(response.status == status, "\(uri)")
          #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
          Web.checkHeaders(response)
          let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
          #expect(object["field"] as? String == field, "\(uri)")
          #expect(object["status"] as? Int == Int(status.code))
          #expect(!Web.body(response).contains("SECRET-VALUE"))
        }
      }
      // A page's bad answer is a problem too, naming the answer by position.
      try await client.execute(
        uri: "/result", method: .post, headers: Web.formHeaders, body: Web.form([("a", "date:2025-03-01"), ("a", "victim.age:SECRET")])
      ) { response in
        #expect(response.status == .badRequest)
        #expect(response.headers[.contentType] == "application/problem+json")
        #expect(Web.body(response).contains("\"a[1]\""))
        #expect(!Web.body(response).contains("SECRET"))
      }
    }
  }

  @Test func anOversizeBodyIsRefusedWith413() async throws {
    let big = "{\"id\": \"" + String(repeating: "x", count: WebServer.bodyLimit + 10) + "\"}"
    try await Web.app().test(.router) { client in
      for uri in ["/api/v1/compare", "/api/v1/questions", "/api/v1/check?jurisdiction=OH"] {
        try await client.execute(uri: uri, method: .post, headers: Web.jsonHeaders, body: ByteBuffer(string: big)) { response in
          #expect(response.status == .contentTooLarge, "\(uri)")
          #expect(response.headers[.contentType] == "application/problem+json")
          Web.checkHeaders(response)
        }
      }
      try await client.execute(
        uri: "/interview", method: .post, headers: Web.formHeaders, body: ByteBuffer(string: "a=" + String(repeating: "x", count: WebServer.bodyLimit))
      ) { response in
        #expect(response.status == .contentTooLarge)
      }
    }
  }

  /// The teen story through the page's forms: the answers travel in the page, sex trafficking
  /// is settled in all 52 jurisdictions within six questions, then every view opens.
  @Test func theTeenStoryThroughThePages() async throws {
    let story = InterviewSession.Story(parsing: try String(contentsOfFile: Web.root + "/Examples/stories/teen-shelter.txt", encoding: .utf8))
    try await Web.app().test(.router) { client in
      var html = try await client.execute(uri: "/", method: .get) { Web.body($0) }
      #expect(html.contains("Question 1."))
      var asked = 0
      var answers: [String] = []
      while asked < 12 {
        let settledSex = try InterviewSession.decode(answers, today: CalendarDate("2026-12-07")!, library: Web.library).get()
          .settled(library: Web.library, kind: .sexTrafficking)
        if settledSex.settled == 52 { break }
        let key = try #require(Web.hiddenValue("q", in: html))
        asked += 1
        var fields = answers.map { ("a", $0) } + [("q", key)]
        let value = story.answers[key]
        if let value { fields.append(("reply", value)) } else { fields.append(("action", "skip")) }
        // The first page also takes the state where care is given.
        if key == "date", let state = story.answers["state"] { fields.append(("state", state)) }
        html = try await client.execute(uri: "/interview", method: .post, headers: Web.formHeaders, body: Web.form(fields)) { response in
          #expect(response.status == .ok)
          Web.checkHeaders(response)
          return Web.body(response)
        }
        answers = Web.answers(in: html)
        #expect(answers.count == asked + 1, "the page carries every answer and the care state")
      }
      #expect(asked <= 6)
      #expect(html.contains("Settled in") || html.contains("Results"))
      let carried = answers.map { ("a", $0) }
      let result = try await client.execute(uri: "/interview", method: .post, headers: Web.formHeaders, body: Web.form(carried + [("action", "stop")])) {
        Web.body($0)
      }
      #expect(result.contains("<h1>Results</h1>"))
      #expect(result.contains("Ohio (where care is given)"))
      #expect(result.contains("Met in <strong>52</strong> of 52"))
      #expect(result.contains("data:image/svg+xml;base64,"))
      let ohio = try await client.execute(uri: "/jurisdiction", method: .post, headers: Web.formHeaders, body: Web.form(carried + [("code", "OH")])) {
        #expect($0.status == .ok)
        return Web.body($0)
      }
      #expect(ohio.contains("<h1>Ohio (OH)</h1>"))
      #expect(ohio.contains("Deciding subsection"))
      #expect(ohio.contains("href=\"http"))
      let both = try await client.execute(
        uri: "/side-by-side", method: .post, headers: Web.formHeaders, body: Web.form(carried + [("left", "OH"), ("right", "US")])
      ) {
        #expect($0.status == .ok)
        return Web.body($0)
      }
      #expect(both.contains("Ohio and United States side by side") || both.contains("side by side"))
      #expect(both.contains("Element differences") || both.contains("exactly the same cases"))
      let summary = try await client.execute(uri: "/summary", method: .post, headers: Web.formHeaders, body: Web.form(carried)) {
        #expect($0.status == .ok)
        return Web.body($0)
      }
      #expect(summary.contains("T74.52-") && summary.contains("T76.52-"))
      #expect(!summary.contains("T74.51-") && !summary.contains("T74.62-"))
      #expect(summary.contains("Not legal advice"))
      #expect(summary.contains("2025-03-01"))
    }
  }

  @Test func backStopAndAWrongAnswerOnThePage() async throws {
    try await Web.app().test(.router) { client in
      // A date that does not exist is asked again with a hint.
      let wrong = try await client.execute(
        uri: "/interview", method: .post, headers: Web.formHeaders, body: Web.form([("q", "date"), ("reply", "2025-02-30")])
      ) { Web.body($0) }
      #expect(wrong.contains("role=\"alert\""))
      #expect(Web.answers(in: wrong).isEmpty)
      // "Still happening" then back: the date is asked again.
      let ongoing = try await client.execute(
        uri: "/interview", method: .post, headers: Web.formHeaders, body: Web.form([("q", "date"), ("reply", ""), ("reply", "still happening")])
      ) { Web.body($0) }
      #expect(Web.answers(in: ongoing) == ["date:ongoing"])
      #expect(ongoing.contains("law in force today (2026-12-07)"))
      let back = try await client.execute(
        uri: "/interview", method: .post, headers: Web.formHeaders, body: Web.form([("a", "date:ongoing"), ("action", "back")])
      ) { Web.body($0) }
      #expect(Web.hiddenValue("q", in: back) == "date")
      let stopped = try await client.execute(
        uri: "/interview", method: .post, headers: Web.formHeaders, body: Web.form([("a", "date:ongoing"), ("action", "stop")])
      ) { Web.body($0) }
      #expect(stopped.contains("stopped early"))
    }
  }
}
