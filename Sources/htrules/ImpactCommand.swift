import ArgumentParser
import Batch
import Foundation
import HTCore
import RuleEngine
import SafeFiles

struct ImpactCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "impact",
    abstract: "What a change in the law does to a dataset: every row under two laws, or the share met over a range of dates.",
    discussion: """
      Three forms (the input is a batch CSV or JSON lines file; a row's own date is not used):
        --from DATE --to DATE        every row under the law of both dates: per jurisdiction and \
      offense, how many rows change outcome, and which amending act each change is due to.
        --rules FILE… [--from DATE]  current law against a proposal: each file's jurisdiction \
      replaces the one with the same code, both evaluated on --from (default today).
        --over FROM..TO --step year  the share of rows met per jurisdiction on each date.
      A plain summary goes to standard output; --csv, --json and --svg write the tables, a US tile \
      map of the share of rows that change (or, with --over, a line chart).
      """)

  @Option(help: "Cases: a .csv or .jsonl file as for `batch`, or - for standard input (then give --input-format).")
  var input: String

  @Option(name: .customLong("input-format"), help: "csv or jsonl (default: from the file name).")
  var inputFormat: String?

  @Option(help: "The earlier date (with --to), or the date of the reform view (default today).")
  var from: CalendarDate?

  @Option(help: "The later date.")
  var to: CalendarDate?

  @Option(name: .customLong("rules"), parsing: .upToNextOption, help: "Rule files of a proposal; each replaces the jurisdiction with its code.")
  var proposal: [String] = []

  @Option(help: "A range of dates FROM..TO for the share met over time.")
  var over: String?

  @Option(help: "The step of --over: year (default) or a number of years such as 2y.")
  var step: String = "year"

  @Option(help: "Write the table as CSV here.")
  var csv: String?

  @Option(help: "Write the table as JSON here (not with --over).")
  var json: String?

  @Option(help: "Write a US tile map of the share of rows that change (with --over: a line chart) here.")
  var svg: String?

  @Option(help: "The offense kind the tile map shows: sex_trafficking (default) or labor_trafficking.")
  var offense: OffenseKind = .sexTrafficking

  @Option(help: "identification (default) or liability.")
  var mode: EvaluationMode = .identification

  @Flag(name: .customLong("skip-bad-rows"), help: "Report bad rows on standard error and go on, instead of stopping.")
  var skipBadRows = false

  @Option(name: .customLong("rules-dir"), help: "Directory of compiled rule files (default: $HTRULES_RULES, else the rules built in).")
  var rulesDirectory: String?

  var stepYears: Int? {
    if step == "year" || step == "1y" { return 1 }
    guard step.hasSuffix("y"), let n = Int(step.dropLast()), n > 0 else { return nil }
    return n
  }

  func validate() throws {
    let forms = [to != nil, !proposal.isEmpty, over != nil].filter { $0 }.count
    guard forms == 1 else { throw ValidationError("give exactly one of --to (with --from), --rules, or --over") }
    if to != nil && from == nil { throw ValidationError("--to needs --from") }
    if let from, let to, !(from < to) { throw ValidationError("--from must be before --to") }
    if let over, DateRange(over) == nil { throw ValidationError("--over must be FROM..TO with dates YYYY-MM-DD, FROM not after TO") }
    if over != nil && json != nil { throw ValidationError("--json is for --to and --rules; --over writes --csv and --svg") }
    if stepYears == nil { throw ValidationError("--step must be year or a number of years such as 2y") }
  }

  func run() throws {
    for path in [csv, json, svg] { try Output.checkDestination(path) }
    let rules = RulesOptions(rulesDirectory: rulesDirectory)
    let library = try rules.load(extraFiles: [])
    let task: BatchJob.Task
    if let to, let from {
      task = .impact(from: from, to: to)
    } else if !proposal.isEmpty {
      let reformed = try rules.load(extraFiles: proposal, replacing: true)
      let label = "the proposal in " + proposal.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
      task = .reform(date: from ?? CalendarDate.today(), proposal: reformed, label: label)
    } else {
      task = .trend(DateRange(over!)!.yearly(every: stepYears!))
    }
    let job = BatchJob(
      library: library, mode: mode, defaultDate: CalendarDate.today(), input: try BatchInputFile.format(inputFormat, input: input), task: task,
      skipBadRows: skipBadRows)
    switch try BatchInputFile.run(job, input: input, sink: nil, skipBadRows: skipBadRows) {
    case .impact(let report):
      if let csv { try Output.writeFile(report.csv(), to: csv) }
      if let json { try Output.writeFile(report.json(), to: json) }
      if let svg { try Output.writeFile(report.tileMap(offense: offense), to: svg) }
      Output.write(report.summary())
    case .trend(let report):
      if let csv { try Output.writeFile(report.csv(), to: csv) }
      if let svg { try Output.writeFile(report.svg(), to: svg) }
      Output.write(report.summary())
    case .verdicts: break
    }
  }
}

extension RulesOptions {
  init(rulesDirectory: String?) {
    self.init()
    self.rulesDirectory = rulesDirectory
  }
}
