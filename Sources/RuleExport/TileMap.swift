import HTCore

/// A US tile map: one equal square per jurisdiction (DC and federal law included), coloured by a
/// value, with a legend and accessible labels. Output is deterministic SVG.
public enum TileMap {
  /// Grid positions (column, row) of every tile.
  public static let positions: [String: (Int, Int)] = [
    "AK": (0, 0), "ME": (10, 0),
    "VT": (9, 1), "NH": (10, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2), "WI": (6, 2), "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3), "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4), "WV": (6, 4), "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5), "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7), "US": (10, 7),
  ]

  /// Colours for categories, chosen to stay distinguishable for common colour-vision deficiencies
  /// (Okabe–Ito), then greys.
  static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999", "#666666", "#BBBBBB", "#333333"]

  /// Fixed colours for evaluation outcomes.
  public static let outcomeColors = ["met": "#0072B2", "not_met": "#E69F00", "undetermined": "#BBBBBB"]

  /// - Parameters:
  ///   - values: jurisdiction code → (full name, value shown).
  ///   - colors: optional fixed colour per value; other values take palette colours in order.
  public static func svg(
    title: String, values: [String: (name: String, value: String)], colors: [String: String] = [:], legendOrder: [String]? = nil,
    uncertain: Set<String> = [], uncertainLegend: String = "uncertain reading", uncertainNote: String = "uncertain reading: low confidence"
  ) -> String {
    let size = 52
    let gap = 4
    let left = 10
    let top = 46
    let columns = 11
    let rows = 8
    let distinct = legendOrder ?? Array(Set(values.values.map(\.value))).sorted { display($0) < display($1) }
    var colorOf: [String: String] = [:]
    var next = 0
    for value in distinct {
      if let fixed = colors[value] {
        colorOf[value] = fixed
      } else {
        colorOf[value] = palette[next % palette.count]
        next += 1
      }
    }
    let width = left * 2 + columns * (size + gap) + 220
    let height = top + rows * (size + gap) + 20
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"map-title map-desc\">\n"
    out += "  <title id=\"map-title\">\(escape(title))</title>\n"
    out += "  <desc id=\"map-desc\">Tile map of US jurisdictions, one square each; US is federal law. \(escape(Disclaimer.short))</desc>\n"
    out += "  <style>text{font-family:Helvetica,Arial,sans-serif}.code{font-size:15px;font-weight:bold}.val{font-size:11px}.legend{font-size:13px}</style>\n"
    out += "  <text x=\"\(left)\" y=\"26\" font-size=\"18\">\(escape(title))</text>\n"
    if !uncertain.isEmpty {
      out +=
        "  <defs><pattern id=\"uncertain\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"6\" fill=\"#000000\" fill-opacity=\"0.28\"/></pattern></defs>\n"
    }
    for code in positions.keys.sorted() {
      let (column, row) = positions[code]!
      let x = left + column * (size + gap)
      let y = top + row * (size + gap)
      guard let entry = values[code] else {
        out +=
          "  <g><title>\(code): no data</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" fill=\"#FFFFFF\" stroke=\"#999999\" stroke-dasharray=\"3 2\"/>"
        out += "<text class=\"code\" x=\"\(x + size / 2)\" y=\"\(y + 24)\" text-anchor=\"middle\" fill=\"#999999\">\(code)</text></g>\n"
        continue
      }
      let fill = colorOf[entry.value] ?? "#FFFFFF"
      let ink = textColor(on: fill)
      let doubtful = uncertain.contains(code)
      out +=
        "  <g><title>\(escape(code)) \(escape(entry.name)): \(escape(display(entry.value)))\(doubtful ? " (\(escape(uncertainNote)))" : "")</title>"
      out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" fill=\"\(fill)\" stroke=\"#FFFFFF\"/>"
      if doubtful { out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" fill=\"url(#uncertain)\"/>" }
      out += "<text class=\"code\" x=\"\(x + size / 2)\" y=\"\(y + 24)\" text-anchor=\"middle\" fill=\"\(ink)\">\(escape(code))</text>"
      out +=
        "<text class=\"val\" x=\"\(x + size / 2)\" y=\"\(y + 41)\" text-anchor=\"middle\" fill=\"\(ink)\">\(escape(short(display(entry.value))))\(doubtful ? "?" : "")</text></g>\n"
    }
    let legendX = left + columns * (size + gap) + 16
    out += "  <g aria-label=\"legend\">\n"
    for (index, value) in distinct.enumerated() {
      let y = top + index * 24
      let count = values.values.filter { $0.value == value }.count
      out += "    <rect x=\"\(legendX)\" y=\"\(y)\" width=\"16\" height=\"16\" fill=\"\(colorOf[value]!)\" stroke=\"#666666\"/>"
      out += "<text class=\"legend\" x=\"\(legendX + 24)\" y=\"\(y + 13)\">\(escape(display(value))) (\(count))</text>\n"
    }
    if !uncertain.isEmpty {
      let y = top + distinct.count * 24
      out += "    <rect x=\"\(legendX)\" y=\"\(y)\" width=\"16\" height=\"16\" fill=\"#FFFFFF\" stroke=\"#666666\"/>"
      out += "<rect x=\"\(legendX)\" y=\"\(y)\" width=\"16\" height=\"16\" fill=\"url(#uncertain)\"/>"
      out += "<text class=\"legend\" x=\"\(legendX + 24)\" y=\"\(y + 13)\">? \(escape(uncertainLegend)) (\(uncertain.count))</text>\n"
    }
    out += "  </g>\n</svg>\n"
    return out
  }

  static func display(_ value: String) -> String { value.isEmpty ? "(none)" : value.replacingUnderscores() }

  static func short(_ text: String) -> String { text.count <= 9 ? text : String(text.prefix(8)) + "…" }

  /// Black or white, whichever reads better on the fill.
  static func textColor(on hex: String) -> String {
    let digits = Array(hex.dropFirst())
    guard digits.count == 6, let r = Int(String(digits[0...1]), radix: 16), let g = Int(String(digits[2...3]), radix: 16),
      let b = Int(String(digits[4...5]), radix: 16)
    else {
      return "#000000"
    }
    return (r * 299 + g * 587 + b * 114) / 1000 > 140 ? "#000000" : "#FFFFFF"
  }

  public static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(character)
      }
    }
    return out
  }
}
