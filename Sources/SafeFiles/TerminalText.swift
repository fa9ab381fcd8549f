/// Text bound for a terminal: control characters from input are shown escaped (`\u{1B}`), never
/// passed through, so a case file or a path cannot move the cursor or recolour the screen.
public enum TerminalText {
  /// Escapes C0 controls (except newline and tab), DEL and C1 controls.
  public static func escaped(_ text: String, keepNewlines: Bool = true) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) && !(keepNewlines && (scalar == "\n" || scalar == "\t")) {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
  }
}
