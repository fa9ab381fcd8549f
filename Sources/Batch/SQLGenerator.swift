import Foundation
import HTCore
import RuleEngine
import RuleExport
import RuleSyntax

/// Compiles the loaded rules (for one date and mode) into a single SQL query over a table
/// `cases` — one column per fact path with dots as `_`, NULL for unknown, plus `id` — that
/// returns exactly the columns of `htrules batch`. SQL's own NULL logic is Kleene's, so
/// three-valued evaluation carries over unchanged. With a date column, each row is judged by the
/// law in force on its own date (NULL: the default date), as `batch` does.
public struct SQLGenerator: Sendable {
  public enum Dialect: String, Sendable, CaseIterable {
    case sqlite, postgres, duckdb, spark
  }

  let library: RuleLibrary
  let mode: EvaluationMode
  let date: CalendarDate
  let dialect: Dialect
  let dateColumn: String?

  /// - Parameters:
  ///   - date: the law's date for every row, or with `dateColumn`, for rows whose date is NULL.
  ///   - dateColumn: a column of the table holding each row's date (DATE, or text YYYY-MM-DD).
  public init(library: RuleLibrary, mode: EvaluationMode, date: CalendarDate, dialect: Dialect, dateColumn: String? = nil) {
    self.library = library
    self.mode = mode
    self.date = date
    self.dialect = dialect
    self.dateColumn = dateColumn
  }

  /// A date literal comparable with the row's law date.
  func dateLiteral(_ day: CalendarDate) -> String { dialect == .sqlite ? "'\(day)'" : "DATE '\(day)'" }

  /// The row's law date: its own, else the default.
  func lawDate(_ column: String) -> String {
    switch dialect {
    case .sqlite: return "COALESCE(NULLIF(TRIM(\(quote(column))), ''), \(dateLiteral(date)))"
    case .postgres, .duckdb, .spark: return "COALESCE(CAST(\(quote(column)) AS DATE), \(dateLiteral(date)))"
    }
  }

  func quote(_ name: String) -> String { dialect == .spark ? "`\(name)`" : "\"\(name)\"" }

  /// SQLite and PostgreSQL compute each step once only when told to: inlined, every named
  /// clause would be evaluated again wherever it is used (SQLite: ~100 times slower).
  var materialized: String { dialect == .sqlite || dialect == .postgres ? "MATERIALIZED " : "" }
  var null: String { dialect == .sqlite ? "NULL" : "CAST(NULL AS BOOLEAN)" }

  public func query() -> String {
    let vocabulary = library.vocabulary
    let schema = FlatSchema(vocabulary: vocabulary)
    let columns = BatchColumn.all(for: library)
    func column(_ path: FactPath) -> String { quote(FlatSchema.sqlName(path)) }
    let meansTerms = vocabulary.ids(in: .means)
    let buyerPresent = schema.buyerColumns.map { "\(column(schema.paths[$0])) IS NOT NULL" }.joined(separator: " OR ")

    // Shared subexpressions become named columns, so each appears once.
    var clauseNames: [String: String] = [:]
    var clauseList: [(String, String)] = []
    func clause(_ expression: String) -> String {
      if let name = clauseNames[expression] { return name }
      let name = quote("_c\(clauseList.count + 1)")
      clauseNames[expression] = name
      clauseList.append((name, expression))
      return name
    }
    func atom(_ path: FactPath, buyerOnly: Bool) -> String {
      if path.group == .means { return quote((buyerOnly ? "_mb_" : "_m_") + path.term) }
      return column(path)
    }
    func constraint(_ c: RuleFormula.Constraint, buyerOnly: Bool) -> String {
      switch c {
      case .anyTrue(let paths, let unlisted):
        let listed = "(" + paths.map { atom($0, buyerOnly: buyerOnly) }.joined(separator: " OR ") + ")"
        guard !unlisted.isEmpty else { return clause(listed) }
        let others = unlisted.map { atom($0, buyerOnly: buyerOnly) }.joined(separator: " OR ")
        // Open list: FALSE only when every unlisted means is known FALSE, else unknown.
        return clause("(\(listed) OR (CASE WHEN (NOT (\(others))) THEN FALSE ELSE \(null) END))")
      case .literal(let path, let value):
        return clause(value ? "(\(column(path)))" : "(NOT \(column(path)))")
      case .age(let path, let lower, let upper):
        var parts: [String] = []
        if lower > 0 { parts.append("\(column(path)) >= \(lower)") }
        if upper <= 120 { parts.append("\(column(path)) < \(upper)") }
        return clause(parts.isEmpty ? "(\(column(path)) IS NOT NULL OR \(null))" : "(" + parts.joined(separator: " AND ") + ")")
      case .mentalAtLeast(let path, let level):
        let ranks = MentalLevel.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.rank)" }.joined(separator: " ")
        return clause("((CASE \(column(path)) \(ranks) END) >= \(level.rank))")
      }
    }
    func formula(_ f: RuleFormula, buyerOnly: Bool) -> String {
      var terms = f.terms.map { term -> String in
        term.constraints.isEmpty ? "TRUE" : "(" + term.constraints.map { constraint($0, buyerOnly: buyerOnly) }.joined(separator: " AND ") + ")"
      }
      if !f.undeterminedOffenses.isEmpty { terms.append(null) }
      return terms.isEmpty ? "FALSE" : "(" + terms.joined(separator: " OR ") + ")"
    }

    // The law of each row's date: one branch per period of the jurisdiction's own law.
    let periods = LawPeriods(library: library)
    func dated(_ j: JurisdictionDecl, _ kind: OffenseKind, _ role: Role, buyerOnly: Bool) -> String {
      func at(_ day: CalendarDate) -> String {
        formula(RuleFormula(jurisdiction: j, kind: kind, role: role, mode: mode, date: day, vocabulary: vocabulary), buyerOnly: buyerOnly)
      }
      guard dateColumn != nil else { return at(date) }
      let days = periods.daysByJurisdiction[j.code.text] ?? []
      var branches: [(before: CalendarDate, expression: String)] = []
      var last = at(.distantPast)
      for day in days {
        let next = at(day)
        if next != last {
          branches.append((day, last))
          last = next
        }
      }
      guard !branches.isEmpty else { return last }
      let whens = branches.map { "WHEN \(quote("_law_date")) < \(dateLiteral($0.before)) THEN \($0.expression)" }.joined(separator: " ")
      return "(CASE \(whens) ELSE \(last) END)"
    }
    var outputs: [(String, String)] = []
    for c in columns {
      let j = library.jurisdiction(c.jurisdiction)!
      if c.buyerOnly {
        outputs.append((c.name, dated(j, c.offense, .buyer, buyerOnly: true)))
      } else {
        let exploiter = dated(j, c.offense, .exploiter, buyerOnly: false)
        let buyer = dated(j, c.offense, .buyer, buyerOnly: false)
        outputs.append((c.name, "(\(exploiter) OR (\(quote("_buyer_present")) AND \(buyer)))"))
      }
    }

    let lawText =
      dateColumn.map { "law in force on each row's `\($0)` (\(date) where it is NULL)" } ?? "law in force on \(date)"
    var sql =
      "-- Generated by `htrules sql --dialect \(dialect.rawValue)`: \(library.jurisdictions.count) jurisdictions, \(lawText), \(mode.rawValue) mode.\n"
    sql += "-- Input: table cases(id, one column per fact path with '.' as '_'; NULL = unknown"
    sql += dateColumn.map { "; \($0): DATE or text YYYY-MM-DD" } ?? ""
    sql += "). Output: the columns of `htrules batch`.\n"
    sql += "-- \(Disclaimer.short)\n"
    let lawDateColumn = dateColumn.map { ", \(lawDate($0)) AS \(quote("_law_date"))" } ?? ""
    sql += "WITH base AS \(materialized)(\n  SELECT *, (\(buyerPresent)) AS \(quote("_buyer_present"))\(lawDateColumn)\n  FROM cases\n),\n"
    sql += "means AS \(materialized)(\n  SELECT *"
    for term in meansTerms {
      let e = column(FactPath(role: .exploiter, .means, term))
      let b = column(FactPath(role: .buyer, .means, term))
      sql += ",\n    (\(e) OR (\(quote("_buyer_present")) AND \(b))) AS \(quote("_m_" + term)),\n    (\(e) OR \(b)) AS \(quote("_mb_" + term))"
    }
    sql += "\n  FROM base\n),\n"
    sql += "clauses AS \(materialized)(\n  SELECT *"
    for (name, expression) in clauseList { sql += ",\n    \(expression) AS \(name)" }
    sql += "\n  FROM means\n),\n"
    sql += "verdicts AS \(materialized)(\n  SELECT \(quote("id"))"
    for (name, expression) in outputs { sql += ",\n    \(expression) AS \(quote(name))" }
    sql += "\n  FROM clauses\n)\n"
    sql += "SELECT \(quote("id"))"
    for (name, _) in outputs {
      let q = quote(name)
      sql += ",\n  CASE WHEN \(q) THEN 'met' WHEN NOT \(q) THEN 'not_met' ELSE 'undetermined' END AS \(q)"
    }
    sql += "\nFROM verdicts"
    sql += dialect == .spark ? "\n" : ";\n"
    return sql
  }
}
