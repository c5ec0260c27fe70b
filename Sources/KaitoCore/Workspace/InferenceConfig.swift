/// vLLM's own settings for a workspace: KAITO's `inference_config.yaml`, a top-level `vllm:` map of
/// vLLM flags without `--` (appended after KAITO's own, so they win), plus `max_probe_steps` and
/// `kv_cache_cpu_memory_utilization`. Checked as KAITO's webhook checks it: it parses, and
/// `max-model-len` is an integer within the model's context window.
public struct InferenceConfig: Sendable, Equatable {
  /// The whole document, in its order.
  public var document: Value.Object
  /// Where it came from, for messages: a file path or `configmap/NAME`.
  public var source: String

  /// Reads `text` (from `source`); an error names the source and what is wrong.
  public init(_ text: String, source: String) throws(KaitoError) {
    let parsed: Value
    do { parsed = try YAMLReader.read(text) } catch {
      throw KaitoError("\(source) is not YAML: \(error.message)")
    }
    guard case .object(let document) = parsed else {
      throw KaitoError("\(source) must be a YAML map with a vllm: map of vLLM flags (inference_config.yaml)")
    }
    if let vllm = document["vllm"], vllm != .null, vllm.objectValue == nil {
      throw KaitoError("\(source): vllm must be a map of vLLM flags without -- (e.g. max-model-len: 16384)")
    }
    (self.document, self.source) = (document, source)
  }

  public init(source: String) { (document, self.source) = (Value.Object(), source) }

  public var vllm: Value.Object { document["vllm"]?.objectValue ?? Value.Object() }

  /// `vllm.max-model-len`, which must be an integer (KAITO's webhook refuses anything else).
  public func maxModelLen() throws(KaitoError) -> Int? {
    guard let value = vllm["max-model-len"], value != .null else { return nil }
    guard let length = value.intValue, length > 0 else {
      throw KaitoError("\(source): max-model-len must be a whole number of tokens, not \(JSONWriter.compact(value))")
    }
    return length
  }

  /// Sets one vLLM flag (`--vllm-arg KEY=VALUE`, or `--max-model-len`).
  public mutating func set(_ key: String, _ value: Value) {
    var flags = vllm
    flags[key] = value
    document["vllm"] = .object(flags)
  }

  /// One vLLM flag, as `--vllm-arg KEY=VALUE` gives it.
  public struct Flag: Sendable, Equatable {
    public var key: String
    public var value: Value
  }

  /// `KEY=VALUE` as `--vllm-arg` takes it; the value is typed as YAML types it (`32`, `0.9`, `true`).
  public static func argument(_ text: String) throws(KaitoError) -> Flag {
    guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
      throw KaitoError("--vllm-arg takes KEY=VALUE (a vLLM flag without --, e.g. max-num-seqs=64), not \"\(text)\"")
    }
    var key = String(text[..<equals])
    while key.hasPrefix("-") { key.removeFirst() }
    let raw = String(text[text.index(after: equals)...])
    let value: Value
    switch try? YAMLReader.read(raw) {
    case .some(.bool(let b)): value = .bool(b)
    case .some(.int(let i)): value = .int(i)
    case .some(.double(let d)): value = .double(d)
    default: value = .string(raw)
    }
    return Flag(key: key, value: value)
  }

  /// The ConfigMap's one key.
  public var yaml: String { YAMLWriter.write(.object(document)) }
}
