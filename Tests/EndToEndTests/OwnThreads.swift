import Foundation
import Testing

/// Runs every test of a suite on threads of its own rather than on Swift's cooperative pool.
/// The end-to-end tests block while the binary, kubectl or the test cluster work; on the pool
/// (one thread per core) two such tests would hold a 2-core machine's every thread and the rest
/// of the suite would wait for them, idle.
struct OwnThreads: SuiteTrait, TestTrait, TestScoping {
  var isRecursive: Bool { true }

  func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    try await withTaskExecutorPreference(ThreadPerJob.shared) { try await function() }
  }
}

extension Trait where Self == OwnThreads {
  /// Each test on threads of its own (see `OwnThreads`).
  static var ownThreads: Self { OwnThreads() }
}

/// A task executor that runs each job on a new thread: a blocked test holds only its own.
final class ThreadPerJob: TaskExecutor {
  static let shared = ThreadPerJob()

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    let executor = asUnownedTaskExecutor()
    Thread { job.runSynchronously(on: executor) }.start()
  }
}
