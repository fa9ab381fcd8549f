// libFuzzer harness: the batch reader (CSV and JSON lines, streamed in pieces) never crashes; bad
// input is refused with a message, never a trap. The first byte picks the format.
import Batch
import BundledRules
import HTCore
import RuleEngine
import RuleExport

let library: RuleLibrary = {
  guard let library = RuleLibrary.load(embedded: BundledRules.files, label: "built-in").library else {
    fatalError("the built-in rules do not load")
  }
  return library
}()
let date = CalendarDate(year: 2025, month: 6, day: 1)!
/// The batch module's entry point, once per input format and skip mode.
let jobs: [BatchJob] = [(BatchPipeline.InputFormat.csv, false), (.jsonl, false), (.csv, true), (.jsonl, true)].map {
  BatchJob(library: library, mode: .identification, defaultDate: date, input: $0.0, task: .verdicts(.csv), skipBadRows: $0.1)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBatch(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: count))
  let job = jobs[Int(bytes[0] & 3)]
  // Feed the input in uneven pieces, as a stream would arrive.
  var offset = 1
  var piece = 1
  do {
    _ = try job.run(
      read: {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + piece)
        defer {
          offset = end
          piece = piece * 3 % 97 + 1
        }
        return Array(bytes[offset..<end])
      }, write: { _ in })
  } catch {
    _ = "\(error)"
  }
  return 0
}
