import ArgumentParser
import Batch
import Foundation
import HTCore
import RuleEngine
import SafeFiles

struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample", abstract: "Write randomly generated cases as CSV (for testing a pipeline or an SQL deployment).")

  @Option(help: "How many cases.")
  var count: Int = 1000

  @Option(help: "Random seed (the same seed gives the same cases).")
  var seed: UInt64 = 1

  @Option(help: "Write here instead of standard output.")
  var output: String?

  @Option(
    help: """
      Add a `date` column: random days in a range FROM..TO (e.g. 2012-01-01..2026-12-31), or `boundaries`: every day on which \
      some encoded law changes and the day before it, in turn, with every tenth date left empty (for testing a dated deployment).
      """)
  var dates: String?

  @OptionGroup var rules: RulesOptions

  func validate() throws {
    if count < 0 { throw ValidationError("--count must be 0 or more") }
    if let dates, dates != "boundaries", DateRange(dates) == nil {
      throw ValidationError("--dates must be FROM..TO with dates YYYY-MM-DD (FROM not after TO), or boundaries")
    }
  }

  func run() throws {
    try Output.checkDestination(output)
    let library = try rules.load()
    let schema = FlatSchema(vocabulary: library.vocabulary)
    var sampler = CaseSampler(schema: schema, seed: seed)
    let sink = try BatchOutput(path: output)
    let range = dates.flatMap(DateRange.init)
    let boundaries = dates == "boundaries" ? LawPeriods(library: library).days.flatMap { [$0.previousDay, $0] } : []
    var buffer = "id," + (dates == nil ? "" : "date,") + schema.columnNames.joined(separator: ",") + "\r\n"
    do {
      for index in 0..<count {
        let row = sampler.next()
        let id = "s\(index + 1)"
        var fields = id
        if let range {
          fields += "," + sampler.nextDate(from: range.first, to: range.last).description
        } else if !boundaries.isEmpty {
          fields += "," + (index % 10 == 9 ? "" : boundaries[index % boundaries.count].description)
        }
        buffer += sampler.csvLine(id: fields, row) + "\r\n"
        if buffer.utf8.count > 1 << 20 {
          try sink.write(Array(buffer.utf8))
          buffer = ""
        }
      }
      try sink.write(Array(buffer.utf8))
      try sink.commit()
    } catch let refused as OutputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
  }
}
