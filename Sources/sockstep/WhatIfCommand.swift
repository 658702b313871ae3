import ArgumentParser
import Decoding
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing

/// `sockstep whatif LESSON`: the lesson once for each call it makes, that call blocked; a table
/// of what broke.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Run a lesson once per call it makes, that call blocked with seccomp: a table of what broke.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file.")
    var lesson: String

    @Option(help: "What the filter does to the blocked call: an errno name (EPERM), kill, trap or log.")
    var action = "EPERM"

    @Option(help: "text (a table) or json (JSON Lines, one object per blocked call).")
    var format: Format = .text

    @Option(help: "The port the lesson uses instead of its own.")
    var port: Int?

    @Flag(help: "Let a role go on after a failed step.")
    var keepGoing = false

    struct Row {
        var call: String
        var failures: [(role: String, text: String, ended: String)]
        var dataArrived: Bool
    }

    func validate() throws {
        do { _ = try BlockRule.parse("socket=" + action) } catch {
            throw ValidationError("unknown action '\(action)': use an errno name (EPERM, EACCES, ECONNREFUSED, ...), kill, trap or log")
        }
    }

    func run() throws {
        let original = try loadLesson(self.lesson, port: port)
        var calls: [String] = []
        for step in original.steps where !calls.contains(step.call.name) { calls.append(step.call.name) }
        let showProgress = isatty(2) != 0
        var rows: [Row] = []
        for (i, call) in calls.enumerated() {
            if showProgress { FileHandleLite.standardError.write("\r\u{1b}[Kwhatif \(original.name): \(call) blocked (\(i + 1)/\(calls.count))") }
            let plan = try makeBlockPlan([call + "=" + action], lesson: original)
            let lesson = plan.apply(to: original)
            var options = LessonRun.Options()
            options.port = port
            options.keepGoing = keepGoing
            options.blocks = plan.arguments
            let observation = Observation()
            let run = LessonRun(lesson: lesson, options: options) { event in observation.record(event) }
            let outcome: TraceOutcome
            do { outcome = try run.run() } catch { throw RuntimeFailure(message: error.description) }
            if case .interrupted(let signal) = outcome { cp_die(signal) }
            rows.append(Row(call: call, failures: lesson.roles.map { role in
                let ended: String
                switch observation.ends[role.name] {
                case .exited(let status)?: ended = "exited \(status)"
                case .killed(let signal)?: ended = "killed by \(SignalTable.name(signal))"
                case nil: ended = "-"
                }
                return (role.name, observation.firstFailure(of: role.name), ended)
            }, dataArrived: observation.dataArrived(in: lesson)))
        }
        if showProgress { FileHandleLite.standardError.write("\r\u{1b}[K") }
        let out = OutputSink.standardOutput
        switch format {
        case .json:
            for row in rows {
                var roles: [String] = []
                for failure in row.failures {
                    roles.append(json(failure.role) + ":{\"first_failure\":" + json(failure.text) + ",\"ended\":" + json(failure.ended) + "}")
                }
                out.write("{\"schema\":1,\"lesson\":" + json(original.name) + ",\"blocked\":" + json(row.call) + ",\"action\":" + json(action)
                          + ",\"roles\":{" + roles.joined(separator: ",") + "},\"data_arrived\":" + (row.dataArrived ? "true" : "false") + "}\n")
            }
        case .text:
            let roleNames = original.roles.map(\.name)
            var table: [[String]] = [["blocked call"] + roleNames.map { "first failure in " + $0 } + ["data arrived"]]
            for row in rows {
                table.append([row.call] + row.failures.map(\.text) + [row.dataArrived ? "yes" : "no"])
            }
            let widths = (0 ..< table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
            out.write("whatif \(original.name): each call blocked with \(action), one run each\n\n")
            for (index, line) in table.enumerated() {
                out.write(line.enumerated().map { $0.element.padded(widths[$0.offset]) }.joined(separator: "  ").trimmingTrailing() + "\n")
                if index == 0 { out.write(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n") }
            }
        }
        out.flush()
    }

    func json(_ s: String) -> String { JSON.string(s) }
}

extension String {
    func trimmingTrailing() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
