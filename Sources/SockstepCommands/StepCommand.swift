import ArgumentParser
import Decoding
import Events
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing
import TraceRun

/// Keys from the terminal, one at a time (raw mode, restored on every way out), or lines when
/// stdin is not a terminal.
final class KeyReader {
    let isTerminal = isatty(0) != 0
    var saved = termios()
    var raw = false

    func begin() {
        guard isTerminal, tcgetattr(0, &saved) == 0 else { return }
        var t = saved
        t.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &t.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        raw = tcsetattr(0, TCSANOW, &t) == 0
    }

    func end() {
        if raw { _ = tcsetattr(0, TCSANOW, &saved) }
        raw = false
    }

    /// The monotonic clock, in milliseconds.
    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// A key pressed within `milliseconds` on the terminal (raw mode): a byte, "→" for the
    /// right arrow (ESC [ C); nil when none came in time.
    func key(within milliseconds: Int32) -> Character? {
        guard isTerminal, raw else { return nil }
        var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, milliseconds) == 1 else { return nil }
        var byte: UInt8 = 0
        guard read(0, &byte, 1) == 1 else { return nil }
        if byte == 27 {
            var rest = [UInt8](repeating: 0, count: 2)
            var more = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            if poll(&more, 1, 50) == 1, read(0, &rest, 2) == 2, rest == [91, 67] { return "→" }
            return nil
        }
        return byte == 13 ? "\n" : Character(UnicodeScalar(byte))
    }

    /// The next key: "\n" for Enter, nil at end of input or when Ctrl-C came.
    func next() -> Character? {
        if isTerminal {
            var byte: UInt8 = 0
            while true {
                let n = read(0, &byte, 1)
                if n == 1 { return byte == 13 ? "\n" : Character(UnicodeScalar(byte)) }
                if n < 0 && errno == EINTR && Tracer.interruptSignal == 0 { continue }
                return nil
            }
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(0, &byte, 1)
            if n == 1 {
                if byte == 10 { break }
                line.append(byte)
                continue
            }
            if n < 0 && errno == EINTR && Tracer.interruptSignal == 0 { continue }
            if line.isEmpty { return nil }
            break
        }
        let text = String(decoding: line, as: UTF8.self).filter { $0 != " " && $0 != "\r" && $0 != "\t" }
        return text.first ?? "\n"
    }
}

/// Shared by `step` and `run --pace`: a lesson run in the explained view that stops before each
/// step.
struct SteppedRun {
    let original: Lesson
    /// A lesson with programs: each role's, compiled.
    var programs: [PreparedProgram] = []
    var blocks: [String]
    let language: CodeLanguage
    let port: Int?
    let keepGoing: Bool
    let showState: Bool
    let pace: Double?
    let pin: Bool
    var json = false
    var html: OutputFile?
    var print: PagePrint?
    var record: OutputSink?
    /// `--wire`: the lesson's segments and TCP states among the calls.
    var wire = false

    /// Runs the lesson (again after each `b`) and exits: 0 when it ran as written, or when the
    /// user quit; 1 when not.
    func run() throws -> Never {
        let keys = KeyReader()
        // With --format json the events go to stdout as JSON Lines and the view to stderr.
        let viewFD: Int32 = json ? 2 : 1
        let out = OutputSink(fd: viewFD, interactive: true)
        let jsonOut = OutputSink(fd: 1, interactive: true)
        let style = Style.forDescriptor(viewFD)
        let width = Style.terminalWidth(viewFD)
        var restartAt: (role: String, line: Int, call: String)?
        // `p`: the restart goes back one step instead of adding a block.
        var goingBack = false
        var blocks = self.blocks
        keys.begin()
        defer { keys.end() }
        var first = true
        while true {
            let plan = try makeBlockPlan(blocks, lesson: original)
            let lesson = plan.apply(to: original)
            var options = LessonRun.Options()
            options.port = port
            options.keepGoing = keepGoing
            options.pinToOneCPU = pin
            options.blocks = plan.arguments
            options.programs = programs
            options.stepping = true
            let usedPort = port ?? lesson.defaultPort
            var header = lessonHeader(lesson, title: "sockstep step \(lesson.name)", port: usedPort, language: language,
                                      blocks: plan.blockedCalls, keepGoing: keepGoing, showState: showState)
            var request = OutputRequest(header: header)
            request.view = (out, style, width)
            if json { request.jsonTo = jsonOut }
            request.recordTo = record
            request.page = html
            request.print = print
            request.story = true
            let outputs = makeOutputs(request)
            guard let view = outputs.view else { Glibc.exit(1) }
            header.snapshots = outputs.fanout.wantsSnapshots
            options.snapshots = header.snapshots
            let send = wireSend(wire, lesson: lesson, port: usedPort, to: outputs.send)
            let run = LessonRun(lesson: lesson, options: options, emit: send)
            let restart = restartAt.flatMap { target in
                lesson.steps.firstIndex { $0.role == target.role && $0.line == target.line && $0.call.name == target.call }
            }
            view.introduce = restart == nil && first
            send(.started(header))
            if let index = restart, goingBack {
                run.orchestrator.autoUntil = index
                view.note(style.yellow("Back one step: the lesson runs again from its start up to step \(lesson.steps[index].numberInRole) of \(lesson.steps[index].role), and waits there."))
            } else if let index = restart, let target = restartAt {
                run.orchestrator.autoUntil = index
                view.note(style.yellow("Restarted with --block \(target.role):\(target.call). The lesson runs up to step \(lesson.steps[index].numberInRole) of \(target.role), the blocked call, and waits there."))
            } else if first, pace == nil {
                view.note(style.dim("Before each call the role is stopped at its entry. Enter: make the call · c: run to the end · s: sockets now · b: block this call · q: quit · ?: keys"))
            }
            first = false
            goingBack = false
            var decisionStep: Step?
            run.decide = { step in
                if let pace {
                    // Space pauses and resumes, → (or Enter) goes on at once, q quits.
                    var left = Int32(max(0, pace) * 1000)
                    var paused = false
                    while (left > 0 || paused) && Tracer.interruptSignal == 0 {
                        guard keys.isTerminal && keys.raw else { usleep(UInt32(left) * 1000); break }
                        let start = KeyReader.milliseconds()
                        let key = keys.key(within: paused ? 200 : min(left, 200))
                        if !paused { left -= Int32(clamping: KeyReader.milliseconds() - start) }
                        switch key {
                        case " "?:
                            paused.toggle()
                            view.note(style.yellow(paused ? "⏸ paused: Space goes on, → makes the next call now, q quits" : "▶ going on"))
                        case "→"?, "\n"?:
                            paused = false
                            left = 0
                        case "q"?:
                            view.quiet = true
                            return .quit
                        default:
                            break
                        }
                    }
                    return Tracer.interruptSignal != 0 ? .quit : .proceed
                }
                while true {
                    out.write(style.dim("  ▸ [Enter] make the call  c continue  s sockets  b block  p back  q quit  ? help ") )
                    out.flush()
                    let key = keys.next()
                    out.write("\n")
                    switch key {
                    case nil:
                        if Tracer.interruptSignal != 0 { view.quiet = true; return .quit }
                        return .runToEnd // end of input: run to the end
                    case "\n", " ", "n":
                        return .proceed
                    case "c":
                        return .runToEnd
                    case "s":
                        run.snapshotAll()
                    case "b":
                        decisionStep = step
                        view.quiet = true
                        return .block
                    case "p":
                        // The step before this one in the lesson's order (not a filter's own step).
                        guard let back = lesson.steps[..<step.index].last(where: { !["prctl", "seccomp"].contains($0.call.name) }) else {
                            view.note("This is the lesson's first step: there is no step before it.")
                            continue
                        }
                        decisionStep = back
                        goingBack = true
                        view.quiet = true
                        return .block
                    case "q":
                        view.quiet = true
                        return .quit
                    default:
                        view.note("Enter or n: make this call and show its result · c: run the rest of the lesson without stopping · s: the sockets of every role, as the kernel sees them now · b: block this call with seccomp (the lesson restarts with --block ROLE:CALL and comes back here) · p: back one step (the lesson runs again up to the step before this one) · q: quit, ending the roles · ?: this help")
                    }
                }
            }
            do { _ = try run.run() } catch {
                html?.abandon()
                print?.file.abandon()
                throw RuntimeFailure(message: error.description)
            }
            let interrupted = Tracer.interruptSignal != 0
            send(.finished(RunEnd(interruptSignal: Tracer.interruptSignal, stamp: Tracer.stamp())))
            let ending = run.orchestrator.ending
            // A restart writes the page in its next run; the story is told when the lesson ran to its end.
            outputs.page?.skip = ending == .block
            outputs.story?.skip = ending != nil || interrupted
            var failure: SinkFailure?
            do { try outputs.fanout.finish() } catch { failure = error }
            dieIfInterrupted { keys.end() }
            switch ending {
            case .quit?:
                view.note(style.dim("Quit: every role has been ended."))
                try checkWritten([out, jsonOut], failure)
                keys.end()
                Glibc.exit(0)
            case .block?:
                guard let step = decisionStep else { Glibc.exit(1) }
                if !goingBack { blocks.append(step.role + ":" + step.call.name) }
                restartAt = (step.role, step.line, step.call.name)
                continue
            default:
                try checkWritten([out, jsonOut], failure)
                keys.end()
                Glibc.exit(outputs.observation?.ranAsWritten(lesson) == true ? 0 : 1)
            }
        }
    }
}

struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Step through a lesson: each role stops before its next call; Enter makes it.",
        usage: """
        sockstep step <lesson> [--port <port>] [--keep-going]
                [--block <[ROLE:]CALL[=ACTION]> ...] [<options>]
        """,
        discussion: """
        Keys: Enter or n makes the call and shows its result; c runs to the end; s shows the \
        sockets of every role as the kernel sees them; b blocks this call with seccomp (the \
        lesson restarts with --block ROLE:CALL and comes back to this step); p goes back one step \
        (the lesson runs again from its start up to the step before); q quits; ? lists \
        the keys. Without a terminal, each line of input is a key (an empty line is Enter):

          yes '' | sockstep step tcp

        \(ExitCodes.lesson) Quitting with q exits with 0.
        """)

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file.", completion: .custom(Completions.lessonNames))
    var lesson: String

    @Option(help: "The language of the programs (default: the lesson's first; rust is the slides').")
    var lang: CodeLanguage?

    @Option(help: "The port the lesson uses instead of its own, 1 to 65535.")
    var port: Int?

    @Flag(help: "A calls-only lesson: let a role go on after a failed step.")
    var keepGoing = false

    @Flag(help: "Run the programs of a lesson given by its path (outside the lesson folders).")
    var trust = false

    @Option(name: .customLong("block"), help: ArgumentHelp(
        "Block a call with a seccomp filter: ACTION an errno name (EPERM), kill, trap or log. Repeatable.",
        valueName: "[ROLE:]CALL[=ACTION]"), completion: .custom(Completions.lessonBlocks))
    var blocks: [String] = []

    @Flag(help: "Do not show the kernel's side of the sockets after each call.")
    var noState = false

    @Flag(name: .customLong("no-pin-cpu"), help: "Do not keep the roles and the tracer on one CPU.")
    var noPin = false

    @Option(help: "text (the view) or json (JSON Lines on stdout; the view then goes to stderr).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the run's sequence diagram as a self-contained HTML page.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Also print the page to a PDF handout (with Chromium).", valueName: "FILE"))
    var print: String?

    @Option(help: ArgumentHelp("Also write the run's events as JSON Lines to FILE, for sockstep render.", valueName: "FILE"))
    var record: String?

    @Flag(help: ArgumentHelp(wireHelp))
    var wire = false

    func validate() throws {
        try checkPort(port)
        for block in blocks {
            do { _ = try BlockRule.parse(block) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let loaded = try loadLesson(self.lesson, port: port)
        let prepared = try prepareLesson(loaded, lang: lang, trust: trust, keepGoing: keepGoing)
        _ = try makeBlockPlan(blocks, lesson: prepared.lesson)
        let htmlFile = try openPage(html)
        let pdf = try openPrint(print)
        let recording = try openRecording(record)
        var stepped = SteppedRun(original: prepared.lesson, programs: prepared.programs, blocks: blocks, language: prepared.language, port: port,
                                 keepGoing: keepGoing, showState: !noState, pace: nil, pin: !noPin, json: format == .json, html: htmlFile,
                                 print: pdf, record: recording)
        stepped.wire = wire
        try stepped.run()
    }
}
