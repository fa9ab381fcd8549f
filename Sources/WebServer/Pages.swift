import BundledRules
import Foundation
import HTCore
import Hummingbird
import RuleEngine
import RuleExport
import RuleSyntax

/// HTML escaping for text and attribute values.
func esc(_ text: String) -> String { TileMap.escape(text) }

/// An outcome in words with a symbol, never by colour alone.
func outcomeBadge(_ outcome: Outcome) -> String {
  switch outcome {
  case .met: return "<strong class=\"outcome met\">✔ MET</strong>"
  case .notMet: return "<strong class=\"outcome not-met\">✘ NOT MET</strong>"
  case .undetermined: return "<strong class=\"outcome open\">? UNDETERMINED</strong>"
  }
}

extension Site {
  // MARK: Layout

  func page(_ title: String, _ body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(esc(title)) — htrules</title>
    <link rel="stylesheet" href="/assets/style.css">
    </head>
    <body>
    <a class="skip" href="#main">Skip to the content</a>
    <header><nav aria-label="Main"><a href="/">New interview</a> <a href="/research">For researchers</a> <a href="/api">JSON API</a></nav></header>
    <main id="main">
    \(body)
    </main>
    <footer><p>\(esc(Disclaimer.short))</p></footer>
    </body>
    </html>

    """
  }

  /// The interview's state as hidden fields, so that it travels with the next request.
  func hidden(_ session: InterviewSession) -> String {
    var out = session.encoded.map { "<input type=\"hidden\" name=\"a\" value=\"\(esc($0))\">" }.joined(separator: "\n")
    if session.roles.contains(.buyer) { out += "\n<input type=\"hidden\" name=\"buyer\" value=\"1\">" }
    return out
  }

  func session(from form: [(String, String)]) throws -> InterviewSession {
    let roles: [Role] = form.first("buyer") == "1" ? [.exploiter, .buyer] : [.exploiter]
    switch InterviewSession.decode(form.all("a"), today: today(), roles: roles, library: library) {
    case .success(let session): return session
    case .failure(let error): throw Problem.bad("a[\(error.index)]", "answer \(error.index + 1): \(error.problem)")
    }
  }

  func stateOptions(selected: String?, includeFederal: Bool) -> String {
    library.jurisdictions.filter { includeFederal || $0.code.text != "US" }.map { j in
      let code = j.code.text
      return "<option value=\"\(code)\"\(code == selected ? " selected" : "")>\(esc(j.name)) (\(code))</option>"
    }.joined(separator: "\n")
  }

  // MARK: Routes

  func addPages(to router: Router<BasicRequestContext>) {
    router.get("/") { _, _ -> Response in
      let session = InterviewSession(today: today())
      return Reply.html(interviewPage(session, question: session.nextQuestion(library: library), hint: nil))
    }
    router.post("interview") { request, _ -> Response in
      try interview(try await request.form())
    }
    router.post("result") { request, _ -> Response in
      let form = try await request.form()
      return Reply.html(resultPage(try session(from: form), complete: false))
    }
    router.post("jurisdiction") { request, _ -> Response in
      let form = try await request.form()
      let j = try jurisdiction(form.first("code"), field: "code")
      return Reply.html(jurisdictionPage(try session(from: form), j))
    }
    router.post("side-by-side") { request, _ -> Response in
      let form = try await request.form()
      let a = try jurisdiction(form.first("left"), field: "left")
      let b = try jurisdiction(form.first("right"), field: "right")
      return Reply.html(sideBySidePage(try session(from: form), a, b))
    }
    router.post("summary") { request, _ -> Response in
      let form = try await request.form()
      return Reply.html(summaryPage(try session(from: form)))
    }
    router.get("research") { request, _ -> Response in
      Reply.html(researchPage(try date(request, name: "date") ?? today()))
    }
    router.get("research/matrix.csv") { request, _ -> Response in
      let date = try date(request, name: "date") ?? today()
      return Reply.text(MatrixExport.csv(matrix(date)), type: "text/csv; charset=utf-8", filename: "matrix-\(date).csv")
    }
    router.get("research/matrix.json") { request, _ -> Response in
      let date = try date(request, name: "date") ?? today()
      return Reply.text(MatrixExport.json(matrix(date)).rendered(), type: "application/json", filename: "matrix-\(date).json")
    }
    router.get("research/codebook.csv") { request, _ -> Response in
      let date = try date(request, name: "date") ?? today()
      let entries = MatrixExport.codebook(matrix(date), vocabulary: library.vocabulary)
      return Reply.text(MatrixExport.codebookCSV(entries), type: "text/csv; charset=utf-8", filename: "codebook-\(date).csv")
    }
    router.get("api") { _, _ -> Response in Reply.html(apiPage()) }
    router.get("assets/style.css") { _, _ -> Response in Reply.text(Assets.stylesheet, type: "text/css; charset=utf-8") }
  }

  // MARK: The interview

  func interview(_ form: [(String, String)]) throws -> Response {
    var session = try session(from: form)
    var hint: String?
    let action = form.first("action") ?? "answer"
    switch action {
    case "back":
      session.back()
    case "stop":
      return Reply.html(resultPage(session, complete: false))
    default:
      if let key = form.first("q"), let question = session.nextQuestion(library: library), InterviewSession.key(question.step) == key {
        // The first page also offers the state where care is given.
        if question.step == .date, let state = form.first("state"), !state.isEmpty, state != "skip" {
          guard let code = InterviewSession.stateCode(state, library: library) else { throw Problem.bad("state", "state is not a state's code") }
          session.answer(.careState, .state(code))
        }
        if action == "skip" {
          session.skip(question.step)
        } else {
          let reply = form.all("reply").last { !$0.isEmpty } ?? ""
          switch InterviewSession.read(reply, for: question, library: library) {
          case .answer(let answer): session.answer(question.step, answer)
          case .stop: return Reply.html(resultPage(session, complete: false))
          case .back: session.back()
          case .invalid(let text): hint = text
          }
        }
      }
    }
    guard let next = session.nextQuestion(library: library) else { return Reply.html(resultPage(session, complete: true)) }
    return Reply.html(interviewPage(session, question: next, hint: hint))
  }

  func interviewPage(_ session: InterviewSession, question: InterviewSession.Question?, hint: String?) -> String {
    guard let question else { return resultPage(session, complete: true) }
    let (settled, total) = session.settled(library: library)
    let number = session.entries.count + 1
    let key = InterviewSession.key(question.step)
    var body = "<h1>Is this trafficking, and where?</h1>\n"
    if session.entries.isEmpty {
      body +=
        "<p class=\"intro\">One question at a time. Answer what you know; \"Don't know\" moves on. Only questions that can still change a result are asked, the one that settles the most first. Nothing you enter is stored: the answers travel with the page.</p>\n"
    }
    body += "<p id=\"progress\">Question \(number). Settled in \(settled) of \(total) jurisdictions.</p>\n"
    body += "<progress max=\"\(total)\" value=\"\(settled)\" aria-labelledby=\"progress\">\(settled) of \(total)</progress>\n"
    if let note = session.dateNote { body += "<p class=\"note\">\(esc(note))</p>\n" }
    body += "<form method=\"post\" action=\"/interview\" class=\"question\">\n\(hidden(session))\n<input type=\"hidden\" name=\"q\" value=\"\(esc(key))\">\n"
    let hintID = hint == nil ? "" : " aria-describedby=\"hint\" aria-invalid=\"true\""
    let hintText = hint.map { "<p id=\"hint\" class=\"hint\" role=\"alert\">\(esc($0))</p>\n" } ?? ""
    switch question.input {
    case .yesNo:
      body += "<fieldset><legend>\(esc(question.text))</legend>\n\(hintText)"
      body += "<button type=\"submit\" name=\"reply\" value=\"yes\" autofocus>Yes</button>\n"
      body += "<button type=\"submit\" name=\"reply\" value=\"no\">No</button>\n"
      body += "<button type=\"submit\" name=\"action\" value=\"skip\">Don't know</button>\n</fieldset>\n"
    case .date:
      body += "<label for=\"reply\">\(esc(question.text))</label>\n\(hintText)"
      body += "<input id=\"reply\" name=\"reply\" type=\"text\" inputmode=\"numeric\" placeholder=\"YYYY-MM-DD\" autocomplete=\"off\" autofocus\(hintID)>\n"
      if session.answer(to: .careState) == nil {
        body +=
          "<label for=\"state\" class=\"secondary\">Optional: the state where the patient is cared for (its result and the federal one are shown first)</label>\n"
        body +=
          "<select id=\"state\" name=\"state\">\n<option value=\"skip\">— none —</option>\n\(stateOptions(selected: nil, includeFederal: false))\n</select>\n"
      }
      body += "<p><button type=\"submit\">Next</button>\n"
      body += "<button type=\"submit\" name=\"reply\" value=\"still happening\">Still happening</button>\n"
      body += "<button type=\"submit\" name=\"reply\" value=\"not sure\">Not sure</button></p>\n"
    case .age:
      body += "<label for=\"reply\">\(esc(question.text)) (years)</label>\n\(hintText)"
      body += "<input id=\"reply\" name=\"reply\" type=\"number\" min=\"0\" max=\"120\" autofocus\(hintID)>\n"
      body += "<button type=\"submit\">Next</button>\n<button type=\"submit\" name=\"action\" value=\"skip\">Don't know</button>\n"
    case .state:
      body += "<label for=\"reply\">\(esc(question.text))</label>\n\(hintText)"
      body +=
        "<select id=\"reply\" name=\"reply\" autofocus>\n<option value=\"skip\">— none / skip —</option>\n\(stateOptions(selected: nil, includeFederal: false))\n</select>\n"
      body += "<button type=\"submit\">Next</button>\n"
    case .mentalState:
      body += "<fieldset><legend>\(esc(question.text))</legend>\n\(hintText)"
      for level in MentalLevel.allCases {
        body += "<button type=\"submit\" name=\"reply\" value=\"\(level.rawValue)\">\(level.rawValue.capitalized)</button>\n"
      }
      body += "<button type=\"submit\" name=\"action\" value=\"skip\">Don't know</button>\n</fieldset>\n"
    }
    if question.changes > 0 {
      body +=
        "<p class=\"why\">The answer can change the result in \(question.jurisdictions.count) jurisdiction\(question.jurisdictions.count == 1 ? "" : "s").</p>\n"
    }
    body += "<p class=\"controls\">"
    if !session.entries.isEmpty { body += "<button type=\"submit\" name=\"action\" value=\"back\">Back: change the last answer</button> " }
    body += "<button type=\"submit\" name=\"action\" value=\"stop\">Stop and show the results</button></p>\n</form>\n"
    if !session.entries.isEmpty {
      body += "<details><summary>Your answers so far (\(session.entries.count))</summary>\n<ul>\n"
      for entry in session.entries { body += "<li>\(esc(describe(entry)))</li>\n" }
      body += "</ul></details>\n"
    }
    return page("Interview, question \(number)", body)
  }

  func describe(_ entry: InterviewSession.Entry) -> String {
    let what: String
    switch entry.step {
    case .date: what = "When"
    case .careState: what = "State where care is given"
    case .fact(let path): what = library.vocabulary.label(for: path)
    }
    let value: String
    switch entry.answer {
    case .date(let date): value = date.description
    case .stillHappening: value = "still happening"
    case .notSure: value = "not sure"
    case .state(let code): value = library.jurisdiction(code)?.name ?? code
    case .value(let v): value = v.description
    case .skip: value = "don't know"
    }
    return "\(what): \(value)"
  }

  // MARK: Results

  func summaryHTML(_ summary: ResultsSummary, level: Int = 2) -> String {
    var out = ""
    for role in Role.allCases {
      let sections = summary.sections.filter { $0.role == role }
      guard !sections.isEmpty else { continue }
      out +=
        role == .exploiter
        ? "<h\(level)>What happened to the patient <span class=\"sub\">(the exploiter's conduct)</span></h\(level)>\n"
        : "<h\(level)>The buyer <span class=\"sub\">(whoever paid for sex or services)</span></h\(level)>\n"
      for section in sections {
        out +=
          "<section class=\"kind\" aria-label=\"\(esc(section.kind.words)), \(role.rawValue)\">\n<h\(level + 1)>\(esc(section.kind.words.capitalized))</h\(level + 1)>\n"
        guard section.concernsCase else {
          out += "<p>Not met in any of the \(section.total) jurisdictions.</p>\n</section>\n"
          continue
        }
        out += "<ul class=\"first\">\n"
        for line in section.first {
          let place = line.code == "US" ? "Federal law" : "\(esc(line.name)) (where care is given)"
          out += "<li>\(place): \(outcomeBadge(line.outcome))\(line.confidence == .low ? " <em>(uncertain reading)</em>" : "")</li>\n"
        }
        out += "</ul>\n"
        out +=
          "<p class=\"counts\">Met in <strong>\(section.met.count)</strong> of \(section.total) jurisdictions, not met in <strong>\(section.notMet.count)</strong>, undetermined in <strong>\(section.undetermined.count)</strong>.</p>\n"
        if !section.open.isEmpty {
          out += "<ul class=\"open\">\n"
          for group in section.open.prefix(6) {
            let who = group.jurisdictions.count <= 8 ? group.jurisdictions.joined(separator: ", ") : "\(group.jurisdictions.count) jurisdictions"
            out += "<li>Undetermined in \(esc(who)): would be decided by \(esc(ResultsSummary.deciders(group.deciders))).</li>\n"
          }
          if section.open.count > 6 {
            out += "<li>… and \(section.open.count - 6) more groups of undetermined jurisdictions (see each jurisdiction's page).</li>\n"
          }
          out += "</ul>\n"
        }
        out += "</section>\n"
      }
    }
    return out
  }

  func mapImage(_ results: [EvaluationResult], kind: OffenseKind, date: CalendarDate) -> String {
    let svg = ResultsMap.svg(results: results, offense: kind, date: date)
    let rows = results.filter { $0.offense == kind }
    let grouped = Dictionary(grouping: rows, by: \.jurisdiction).mapValues { Outcome.anyMet($0.map(\.outcome)) }
    let counts = Outcome.allCases.map { outcome in "\(outcome.words) in \(grouped.values.filter { $0 == outcome }.count)" }.joined(separator: ", ")
    let alt = "Tile map of \(kind.words) for this case: \(counts) jurisdictions. Each tile shows the state's code and the result in words."
    return
      "<figure class=\"map\"><img src=\"data:image/svg+xml;base64,\(Data(svg.utf8).base64EncodedString())\" alt=\"\(esc(alt))\" width=\"826\" height=\"546\"><figcaption>\(esc(kind.words.capitalized)): outcome for the patient in each jurisdiction (law in force on \(date)). Tiles say the result in words; a ? marks an uncertain reading.</figcaption></figure>\n"
  }

  func resultPage(_ session: InterviewSession, complete: Bool) -> String {
    let date = session.lawDate
    let results = session.results(library: library)
    let summary = ResultsSummary(results: results, vocabulary: library.vocabulary, careState: session.careState)
    var body = "<h1>Results</h1>\n"
    body += "<p>Law in force on <strong>\(date)</strong>.\(session.dateNote.map { " " + esc($0) } ?? "")</p>\n"
    body +=
      complete
      ? "<p class=\"note\" role=\"status\">The interview is complete: no answer to any remaining question could change a result.</p>\n"
      : "<p class=\"note\" role=\"status\">The interview was stopped early: some results may still be open.</p>\n"
    body += summaryHTML(summary)
    body += "<h2>Maps</h2>\n"
    for kind in OffenseKind.allCases where results.contains(where: { $0.offense == kind }) {
      body += mapImage(results, kind: kind, date: date)
    }
    body += navigation(session)
    return page("Results", body)
  }

  /// The buttons from a result to the other views, each carrying the answers.
  func navigation(_ session: InterviewSession) -> String {
    let state = session.careState
    var out = "<h2>More</h2>\n<div class=\"nav-forms\">\n"
    out += "<form method=\"post\" action=\"/jurisdiction\">\n\(hidden(session))\n"
    out +=
      "<label for=\"code\">A jurisdiction's page</label>\n<select id=\"code\" name=\"code\">\n\(stateOptions(selected: state ?? "US", includeFederal: true))\n</select>\n"
    out += "<button type=\"submit\">Open the jurisdiction's page</button>\n</form>\n"
    out += "<form method=\"post\" action=\"/side-by-side\">\n\(hidden(session))\n<fieldset><legend>Two jurisdictions side by side</legend>\n"
    out += "<label for=\"left\">First</label>\n<select id=\"left\" name=\"left\">\n\(stateOptions(selected: state ?? "NY", includeFederal: true))\n</select>\n"
    out += "<label for=\"right\">Second</label>\n<select id=\"right\" name=\"right\">\n\(stateOptions(selected: "US", includeFederal: true))\n</select>\n"
    out += "<button type=\"submit\">Compare side by side</button>\n</fieldset>\n</form>\n"
    out += "<form method=\"post\" action=\"/summary\">\n\(hidden(session))\n<button type=\"submit\">Printable one-page summary</button>\n</form>\n"
    out += "<form method=\"post\" action=\"/interview\">\n\(hidden(session))\n<button type=\"submit\">Back to the interview</button>\n</form>\n"
    out += "</div>\n"
    return out
  }

  // MARK: A jurisdiction

  func sourceLink(_ j: JurisdictionDecl, prong: String?) -> String? {
    guard let prong else { return nil }
    let parts = prong.split(separator: ".").map(String.init)
    guard parts.count == 2, let offense = j.offenses.first(where: { $0.id.text == parts[0] }) else { return nil }
    for version in offense.versions {
      if let p = version.prongs.first(where: { $0.id.text == parts[1] }), let source = p.notes.source,
        let decl = j.sources.first(where: { $0.id.text == source.text })
      {
        return decl.url
      }
    }
    return nil
  }

  func explanationHTML(_ node: Explanation) -> String {
    let mark: String
    switch node.value {
    case .met: mark = "✔ met"
    case .notMet: mark = "✘ not met"
    case .undetermined: mark = "? not known"
    case .assumed: mark = "○ assumed"
    }
    var out = "<li><span class=\"mark\">[\(mark)]</span> \(esc(node.label)) — \(esc(node.why))"
    if node.kind != .offense { out += " <span class=\"cite\">[\(esc(node.citation))]</span>" }
    for question in node.questions { out += "<br><em>Open question: \(esc(question))</em>" }
    if !node.children.isEmpty { out += "\n<ul>\n" + node.children.map(explanationHTML).joined() + "</ul>\n" }
    return out + "</li>\n"
  }

  func jurisdictionPage(_ session: InterviewSession, _ j: JurisdictionDecl) -> String {
    let code = j.code.text
    let date = session.lawDate
    let results = Evaluator(library: library).evaluate(session.facts, mode: session.mode, date: date, jurisdictions: [code], nearestMisses: true)
    var body = "<h1>\(esc(j.name)) (\(code))</h1>\n<p>Law in force on <strong>\(date)</strong>.</p>\n"
    for r in results {
      body += "<section aria-label=\"\(esc(r.offense.words)), \(r.role.rawValue)\">\n"
      body += "<h2>\(esc(r.offense.words.capitalized)) — the \(r.role.rawValue)'s conduct: \(outcomeBadge(r.outcome))</h2>\n"
      body += "<p>In plain words: \(esc(r.reason)).</p>\n"
      let link = sourceLink(j, prong: r.prong)
      let citation = link.map { "<a href=\"\(esc($0))\" rel=\"noreferrer\">\(esc(r.citation))</a>" } ?? esc(r.citation)
      body +=
        "<p>\(r.outcome == .met ? "Deciding subsection" : "Provisions"): \(citation). Confidence in the project's reading: <strong>\(r.confidence.rawValue)</strong>.</p>\n"
      if !r.missing.isEmpty {
        body += "<p>What would decide it: \(esc(r.missing.map { library.vocabulary.label(for: $0) }.joined(separator: "; "))).</p>\n"
      }
      if !r.nearestMisses.isEmpty {
        body += "<p>What would change the result:</p>\n<ul>\n"
        for miss in r.nearestMisses { body += "<li>It would be met if \(esc(miss.words)) <span class=\"cite\">[\(esc(miss.citation))]</span></li>\n" }
        body += "</ul>\n"
      }
      if !r.questions.isEmpty {
        body += "<p>Open questions in the project's reading:</p>\n<ul>\n"
        for q in r.questions { body += "<li>\(esc(q.citation)): \(esc(q.question))</li>\n" }
        body += "</ul>\n"
      }
      body += "<details><summary>Every element, with its subsection</summary>\n<ul class=\"tree\">\n"
      body += r.explanation.map(explanationHTML).joined() + "</ul>\n</details>\n</section>\n"
    }
    if !j.sources.isEmpty {
      body += "<h2>Sources</h2>\n<ul>\n"
      for source in j.sources {
        body +=
          "<li><a href=\"\(esc(source.url))\" rel=\"noreferrer\">\(esc(source.citation))</a> (\(source.tier.rawValue), current as of \(source.currentAsOf))</li>\n"
      }
      body += "</ul>\n"
    }
    body += navigation(session)
    return page("\(j.name)", body)
  }

  // MARK: Side by side

  func sideBySidePage(_ session: InterviewSession, _ a: JurisdictionDecl, _ b: JurisdictionDecl) -> String {
    let date = session.lawDate
    let results = Evaluator(library: library).evaluate(session.facts, mode: session.mode, date: date, jurisdictions: [a.code.text, b.code.text])
    var body = "<h1>\(esc(a.name)) and \(esc(b.name)) side by side</h1>\n<p>Law in force on <strong>\(date)</strong>.</p>\n"
    body += "<table>\n<caption>This patient's results</caption>\n<thead><tr><th scope=\"col\">Offense and role</th>"
    body += "<th scope=\"col\">\(esc(a.name)) (\(a.code.text))</th><th scope=\"col\">\(esc(b.name)) (\(b.code.text))</th></tr></thead>\n<tbody>\n"
    for kind in OffenseKind.allCases {
      for role in session.roles {
        let ra = results.first { $0.jurisdiction == a.code.text && $0.offense == kind && $0.role == role }
        let rb = results.first { $0.jurisdiction == b.code.text && $0.offense == kind && $0.role == role }
        guard ra != nil || rb != nil else { continue }
        func cell(_ r: EvaluationResult?) -> String {
          guard let r else { return "<td>no such offense</td>" }
          return "<td>\(outcomeBadge(r.outcome))<br><span class=\"cite\">\(esc(r.citation))</span></td>"
        }
        body += "<tr><th scope=\"row\">\(esc(kind.words)), \(role.rawValue)</th>\(cell(ra))\(cell(rb))</tr>\n"
      }
    }
    body += "</tbody>\n</table>\n"
    for kind in OffenseKind.allCases
    where a.offenses.contains(where: { $0.kind == kind }) && b.offenses.contains(where: { $0.kind == kind }) {
      let diff = JurisdictionDiff(library: library, a: a, b: b, offense: kind, role: .exploiter, mode: session.mode, date: date)
      body += "<section aria-label=\"\(esc(kind.words)) definitions\">\n<h2>\(esc(kind.words.capitalized)): the two definitions</h2>\n"
      body += "<p>\(esc(DiffExport.relationWords(diff))).</p>\n"
      if !diff.differences.isEmpty {
        body +=
          "<table>\n<caption>Element differences</caption>\n<thead><tr><th scope=\"col\">Element</th><th scope=\"col\">\(a.code.text)</th><th scope=\"col\">\(b.code.text)</th></tr></thead>\n<tbody>\n"
        for d in diff.differences {
          body += "<tr><th scope=\"row\">\(esc(d.element))</th><td>\(esc(d.a))<br><span class=\"cite\">\(esc(d.aCitations.joined(separator: "; ")))</span></td>"
          body += "<td>\(esc(d.b))<br><span class=\"cite\">\(esc(d.bCitations.joined(separator: "; ")))</span></td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
      }
      for witness in diff.witnesses {
        body +=
          "<p>A case met in \(witness.metIn) but not in \(witness.notMetIn):</p>\n<pre>\(esc(witness.facts.json(vocabulary: library.vocabulary).rendered()))</pre>\n"
      }
      body += "</section>\n"
    }
    body += navigation(session)
    return page("\(a.code.text) and \(b.code.text) side by side", body)
  }

  // MARK: Printable summary

  func summaryPage(_ session: InterviewSession) -> String {
    let date = session.lawDate
    let results = session.results(library: library)
    let summary = ResultsSummary(results: results, vocabulary: library.vocabulary, careState: session.careState)
    var body = "<article class=\"printable\">\n<h1>Trafficking definitions: summary for the clinical record</h1>\n"
    body +=
      "<p>Law in force on <strong>\(date)</strong>\(session.dateNote.map { " (" + esc($0) + ")" } ?? ""). Rules checked for amendments through \(BundledRules.amendmentsCheckedThrough).</p>\n"
    body += "<p class=\"disclaimer\"><strong>\(esc(Disclaimer.short))</strong></p>\n"
    body += summaryHTML(summary, level: 2)
    let codes = ClinicalCodes(facts: session.facts, results: results)
    body += "<h2>ICD-10-CM code families that fit these facts</h2>\n"
    if codes.families.isEmpty {
      body += "<p>None: neither sexual nor labor exploitation is met or open in any jurisdiction.</p>\n"
    } else {
      body +=
        "<table>\n<caption>Choose confirmed or suspected; add the 7th character for the encounter (A initial, D subsequent, S sequela).</caption>\n<thead><tr><th scope=\"col\">Family</th><th scope=\"col\">Confirmed</th><th scope=\"col\">Suspected</th><th scope=\"col\">Why it fits</th></tr></thead>\n<tbody>\n"
      for family in codes.families {
        body += "<tr><th scope=\"row\">\(esc(family.title))</th><td>\(family.confirmed)</td><td>\(family.suspected)</td><td>\(esc(family.because))</td></tr>\n"
      }
      body += "</tbody>\n</table>\n"
    }
    body += "<p class=\"screen-only\">Use your browser's Print command: this page is laid out for one sheet.</p>\n</article>\n"
    body += "<div class=\"screen-only\">\(navigation(session))</div>\n"
    return page("Printable summary", body)
  }

  // MARK: Researchers

  func researchPage(_ date: CalendarDate) -> String {
    let matrix = matrix(date)
    var body = "<h1>Definition matrix</h1>\n"
    body += "<form method=\"get\" action=\"/research\"><label for=\"date\">Law in force on (YYYY-MM-DD)</label>\n"
    body +=
      "<input id=\"date\" name=\"date\" type=\"text\" inputmode=\"numeric\" value=\"\(date)\" autocomplete=\"off\">\n<button type=\"submit\">Show</button></form>\n"
    body +=
      "<p>Downloads for \(date): <a href=\"/research/matrix.csv?date=\(date)\">matrix (CSV)</a>, <a href=\"/research/matrix.json?date=\(date)\">matrix (JSON)</a>, <a href=\"/research/codebook.csv?date=\(date)\">codebook (CSV)</a>.</p>\n"
    body += "<p class=\"note\">A value followed by \"?\" (striped, italic) rests on a reading the project marks low confidence.</p>\n"
    body += "<div class=\"wide\">\n" + MatrixExport.htmlTables(matrix, vocabulary: library.vocabulary) + "</div>\n"
    return page("Definition matrix, \(date)", body)
  }

  func apiPage() -> String {
    let body = """
      <h1>JSON API</h1>
      <p>The same evaluation as the command line, under <code>/api/v1</code>, described by the OpenAPI 3.1 document at <a href="/openapi.json">/openapi.json</a>. Case files are sent in the request body and never stored or logged.</p>
      <ul>
      <li><code>POST /api/v1/compare</code>: every jurisdiction (body: a case file)</li>
      <li><code>POST /api/v1/check?jurisdiction=OH</code>: chosen jurisdictions, with explanations</li>
      <li><code>POST /api/v1/questions</code>: unknown facts ranked by how many results they decide</li>
      <li><code>GET /api/v1/diff?a=OH&amp;b=US</code>: two jurisdictions' definitions compared, with witness cases</li>
      <li><code>GET /api/v1/matrix?date=2025-06-01</code>: the definition matrix</li>
      <li><code>GET /api/v1/jurisdictions</code> and <code>GET /api/v1/schema</code> (the case file's JSON Schema)</li>
      </ul>
      """
    return page("JSON API", body)
  }
}
