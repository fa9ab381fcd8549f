import HTCore
import RuleEngine

/// A tile map of a case's outcomes: per jurisdiction, the outcome for the victim under one
/// offense kind (met if any actor's conduct meets it).
public enum ResultsMap {
  public static func svg(results: [EvaluationResult], offense: OffenseKind, date: CalendarDate) -> String {
    let grouped = Dictionary(grouping: results.filter { $0.offense == offense }, by: \.jurisdiction)
    let values = grouped.mapValues { (name: $0[0].jurisdictionName, value: Outcome.anyMet($0.map(\.outcome)).rawValue) }
    // A tile is uncertain when the results that decide its outcome rest on a low-confidence reading.
    let uncertain = Set(
      grouped.filter { _, results in
        let outcome = Outcome.anyMet(results.map(\.outcome))
        return results.filter { $0.outcome == outcome }.contains { $0.confidence == .low }
      }.keys)
    return TileMap.svg(
      title: "\(offense.words): outcome for this case, law in force on \(date)", values: values, colors: TileMap.outcomeColors,
      legendOrder: ["met", "undetermined", "not_met"].filter { value in values.values.contains { $0.value == value } }, uncertain: uncertain)
  }
}
