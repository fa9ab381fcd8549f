import HTCore

/// Prints a rule document in canonical form. Printing is idempotent, and parsing what it
/// prints gives back an equal document.
public enum RulePrinter {
  public static func print(_ document: RuleDocument) -> String {
    var out = Output()
    switch document {
    case .jurisdiction(let j): out.jurisdiction(j)
    case .vocabulary(let v): out.vocabulary(v)
    }
    return out.text
  }

  public static func quote(_ text: String) -> String {
    var out = "\""
    for character in text {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.append(character)
      }
    }
    return out + "\""
  }
}

private struct Output {
  var text = ""
  var level = 0

  mutating func line(_ content: String) {
    text += String(repeating: "  ", count: level) + content + "\n"
  }

  mutating func blank() { text += "\n" }

  mutating func open(_ header: String) {
    line(header + " {")
    level += 1
  }

  mutating func close() {
    level -= 1
    line("}")
  }

  mutating func notes(_ notes: RuleNotes) {
    line("cite " + RulePrinter.quote(notes.citation) + (notes.source.map { " from \($0.text)" } ?? ""))
    if let confidence = notes.confidence { line("confidence \(confidence.rawValue)") }
    line("summary " + RulePrinter.quote(notes.summary))
    if let question = notes.question { line("question " + RulePrinter.quote(question)) }
  }

  mutating func jurisdiction(_ j: JurisdictionDecl) {
    open("jurisdiction \(j.code.text) \(RulePrinter.quote(j.name))")
    var first = true
    func separate(_ out: inout Output) {
      if !first { out.blank() }
      first = false
    }
    for source in j.sources {
      separate(&self)
      open("source \(source.id.text) \(RulePrinter.quote(source.citation))")
      line("url " + RulePrinter.quote(source.url))
      line("tier \(source.tier.rawValue)")
      line("current as of \(source.currentAsOf)")
      line("accessed \(source.accessed)")
      close()
    }
    if let sweep = j.amendmentSweep {
      separate(&self)
      open("amendments checked through \(sweep.checkedThrough)")
      line("performed \(sweep.performed)")
      line("searched " + RulePrinter.quote(sweep.searched))
      for finding in sweep.findings {
        open("finding \(RulePrinter.quote(finding.act)) \(finding.outcome.rawValue)")
        if let effective = finding.effective { line("effective \(effective)") }
        if let source = finding.source { line("from \(source.text)") }
        line("summary " + RulePrinter.quote(finding.summary))
        close()
      }
      close()
    }
    if let harbor = j.safeHarbor {
      separate(&self)
      open("safe harbor \(harbor.kind.rawValue)")
      notes(harbor.notes)
      close()
    }
    for definition in j.meansDefinitions {
      separate(&self)
      open("means \(definition.id.text) \(definition.isOpen ? "open" : "closed") list")
      notes(definition.notes)
      line("includes " + definition.means.map(\.text).joined(separator: ", "))
      close()
    }
    for definition in j.conceptDefinitions {
      separate(&self)
      open("concept \(definition.path)" + (definition.askedDirectly ? " asked directly" : ""))
      if definition.effectiveFrom != nil || definition.effectiveTo != nil {
        line("in force" + (definition.effectiveFrom.map { " from \($0)" } ?? "") + (definition.effectiveTo.map { " to \($0)" } ?? ""))
      }
      notes(definition.notes)
      for condition in definition.conditions { self.condition(condition) }
      close()
    }
    for offense in j.offenses {
      separate(&self)
      open("offense \(offense.id.text) \(RulePrinter.quote(offense.name)) is \(offense.kind.rawValue)")
      line("cite " + RulePrinter.quote(offense.citation))
      if let first = offense.firstInForce { line("first in force \(first)") }
      for version in offense.versions {
        blank()
        open("version from \(version.effectiveFrom)" + (version.effectiveTo.map { " to \($0)" } ?? ""))
        if let enactedBy = version.enactedBy { line("enacted by " + RulePrinter.quote(enactedBy)) }
        if let note = version.note { line("note " + RulePrinter.quote(note)) }
        let hasHeader = version.enactedBy != nil || version.note != nil
        for (index, prong) in version.prongs.enumerated() {
          if hasHeader || index > 0 { blank() }
          open("prong \(prong.id.text) for " + prong.roles.map(\.rawValue).joined(separator: ", "))
          notes(prong.notes)
          for condition in prong.conditions { self.condition(condition) }
          close()
        }
        for defense in version.defenses {
          blank()
          open("defense \(defense.kind.rawValue) \(defense.rule.rawValue)")
          notes(defense.notes)
          close()
        }
        close()
      }
      close()
    }
    close()
  }

  mutating func condition(_ c: ConditionDecl) {
    func names(_ list: [Name]) -> String { list.map(\.text).joined(separator: ", ") }
    switch c.test {
    case .acts(let list): open("acts any of " + names(list))
    case .purpose(let list): open("purpose any of " + names(list))
    case .meansAny(let list): open("means any of " + names(list))
    case .meansDefinition(let name): open("means in \(name.text)")
    case .victimAge(let bound): open("victim age \(bound.words)")
    case .actorAge(let bound): open("actor age \(bound.words)")
    case .victimFact(let name, let expected): open("victim is \(expected ? "" : "not ")\(name.text)")
    case .actorFact(let name, let expected): open("actor is \(expected ? "" : "not ")\(name.text)")
    case .mentalState(let level): open("mental state at least \(level.rawValue)")
    case .anyOf(let members), .allOf(let members):
      if case .anyOf = c.test { open("any of") } else { open("all of") }
      notes(c.notes)
      for member in members { condition(member) }
      close()
      return
    }
    notes(c.notes)
    close()
  }

  mutating func vocabulary(_ v: VocabularyDecl) {
    open("vocabulary")
    for (index, term) in v.terms.enumerated() {
      if index > 0 { blank() }
      open("term \(term.group.rawValue).\(term.id.text) \(term.type.rawValue)" + (term.category == .fact ? "" : " \(term.category.rawValue)"))
      line("meaning " + RulePrinter.quote(term.meaning))
      line("question " + RulePrinter.quote(term.question))
      close()
    }
    close()
  }
}
