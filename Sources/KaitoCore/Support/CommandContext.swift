import Synchronization

/// Everything one invocation may take from the outside world, built once by each command's
/// `run()`: the environment (streams, whether they are terminals, variables, clock, line input),
/// the words typed, how connections are made, and Ctrl-C. The tests build one with captured
/// streams, a fixed clock and a transport that answers from recorded fixtures.
public struct CommandContext: Sendable {
  public var environment: Environment
  /// The words after the program's name, as typed.
  public var arguments: [String]
  /// Opens the transport for a connection (the API server's, or a forwarded port's).
  public var connect: TransportFactory
  /// Turns Ctrl-C from "end the process" into a flag, and returns how to read that flag.
  public var catchInterrupts: @Sendable () -> @Sendable () -> Bool

  public init(
    environment: Environment, arguments: [String], connect: @escaping TransportFactory,
    catchInterrupts: @escaping @Sendable () -> @Sendable () -> Bool = { { false } }
  ) {
    self.environment = environment
    self.arguments = arguments
    self.connect = connect
    self.catchInterrupts = catchInterrupts
  }

  /// This process: its streams and variables, libcurl, the real SIGINT.
  public static func live(arguments: [String]) -> CommandContext {
    CommandContext(
      environment: .live(), arguments: arguments,
      connect: { (connection, environment) throws(KaitoError) in
        try CurlTransport(connection: connection, environment: environment)
      },
      catchInterrupts: {
        Platform.onInterrupt { _ in interruptedByUser.store(true, ordering: .relaxed) }
        return { interruptedByUser.exchange(false, ordering: .relaxed) }
      })
  }
}

/// Set by the SIGINT handler (a signal handler can only reach globals).
private let interruptedByUser = Atomic(false)
