import ArgumentParser
import KaitoCore

/// The candidates each kind of value completes to, for ArgumentParser's scripts.
enum Complete {
  static let models = CompletionKind.custom { _, _, prefix in filter(CompletionCandidates.models(), prefix) }
  static let instanceTypes = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.instanceTypes(words: words), prefix)
  }
  static let workspaces = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.workspaces(words: words, context: context), prefix)
  }
  static let contexts = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.contexts(words: words, context: context), prefix)
  }
  static let namespaces = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.namespaces(words: words, context: context), prefix)
  }

  /// ArgumentParser calls these functions while it parses, inside `KubectlKaito.run`.
  private static var context: CommandContext { .current ?? .live(arguments: []) }

  static func filter(_ candidates: [String], _ prefix: String) -> [String] {
    let lower = prefix.lowercased()
    return candidates.filter { $0.lowercased().hasPrefix(lower) }
  }
}
