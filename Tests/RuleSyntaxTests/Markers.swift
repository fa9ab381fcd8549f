import HTCore

/// Marker-based test sources, after swift-syntax's parser tests: `1️⃣`, `2️⃣`, … mark the byte
/// offsets where diagnostics are expected; they are removed before parsing.
struct MarkedSource {
  let text: String
  let markers: [String: Int]

  init(_ marked: String) {
    var text = ""
    var markers: [String: Int] = [:]
    for character in marked {
      if let scalar = character.unicodeScalars.first,
        character.unicodeScalars.count > 1 || (0x2460...0x2473).contains(scalar.value) || character.unicodeScalars.contains(where: { $0.value == 0x20E3 })
      {
        markers[String(character)] = text.utf8.count
        continue
      }
      text.append(character)
    }
    self.text = text
    self.markers = markers
  }

  var source: SourceText { SourceText(fileName: "test.rules", text: text) }
}
