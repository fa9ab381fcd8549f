import Foundation
import HTCore
import Hummingbird
import Logging
import RuleEngine
import RuleExport

/// `htrules serve`: the local web page and the JSON API, thin wiring over the same library code
/// as the command line. Stateless: the answers travel with every request; nothing about a case
/// is stored, logged or cached. Every asset is inside the binary.
public enum WebServer {
  /// Request bodies larger than this are refused with 413.
  public static let bodyLimit = 64 * 1024

  /// The Content-Security-Policy of every response: only this server's own stylesheet and
  /// images; no scripts, no frames, forms only to this server.
  public static let contentSecurityPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

  /// Every address and the one method it takes (others get 405).
  static let methods: [String: String] = [
    "/": "GET", "/interview": "POST", "/result": "POST", "/jurisdiction": "POST", "/side-by-side": "POST", "/summary": "POST",
    "/research": "GET", "/research/matrix.csv": "GET", "/research/matrix.json": "GET", "/research/codebook.csv": "GET", "/api": "GET",
    "/assets/style.css": "GET", "/openapi.json": "GET", "/api/v1/compare": "POST", "/api/v1/check": "POST", "/api/v1/questions": "POST",
    "/api/v1/diff": "GET", "/api/v1/matrix": "GET", "/api/v1/jurisdictions": "GET", "/api/v1/schema": "GET",
  ]

  /// The router with every page and endpoint; the rules are loaded once by the caller.
  public static func router(library: RuleLibrary, today: @escaping @Sendable () -> CalendarDate = { CalendarDate.today() }) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: SecurityHeaders())
    let site = Site(library: library, today: today)
    site.addPages(to: router)
    site.addAPI(to: router)
    return router
  }

  /// The application bound to `host:port` (127.0.0.1 by default); `onRunning` gets the port.
  public static func application(
    library: RuleLibrary, host: String = "127.0.0.1", port: Int = 8080, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
  ) -> some ApplicationProtocol {
    var logger = Logger(label: "htrules-serve")
    // Requests are never logged (case facts are sensitive): only warnings and errors of the server itself.
    logger.logLevel = .warning
    return Application(
      router: router(library: library),
      configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
      logger: logger)
  }
}

/// Security headers on every response, errors included: strict CSP, no caching, no referrer,
/// no sniffing. No cookie is ever set.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as HTTPResponseError where error.status == .notFound && WebServer.methods[request.uri.path] != nil {
      // A known path asked with another method.
      response = Problem(status: .methodNotAllowed, field: nil, detail: "this address takes \(WebServer.methods[request.uri.path]!) only").response
      response.headers[.allow] = WebServer.methods[request.uri.path]!
    } catch let error as HTTPResponseError {
      response = try error.response(from: request, context: context)
      if response.headers[.contentType] == nil, error.status.code >= 400 {
        response = Problem(status: error.status, field: nil, detail: error.status.reasonPhrase).response
      }
    }
    response.headers[.contentSecurityPolicy] = WebServer.contentSecurityPolicy
    response.headers[.cacheControl] = "no-store"
    response.headers[.init("Referrer-Policy")!] = "no-referrer"
    response.headers[.init("X-Content-Type-Options")!] = "nosniff"
    response.headers[.init("X-Frame-Options")!] = "DENY"
    response.headers[.setCookie] = nil
    return response
  }
}

/// An `application/problem+json` error (RFC 9457) naming the field at fault, never quoting a
/// case's values.
struct Problem: Error, HTTPResponseError {
  var status: HTTPResponse.Status
  var field: String?
  var detail: String

  var headers: HTTPFields { [.contentType: "application/problem+json"] }

  var response: Response {
    var members: [(String, JSONOutput)] = [
      ("type", .string("about:blank")), ("title", .string(status.reasonPhrase)), ("status", .int(status.code)), ("detail", .string(detail)),
    ]
    if let field { members.append(("field", .string(field))) }
    return Response(
      status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: JSONOutput.object(members).rendered())))
  }

  func response(from request: Request, context: some RequestContext) throws -> Response { response }

  static func bad(_ field: String, _ detail: String) -> Problem { Problem(status: .badRequest, field: field, detail: detail) }
}

extension Request {
  /// The body, refused with 413 past the limit.
  func text(limit: Int = WebServer.bodyLimit) async throws -> String {
    if let length = headers[.contentLength].flatMap(Int.init), length > limit {
      throw Problem(status: .contentTooLarge, field: nil, detail: "the request body is larger than \(limit) bytes")
    }
    do {
      let buffer = try await body.collect(upTo: limit)
      return String(buffer: buffer)
    } catch let error as HTTPResponseError where error.status == .contentTooLarge {
      throw Problem(status: .contentTooLarge, field: nil, detail: "the request body is larger than \(limit) bytes")
    }
  }

  /// The fields of a form body (`application/x-www-form-urlencoded`), in order.
  func form() async throws -> [(String, String)] {
    FormFields.parse(try await text())
  }
}

enum FormFields {
  static func parse(_ text: String) -> [(String, String)] {
    text.split(separator: "&").map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ s: Substring) -> String { (String(s).replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? "" }
      return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }
  }
}

extension Array where Element == (String, String) {
  func first(_ name: String) -> String? { first { $0.0 == name }?.1 }
  func all(_ name: String) -> [String] { filter { $0.0 == name }.map(\.1) }
}

enum Reply {
  static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }

  static func json(_ value: JSONOutput) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: value.rendered(pretty: false))))
  }

  static func text(_ text: String, type: String, filename: String? = nil) -> Response {
    var headers: HTTPFields = [.contentType: type]
    if let filename { headers[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }
}
