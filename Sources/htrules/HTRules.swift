import ArgumentParser
import BundledRules

@main
struct HTRules: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "htrules",
    abstract: "Apply US jurisdictions' human-trafficking definitions to the facts of a case.",
    discussion: """
      Not legal advice: htrules applies encoded readings of statutes as of the dates shown in \
      `htrules matrix`. Exit codes: 0 ok, 1 a check failed, 64 usage error, 65 bad input.
      """,
    version: "htrules \(HTRules.version) (law checked for amendments through \(BundledRules.amendmentsCheckedThrough))",
    subcommands: [
      CompareCommand.self, CheckCommand.self, MatrixCommand.self, CompileCommand.self, FmtCommand.self,
      ValidateCommand.self, SchemaCommand.self, QuestionsCommand.self, InterviewCommand.self, DiffCommand.self, HistoryCommand.self, BatchCommand.self,
      SQLCommand.self, SampleCommand.self, ImpactCommand.self, ServeCommand.self,
    ]
  )

  /// The release version (semantic versioning).
  static let version = "0.5.0"
}
