/// Bring-your-own GPU nodes (node auto-provisioning off), described as KAITO reads them: from the
/// NVIDIA GPU Feature Discovery labels of the nodes that match the workspace's label selector.
public struct GPUNodes: Sendable, Equatable {
  public var names: [String]
  public var product: String
  public var gpusPerNode: Int
  /// Per node: the per-GPU memory rounded to GiB, times the GPU count, as KAITO computes it.
  public var gpuMemoryGiB: Int

  /// The nodes as an instance type, so the fit engine can size the workspace on them.
  public var asSKU: SKU {
    SKU(
      cloud: .azure, name: "\(names.count) node\(names.count == 1 ? "" : "s") of \(product)", gpus: gpusPerNode,
      gpuMemoryGiB: gpuMemoryGiB, gpuModel: product.hasPrefix("NVIDIA") ? product : "NVIDIA " + product, nvme: false,
      computeCapability: nil)
  }

  /// KAITO's webhook rules: every node needs the three labels, and all must be alike.
  public static func from(nodes: [Value], selector: String) throws(KaitoError) -> GPUNodes {
    guard !nodes.isEmpty else {
      throw KaitoError(
        "No nodes found matching the specified label selector \(selector): with node auto-provisioning off, KAITO runs on your own GPU nodes; label them (kubectl label node NODE \(selector)) or pass --label"
      )
    }
    var result: GPUNodes?
    for node in nodes {
      let name = node["metadata"]?["name"]?.stringValue ?? "?"
      let labels = node["metadata"]?["labels"]
      guard let product = labels?["nvidia.com/gpu.product"]?.stringValue,
        let count = labels?["nvidia.com/gpu.count"]?.stringValue.flatMap({ Int($0) }),
        let memory = labels?["nvidia.com/gpu.memory"]?.stringValue.flatMap({ Int($0) })
      else {
        throw KaitoError(
          "Failed to get GPU config from nvidia labels on node \(name): missing required nvidia.com labels (nvidia.com/gpu.product, nvidia.com/gpu.count, nvidia.com/gpu.memory); install the NVIDIA GPU Feature Discovery"
        )
      }
      let perGPU = Int((Double(memory) / 1024).rounded())
      let this = GPUNodes(names: [name], product: product, gpusPerNode: count, gpuMemoryGiB: perGPU * count)
      if var seen = result {
        guard seen.product == product else {
          throw KaitoError("Non-uniform GPU product: node \(name) has \(product), others have \(seen.product)")
        }
        guard seen.gpusPerNode == count else {
          throw KaitoError("Non-uniform GPU count: node \(name) has \(count), others have \(seen.gpusPerNode)")
        }
        guard seen.gpuMemoryGiB == this.gpuMemoryGiB else {
          throw KaitoError("Non-uniform GPU memory: node \(name) differs from the others")
        }
        seen.names.append(name)
        result = seen
      } else {
        result = this
      }
    }
    // `nodes` is not empty (checked above), so the loop set `result`.
    return result!
  }
}
