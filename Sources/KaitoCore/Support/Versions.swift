import CCurl
import CYAML

/// Versions of this tool and of what it is built on, for `version`.
public enum Versions {
  public static let tool = "0.1.0"

  public static var libyaml: String { String(cString: yaml_get_version_string()) }

  /// libcurl's version line, or why it cannot be loaded.
  public static var libcurl: String {
    guard kaito_curl_available() != 0 else { return "not available (\(String(cString: kaito_curl_error())))" }
    return String(cString: kaito_curl_version())
  }
}
