import Glibc

/// Terminal colours: on only for a terminal, and never with NO_COLOR set.
public struct Style: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Colours when `fd` is a terminal and NO_COLOR is not set.
    public static func forDescriptor(_ fd: Int32) -> Style {
        let noColor = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
        return Style(enabled: isatty(fd) != 0 && !noColor)
    }

    func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1b}[" + code + "m" + text + "\u{1b}[0m" : text
    }

    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func blue(_ s: String) -> String { wrap(s, "34") }
    public func magenta(_ s: String) -> String { wrap(s, "35") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }

    /// The terminal's width (80 when unknown).
    public static func terminalWidth(_ fd: Int32) -> Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        return 80
    }
}

/// Wraps text at spaces to `width` columns, each line indented by `indent`. Single line breaks
/// in the source are spaces (YAML block text is hard-wrapped); blank lines separate paragraphs.
public func wrapText(_ text: String, width: Int, indent: String) -> [String] {
    var lines: [String] = []
    let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false)
        .split(whereSeparator: { $0.allSatisfy { $0 == " " } })
    for (index, paragraph) in paragraphs.enumerated() {
        if index > 0 { lines.append("") }
        var line = ""
        for word in paragraph.joined(separator: " ").split(separator: " ") {
            if !line.isEmpty && indent.count + line.count + 1 + word.count > width {
                lines.append(indent + line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(indent + line) }
    }
    return lines
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
