/// "Did you mean" for names: the closest candidates by edit distance, ignoring case. A candidate
/// may be known by several names (a model's alias, HF id and served name); it is shown once.
public enum Suggestions {
  public struct Candidate: Sendable {
    public var shown: String
    public var names: [String]
    public init(_ shown: String, also names: [String] = []) {
      self.shown = shown
      self.names = [shown] + names
    }
  }

  public static func nearest(to input: String, among candidates: [Candidate], limit: Int = 3) -> [String] {
    let query = input.lowercased()
    let compactQuery = compact(query)
    guard !query.isEmpty else { return [] }
    let threshold = max(3, query.count / 3)
    var scored: [(shown: String, score: Int)] = []
    for candidate in candidates {
      let score =
        candidate.names.map { name -> Int in
          let lowered = name.lowercased()
          // A fragment of the name ("llama", "H200") is as good as a near-miss.
          let isFragment =
            lowered.contains(query) || (compactQuery.count >= 4 && compact(lowered).contains(compactQuery))
          return isFragment ? 1 : distance(Array(query), Array(lowered))
        }.min() ?? .max
      if score <= threshold { scored.append((candidate.shown, score)) }
    }
    // Only names about as close as the closest: one clear answer beats three loose ones.
    let best = scored.map(\.score).min() ?? 0
    return scored.filter { $0.score <= best + 2 }
      .sorted { ($0.score, $0.shown.count, $0.shown) < ($1.score, $1.shown.count, $1.shown) }
      .prefix(limit).map(\.shown)
  }

  /// `; did you mean a, b or c?` — or nothing when no candidate is close.
  public static func sentence(for input: String, among candidates: [Candidate]) -> String {
    let names = nearest(to: input, among: candidates)
    guard let last = names.last else { return "" }
    let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    return "; did you mean \(list)?"
  }

  /// Letters and digits only, so `llama3` is found in `llama-3.1-8b-instruct`.
  static func compact(_ s: String) -> String { String(s.filter { $0.isLetter || $0.isNumber }) }

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
