import ArgumentParser
import Decoding
import Events
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing
import TraceRun

/// `sockstep whatif LESSON`: the lesson once for each call it makes, that call blocked; a table
/// of what broke.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Run a lesson once per call it makes, that call blocked with seccomp: a table of what broke.",
        usage: """
        sockstep whatif <lesson> [--lang <lang>] [--action <action>]
                [--port <port>] [--keep-going] [--trust] [--format <format>]
        """,
        discussion: """
        Each row is one run of the lesson with that call blocked for every role that makes it: \
        each role's first failure, how it ended, and whether the data arrived. A role that waits \
        in a call nothing can end any more is ended by sockstep, so every run ends; its first \
        failure then reads "accept4 waits forever". When the lesson's port has connections in \
        TIME_WAIT (left by an earlier run), the next runs move to the next port the kernel lists \
        nothing on, so that TIME_WAIT cannot fail their bind.

        Exit status: 0 when every run was made (the table is the result, whatever broke in it); \
        1 when a run could not be made: a role could not be started, the lesson's address was \
        taken by another program (in use, or in TIME_WAIT from an earlier run: sockstep says \
        which), or the output could not be written; 2 for bad input. After Ctrl-C (SIGINT), \
        SIGTERM or SIGHUP, whatif stops, prints the rows of the runs it finished, and dies of \
        that signal.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file.", completion: .custom(Completions.lessonNames))
    var lesson: String

    @Option(help: "The language of the programs (default: the lesson's first).")
    var lang: CodeLanguage?

    @Option(help: "What the filter does to the blocked call: an errno name (EPERM), kill, trap or log.")
    var action = "EPERM"

    @Option(help: "text (a table) or json (JSON Lines, one object per blocked call).")
    var format: Format = .text

    @Option(help: "The port the lesson uses instead of its own, 1 to 65535.")
    var port: Int?

    @Flag(help: "A calls-only lesson: let a role go on after a failed step.")
    var keepGoing = false

    @Flag(help: "Run the programs of a lesson given by its path (outside the lesson folders).")
    var trust = false

    struct Row {
        var call: String
        var failures: [(role: String, text: String, ended: String)]
        var dataArrived: Bool
        var port: Int
    }

    func validate() throws {
        try checkPort(port)
        do { _ = try BlockRule.parse("socket=" + action) } catch {
            throw ValidationError("unknown action '\(action)': use an errno name (EPERM, EACCES, ECONNREFUSED, ...), kill, trap or log")
        }
    }

    func run() throws {
        let prepared = try prepareLesson(try loadLesson(self.lesson, port: port), lang: lang, trust: trust, keepGoing: keepGoing)
        let original = prepared.lesson
        var calls: [String] = []
        for step in original.steps where !calls.contains(step.call.name) { calls.append(step.call.name) }
        let plans = try calls.map { try makeBlockPlan([$0 + "=" + action], lesson: original) }
        let showProgress = isatty(2) != 0
        var rows: [Row] = []
        var cannotRun: String?
        var port = self.port ?? original.defaultPort
        for (i, call) in calls.enumerated() where Tracer.interruptSignal == 0 {
            if showProgress { FileHandleLite.standardError.write("\r\u{1b}[Kwhatif \(original.name): \(call) blocked (\(i + 1)/\(calls.count))") }
            let lesson = plans[i].apply(to: original)
            port = Self.quietPort(original, from: port)
            var options = LessonRun.Options()
            options.port = port
            options.keepGoing = keepGoing
            options.blocks = plans[i].arguments
            options.programs = prepared.programs
            let header = lessonHeader(lesson, title: "sockstep whatif \(original.name)", port: port, language: prepared.language,
                                      blocks: plans[i].blockedCalls, keepGoing: keepGoing, showState: false)
            let outputs = makeOutputs(OutputRequest(header: header))
            guard let observation = outputs.observation else { break }
            let run = LessonRun(lesson: lesson, options: options) { outputs.send($0) }
            outputs.send(.started(header))
            do { _ = try run.run() } catch {
                // The run folder is the machine's, not the block's: no `--block CALL:` before it.
                if case .folder = error { cannotRun = error.description } else { cannotRun = "--block \(call): " + error.description }
                break
            }
            outputs.send(.finished(RunEnd(interruptSignal: Tracer.interruptSignal, stamp: Tracer.stamp())))
            // A run Ctrl-C cut short is not a row.
            if Tracer.interruptSignal != 0 { break }
            if let reason = observation.stopReason {
                let ended = observation.ended.filter { $0.reason.code == reason.code }.map(\.role)
                cannotRun = "--block \(call): " + reason.explanation(for: ended) + (reason.advice.map { " " + $0 } ?? "")
                break
            }
            rows.append(Row(call: call, failures: lesson.roles.map { role in
                let ended: String
                switch observation.ends[role.name] {
                case .exited(let status)?: ended = "exited \(status)"
                case .killed(let signal)?: ended = "killed by \(SignalTable.name(signal))"
                case nil: ended = "-"
                }
                return (role.name, observation.firstFailure(of: role.name), ended)
            }, dataArrived: observation.dataArrived(in: lesson), port: port))
        }
        if showProgress { FileHandleLite.standardError.write("\r\u{1b}[K") }
        let out = OutputSink.standardOutput
        if !rows.isEmpty { write(rows, lesson: original, to: out) }
        out.flush()
        dieIfInterrupted()
        if let cannotRun { throw RuntimeFailure(message: cannotRun) }
        try out.finish()
        try checkWritten([out])
    }

    /// The port for the next run: `port`, unless a TCP address the lesson binds there has
    /// connections in TIME_WAIT (one run's, or an earlier command's), which would fail a bind
    /// without SO_REUSEADDR on both sides; then the next port above on which the kernel lists
    /// nothing at those addresses. (An address in use is not avoided: the run says it.)
    static func quietPort(_ lesson: Lesson, from port: Int) -> Int {
        func addresses(_ port: Int) -> [String]? {
            var out: [String] = []
            for step in lesson.steps where step.call.name == "bind" {
                guard step.call.arguments.count > 1, case .address(let literal) = step.call.arguments[1],
                      case .inet(_, _, let value) = literal else { continue }
                guard (1 ... 65535).contains(value.resolve(port)) else { return nil }
                out.append(literal.text(port: port))
            }
            return out
        }
        let inTimeWait = (addresses(port) ?? []).contains { if case .timeWait = PortUse.of($0) { return true } else { return false } }
        guard inTimeWait else { return port }
        for candidate in stride(from: port + 1, through: min(65535, port + 100), by: 1) {
            if let list = addresses(candidate), !list.contains(where: PortUse.anything) { return candidate }
        }
        return port
    }

    func write(_ rows: [Row], lesson original: Lesson, to out: OutputSink) {
        switch format {
        case .json:
            for row in rows {
                var roles: [String] = []
                for failure in row.failures {
                    roles.append(json(failure.role) + ":{\"first_failure\":" + json(failure.text) + ",\"ended\":" + json(failure.ended) + "}")
                }
                out.write("{\"schema\":1,\"lesson\":" + json(original.name) + ",\"blocked\":" + json(row.call) + ",\"action\":" + json(action)
                          + ",\"roles\":{" + roles.joined(separator: ",") + "},\"data_arrived\":" + (row.dataArrived ? "true" : "false")
                          + ",\"port\":" + String(row.port) + "}\n")
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
            var previous = port ?? original.defaultPort
            for row in rows where row.port != previous {
                out.write("\nFrom \(row.call) on, the runs used port \(row.port): port \(previous) had connections in TIME_WAIT.\n")
                previous = row.port
            }
        }
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
