import ArgumentParser
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

  @OptionGroup var rules: RulesOptions

  func validate() throws {
    if count < 0 { throw ValidationError("--count must be 0 or more") }
  }

  func run() throws {
    try Output.checkDestination(output)
    let library = try rules.load()
    let schema = FlatSchema(vocabulary: library.vocabulary)
    var sampler = CaseSampler(schema: schema, seed: seed)
    let sink = try BatchOutput(path: output)
    var buffer = "id," + schema.columnNames.joined(separator: ",") + "\r\n"
    do {
      for index in 0..<count {
        buffer += sampler.csvLine(id: "s\(index + 1)", sampler.next()) + "\r\n"
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
