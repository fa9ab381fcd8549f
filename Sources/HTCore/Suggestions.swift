/// "Did you mean …?" suggestions by edit distance.
public enum Suggestions {
  /// Levenshtein distance between two strings (by Unicode scalars).
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// The closest candidate, if it is close enough to be a plausible typo.
  public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    // Names far longer than any term are not typos; the edit distance would cost their length
    // times each candidate's.
    guard name.unicodeScalars.count <= 64 else { return nil }
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(name.lowercased(), candidate.lowercased())
      if best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) {
        best = (candidate, distance)
      }
    }
    guard let (candidate, distance) = best else { return nil }
    let limit = Swift.max(2, Swift.min(name.count, candidate.count) / 2)
    if distance <= limit || candidate.hasPrefix(name) || name.hasPrefix(candidate) { return candidate }
    return nil
  }

  /// " (did you mean `x`?)" or "".
  public static func hint(for name: String, in candidates: some Sequence<String>) -> String {
    closest(to: name, in: candidates).map { "; did you mean `\($0)`?" } ?? ""
  }
}
