import ArgumentParser
import Batch
import Foundation
import HTCore
import RuleEngine
import RuleExport
import SafeFiles

struct BatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "batch",
    abstract: "Evaluate a whole dataset of cases (CSV or JSON lines), streaming, on all cores.",
    discussion: """
      CSV input: a header row of fact paths (victim.age, exploiter.means.fraud, …) and optionally \
      id and date; an empty cell is unknown. Each row is judged by the law in force on its own \
      date (the date column, or a JSON line's "date"; empty: --as-of, default today). Output: id and, for every jurisdiction J and offense kind K, \
      J_K (met if any actor's conduct meets it) and J_sex_trafficking_buyer. With --output the \
      file appears only when the whole input was processed.
      """)

  @Option(help: "Cases to evaluate: a .csv or .jsonl file, or - for standard input (then give --input-format).")
  var input: String

  @Option(help: "Where to write the results (.csv or .jsonl); default: standard output as CSV.")
  var output: String?

  @Option(name: .customLong("input-format"), help: "csv or jsonl (default: from the file name).")
  var inputFormat: String?

  @Flag(name: .customLong("skip-bad-rows"), help: "Report bad rows on standard error and go on, instead of stopping.")
  var skipBadRows = false

  @OptionGroup var law: LawOptions
  @OptionGroup var rules: RulesOptions

  func run() throws {
    try Output.checkDestination(output)
    let library = try rules.load()
    let outFormat: BatchPipeline.OutputFormat = output.map { $0.hasSuffix(".jsonl") || $0.hasSuffix(".ndjson") ? .jsonl : .csv } ?? .csv
    let job = BatchJob(
      library: library, mode: law.mode, defaultDate: law.date, input: try BatchInputFile.format(inputFormat, input: input), task: .verdicts(outFormat),
      skipBadRows: skipBadRows)
    let sink = try BatchOutput(path: output)
    guard case .verdicts(let report) = try BatchInputFile.run(job, input: input, sink: sink, skipBadRows: skipBadRows) else { return }
    for problem in report.problems { FileHandle.standardError.write(Data("htrules: skipped \(problem)\n".utf8)) }
    FileHandle.standardError.write(
      Data("htrules: \(report.rows) case(s) evaluated\(report.skipped > 0 ? ", \(report.skipped) bad row(s) skipped" : "")\n".utf8))
  }
}

/// Runs a batch job over an input file (or standard input) with a progress line, turning bad
/// input into exit 65 with nothing written.
enum BatchInputFile {
  static func format(_ given: String?, input: String) throws -> BatchPipeline.InputFormat {
    let format = given ?? (input.hasSuffix(".jsonl") || input.hasSuffix(".ndjson") ? "jsonl" : "csv")
    guard let parsed = BatchPipeline.InputFormat(rawValue: format) else { throw ValidationError("--input-format must be csv or jsonl") }
    return parsed
  }

  static func run(_ job: BatchJob, input: String, sink: BatchOutput?, skipBadRows: Bool) throws -> BatchJob.Result {
    let reader: ChunkReader
    do {
      reader = try ChunkReader(path: input)
    } catch let refused as InputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
    defer { reader.close() }
    let progress = ProgressLine(totalBytes: reader.regularFileSize)
    var bytesRead: UInt64 = 0
    do {
      let result = try job.run(
        read: {
          guard let chunk = try reader.next(maximum: 4 << 20) else { return nil }
          bytesRead += UInt64(chunk.count)
          return chunk
        },
        write: { try sink?.write($0) },
        progress: { progress.update(rows: $0, bytes: bytesRead) })
      progress.finish()
      try sink?.commit()
      return result
    } catch let error as BatchPipeline.BadInput {
      progress.finish()
      sink?.discard()
      Output.error("\(input): \(error.description)" + (skipBadRows ? "" : " (nothing was written; --skip-bad-rows goes on past bad rows)"))
      throw Exit.badInput
    } catch let error as BatchJob.BadJob {
      progress.finish()
      sink?.discard()
      Output.error(error.description)
      throw Exit.badInput
    } catch let refused as InputRefused {
      progress.finish()
      sink?.discard()
      Output.error(refused.description + " (nothing was written)")
      throw Exit.badInput
    } catch let refused as OutputRefused {
      progress.finish()
      sink?.discard()
      Output.error(refused.description)
      throw Exit.badInput
    } catch {
      progress.finish()
      sink?.discard()
      throw error
    }
  }
}

/// Standard output, or a safe output file (see `OutputFile`) that appears only on success.
final class BatchOutput {
  let file: OutputFile

  /// Checks the path before any work starts (exit 65 with the reason when refused).
  init(path: String?) throws {
    do {
      file = try OutputFile(path: path ?? "-")
    } catch let refused as OutputRefused {
      Output.error(refused.description)
      throw Exit.badInput
    }
  }

  func write(_ bytes: [UInt8]) throws { try file.write(bytes) }
  func commit() throws { try file.commit() }
  func discard() { file.discard() }
}

/// A progress line with rate and ETA on standard error, only when it is a terminal.
final class ProgressLine {
  let enabled = isatty(STDERR_FILENO) == 1
  let totalBytes: UInt64?
  let start = Date()
  var last = Date.distantPast

  init(totalBytes: UInt64?) { self.totalBytes = totalBytes }

  func update(rows: Int, bytes: UInt64) {
    guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
    last = Date()
    let elapsed = max(0.001, last.timeIntervalSince(start))
    var text = "\r  \(rows) cases  \(Int(Double(rows) / elapsed)) cases/s"
    if let totalBytes, totalBytes > 0, bytes > 0 {
      let fraction = min(1, Double(bytes) / Double(totalBytes))
      let width = 24
      let filled = Int(fraction * Double(width))
      let remaining = elapsed / fraction - elapsed
      text += "  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
      text += String(format: " %3d%%  ETA %d:%02d", Int(fraction * 100), Int(remaining) / 60, Int(remaining) % 60)
    }
    FileHandle.standardError.write(Data(text.utf8))
  }

  func finish() {
    if enabled && last != .distantPast { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
