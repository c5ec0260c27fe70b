/// The one sanitiser for text from outside (API servers, model servers, kubeconfigs, plugins) on
/// its way to a terminal. What it treats as unsafe: C0 controls other than tab and newline, DEL,
/// C1 controls (U+0080–U+009F: U+009B is a one-byte CSI) and Unicode's bidirectional controls
/// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which reorder what a reader sees.
/// Server strings are shown escaped, so nothing is hidden (`^[`, `\r`, `<U+202E>`); a model's
/// answer has them dropped, so its text reads as written. `-o json|yaml` never pass through here.
public enum TerminalText {
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A: return false
    case 0x00..<0x20, 0x7F, 0x80...0x9F: return true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  /// Whether any byte could start an unsafe scalar: a quick test that lets plain text through untouched.
  static func mayNeedWork(_ s: String, newlines: Bool) -> Bool {
    func suspect(_ byte: UInt8) -> Bool {
      byte < 0x20 && (byte != 0x09 && (byte != 0x0A || !newlines)) || byte == 0x7F || byte == 0xC2 || byte == 0xD8
        || byte == 0xE2
    }
    // Over the bytes in place: every cell of a long table comes through here.
    return s.utf8.withContiguousStorageIfAvailable { $0.contains(where: suspect) } ?? s.utf8.contains(where: suspect)
  }

  /// Unsafe scalars made visible: ESC as `^[` and CR as `\r` (kubectl's printers), other C0 and
  /// DEL in caret notation, C1 and bidirectional controls as `<U+XXXX>`. With `newlines: false`
  /// (a table cell) a newline is shown as `\n` so that a row stays one line.
  public static func escape(_ s: String, newlines: Bool = true) -> String {
    guard mayNeedWork(s, newlines: newlines) else { return s }
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar.value {
      case 0x0A where !newlines: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x7F: out += "^?"
      case _ where !isUnsafe(scalar): out.unicodeScalars.append(scalar)
      case 0x00..<0x20: out += "^" + String(Unicode.Scalar(UInt8(scalar.value) + 0x40))
      default:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out += "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
      }
    }
    return out
  }

  /// A model's text with unsafe scalars dropped; tabs and newlines (code layout) stay.
  public static func dropUnsafe(_ text: String) -> String {
    guard mayNeedWork(text, newlines: true) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars where !isUnsafe(scalar) { out.unicodeScalars.append(scalar) }
    return out
  }
}
