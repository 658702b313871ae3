import Foundation
import Testing

/// The view on a projector: on a terminal of 80 or 120 columns (script gives sockstep one) no
/// line is longer than the terminal, and wrapping cuts no word: the words are those of the
/// same output on a terminal wide enough for every line; explanations are not dim.
@Suite("The view fits the terminal")
struct ViewWidthTests {
    /// `sockstep ARGS` on a terminal of `columns`; colours on unless `noColor`.
    static func screen(_ arguments: [String], columns: Int, noColor: Bool = true) throws -> ProcessResult {
        let binary = Harness.shellQuote(try Harness.sockstepBinary())
        let colour = noColor ? "NO_COLOR=1 " : ""
        let command = "stty cols \(columns) rows 50; \(colour)\(binary) " + arguments.map(Harness.shellQuote).joined(separator: " ")
        return try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: Harness.traceEnvironment, timeout: 90)
    }

    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r", with: "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The words of a text, in order: what wrapping must not change. The header rule's
    /// dashes, the ┆ that marks a code line cut to fit, and numbers that differ from run to run
    /// (ports) are left out.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
            .filter { !$0.allSatisfy { $0 == "─" } && $0 != "┆" }
            .map { $0.replacing(/[0-9]{4,}/, with: "N") }
    }

    func check(_ arguments: [String], widths: [Int] = [80, 120], status: Int32 = 0) throws {
        let wide = try Self.screen(arguments, columns: 400)
        #expect(wide.exitCode == status, "\(wide)")
        for columns in widths {
            let result = try Self.screen(arguments, columns: columns)
            #expect(result.exitCode == status, "\(result)")
            for line in Self.lines(result.stdout) {
                #expect(line.count <= columns, "a line of \(line.count) characters on \(columns) columns: \(line)")
            }
            #expect(Self.words(result.stdout) == Self.words(wide.stdout), "at \(columns) columns the words differ from the unwrapped view:\n\(result.stdout)")
        }
    }

    @Test("run tcp (C programs): every line fits 80 and 120 columns, no word cut")
    func runFits() throws {
        try check(["run", "tcp", "--lang", "c", "--port", String(try Harness.freePort())])
    }

    @Test("run with a block and its 'what happened': fits, no word cut")
    func blockedRunFits() throws {
        try check(["run", "tcp", "--lang", "c", "--port", String(try Harness.freePort()), "--block", "sendto"], status: 1)
    }

    @Test("show and lessons: fit, no word cut")
    func showAndLessonsFit() throws {
        for language in ["rust", "python", "swift"] { try check(["show", "tcp6", "--lang", language]) }
        try check(["show", "unix"])
        try check(["lessons"])
    }

    @Test("a step title longer than the terminal goes on to a second line; the rule stays on one")
    func longTitleKeepsTheRule() throws {
        let folder = try Harness.makeTemporaryDirectory("long-title")
        let title = String(repeating: "A title that goes on and on ", count: 6) + "until it ends"
        let path = folder + "/long.yaml"
        try """
        title: "Long titles"
        summary: |
          One step with a long title.
        port: 8888
        roles:
          - name: server
            about: Makes one socket.
        steps:
          - role: server
            title: \(title)
            call: socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP)
            explain: A socket.
        """.write(toFile: path, atomically: true, encoding: .utf8)
        try check(["run", path])
        let result = try Self.screen(["run", path], columns: 80)
        let rules = Self.lines(result.stdout).filter { $0.hasSuffix("───") }
        #expect(rules.count == 1 && rules[0].count == 80 && rules[0].contains("until it ends ───"), "\(result)")
    }

    @Test("explanations are in normal weight: no dim (ESC[2m) on the lesson's text; the code's language labels line up")
    func explanationsNotDim() throws {
        let result = try Self.screen(["run", "tcp", "--lang", "python", "--port", String(try Harness.freePort())], columns: 100, noColor: false)
        #expect(result.exitCode == 0, "\(result)")
        let lines = Self.lines(result.stdout)
        let prose = lines.filter { $0.contains("socket() asks the kernel for a new endpoint") }
        #expect(!prose.isEmpty, "\(result)")
        for line in prose { #expect(!line.contains("\u{1b}[2m"), "dim prose: \(line)") }
        // Structure keeps its colour: the gutter, the role.
        #expect(result.stdout.contains("\u{1b}[2mpython │ \u{1b}[0m"), "\(result)")
        let plain = try Self.screen(["run", "tcp", "--lang", "rust", "--port", String(try Harness.freePort())], columns: 100)
        #expect(plain.stdout.contains("  rust   │ "), "\(plain)")
    }
}
