/// One KAITO release's node-estimator constants (pkg/workspace/estimator/nodesestimator), so that
/// the fit the CLI predicts is the one the cluster's controller computes. A later release whose
/// arithmetic changes is one more entry in `releases`, with its tests.
public struct KaitoArithmetic: Sendable, Equatable {
  /// The release these constants were read from, e.g. `0.12.0`.
  public var version: String
  /// The share of each GPU's memory vLLM may use.
  public var gpuMemoryUtilization: Double
  /// GPU models whose share differs from `gpuMemoryUtilization` in the estimator. v0.12.0 has none:
  /// the 0.82 it passes vLLM for the A10 is a runtime flag, not part of its estimate.
  public var utilizationByGPUModel: [String: Double]
  /// Fixed memory reserved on each GPU before the KV cache and the weights.
  public var perGPUReserveGiB: Double
  /// The divisor for activation and framework overhead on what is left.
  public var overheadFactor: Double
  /// The factor from the weights' file size to their size in GPU memory.
  public var weightExpansion: Double
  /// The context the KV cache is sized for when no max-model-len is set.
  public var defaultContextLength: Int

  /// Every release this tool knows, oldest first.
  public static let releases: [KaitoArithmetic] = [
    KaitoArithmetic(
      version: "0.12.0", gpuMemoryUtilization: 0.84, utilizationByGPUModel: [:], perGPUReserveGiB: 2.3,
      overheadFactor: 1.05, weightExpansion: 1.02, defaultContextLength: 2048)
  ]

  /// The release of the embedded catalog.
  public static let current = releases[releases.count - 1]

  public var label: String { "KAITO v\(version)" }

  public func utilization(for gpuModel: String) -> Double {
    utilizationByGPUModel[gpuModel] ?? gpuMemoryUtilization
  }

  /// The arithmetic for a KAITO version (`0.12.1`, `v0.11.0`, `0.13.0-rc1`): the newest known
  /// release not newer than it, else the oldest known. Nil for text that is not a version.
  public static func matching(_ text: String) -> KaitoArithmetic? {
    guard let wanted = KaitoVersion(text) else { return nil }
    return releases.last { release in KaitoVersion(release.version).map { $0 <= wanted } ?? false } ?? releases[0]
  }

  /// `--kaito-version`'s choice: the current release without one, a clear error for a bad one.
  public static func chosen(_ flag: String?) throws(KaitoError) -> KaitoArithmetic {
    guard let flag else { return current }
    guard let arithmetic = matching(flag) else {
      throw KaitoError(
        "invalid --kaito-version \"\(flag)\": a KAITO release looks like 0.12.0 (known: \(releases.map(\.version).joined(separator: ", ")))"
      )
    }
    return arithmetic
  }

  /// Whether a controller of `version` computes with these constants: the same minor release.
  public func covers(_ version: String) -> Bool {
    guard let other = KaitoVersion(version), let mine = KaitoVersion(self.version) else { return false }
    return (other.major, other.minor) == (mine.major, mine.minor)
  }
}

/// A `major.minor.patch` version as KAITO tags its images and charts (`v` and suffixes allowed).
public struct KaitoVersion: Sendable, Comparable {
  public var major: Int, minor: Int, patch: Int

  public init?(_ text: String) {
    var body = Substring(text)
    if body.first == "v" { body = body.dropFirst() }
    let core = body.prefix { $0.isNumber || $0 == "." }
    let parts = core.split(separator: ".", omittingEmptySubsequences: false)
    guard (2...3).contains(parts.count), let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
    self.major = major
    self.minor = minor
    patch = parts.count == 3 ? (Int(parts[2]) ?? 0) : 0
  }

  public static func < (a: KaitoVersion, b: KaitoVersion) -> Bool {
    (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
  }
}
