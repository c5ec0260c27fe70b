/// An error the user can act on: one line (or a few), worded for a person. It prints as
/// `error: <message>`, except errors from the server, which kubectl prints as they are
/// (`Error from server (NotFound): …`).
public struct KaitoError: Error, Equatable, CustomStringConvertible {
  public var message: String
  /// False for messages that carry their own prefix.
  public var prefixed = true
  /// For an error the API server answered: its HTTP status and its `Status.reason`.
  public var httpStatus: Int?
  public var reason: String?

  public init(_ message: String) { self.message = message }

  public static func server(_ message: String, httpStatus: Int? = nil, reason: String? = nil) -> KaitoError {
    var error = KaitoError(message)
    error.prefixed = false
    error.httpStatus = httpStatus
    error.reason = reason
    return error
  }

  /// The server refused the write itself (validation or an admission webhook), as opposed to
  /// failing to reach it, authenticate or find it.
  public var isRefusal: Bool {
    guard let httpStatus else { return false }
    return httpStatus == 422 || ((httpStatus == 400 || httpStatus == 403) && message.contains("admission webhook"))
  }

  /// Errors are alike when they print alike; where they came from is not part of it.
  public static func == (a: KaitoError, b: KaitoError) -> Bool { a.message == b.message && a.prefixed == b.prefixed }

  public var description: String { message }
  /// The line(s) printed on stderr.
  public var printed: String { prefixed ? "error: " + message : message }
}
