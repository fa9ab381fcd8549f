import HTCore

/// Entry point of the rule-language stage: parses rule text into a `RuleDocument`.
///
/// The parser is recovering: it never traps and never stops at the first error. When an item
/// cannot be read it reports a diagnostic, skips to the next place an item can start (balancing
/// braces), and goes on, so one run reports every problem in the file.
public struct RuleParser {
  var tokens: [Token]
  var index = 0
  let file: String
  var diagnostics: [Diagnostic]
  var depth = 0
  static let maximumDepth = 32

  public static func parse(_ source: SourceText) -> (document: RuleDocument?, diagnostics: [Diagnostic]) {
    let (tokens, lexDiagnostics) = Lexer.tokenize(source)
    var parser = RuleParser(tokens: tokens, file: source.fileName, diagnostics: lexDiagnostics)
    let document = parser.parseDocument()
    return (document, parser.diagnostics)
  }

  init(tokens: [Token], file: String, diagnostics: [Diagnostic]) {
    // The lexer reports bad characters; the parser skips them.
    self.tokens = tokens.filter {
      if case .invalid = $0.kind { return false }; return true
    }
    self.file = file
    self.diagnostics = diagnostics
  }

  // MARK: - Token helpers

  var current: Token { tokens[min(index, tokens.count - 1)] }

  mutating func advance() {
    if index < tokens.count - 1 { index += 1 }
  }

  var origin: NodeOrigin { NodeOrigin(file: file, position: .offset(current.offset)) }

  func isWord(_ word: String) -> Bool {
    if case .word(let w) = current.kind { return w == word }
    return false
  }

  var currentWord: String? {
    if case .word(let w) = current.kind { return w }
    return nil
  }

  mutating func error(_ message: String, at offset: Int? = nil) {
    diagnostics.append(.error(message, file: file, offset: offset ?? current.offset))
  }

  /// Consumes the word or reports what was expected.
  mutating func expectWord(_ word: String, context: String) -> Bool {
    if isWord(word) {
      advance()
      return true
    }
    var message = "expected `\(word)` \(context), found \(current.describedForError)"
    if let found = currentWord { message += Suggestions.hint(for: found, in: [word]) }
    error(message)
    return false
  }

  mutating func expectName(_ what: String) -> Name? {
    if case .word(let w) = current.kind {
      let name = Name(w, origin: origin)
      advance()
      return name
    }
    error("expected \(what), found \(current.describedForError)")
    return nil
  }

  mutating func expectString(_ what: String) -> String? {
    if case .string(let s) = current.kind {
      advance()
      return s
    }
    error("expected \(what) in double quotes, found \(current.describedForError)")
    return nil
  }

  mutating func expectDate(_ what: String) -> CalendarDate? {
    if case .date(let d) = current.kind {
      advance()
      return d
    }
    error("expected \(what) (YYYY-MM-DD), found \(current.describedForError)")
    return nil
  }

  mutating func expectInteger(_ what: String) -> Int? {
    if case .integer(let n) = current.kind {
      advance()
      return n
    }
    error("expected \(what), found \(current.describedForError)")
    return nil
  }

  mutating func expect(_ kind: Token.Kind, _ what: String) -> Bool {
    if current.kind == kind {
      advance()
      return true
    }
    error("expected \(what), found \(current.describedForError)")
    return false
  }

  /// Reads `word` choices from a closed set, suggesting the closest on a typo.
  mutating func expectChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ what: String) -> T? where T.RawValue == String {
    if let word = currentWord, let value = T(rawValue: word) {
      advance()
      return value
    }
    let choices = T.allCases.map(\.rawValue)
    var message = "expected \(what) (\(choices.joined(separator: ", "))), found \(current.describedForError)"
    if let word = currentWord { message += Suggestions.hint(for: word, in: choices) }
    error(message)
    return nil
  }

  /// A comma-separated list of names.
  mutating func nameList(_ what: String) -> [Name]? {
    var names: [Name] = []
    guard let first = expectName(what) else { return nil }
    names.append(first)
    while current.kind == .comma {
      advance()
      guard let next = expectName(what) else { return nil }
      names.append(next)
    }
    return names
  }

  /// Skips to the next token that can start an item in the current block, or to its closing brace.
  mutating func recover(to starters: Set<String>) {
    var nesting = 0
    while current.kind != .endOfFile {
      switch current.kind {
      case .leftBrace: nesting += 1
      case .rightBrace:
        if nesting == 0 { return }
        nesting -= 1
        if nesting == 0 {
          advance()
          if let word = currentWord, starters.contains(word) { return }
          continue
        }
      case .word(let w) where nesting == 0 && starters.contains(w): return
      default: break
      }
      advance()
    }
  }

  /// Parses `{ item* }`, calling `item` for each item whose first word is in `starters`.
  /// Returns false when the block could not be opened.
  mutating func block(_ what: String, starters: Set<String>, item: (inout RuleParser, String) -> Bool) -> Bool {
    guard expect(.leftBrace, "`{` to open \(what)") else {
      recover(to: starters)
      if current.kind != .leftBrace { return false }
      advance()
      return parseItems(what, starters: starters, item: item)
    }
    return parseItems(what, starters: starters, item: item)
  }

  private mutating func parseItems(_ what: String, starters: Set<String>, item: (inout RuleParser, String) -> Bool) -> Bool {
    depth += 1
    defer { depth -= 1 }
    if depth > RuleParser.maximumDepth {
      error("nesting is deeper than \(RuleParser.maximumDepth) levels")
      skipBalanced()
      return true
    }
    while true {
      switch current.kind {
      case .rightBrace:
        advance()
        return true
      case .endOfFile:
        error("expected `}` to close \(what) before the end of the file")
        return true
      case .word(let w) where starters.contains(w):
        let before = index
        if !item(&self, w) {
          if index == before { advance() }
          recover(to: starters)
        }
      default:
        var message = "unexpected \(current.describedForError) in \(what); expected one of: \(starters.sorted().joined(separator: ", "))"
        if let word = currentWord { message += Suggestions.hint(for: word, in: starters) }
        error(message)
        advance()
        recover(to: starters)
      }
    }
  }

  /// Skips to the brace that closes the current block, consuming it.
  mutating func skipBalanced() {
    var nesting = 0
    while current.kind != .endOfFile {
      if current.kind == .leftBrace { nesting += 1 }
      if current.kind == .rightBrace {
        if nesting == 0 {
          advance()
          return
        }
        nesting -= 1
      }
      advance()
    }
  }

  // MARK: - Documents

  mutating func parseDocument() -> RuleDocument? {
    var document: RuleDocument?
    while current.kind != .endOfFile {
      let start = origin
      if document != nil {
        error("a rule file holds one `jurisdiction` or one `vocabulary`; this is a second one")
      }
      if isWord("jurisdiction") {
        advance()
        if let jurisdiction = parseJurisdiction(start) { document = document ?? .jurisdiction(jurisdiction) }
      } else if isWord("vocabulary") {
        advance()
        if let vocabulary = parseVocabulary(start) { document = document ?? .vocabulary(vocabulary) }
      } else {
        var message = "expected `jurisdiction` or `vocabulary` at the top of the file, found \(current.describedForError)"
        if let word = currentWord { message += Suggestions.hint(for: word, in: ["jurisdiction", "vocabulary"]) }
        error(message)
        advance()
        recover(to: ["jurisdiction", "vocabulary"])
        if current.kind == .rightBrace { advance() }
      }
    }
    if document == nil && diagnostics.isEmpty {
      error("the file is empty; expected `jurisdiction` or `vocabulary`")
    }
    return document
  }

  mutating func parseJurisdiction(_ start: NodeOrigin) -> JurisdictionDecl? {
    guard let code = expectName("a jurisdiction code such as OH") else { recover(to: []); skipBalanced(); return nil }
    let name = expectString("the jurisdiction's name") ?? ""
    var decl = JurisdictionDecl(code: code, name: name, origin: start)
    _ = block("the jurisdiction", starters: ["source", "amendments", "safe", "means", "concept", "offense"]) { parser, word in
      let itemOrigin = parser.origin
      parser.advance()
      switch word {
      case "source":
        guard let source = parser.parseSource(itemOrigin) else { return false }
        decl.sources.append(source)
      case "amendments":
        guard let sweep = parser.parseAmendmentSweep(itemOrigin) else { return false }
        if decl.amendmentSweep != nil { parser.error("the jurisdiction already has an amendment sweep", at: parser.offset(itemOrigin)) }
        decl.amendmentSweep = sweep
      case "safe":
        guard parser.expectWord("harbor", context: "after `safe`") else { return false }
        guard let kind = parser.expectChoice(SafeHarborKind.self, "a safe-harbor kind") else { return false }
        var notes = NotesBuilder()
        let ok = parser.block("the safe harbor", starters: NotesBuilder.starters) { p, w in notes.parse(&p, w) }
        guard let built = notes.build(&parser, at: itemOrigin, what: "the safe harbor") else { return ok }
        if decl.safeHarbor != nil { parser.error("the jurisdiction already has a safe harbor", at: parser.offset(itemOrigin)) }
        decl.safeHarbor = SafeHarborDecl(kind: kind, notes: built, origin: itemOrigin)
      case "means":
        guard let definition = parser.parseMeansDefinition(itemOrigin) else { return false }
        decl.meansDefinitions.append(definition)
      case "concept":
        guard let definition = parser.parseConceptDefinition(itemOrigin) else { return false }
        decl.conceptDefinitions.append(definition)
      default:
        guard let offense = parser.parseOffense(itemOrigin) else { return false }
        decl.offenses.append(offense)
      }
      return true
    }
    return decl
  }

  func offset(_ origin: NodeOrigin) -> Int {
    if case .offset(let o) = origin.position { return o }
    return 0
  }

  mutating func parseSource(_ start: NodeOrigin) -> SourceDecl? {
    guard let id = expectName("a source id") else { return nil }
    guard let citation = expectString("the source's citation") else { return nil }
    var url: String?
    var currentAsOf: CalendarDate?
    var accessed: CalendarDate?
    var tier: SourceTier?
    let ok = block("the source", starters: ["url", "tier", "current", "accessed"]) { parser, word in
      parser.advance()
      switch word {
      case "url":
        url = parser.expectString("the URL")
        return url != nil
      case "tier":
        tier = parser.expectChoice(SourceTier.self, "a source tier")
        return tier != nil
      case "current":
        guard parser.expectWord("as", context: "in `current as of`"), parser.expectWord("of", context: "in `current as of`") else { return false }
        currentAsOf = parser.expectDate("the date the text is current as of")
        return currentAsOf != nil
      default:
        accessed = parser.expectDate("the date the source was read")
        return accessed != nil
      }
    }
    guard ok else { return nil }
    if url == nil { error("source `\(id.text)` needs `url \"…\"`", at: offset(start)) }
    if currentAsOf == nil { error("source `\(id.text)` needs `current as of YYYY-MM-DD`", at: offset(start)) }
    if accessed == nil { error("source `\(id.text)` needs `accessed YYYY-MM-DD`", at: offset(start)) }
    if tier == nil { error("source `\(id.text)` needs `tier official`, `tier full_text` or `tier secondary`", at: offset(start)) }
    guard let url, let currentAsOf, let accessed, let tier else { return nil }
    return SourceDecl(id: id, citation: citation, url: url, currentAsOf: currentAsOf, accessed: accessed, tier: tier, origin: start)
  }

  /// `amendments checked through DATE { performed DATE  searched "…"  finding "act" OUTCOME { … }* }`
  mutating func parseAmendmentSweep(_ start: NodeOrigin) -> AmendmentSweepDecl? {
    guard expectWord("checked", context: "in `amendments checked through`"), expectWord("through", context: "in `amendments checked through`"),
      let checkedThrough = expectDate("the date amendments were checked through")
    else { return nil }
    var performed: CalendarDate?
    var searched: String?
    var findings: [AmendmentFindingDecl] = []
    let ok = block("the amendment sweep", starters: ["performed", "searched", "finding"]) { parser, word in
      let itemOrigin = parser.origin
      parser.advance()
      switch word {
      case "performed":
        performed = parser.expectDate("the date the sweep was made")
        return performed != nil
      case "searched":
        searched = parser.expectString("what was searched")
        return searched != nil
      default:
        guard let act = parser.expectString("the amending act"), let outcome = parser.expectChoice(AmendmentOutcome.self, "what became of the act")
        else { return false }
        var effective: CalendarDate?
        var source: Name?
        var summary: String?
        let inner = parser.block("the finding", starters: ["effective", "from", "summary"]) { p, w in
          p.advance()
          switch w {
          case "effective":
            effective = p.expectDate("the act's effective date")
            return effective != nil
          case "from":
            source = p.expectName("a source id")
            return source != nil
          default:
            summary = p.expectString("the summary")
            return summary != nil
          }
        }
        guard inner else { return false }
        guard let summary else {
          parser.error("the finding needs `summary \"…\"`", at: parser.offset(itemOrigin))
          return true
        }
        findings.append(AmendmentFindingDecl(act: act, outcome: outcome, effective: effective, source: source, summary: summary, origin: itemOrigin))
        return true
      }
    }
    guard ok else { return nil }
    if performed == nil { error("the amendment sweep needs `performed YYYY-MM-DD`", at: offset(start)) }
    if searched == nil { error("the amendment sweep needs `searched \"…\"`", at: offset(start)) }
    guard let performed, let searched else { return nil }
    return AmendmentSweepDecl(checkedThrough: checkedThrough, performed: performed, searched: searched, findings: findings, origin: start)
  }

  mutating func parseMeansDefinition(_ start: NodeOrigin) -> MeansDefinitionDecl? {
    guard let id = expectName("a name for the means list") else { return nil }
    let openness: Bool
    if isWord("open") {
      openness = true
    } else if isWord("closed") {
      openness = false
    } else {
      var message = "expected `open` or `closed` after the means list's name, found \(current.describedForError)"
      if let word = currentWord { message += Suggestions.hint(for: word, in: ["open", "closed"]) }
      error(message)
      return nil
    }
    advance()
    guard expectWord("list", context: "after `\(openness ? "open" : "closed")`") else { return nil }
    var notes = NotesBuilder()
    var means: [Name]?
    let ok = block("the means list", starters: NotesBuilder.starters.union(["includes"])) { parser, word in
      if word == "includes" {
        parser.advance()
        means = parser.nameList("a means term")
        return means != nil
      }
      return notes.parse(&parser, word)
    }
    guard ok, let built = notes.build(&self, at: start, what: "the means list") else { return nil }
    guard let means else {
      error("means list `\(id.text)` needs `includes <means>, …`", at: offset(start))
      return nil
    }
    return MeansDefinitionDecl(id: id, isOpen: openness, notes: built, means: means, origin: start)
  }

  /// `concept GROUP.TERM [asked directly] { [in force [from DATE] [to DATE]] notes condition* }`
  mutating func parseConceptDefinition(_ start: NodeOrigin) -> ConceptDefinitionDecl? {
    guard let group = expectChoice(Vocabulary.Group.self, "the concept's vocabulary group"), expect(.dot, "`.` between the group and the term"),
      let term = expectName("the concept's term")
    else { return nil }
    var askedDirectly = false
    if isWord("asked") {
      advance()
      guard expectWord("directly", context: "in `asked directly`") else { return nil }
      askedDirectly = true
    }
    var notes = NotesBuilder()
    var conditions: [ConditionDecl] = []
    var from: CalendarDate?
    var to: CalendarDate?
    let ok = block("the concept", starters: NotesBuilder.starters.union(RuleParser.conditionStarters).union(["in"])) { parser, word in
      if word == "in" {
        parser.advance()
        guard parser.expectWord("force", context: "in `in force from … to …`") else { return false }
        if parser.isWord("from") {
          parser.advance()
          from = parser.expectDate("the first day the definition applies")
          if from == nil { return false }
        }
        if parser.isWord("to") {
          parser.advance()
          to = parser.expectDate("the last day the definition applies")
          if to == nil { return false }
        }
        if from == nil && to == nil {
          parser.error("expected `from DATE` or `to DATE` after `in force`")
          return false
        }
        return true
      }
      if RuleParser.conditionStarters.contains(word) {
        guard let condition = parser.parseCondition(word) else { return false }
        conditions.append(condition)
        return true
      }
      return notes.parse(&parser, word)
    }
    guard ok, let built = notes.build(&self, at: start, what: "concept `\(group.rawValue).\(term.text)`") else { return nil }
    if conditions.isEmpty && !askedDirectly {
      error("concept `\(group.rawValue).\(term.text)` needs at least one condition, or `asked directly`", at: offset(start))
    }
    if !conditions.isEmpty && askedDirectly {
      error("concept `\(group.rawValue).\(term.text)` is asked directly, so it takes no conditions", at: offset(start))
    }
    return ConceptDefinitionDecl(
      group: group, term: term, effectiveFrom: from, effectiveTo: to, askedDirectly: askedDirectly, notes: built, conditions: conditions, origin: start)
  }

  mutating func parseOffense(_ start: NodeOrigin) -> OffenseDecl? {
    guard let id = expectName("an offense id") else { return nil }
    guard let name = expectString("the offense's name") else { return nil }
    guard expectWord("is", context: "before the offense kind") else { return nil }
    guard let kind = expectChoice(OffenseKind.self, "an offense kind") else { return nil }
    var citation: String?
    var firstInForce: CalendarDate?
    var versions: [VersionDecl] = []
    let ok = block("the offense", starters: ["cite", "first", "version"]) { parser, word in
      let itemOrigin = parser.origin
      parser.advance()
      if word == "cite" {
        citation = parser.expectString("the offense's citation")
        return citation != nil
      }
      if word == "first" {
        guard parser.expectWord("in", context: "in `first in force`"), parser.expectWord("force", context: "in `first in force`") else { return false }
        firstInForce = parser.expectDate("the day the offense first existed")
        return firstInForce != nil
      }
      guard let version = parser.parseVersion(itemOrigin) else { return false }
      versions.append(version)
      return true
    }
    guard ok else { return nil }
    if citation == nil { error("offense `\(id.text)` needs `cite \"…\"`", at: offset(start)) }
    if versions.isEmpty { error("offense `\(id.text)` needs at least one `version`", at: offset(start)) }
    return OffenseDecl(id: id, name: name, kind: kind, citation: citation ?? "", firstInForce: firstInForce, versions: versions, origin: start)
  }

  mutating func parseVersion(_ start: NodeOrigin) -> VersionDecl? {
    guard expectWord("from", context: "after `version`"), let from = expectDate("the date the version took effect") else { return nil }
    var to: CalendarDate?
    if isWord("to") {
      advance()
      guard let date = expectDate("the last day the version was in force") else { return nil }
      to = date
    }
    var version = VersionDecl(effectiveFrom: from, effectiveTo: to, prongs: [], origin: start)
    let ok = block("the version", starters: ["enacted", "note", "prong", "defense"]) { parser, word in
      let itemOrigin = parser.origin
      parser.advance()
      switch word {
      case "enacted":
        guard parser.expectWord("by", context: "in `enacted by`"), let text = parser.expectString("the enacting law") else { return false }
        version.enactedBy = text
      case "note":
        guard let text = parser.expectString("the note") else { return false }
        version.note = text
      case "prong":
        guard let prong = parser.parseProng(itemOrigin) else { return false }
        version.prongs.append(prong)
      default:
        guard let kind = parser.expectChoice(DefenseKind.self, "a defense"),
          let rule = parser.expectChoice(DefenseRule.self, "the defense's rule")
        else { return false }
        var notes = NotesBuilder()
        let ok = parser.block("the defense", starters: NotesBuilder.starters) { p, w in notes.parse(&p, w) }
        guard let built = notes.build(&parser, at: itemOrigin, what: "the defense") else { return ok }
        version.defenses.append(DefenseDecl(kind: kind, rule: rule, notes: built, origin: itemOrigin))
      }
      return true
    }
    guard ok else { return nil }
    if version.prongs.isEmpty { error("a version needs at least one `prong`", at: offset(start)) }
    return version
  }

  static let conditionStarters: Set<String> = ["acts", "purpose", "means", "victim", "actor", "mental", "any", "all"]

  mutating func parseProng(_ start: NodeOrigin) -> ProngDecl? {
    guard let id = expectName("a prong id") else { return nil }
    guard expectWord("for", context: "before the roles the prong reaches") else { return nil }
    var roles: [Role] = []
    guard let first = expectChoice(Role.self, "a role") else { return nil }
    roles.append(first)
    while current.kind == .comma {
      advance()
      guard let role = expectChoice(Role.self, "a role") else { return nil }
      roles.append(role)
    }
    var notes = NotesBuilder()
    var conditions: [ConditionDecl] = []
    let ok = block("the prong", starters: NotesBuilder.starters.union(RuleParser.conditionStarters)) { parser, word in
      if RuleParser.conditionStarters.contains(word) {
        guard let condition = parser.parseCondition(word) else { return false }
        conditions.append(condition)
        return true
      }
      return notes.parse(&parser, word)
    }
    guard ok, let built = notes.build(&self, at: start, what: "prong `\(id.text)`") else { return nil }
    if built.confidence == nil { error("prong `\(id.text)` needs `confidence high|medium|low`", at: offset(start)) }
    if conditions.isEmpty { error("prong `\(id.text)` needs at least one condition", at: offset(start)) }
    return ProngDecl(id: id, roles: roles, notes: built, conditions: conditions, origin: start)
  }

  mutating func parseAgeBound() -> AgeBound? {
    if isWord("under") {
      advance()
      return expectInteger("an age").map(AgeBound.below)
    }
    if isWord("at") {
      advance()
      guard expectWord("least", context: "in `at least`") else { return nil }
      return expectInteger("an age").map(AgeBound.atLeast)
    }
    var message = "expected `under N` or `at least N`, found \(current.describedForError)"
    if let word = currentWord { message += Suggestions.hint(for: word, in: ["under", "at"]) }
    error(message)
    return nil
  }

  /// `victim is X`, `victim is not X`, `actor is X`.
  mutating func parseFact() -> (Name, Bool)? {
    var expected = true
    if isWord("not") {
      advance()
      expected = false
    }
    guard let name = expectName("a fact") else { return nil }
    return (name, expected)
  }

  mutating func parseCondition(_ word: String) -> ConditionDecl? {
    let start = origin
    advance()
    var test: ConditionTest?
    var members: [ConditionDecl]?
    switch word {
    case "acts", "purpose":
      guard expectWord("any", context: "after `\(word)`"), expectWord("of", context: "in `any of`"),
        let names = nameList(word == "acts" ? "an act" : "a purpose")
      else { return nil }
      test = word == "acts" ? .acts(names) : .purpose(names)
    case "means":
      if isWord("in") {
        advance()
        guard let name = expectName("the name of a means list") else { return nil }
        test = .meansDefinition(name)
      } else {
        guard expectWord("any", context: "after `means` (or write `means in <list>`)"), expectWord("of", context: "in `any of`"),
          let names = nameList("a means")
        else { return nil }
        test = .meansAny(names)
      }
    case "victim", "actor":
      if isWord("age") {
        advance()
        guard let bound = parseAgeBound() else { return nil }
        test = word == "victim" ? .victimAge(bound) : .actorAge(bound)
      } else {
        guard expectWord("is", context: "after `\(word)` (or `\(word) age …`)"), let (name, expected) = parseFact() else { return nil }
        test = word == "victim" ? .victimFact(name, expected: expected) : .actorFact(name, expected: expected)
      }
    case "mental":
      guard expectWord("state", context: "in `mental state`"), expectWord("at", context: "in `mental state at least`"),
        expectWord("least", context: "in `at least`"), let level = expectChoice(MentalLevel.self, "a mental state")
      else { return nil }
      test = .mentalState(level)
    default:  // any, all
      guard expectWord("of", context: "after `\(word)`") else { return nil }
      members = []
    }
    var notes = NotesBuilder()
    let starters = members == nil ? NotesBuilder.starters : NotesBuilder.starters.union(RuleParser.conditionStarters)
    let ok = block("the condition", starters: starters) { parser, inner in
      if RuleParser.conditionStarters.contains(inner) {
        guard let member = parser.parseCondition(inner) else { return false }
        members?.append(member)
        return true
      }
      return notes.parse(&parser, inner)
    }
    guard ok, let built = notes.build(&self, at: start, what: "the condition") else { return nil }
    if let members {
      if members.isEmpty { error("`\(word) of` needs at least one condition inside", at: offset(start)) }
      test = word == "any" ? .anyOf(members) : .allOf(members)
    }
    guard let test else { return nil }
    return ConditionDecl(test: test, notes: built, origin: start)
  }

  mutating func parseVocabulary(_ start: NodeOrigin) -> VocabularyDecl? {
    var terms: [TermDecl] = []
    _ = block("the vocabulary", starters: ["term"]) { parser, _ in
      let itemOrigin = parser.origin
      parser.advance()
      guard let group = parser.expectChoice(Vocabulary.Group.self, "a vocabulary group"),
        parser.expect(.dot, "`.` between the group and the term"),
        let id = parser.expectName("a term id"),
        let type = parser.expectChoice(Vocabulary.TermType.self, "a term type")
      else { return false }
      var category = Vocabulary.Category.fact
      if parser.isWord("mental") || parser.isWord("concept") {
        category = parser.isWord("mental") ? .mental : .concept
        parser.advance()
      }
      var meaning: String?
      var question: String?
      let ok = parser.block("the term", starters: ["meaning", "question"]) { p, w in
        p.advance()
        if w == "meaning" { meaning = p.expectString("the term's meaning") } else { question = p.expectString("the term's question") }
        return true
      }
      guard ok else { return false }
      if meaning == nil || question == nil {
        parser.error("term `\(id.text)` needs both `meaning \"…\"` and `question \"…\"`", at: parser.offset(itemOrigin))
      }
      terms.append(TermDecl(group: group, id: id, type: type, category: category, meaning: meaning ?? "", question: question ?? "", origin: itemOrigin))
      return true
    }
    return VocabularyDecl(terms: terms, origin: start)
  }
}

/// Collects `cite`, `confidence`, `summary` and `question` inside a block.
struct NotesBuilder {
  static let starters: Set<String> = ["cite", "confidence", "summary", "question"]
  var citation: String?
  var source: Name?
  var confidence: Confidence?
  var summary: String?
  var question: String?

  mutating func parse(_ parser: inout RuleParser, _ word: String) -> Bool {
    let at = parser.current.offset
    parser.advance()
    func once(_ present: Bool) -> Bool {
      if present { parser.error("`\(word)` is given twice", at: at) }
      return true
    }
    switch word {
    case "cite":
      _ = once(citation != nil)
      guard let text = parser.expectString("the citation") else { return false }
      citation = text
      if parser.isWord("from") {
        parser.advance()
        guard let name = parser.expectName("a source id") else { return false }
        source = name
      }
    case "confidence":
      _ = once(confidence != nil)
      guard let level = parser.expectChoice(Confidence.self, "a confidence") else { return false }
      confidence = level
    case "summary":
      _ = once(summary != nil)
      guard let text = parser.expectString("the summary") else { return false }
      summary = text
    default:
      _ = once(question != nil)
      guard let text = parser.expectString("the open question") else { return false }
      question = text
    }
    return true
  }

  func build(_ parser: inout RuleParser, at origin: NodeOrigin, what: String) -> RuleNotes? {
    if citation == nil { parser.error("\(what) needs `cite \"…\"`", at: parser.offset(origin)) }
    if summary == nil { parser.error("\(what) needs `summary \"…\"`", at: parser.offset(origin)) }
    guard let citation, let summary else { return nil }
    return RuleNotes(citation: citation, source: source, confidence: confidence, summary: summary, question: question)
  }
}
