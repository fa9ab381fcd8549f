import Foundation
import HTCore
import RuleSyntax
import Testing

let sampleRules = """
  jurisdiction ZZ "Testland" {
    source s1 "Testland Code § 1" {
      url "https://example.org/1"
      tier official
      current as of 2024-01-01
      accessed 2026-11-23
    }

    amendments checked through 2026-11-30 {
      performed 2026-12-01
      searched "Session laws 2020-2026 for sections 1 and 2."
      finding "Act 7 (2020)" encoded {
        effective 2020-01-01
        from s1
        summary "Created the offense."
      }
      finding "Act 9 (2026)" pending {
        summary "Would add buyers; not yet in force."
      }
    }

    means coercion open list {
      cite "Testland Code § 1(c)" from s1
      confidence medium
      summary "What counts as coercion."
      includes physical_force, fraud
    }

    offense sex_trafficking "Trafficking" is sex_trafficking {
      cite "Testland Code § 1"
      first in force 2020-01-01

      version from 2020-01-01 {
        prong a for exploiter, buyer {
          cite "Testland Code § 1(a)" from s1
          confidence high
          summary "Minor route."
          acts any of recruit, patronize {
            cite "Testland Code § 1(a)"
            summary "Acts."
          }
          any of {
            cite "Testland Code § 1(a)(1)"
            summary "Minor or believed minor."
            victim age under 18 {
              cite "Testland Code § 1(a)(1)"
              summary "Under 18."
            }
            actor is believed_victim_minor {
              cite "Testland Code § 1(a)(1)"
              confidence low
              summary "Belief."
              question "Is belief enough?"
            }
          }
          means in coercion {
            cite "Testland Code § 1(c)"
            summary "Means."
          }
        }

        defense mistake_of_age barred {
          cite "Testland Code § 1(d)"
          summary "No mistake-of-age defense."
        }
      }
    }
  }

  """

func vocabularyForTests() -> Vocabulary {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<3 { url.deleteLastPathComponent() }
  let path = url.path + "/Rules/vocabulary.rules"
  let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  guard case .vocabulary(let decl)? = RuleParser.parse(SourceText(fileName: path, text: text)).document else {
    fatalError("Rules/vocabulary.rules did not parse")
  }
  return decl.vocabulary
}

@Suite struct ParserTests {
  @Test func parsesAndPrintsCanonically() throws {
    let (document, diagnostics) = RuleParser.parse(SourceText(fileName: "t.rules", text: sampleRules))
    #expect(diagnostics.isEmpty)
    let parsed = try #require(document)
    let printed = RulePrinter.print(parsed)
    #expect(printed == sampleRules)
    #expect(RuleChecker.check(parsed, vocabulary: vocabularyForTests()).isEmpty)
  }

  @Test func parseOfPrintIsIdentityAndPrintingIsIdempotent() throws {
    let document = try #require(RuleParser.parse(SourceText(fileName: "t.rules", text: sampleRules)).document)
    let once = RulePrinter.print(document)
    let reparsed = try #require(RuleParser.parse(SourceText(fileName: "t.rules", text: once)).document)
    #expect(reparsed == document)
    #expect(RulePrinter.print(reparsed) == once)
  }

  @Test func reportsEveryErrorNotJustTheFirst() {
    let marked = MarkedSource(
      """
      jurisdiction ZZ "Testland" {
        1️⃣sorce s1 "x" {
          url "u"
        }
        offense o "O" is 2️⃣sex_trafficing {
          cite "c"
        }
        offense p "P" is labor_trafficking {
          cite "c"
          version from 3️⃣2020-02-30 {
          }
        }
      }
      """)
    let (_, diagnostics) = RuleParser.parse(marked.source)
    let offsets = Set(diagnostics.compactMap { if case .offset(let o) = $0.position { return o } else { return nil } })
    #expect(offsets.contains(marked.markers["1️⃣"]!))
    #expect(offsets.contains(marked.markers["2️⃣"]!))
    #expect(offsets.contains(marked.markers["3️⃣"]!))
    #expect(diagnostics.contains { $0.message.contains("did you mean `source`?") })
    #expect(diagnostics.contains { $0.message.contains("did you mean `sex_trafficking`?") })
    #expect(diagnostics.contains { $0.message.contains("not a valid date") })
  }

  @Test func unknownTermsGetTheClosestKnownOne() throws {
    let text = sampleRules.replacingOccurrences(of: "acts any of recruit, patronize", with: "acts any of recruit, harbour")
      .replacingOccurrences(of: "means in coercion", with: "means in coercian")
    let document = try #require(RuleParser.parse(SourceText(fileName: "t.rules", text: text)).document)
    let problems = RuleChecker.check(document, vocabulary: vocabularyForTests())
    let source = SourceText(fileName: "t.rules", text: text)
    let rendered = problems.map { $0.render(in: source) }
    #expect(rendered.contains { $0.contains("unknown act `harbour`; did you mean `harbor`?") })
    #expect(rendered.contains { $0.contains("unknown means list `coercian`; did you mean `coercion`?") })
    #expect(rendered.allSatisfy { $0.hasPrefix("t.rules:") && $0.contains("^") })
  }

  @Test func checksReferencesDatesAndQuestions() throws {
    let text =
      sampleRules
      .replacingOccurrences(of: "from s1\n    confidence medium", with: "from s2\n    confidence medium")
      .replacingOccurrences(of: "question \"Is belief enough?\"\n", with: "")
      .replacingOccurrences(
        of: "version from 2020-01-01 {",
        with:
          "version from 2020-01-01 {\n    }\n\n    version from 2019-01-01 to 2020-06-01 {\n      prong b for exploiter {\n        cite \"x\"\n        confidence high\n        summary \"y\"\n        victim age under 18 {\n          cite \"x\"\n          summary \"y\"\n        }\n      }\n    }\n\n    version from 2020-07-01 {"
      )
    let (document, syntax) = RuleParser.parse(SourceText(fileName: "t.rules", text: text))
    let messages = (syntax + RuleChecker.check(try #require(document), vocabulary: vocabularyForTests())).map(\.message)
    #expect(messages.contains { $0.contains("unknown source `s2`") })
    #expect(messages.contains { $0.contains("low-confidence reading needs a `question`") })
    #expect(messages.contains { $0.contains("first in force on 2020-01-01, but a version begins earlier") })
    #expect(messages.contains { $0.contains("overlap") })
    #expect(messages.contains { $0.contains("a version needs at least one `prong`") })
  }

  @Test func highConfidenceNeedsAnOfficialOrFullTextSource() throws {
    let secondary = sampleRules.replacingOccurrences(of: "tier official", with: "tier secondary")
    let (document, syntax) = RuleParser.parse(SourceText(fileName: "t.rules", text: secondary))
    #expect(syntax.isEmpty)
    let messages = RuleChecker.check(try #require(document), vocabulary: vocabularyForTests()).map(\.message)
    // The prong says high on s1; its conditions inherit both.
    #expect(messages.contains { $0.contains("rests on `s1`, a secondary source") })
    let fullText = sampleRules.replacingOccurrences(of: "tier official", with: "tier full_text")
    let ok = try #require(RuleParser.parse(SourceText(fileName: "t.rules", text: fullText)).document)
    #expect(RuleChecker.check(ok, vocabulary: vocabularyForTests()).isEmpty)
    let missingTier = sampleRules.replacingOccurrences(of: "tier official", with: "")
    #expect(RuleParser.parse(SourceText(fileName: "t.rules", text: missingTier)).diagnostics.map(\.message).contains { $0.contains("needs `tier official`") })
  }

  @Test func amendmentSweepIsChecked() throws {
    let text =
      sampleRules
      .replacingOccurrences(of: "effective 2020-01-01", with: "effective 2021-05-05")
      .replacingOccurrences(of: "finding \"Act 9 (2026)\" pending {", with: "finding \"Act 9 (2026)\" pending {\n from s9")
      .replacingOccurrences(of: "performed 2026-12-01", with: "performed 2026-11-01")
    let (document, syntax) = RuleParser.parse(SourceText(fileName: "t.rules", text: text))
    #expect(syntax.isEmpty)
    let messages = RuleChecker.check(try #require(document), vocabulary: vocabularyForTests()).map(\.message)
    #expect(messages.contains { $0.contains("marked encoded, but no version of an offense begins on 2021-05-05") })
    #expect(messages.contains { $0.contains("unknown source `s9`") })
    #expect(messages.contains { $0.contains("checked through 2026-11-30, after the sweep was made") })
  }

  @Test func duplicateIdsAreErrors() throws {
    let text =
      sampleRules
      .replacingOccurrences(
        of: "  offense sex_trafficking \"Trafficking\"",
        with:
          "  source s1 \"Again\" {\n    url \"u\"\n    tier secondary\n    current as of 2024-01-01\n    accessed 2026-11-23\n  }\n\n  offense sex_trafficking \"Trafficking\""
      )
      .replacingOccurrences(of: "acts any of recruit, patronize", with: "acts any of recruit, patronize, recruit")
    let (document, syntax) = RuleParser.parse(SourceText(fileName: "t.rules", text: text))
    #expect(syntax.isEmpty)
    let messages = RuleChecker.check(try #require(document), vocabulary: vocabularyForTests()).map(\.message)
    #expect(messages.contains("source `s1` is defined more than once"))
    #expect(messages.contains("act `recruit` is listed more than once"))
  }

  @Test func neverCrashesOnMangledInput() {
    // Deterministic mutations of a valid file: truncations, deletions and junk insertions.
    var generator = SplitMix64(seed: 42)
    let bytes = Array(sampleRules.utf8)
    let junk = ["{", "}", "\"", ",", "any of", "#", "é", "2024-99-99", "999999999999", "\u{0}", "prong"]
    for round in 0..<400 {
      var mutated = bytes
      switch round % 3 {
      case 0: mutated = Array(mutated.prefix(Int(generator.next() % UInt64(mutated.count))))
      case 1:
        let start = Int(generator.next() % UInt64(mutated.count))
        let length = Int(generator.next() % 40)
        mutated.removeSubrange(start..<min(mutated.count, start + length))
      default:
        let at = Int(generator.next() % UInt64(mutated.count))
        mutated.insert(contentsOf: Array(junk[Int(generator.next() % UInt64(junk.count))].utf8), at: at)
      }
      let text = String(decoding: mutated, as: UTF8.self)
      let (document, diagnostics) = RuleParser.parse(SourceText(fileName: "m.rules", text: text))
      if let document, diagnostics.isEmpty { _ = RulePrinter.print(document) }
    }
  }

  @Test func deepNestingIsReportedNotOverflowed() {
    let nested = String(repeating: "any of {\n", count: 200)
    let text =
      "jurisdiction ZZ \"T\" { offense o \"O\" is sex_trafficking { cite \"c\" version from 2020-01-01 { prong a for exploiter { cite \"c\" confidence high summary \"s\" "
      + nested
    let (_, diagnostics) = RuleParser.parse(SourceText(fileName: "d.rules", text: text))
    #expect(diagnostics.contains { $0.message.contains("nesting is deeper") })
  }

  @Test func everyCompiledRuleFileRoundTrips() throws {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let directory = url.path + "/Rules"
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".rules") }
    #expect(files.count >= 8)
    for file in files {
      let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
      let (document, diagnostics) = RuleParser.parse(SourceText(fileName: file, text: text))
      #expect(diagnostics.isEmpty, "\(file)")
      let parsed = try #require(document)
      let printed = RulePrinter.print(parsed)
      #expect(text.hasSuffix(printed), "\(file) is not in canonical form")
      #expect(RuleParser.parse(SourceText(fileName: file, text: printed)).document == parsed)
    }
  }
}
