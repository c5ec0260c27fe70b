/// An error the user can act on: one line (or a few), worded for a person. It prints as
/// `error: <message>`, except errors from the server, which kubectl prints as they are
/// (`Error from server (NotFound): …`).
public struct KaitoError: Error, Equatable, CustomStringConvertible {
  public var message: String
  /// False for messages that carry their own prefix.
  public var prefixed = true

  public init(_ message: String) { self.message = message }

  public static func server(_ message: String) -> KaitoError {
    var error = KaitoError(message)
    error.prefixed = false
    return error
  }

  public var description: String { message }
  /// The line(s) printed on stderr.
  public var printed: String { prefixed ? "error: " + message : message }
}
