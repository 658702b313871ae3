import Decoding
import Lessons
import Presentation

/// A check's report in each of its forms: the text for the student, JSON Lines, JUnit XML and
/// Gradescope's results.json for an autograder.
struct CheckReportContext {
    let report: CheckReport
    let language: CodeLanguage
    let command: [String]

    var others: String {
        let names = report.lesson.roles.map(\.name).filter { $0 != report.role }
        guard !names.isEmpty else { return "no other roles" }
        return "the lesson's \(language.rawValue) \(names.joined(separator: " and "))"
    }

    var exitCode: Int { report.passed ? 0 : 1 }

    /// The test's name: `server 3/5: Bind the socket to an address`, `server: Ends with exit status 0`.
    func name(_ result: CheckResult) -> String {
        let total = report.lesson.stepCount(of: report.role)
        return result.number.map { "\(report.role) \($0)/\(total): \(result.title)" } ?? "\(report.role): \(result.title)"
    }

    var summary: String {
        var parts = ["\(report.count(.pass)) passed", "\(report.count(.fail)) failed"]
        let warnings = report.count(.warn)
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        return parts.joined(separator: ", ") + "; score \(report.score)/\(report.maxScore)"
    }

    // MARK: Text

    func text(style: Style, width: Int) -> String {
        var out = style.bold("sockstep check \(report.lesson.name) --role \(report.role)") + ": your program (\(command.joined(separator: " "))) as the \(report.role), \(others), port \(report.port)"
        if let rule = report.blocks.first { out += "; \(rule.call) blocked (\(rule.action.description))" }
        out += "\n\n"
        for line in report.notices { out += style.yellow(line) + "\n\n" }
        for result in report.results {
            let symbol: String
            switch result.mark {
            case .pass: symbol = style.green(result.mark.symbol)
            case .fail: symbol = style.red(result.mark.symbol)
            case .warn: symbol = style.yellow(result.mark.symbol)
            }
            var head = name(result)
            if result.grade != .required { head += " (\(result.grade.rawValue))" }
            out += symbol + " " + style.bold(head) + "\n"
            if result.yours.isEmpty {
                out += "    yours   " + style.dim("(no such call)") + "\n"
            }
            for (i, line) in result.yours.enumerated() {
                out += (i == 0 ? "    yours   " : "            ") + line + "\n"
            }
            if let expected = result.expected { out += "    lesson  " + style.dim(expected) + "\n" }
            if let message = result.message {
                for (i, line) in wrapText(message, width: width - 6, indent: "").enumerated() {
                    out += (i == 0 ? "    → " : "      ") + line + "\n"
                }
            }
            for note in result.notes {
                for (i, line) in wrapText(note, width: width - 6, indent: "").enumerated() {
                    out += (i == 0 ? "    · " : "      ") + style.dim(line) + "\n"
                }
            }
        }
        out += "\nresult: " + (report.passed ? style.green("passed") : style.red("failed")) + "; " + summary + "\n"
        return out
    }

    // MARK: JSON Lines

    func jsonLines() -> String {
        var out = ""
        for result in report.results {
            out += JSON.object([
                ("type", JSON.string("step")),
                ("id", JSON.string(result.id)),
                ("number", result.number.map { String($0) } ?? "null"),
                ("role", JSON.string(report.role)),
                ("title", JSON.string(result.title)),
                ("result", JSON.string(result.mark.rawValue)),
                ("grade", JSON.string(result.grade.rawValue)),
                ("points", String(result.points)),
                ("score", String(result.score)),
                ("yours", JSON.array(result.yours.map(JSON.string))),
                ("expected", result.expected.map(JSON.string) ?? "null"),
                ("message", result.message.map(JSON.string) ?? "null"),
                ("allowed", JSON.array(result.notes.map(JSON.string))),
            ]) + "\n"
        }
        out += JSON.object([
            ("type", JSON.string("summary")),
            ("lesson", JSON.string(report.lesson.name)),
            ("role", JSON.string(report.role)),
            ("language", JSON.string(language.rawValue)),
            ("port", String(report.port)),
            ("block", report.blocks.first.map { JSON.string($0.call + "=" + $0.action.description) } ?? "null"),
            ("passed", String(report.count(.pass))),
            ("failed", String(report.count(.fail))),
            ("warnings", String(report.count(.warn))),
            ("score", String(report.score)),
            ("max_score", String(report.maxScore)),
            ("notices", JSON.array(report.notices.map(JSON.string))),
            ("result", JSON.string(report.passed ? "pass" : "fail")),
            ("exit_code", String(exitCode)),
        ]) + "\n"
        return out
    }

    /// What a test's output says: the lines, the message, the allowed differences.
    func detail(_ result: CheckResult) -> String {
        var lines: [String] = []
        if let message = result.message { lines.append(message) }
        lines += result.yours.isEmpty ? ["yours:  (no such call)"] : result.yours.map { "yours:  " + $0 }
        if let expected = result.expected { lines.append("lesson: " + expected) }
        lines += result.notes.map { "allowed: " + $0 }
        return lines.joined(separator: "\n")
    }

    // MARK: JUnit

    /// JUnit XML: one test suite (the lesson and role), one test case per step; a failed step
    /// is a `<failure>`, a warning passes with its message in `<system-out>`.
    func junit() -> String {
        let suite = "\(report.lesson.name).\(report.role)"
        let failures = report.count(.fail)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"sockstep check\" tests=\"\(report.results.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        out += "  <testsuite name=\"\(Self.xml(suite))\" tests=\"\(report.results.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for result in report.results {
            out += "    <testcase classname=\"\(Self.xml(suite))\" name=\"\(Self.xml(name(result)))\">\n"
            if result.mark == .fail {
                out += "      <failure type=\"\(Self.xml(result.id))\" message=\"\(Self.xml(result.message ?? "failed"))\">\(Self.xml(detail(result)))</failure>\n"
            } else {
                let prefix = result.mark == .warn ? "warning: " : ""
                out += "      <system-out>\(Self.xml(prefix + detail(result)))</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// Text for XML 1.0: the five entities escaped; control characters XML cannot hold as \xNN.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xfffe || scalar.value == 0xffff {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    // MARK: Gradescope

    /// Gradescope's results.json: the total score, and each step a test with its score and
    /// max_score, status passed or failed, and what the report says.
    func gradescope() -> String {
        let tests = report.results.enumerated().map { index, result in
            JSON.object([
                ("name", JSON.string(name(result))),
                ("number", JSON.string(String(index + 1))),
                ("score", String(result.score)),
                ("max_score", String(result.points)),
                ("status", JSON.string(result.mark == .fail ? "failed" : "passed")),
                ("output", JSON.string((result.mark == .warn ? "warning: " : "") + detail(result))),
            ])
        }
        let text = "sockstep check \(report.lesson.name) --role \(report.role): " + summary
        return JSON.object([
            ("score", String(report.score)),
            ("output", JSON.string(text)),
            ("tests", JSON.array(tests)),
        ]) + "\n"
    }
}
