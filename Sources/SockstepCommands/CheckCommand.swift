import ArgumentParser
import Decoding
import Events
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing
import TraceRun

/// `sockstep check LESSON --role ROLE -- CMD...`: a student's program plays a role of the
/// lesson, the lesson's own programs the others; its calls are graded step by step.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Grade your own program: it plays one role of a lesson, the lesson's programs play the others.",
        usage: """
        sockstep check <lesson> --role <role> [--lang <lang>] [--port <port>]
                [--timeout <seconds>] [--block <call>] [--format <format>]
                [--junit <file>] [--gradescope <file>] -- <command> ...
        """,
        discussion: """
        Your program is run as you would run it by hand (in this folder, with your arguments; \
        {port} in them becomes the lesson's port, {arg} the argument the lesson's programs get: \
        the port, or the path of a UNIX socket in the run's folder), the lesson's own program in \
        --lang plays every other role, and every process is traced. The lesson's own program for \
        your role is run once too, on another port: a call of yours that fails as its call does \
        (a read of a connection the other side has reset) is what the lesson shows, not a mistake. Your calls are matched to the lesson's \
        steps for your role: the socket's family and type, the addresses and ports, the order \
        of the steps and the data must be the lesson's; accept for accept4, write or send for \
        sendto, read or recv for recvfrom, flags such as SOCK_CLOEXEC, the backlog, buffer \
        sizes, descriptor numbers and calls the lesson does not make are allowed, and named. A \
        step the lesson marks optional (grade: optional) is a warning when it is missing.

        With --block CALL your program's CALL fails (EPERM, or CALL=ERRNO): it passes when it \
        reports the failure (a message on stderr, an exit status other than 0) and fails when it \
        carries on or exits with 0.

        At the time limit every process still running is ended, and the report says which call \
        your program was waiting in. A server of yours that waits for more clients once the \
        lesson's client has ended is ended by sockstep; that is not a failure.

        Exit status: 0 when every required step passes; 1 when one fails (or the lesson's programs \
        could not be built or run); 2 for bad input (options, lesson file, a program that is not \
        there or not executable, the lesson's port in use).
        """)

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file.", completion: .custom(Completions.lessonNames))
    var lesson: String

    @Option(help: "The role your program plays (server, client, ...).")
    var role: String

    @Option(help: "The language of the lesson's programs that play the other roles (default: the lesson's first).")
    var lang: CodeLanguage?

    @Option(help: "The lesson's port instead of its own, for both sides, 1 to 65535 ({port} in your command becomes it).")
    var port: Int?

    @Option(help: ArgumentHelp("How long the programs may run, 1 to 600.", valueName: "SECONDS"))
    var timeout: Double = 10

    @Option(name: .customLong("block"), help: ArgumentHelp(
        "Make your program's CALL fail (EPERM, or the errno named) to test its error handling.", valueName: "CALL[=ERRNO]"))
    var block: String?

    @Option(help: "text (the report) or json (JSON Lines: one object per step, then a summary).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the report as JUnit XML (one test case per step).", valueName: "FILE"))
    var junit: String?

    @Option(help: ArgumentHelp("Also write the report as Gradescope's results.json.", valueName: "FILE"))
    var gradescope: String?

    @Flag(help: "Run the programs of a lesson given by its path (outside the lesson folders).")
    var trust = false

    @Flag(name: .customLong("no-pin-cpu"), help: "Do not keep the programs and the tracer on one CPU.")
    var noPin = false

    @Argument(parsing: .postTerminator, help: "Your program and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        try checkPort(port)
        try checkRange(timeout, 1 ... 600, "--timeout")
        guard !command.isEmpty else {
            throw ValidationError("give your program after --: sockstep check LESSON --role ROLE -- ./my_server {port}")
        }
        if let block {
            let rule: BlockRule
            do { rule = try BlockRule.parse(block) } catch { throw ValidationError(error.description) }
            guard case .errno = rule.action else {
                throw ValidationError("--block \(block): check makes the call fail with an errno (listen or listen=EACCES), so that your program can report it")
            }
            if let blockRole = rule.role, blockRole != role {
                throw ValidationError("--block \(block): check blocks calls of your program only, the \(role); write --block \(rule.call)")
            }
        }
    }

    func run() throws {
        let loaded = try loadLesson(self.lesson, port: port)
        guard loaded.programs != nil else {
            throw ValidationError("lesson \(loaded.name) has no programs (sockstep's player makes its calls): check grades a program against a lesson whose other roles are programs; choose a lesson such as tcp")
        }
        guard loaded.roles.contains(where: { $0.name == role }) else {
            throw ValidationError("lesson \(loaded.name) has no role '\(role)'; its roles are \(loaded.roles.map(\.name).joined(separator: ", "))")
        }
        guard !loaded.steps(of: role).isEmpty else {
            throw ValidationError("the \(role) of lesson \(loaded.name) has no steps to check")
        }
        guard !loaded.steps(of: role).contains(where: { $0.child != nil }) else {
            // A child's steps (child: N) are their own track; the grading matches one process's
            // calls in the lesson's order and cannot follow them yet.
            throw ValidationError("the \(role) of lesson \(loaded.name) has steps made by the processes it forks (child: N), which check cannot grade yet; check the lesson's other roles, or a lesson without forking")
        }
        var rules: [BlockRule] = []
        if let block {
            do { rules = [try BlockRule.parse(block)] } catch { throw ValidationError(error.description) }
            rules[0].role = role
        }
        if let rule = rules.first, !loaded.steps(of: role).contains(where: { $0.callNames.contains(rule.call) }) {
            throw ValidationError("--block \(rule.call): the \(role) of lesson \(loaded.name) makes no \(rule.call) step; its calls are \(Set(loaded.steps(of: role).map(\.call.name)).sorted().joined(separator: ", "))")
        }
        let usedPort = port ?? loaded.defaultPort
        let arguments = command.map { $0.replacingOccurrences("{port}", String(usedPort)) }
        let executable = try Self.executable(arguments[0])
        if let taken = CheckRun.takenAddress(loaded, port: usedPort) {
            if case .timeWait(let count) = PortUse.of(taken) {
                throw InputFailure(message: "\(taken) is held by \(count == 1 ? "a connection" : "\(count) connections") in TIME_WAIT (a socket there closed first, without SO_REUSEADDR; it goes within a minute): wait, or choose another port with --port (and give it to your program)")
            }
            throw InputFailure(message: "\(taken) is in use on this machine: another program has that port; choose a free one with --port (and give it to your program)")
        }
        let prepared = try prepareLesson(loaded, lang: lang, trust: trust)
        let junitFile = try openPage(junit)
        let gradescopeFile = try openPage(gradescope)
        var options = CheckRun.Options(role: role, executable: executable, arguments: arguments, port: usedPort)
        options.timeout = timeout
        options.blocks = rules
        options.programs = prepared.programs
        options.pinToOneCPU = !noPin
        let outcome: CheckRun.Outcome
        do {
            outcome = try CheckRun(lesson: prepared.lesson, options: options).run()
        } catch {
            junitFile?.abandon()
            gradescopeFile?.abandon()
            throw RuntimeFailure(message: error.description)
        }
        dieIfInterrupted {
            junitFile?.abandon()
            gradescopeFile?.abandon()
        }
        let reference = rules.isEmpty ? referenceRun(prepared, options: options) : nil
        dieIfInterrupted {
            junitFile?.abandon()
            gradescopeFile?.abandon()
        }
        let report = CheckGrader.grade(prepared.lesson, role: role, port: usedPort, outcome: outcome, blocks: rules, timeout: timeout,
                                       reference: reference)
        let context = CheckReportContext(report: report, language: prepared.language, command: arguments)
        do {
            try junitFile?.replace(with: context.junit())
            try gradescopeFile?.replace(with: context.gradescope())
        } catch {
            throw RuntimeFailure(message: "\(error)")
        }
        let out = OutputSink.standardOutput
        switch format {
        case .json: out.write(context.jsonLines())
        case .text: out.write(context.text(style: Style.forDescriptor(1), width: min(100, Style.terminalWidth(1))))
        }
        try checkWritten([out])
        Glibc.exit(report.passed ? 0 : 1)
    }

    /// The lesson's own program in the student's role, run the same way on a spare port: which
    /// of its calls fail on purpose (a read of a reset connection), and how it ends. Nil when
    /// it cannot be run (the report then holds every failed call against the student).
    func referenceRun(_ prepared: PreparedLesson, options: CheckRun.Options) -> CheckGrader.Reference? {
        guard let program = prepared.programs.first(where: { $0.role == role }), let spare = CheckRun.sparePort(),
              CheckRun.takenAddress(prepared.lesson, port: spare) == nil else { return nil }
        var mine = CheckRun.Options(role: role, executable: program.executable, arguments: program.arguments + ["{arg}"], port: spare)
        mine.timeout = options.timeout
        mine.programs = options.programs
        mine.pinToOneCPU = options.pinToOneCPU
        guard let outcome = try? CheckRun(lesson: prepared.lesson, options: mine).run() else { return nil }
        return CheckGrader.reference(prepared.lesson, role: role, port: spare, outcome: outcome)
    }

    /// The student's program as execve will find it: a path (with a /) as it is, a name on
    /// $PATH; exit 2 when there is none or it cannot be executed.
    static func executable(_ name: String) throws -> String {
        if name.contains("/") {
            var info = stat()
            guard stat(name, &info) == 0 else {
                throw InputFailure(message: "\(name): no such file (give the path of your program, e.g. ./my_server)")
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw InputFailure(message: "\(name) is not a file that can be run")
            }
            guard access(name, X_OK) == 0 else {
                throw InputFailure(message: "\(name) is not executable: make it so (chmod +x \(name)), or run it with its interpreter (-- python3 \(name))")
            }
            return name
        }
        guard let found = searchPath(name) else {
            throw InputFailure(message: "\(name): no such program on $PATH (give the path of your own, e.g. ./\(name))")
        }
        return found
    }
}
