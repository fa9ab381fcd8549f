import Foundation
import HTCore
import PropertyBased
import RuleEngine
import RuleSyntax
import Testing

/// The bundled rules, loaded once.
enum Bundled {
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }

  static let library: RuleLibrary = {
    guard let library = RuleLibrary.load(directory: root + "/Rules").library else { fatalError("Rules/ did not load") }
    return library
  }()
}

/// How many cases each property runs and from which seed: a fixed seed and a bounded count in
/// `swift test`; `scripts/properties COUNT SEED` sets HTRULES_PROPERTY_COUNT and
/// HTRULES_PROPERTY_SEED (`random` for a fresh one) for a long run.
enum PropertyRun {
  static var count: Int { Int(ProcessInfo.processInfo.environment["HTRULES_PROPERTY_COUNT"] ?? "") ?? 60 }

  static var seed: UInt64 {
    let text = ProcessInfo.processInfo.environment["HTRULES_PROPERTY_SEED"] ?? "20261206"
    if text == "random" { return UInt64.random(in: 1...UInt64.max) }
    return UInt64(text) ?? 20_261_206
  }

  /// Runs `property` on `count` generated genomes. On a failure, shrinks the genome (facts made
  /// unknown one at a time while the property still fails) and records the smallest case as JSON.
  static func check(
    _ name: String, count: Int = PropertyRun.count, sourceLocation: SourceLocation = #_sourceLocation,
    _ property: (Genome) -> String?
  ) {
    let seed = Self.seed
    var rng = Xoshiro(seed: (seed, seed &* 0x9E37_79B9_7F4A_7C15, ~seed, 0xD1B5_4A32_D192_ED03))
    for index in 0..<count {
      let genome = CaseSpace.shared.generate(using: &rng)
      guard let failure = property(genome) else { continue }
      let smallest = CaseSpace.shared.shrink(genome) { property($0) != nil }
      let facts = CaseSpace.shared.caseFile(smallest)
      Issue.record(
        """
        \(name) fails on generated case \(index + 1) (seed \(seed)): \(failure)
        smallest failing case (shrunk): \(property(smallest) ?? failure)
        \(facts.json(vocabulary: Bundled.library.vocabulary).rendered(pretty: false))
        """, sourceLocation: sourceLocation)
      return
    }
  }
}

/// A generated case, as plain numbers so it shrinks toward "unknown".
struct Genome: Sendable, Equatable {
  /// One per yes/no fact slot: 0 unknown, 1 no, 2 yes.
  var facts: [Int]
  /// Victim, exploiter and buyer age: -1 unknown.
  var ages: [Int]
  /// Exploiter and buyer mental state: 0 unknown, 1…4 negligently…intentionally.
  var levels: [Int]
  var hasBuyer: Bool
  var dateIndex: Int
}

/// The fact space of the vocabulary: every yes/no fact of the victim, the purpose, and both
/// actors' acts, means and facts; ages; mental states; dates around every version boundary.
struct CaseSpace: Sendable {
  static let shared = CaseSpace(library: Bundled.library)

  let slots: [FactPath]
  let dates: [CalendarDate]

  init(library: RuleLibrary) {
    let vocabulary = library.vocabulary
    slots = vocabulary.factPaths.filter { vocabulary.term(for: $0)?.type == .boolean }
    var dates: Set<CalendarDate> = [CalendarDate("2025-06-01")!, CalendarDate("2019-01-01")!, CalendarDate("2013-01-01")!]
    for j in library.jurisdictions {
      for o in j.offenses {
        for v in o.versions {
          dates.insert(v.effectiveFrom)
          if let to = v.effectiveTo { dates.insert(to) }
        }
      }
    }
    self.dates = dates.sorted()
  }

  /// One generated genome, from PropertyBased's generators, driven by a seeded generator so a run
  /// is reproducible.
  func generate(using rng: inout Xoshiro) -> Genome {
    Genome(
      facts: Gen.int(in: 0...2).array(of: slots.count).run(using: &rng), ages: Gen.int(in: -1...70).array(of: 3).run(using: &rng),
      levels: Gen.int(in: 0...4).array(of: 2).run(using: &rng), hasBuyer: Gen.bool.run(using: &rng),
      dateIndex: Gen.int(in: 0...(dates.count - 1)).run(using: &rng))
  }

  func caseFile(_ genome: Genome) -> CaseFile {
    var facts = CaseFile(date: dates[genome.dateIndex], roles: genome.hasBuyer ? [.exploiter, .buyer] : [.exploiter])
    for (slot, value) in zip(slots, genome.facts) where value > 0 {
      if slot.role == .buyer && !genome.hasBuyer { continue }
      facts[slot] = .bool(value == 2)
    }
    let agePaths = [FactPath(.victim, "age"), FactPath(role: .exploiter, .actor, "age"), FactPath(role: .buyer, .actor, "age")]
    for (path, age) in zip(agePaths, genome.ages) where age >= 0 && (path.role != .buyer || genome.hasBuyer) { facts[path] = .age(age) }
    let levels: [MentalLevel] = [.negligently, .recklessly, .knowingly, .intentionally]
    for (role, level) in zip([Role.exploiter, .buyer], genome.levels) where level > 0 && (role != .buyer || genome.hasBuyer) {
      facts[FactPath(role: role, .actor, "mental_state")] = .level(levels[level - 1])
    }
    return facts
  }

  /// Greedy shrinking: make each known fact unknown, one at a time, keeping every change after
  /// which the property still fails.
  func shrink(_ genome: Genome, fails: (Genome) -> Bool) -> Genome {
    var best = genome
    var improved = true
    /// Tries one change; keeps it when the property still fails.
    func attempt(_ change: (inout Genome) -> Void) {
      var candidate = best
      change(&candidate)
      if candidate != best && fails(candidate) {
        best = candidate
        improved = true
      }
    }
    while improved {
      improved = false
      for index in best.facts.indices where best.facts[index] != 0 { attempt { $0.facts[index] = 0 } }
      for index in best.ages.indices where best.ages[index] >= 0 { attempt { $0.ages[index] = -1 } }
      for index in best.levels.indices where best.levels[index] != 0 { attempt { $0.levels[index] = 0 } }
      if best.hasBuyer { attempt { $0.hasBuyer = false } }
    }
    return best
  }
}
