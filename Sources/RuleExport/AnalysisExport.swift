import HTCore
import RuleEngine

/// Renderings of the question ranking and of law over time.
public enum AnalysisExport {
  public static func questionsJSON(_ ranking: QuestionRanking) -> JSONOutput {
    .object([
      (
        "questions",
        .array(
          ranking.questions.map {
            .object([
              ("fact", .string($0.fact.description)), ("question", .string($0.question)), ("decides", .array($0.decides.map { .string($0) })),
              ("bears_on", .array($0.bearsOn.map { .string($0) })),
            ])
          })
      )
    ])
  }

  public static func questionsText(_ ranking: QuestionRanking) -> String {
    guard !ranking.questions.isEmpty else { return "No unknown fact would change any jurisdiction's result.\n" }
    var out = "Questions that would settle the most jurisdictions, most decisive first:\n"
    for (index, question) in ranking.questions.enumerated() {
      let settles = question.decides.isEmpty ? "settles none alone" : "decides \(question.decides.count): \(question.decides.joined(separator: ", "))"
      out += "\n\(index + 1). \(question.question)\n   (\(question.fact); \(settles); bears on \(question.bearsOn.count))\n"
    }
    return out
  }

  public static func historyJSON(_ history: VersionHistory) -> JSONOutput {
    .object([
      ("jurisdiction", .string(history.jurisdiction)),
      ("name", .string(history.name)),
      (
        "offenses",
        .array(
          history.offenses.map { offense in
            .object([
              ("offense", .string(offense.kind.rawValue)),
              ("id", .string(offense.id)),
              ("name", .string(offense.name)),
              ("citation", .string(offense.citation)),
              ("first_in_force", .optional(offense.firstInForce?.description)),
              (
                "versions",
                .array(
                  offense.versions.map {
                    .object([
                      ("from", .string($0.from.description)), ("to", .optional($0.to?.description)), ("enacted_by", .optional($0.enactedBy)),
                      ("changes", .array($0.changes.map { .string($0) })),
                    ])
                  })
              ),
            ])
          })
      ),
    ])
  }

  public static func historyText(_ history: VersionHistory) -> String {
    var out = "\(history.jurisdiction) \(history.name): encoded versions and what changed\n\(Disclaimer.short)\n"
    for offense in history.offenses {
      out += "\n\(offense.name) (\(offense.citation)), \(offense.kind.words)\n"
      for version in offense.versions {
        out += "  \(version.from) to \(version.to?.description ?? "now")" + (version.enactedBy.map { " — \($0)" } ?? "") + "\n"
        for change in version.changes { out += "    - \(change)\n" }
      }
    }
    return out
  }
}
