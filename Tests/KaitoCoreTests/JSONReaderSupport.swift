import TestSupport

@testable import KaitoCore

struct TestSupportRandom {
  var generator: SeededRandom
  init(seed: UInt64) { generator = SeededRandom(seed: seed) }
}

extension Value {
  /// JSON writes infinities and NaN as null, so such values cannot round-trip through it.
  var containsNonFiniteDouble: Bool {
    switch self {
    case .double(let d): return !d.isFinite
    case .array(let items): return items.contains { $0.containsNonFiniteDouble }
    case .object(let object): return object.entries.contains { $0.value.containsNonFiniteDouble }
    default: return false
    }
  }
}
