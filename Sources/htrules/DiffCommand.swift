import ArgumentParser
import HTCore
import RuleEngine
import RuleExport
import RuleSyntax

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Exact differences between jurisdictions' definitions, with witness cases.",
    discussion: """
      htrules diff A B: element differences with citations, the relation of A to B over every \
      possible case (narrower, broader, equivalent, incomparable) and a witness case for each \
      direction. --baseline US: every jurisdiction against one. --all: the pairwise relation matrix.
      """)

  @Argument(help: "Two jurisdiction codes (omit with --baseline or --all).")
  var codes: [String] = []

  @Option(help: "Compare against this jurisdiction, for every other jurisdiction.")
  var baseline: String?

  @Flag(help: "Every ordered pair of jurisdictions (CSV or JSON).")
  var all = false

  @Option(help: "sex_trafficking or labor_trafficking (default: both).")
  var offense: OffenseKind?

  @Option(help: "Whose conduct: exploiter (default) or buyer.")
  var role: Role = .exploiter

  @Option(help: "text or json (--all: csv or json).")
  var format: DiffFormat = .text

  @OptionGroup var law: LawOptions
  @OptionGroup var rules: RulesOptions

  enum DiffFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

  func validate() throws {
    let modes = (codes.isEmpty ? 0 : 1) + (baseline == nil ? 0 : 1) + (all ? 1 : 0)
    guard modes == 1 else { throw ValidationError("give two jurisdictions, or --baseline CODE, or --all") }
    if !codes.isEmpty && codes.count != 2 { throw ValidationError("give exactly two jurisdictions, e.g. `htrules diff OH MA`") }
  }

  func run() throws {
    let library = try rules.load()
    let date = law.date
    func jurisdiction(_ code: String) throws -> JurisdictionDecl { try JurisdictionChoice.jurisdiction(code, in: library) }
    let kinds = offense.map { [$0] } ?? OffenseKind.allCases
    func diffs(_ pairs: [(JurisdictionDecl, JurisdictionDecl)]) -> [JurisdictionDiff] {
      pairs.flatMap { a, b in kinds.map { JurisdictionDiff(library: library, a: a, b: b, offense: $0, role: role, mode: law.mode, date: date) } }
    }
    if codes.count == 2 {
      let results = diffs([(try jurisdiction(codes[0]), try jurisdiction(codes[1]))])
      if format == .json {
        Output.write(
          (results.count == 1
            ? DiffExport.json(results[0], vocabulary: library.vocabulary) : .array(results.map { DiffExport.json($0, vocabulary: library.vocabulary) }))
            .rendered())
      } else {
        Output.write(results.map { DiffExport.text($0, vocabulary: library.vocabulary) }.joined(separator: "\n"))
      }
    } else if let baseline {
      _ = try jurisdiction(baseline)
      let others = library.jurisdictions.map(\.code.text).filter { $0 != baseline }
      let results = JurisdictionDiff.pairs(library: library, codes: others, baseline: baseline, offenses: kinds, role: role, mode: law.mode, date: date)
      if format == .json {
        Output.write(JSONOutput.array(results.map { DiffExport.json($0, vocabulary: library.vocabulary) }).rendered())
      } else {
        Output.write(DiffExport.baselineText(results))
      }
    } else {
      let results = JurisdictionDiff.pairs(
        library: library, codes: library.jurisdictions.map(\.code.text), offenses: kinds, role: role, mode: law.mode, date: date)
      Output.write(format == .json ? DiffExport.allJSON(results).rendered() : DiffExport.allCSV(results))
    }
  }
}

extension OffenseKind: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
