/// "Did you mean" for names: the closest candidates by edit distance, ignoring case.
public enum Suggestions {
  public static func nearest(to input: String, among candidates: [String], limit: Int = 3) -> [String] {
    let query = Array(input.lowercased())
    guard !query.isEmpty else { return [] }
    var scored: [(name: String, score: Int)] = []
    var seen: Set<String> = []
    for candidate in candidates where seen.insert(candidate.lowercased()).inserted {
      let lowered = candidate.lowercased()
      var score = distance(query, Array(lowered))
      // A fragment of the name ("llama", "A100") is as good as a near-miss.
      if lowered.contains(String(query)) { score = min(score, max(1, (lowered.count - query.count) / 4)) }
      scored.append((candidate, score))
    }
    let threshold = max(3, query.count / 2)
    return scored.filter { $0.score <= threshold }
      .sorted { ($0.score, $0.name.count, $0.name) < ($1.score, $1.name.count, $1.name) }
      .prefix(limit).map(\.name)
  }

  /// `; did you mean a, b or c?` — or nothing when no candidate is close.
  public static func sentence(for input: String, among candidates: [String]) -> String {
    let names = nearest(to: input, among: candidates)
    guard let last = names.last else { return "" }
    let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    return "; did you mean \(list)?"
  }

  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
