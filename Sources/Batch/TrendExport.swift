import Foundation
import HTCore
import RuleEngine
import RuleExport

/// Renderings of a trend report: a CSV of the share met per column per date, and an SVG line
/// chart per offense kind (every jurisdiction a thin line, the median and federal law drawn
/// bold, the spread between the highest and lowest share written beside each panel).
extension TrendReport {
  public static let csvHeader = [
    "date", "jurisdiction", "jurisdiction_name", "offense", "role", "law_encoded", "rows", "met", "not_met", "undetermined", "share_met",
  ]

  public func csv() -> String {
    var rows: [[String]] = []
    for (index, date) in dates.enumerated() {
      for series in self.series {
        let c = series.counts[index]
        rows.append([
          date.description, series.column.jurisdiction, series.jurisdictionName, series.column.offense.rawValue, series.column.buyerOnly ? "buyer" : "victim",
          series.encoded[index] ? "true" : "false", String(self.rows), String(c.met), String(c.notMet), String(c.undetermined),
          ImpactReport.share(c.met, of: self.rows),
        ])
      }
    }
    return CSVWriter.document(header: Self.csvHeader, rows: rows)
  }

  /// Share met (0…1) per date for the victim columns of one offense kind, by jurisdiction; nil
  /// where the law of the date is not encoded.
  func shares(_ offense: OffenseKind) -> [(code: String, name: String, values: [Double?])] {
    series.filter { $0.column.offense == offense && !$0.column.buyerOnly }.map { s in
      (s.column.jurisdiction, s.jurisdictionName, s.counts.indices.map { s.encoded[$0] ? (rows == 0 ? 0 : Double(s.counts[$0].met) / Double(rows)) : nil })
    }
  }

  static func median(_ sorted: [Double]) -> Double? {
    guard !sorted.isEmpty else { return nil }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }

  public func svg() -> String {
    let kinds = [OffenseKind.sexTrafficking, .laborTrafficking].filter { !shares($0).isEmpty }
    let plotWidth = 640
    let plotHeight = 260
    let left = 64
    let panelHeight = plotHeight + 90
    let width = left + plotWidth + 260
    let height = 60 + panelHeight * kinds.count + 30
    func esc(_ text: String) -> String { TileMap.escape(text) }
    let title = "Share of \(ImpactReport.number(rows)) rows met, by jurisdiction, law in force on each date"
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"chart-title chart-desc\">\n"
    out += "  <title id=\"chart-title\">\(esc(title))</title>\n"
    out +=
      "  <desc id=\"chart-desc\">One thin grey line per jurisdiction; the bold blue line is the median jurisdiction, the dashed black line federal law. \(esc(Disclaimer.short))</desc>\n"
    out += "  <style>text{font-family:Helvetica,Arial,sans-serif;font-size:12px}.t{font-size:17px}.p{font-size:14px;font-weight:bold}</style>\n"
    out += "  <rect width=\"\(width)\" height=\"\(height)\" fill=\"#FFFFFF\"/>\n"
    out += "  <text class=\"t\" x=\"\(left - 50)\" y=\"28\">\(esc(title))</text>\n"
    let count = max(1, dates.count - 1)
    func x(_ index: Int) -> Double { Double(left) + Double(plotWidth) * Double(index) / Double(count) }
    for (panel, kind) in kinds.enumerated() {
      let top = 60 + panel * panelHeight
      let lines = shares(kind)
      // The scale ends at the next 10% above the highest share, so differences stay visible.
      let highest = lines.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
      let scaleTop = min(1, max(0.1, (highest * 10).rounded(.up) / 10))
      func y(_ share: Double) -> Double { Double(top + 20) + Double(plotHeight) * (1 - share / scaleTop) }
      out += "  <g aria-label=\"\(esc(kind.words))\">\n"
      out +=
        "    <text class=\"p\" x=\"\(left)\" y=\"\(top + 10)\">\(esc(kind.words.prefix(1).uppercased() + kind.words.dropFirst())): share of rows met</text>\n"
      for step in 0...5 {
        let tick = Int((scaleTop * 100 * Double(step) / 5).rounded())
        let ty = y(Double(tick) / 100)
        out += "    <line x1=\"\(left)\" y1=\"\(f(ty))\" x2=\"\(left + plotWidth)\" y2=\"\(f(ty))\" stroke=\"#DDDDDD\"/>"
        out += "<text x=\"\(left - 8)\" y=\"\(f(ty + 4))\" text-anchor=\"end\">\(tick)%</text>\n"
      }
      let labelEvery = max(1, (dates.count + 11) / 12)
      for (index, date) in dates.enumerated() where index % labelEvery == 0 || index == dates.count - 1 {
        out +=
          "    <text x=\"\(f(x(index)))\" y=\"\(top + 20 + plotHeight + 18)\" text-anchor=\"middle\">\(date.month == 1 && date.day == 1 ? String(date.year) : date.description)</text>\n"
      }
      // A line breaks where the law of the date is not encoded.
      func path(_ values: [Double?]) -> String {
        var parts: [String] = []
        var drawing = false
        for (index, value) in values.enumerated() {
          guard let value else {
            drawing = false
            continue
          }
          parts.append("\(drawing ? "L" : "M")\(f(x(index))),\(f(y(value)))")
          drawing = true
        }
        return parts.isEmpty ? "M0,0" : parts.joined(separator: " ")
      }
      for line in lines where line.code != "US" {
        out +=
          "    <path d=\"\(path(line.values))\" fill=\"none\" stroke=\"#9E9E9E\" stroke-width=\"1\" stroke-opacity=\"0.7\"><title>\(esc(line.code)) \(esc(line.name))</title></path>\n"
      }
      let median = dates.indices.map { index in Self.median(lines.filter { $0.code != "US" }.compactMap { $0.values[index] }.sorted()) }
      out += "    <path d=\"\(path(median))\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"3\"><title>median jurisdiction</title></path>\n"
      if let federal = lines.first(where: { $0.code == "US" }) {
        out +=
          "    <path d=\"\(path(federal.values))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>federal law</title></path>\n"
      }
      out += "    <line x1=\"\(left)\" y1=\"\(top + 20)\" x2=\"\(left)\" y2=\"\(top + 20 + plotHeight)\" stroke=\"#333333\"/>"
      out += "<line x1=\"\(left)\" y1=\"\(top + 20 + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + 20 + plotHeight)\" stroke=\"#333333\"/>\n"
      // Legend and spread: how far apart the jurisdictions are on the first and last date.
      let lx = left + plotWidth + 20
      out +=
        "    <line x1=\"\(lx)\" y1=\"\(top + 30)\" x2=\"\(lx + 28)\" y2=\"\(top + 30)\" stroke=\"#0072B2\" stroke-width=\"3\"/><text x=\"\(lx + 36)\" y=\"\(top + 34)\">median jurisdiction</text>\n"
      out +=
        "    <line x1=\"\(lx)\" y1=\"\(top + 52)\" x2=\"\(lx + 28)\" y2=\"\(top + 52)\" stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"\(lx + 36)\" y=\"\(top + 56)\">federal law (US)</text>\n"
      out +=
        "    <line x1=\"\(lx)\" y1=\"\(top + 74)\" x2=\"\(lx + 28)\" y2=\"\(top + 74)\" stroke=\"#9E9E9E\"/><text x=\"\(lx + 36)\" y=\"\(top + 78)\">each state and DC (\(lines.filter { $0.code != "US" }.count))</text>\n"
      out += "    <text x=\"\(lx)\" y=\"\(top + 100)\">gaps: law of that date not encoded</text>\n"
      let states = lines.filter { $0.code != "US" }
      for (row, index) in Set([0, dates.count - 1]).sorted().enumerated() {
        let values = states.compactMap { $0.values[index] }
        let spread = (values.max() ?? 0) - (values.min() ?? 0)
        out +=
          "    <text x=\"\(lx)\" y=\"\(top + 128 + row * 20)\">\(dates[index].year): spread \(Int((spread * 100).rounded())) points (\(values.count) encoded)</text>\n"
      }
      out += "  </g>\n"
    }
    out += "</svg>\n"
    return out
  }

  /// Per offense kind and date: the median, lowest and highest share met among the states and
  /// DC, and federal law's.
  public func summary() -> String {
    var lines = ["Share of \(ImpactReport.number(rows)) row(s) met, law in force on each date (\(mode.rawValue) mode).", Disclaimer.short]
    func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
    for kind in [OffenseKind.sexTrafficking, .laborTrafficking] {
      let all = shares(kind)
      let states = all.filter { $0.code != "US" }
      guard !states.isEmpty else { continue }
      lines.append("")
      lines.append("\(kind.words.prefix(1).uppercased() + kind.words.dropFirst()):")
      lines.append("  date        encoded  median  lowest          highest         spread  federal")
      for (index, date) in dates.enumerated() {
        func cell(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - text.count)) }
        let federal = all.first { $0.code == "US" }.flatMap { $0.values[index] }.map(percent) ?? "not encoded"
        let encoded = states.compactMap { s in s.values[index].map { (code: s.code, value: $0) } }.sorted { ($0.value, $0.code) < ($1.value, $1.code) }
        guard let low = encoded.first, let high = encoded.last, let median = Self.median(encoded.map(\.value)) else {
          lines.append("  " + cell(date.description, 12) + cell("0", 9) + "no jurisdiction's law of this date is encoded")
          continue
        }
        lines.append(
          "  " + cell(date.description, 12) + cell("\(encoded.count)", 9) + cell(percent(median), 8) + cell("\(percent(low.value)) \(low.code)", 16)
            + cell("\(percent(high.value)) \(high.code)", 16) + cell("\(Int(((high.value - low.value) * 100).rounded())) pts", 8) + federal)
      }
      lines.append("  (encoded: states and DC whose law of that date is encoded; the others are left out of the median and spread)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
