/// An error the user can act on: one line, worded for a person, printed as `error: <message>`.
public struct KaitoError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
