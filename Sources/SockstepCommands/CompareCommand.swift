import ArgumentParser
import Decoding
import Events
import Files
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing
import TraceRun

/// `sockstep compare LESSON` or `sockstep compare -- CMD`: the same work under sockstep and under
/// real strace, line by line.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run a lesson (or a command) under sockstep and under real strace and compare the lines.",
        usage: """
        sockstep compare <lesson> [--block <[ROLE:]CALL[=ACTION]> ...]
                [--keep-going] [--port <port>] [<options>]
        sockstep compare [-e <trace=LIST>] [<options>] -- <command> ...
        """,
        discussion: """
        For a lesson each role runs under real strace as a whole process, kept in the lesson's order \
        through a pipe, and each role's lines are compared. For a command both tracers run it with \
        -f, and the lines of each process are compared. Only what truly varies is normalized: pids, \
        ephemeral ports, pointer values, timings and temporary names.

        --block, --keep-going and --port are for a lesson only: strace cannot give a command it \
        starts sockstep's seccomp filter (its -e inject= is a different thing, with other lines), \
        so the two traces of a blocked command could not be of the same run. To see a blocked \
        command:

          sockstep trace --block CALL -- CMD

        Exit status: 0 when every line is identical; 1 when not, or when the work could not be \
        run (a command that cannot be executed, a lesson whose address is taken, no strace); 2 \
        for bad input.
        """)

    @Argument(help: "A lesson name (see `sockstep lessons`) or the path of a lesson file.", completion: .custom(Completions.lessonNames))
    var lesson: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("Or, after --, a command and its arguments.", valueName: "command"))
    var command: [String] = []

    @Option(name: .customLong("block"), help: ArgumentHelp("For a lesson: block a call with seccomp, [ROLE:]CALL[=ACTION]. Repeatable.", valueName: "[ROLE:]CALL[=ACTION]"), completion: .custom(Completions.lessonBlocks))
    var blocks: [String] = []

    @Flag(help: "For a calls-only lesson: let a role go on after a failed step.")
    var keepGoing = false

    @Option(help: "For a lesson: the language of its programs (default: the lesson's first).")
    var lang: CodeLanguage?

    @Flag(help: "For a lesson given by its path: run its programs.")
    var trust = false

    @Option(help: "For a lesson: the port instead of its own, 1 to 65535.")
    var port: Int?

    @Option(help: ArgumentHelp("Real strace (default: strace on PATH).", valueName: "PATH"))
    var strace: String?

    @Option(name: .customShort("e"), help: ArgumentHelp("For a command: which calls to compare (default: the calls sockstep decodes in full).", valueName: "trace=LIST"))
    var expression: String?

    @Option(help: "text (side by side) or json (JSON Lines).")
    var format: OutputFormat = .text

    func validate() throws {
        if lesson == nil && command.isEmpty { throw ValidationError("give a lesson (sockstep compare tcp) or a command (sockstep compare -- CMD ARGS)") }
        if lesson != nil && !command.isEmpty { throw ValidationError("give a lesson or a command, not both") }
        try checkPort(port)
        if !command.isEmpty {
            if !blocks.isEmpty {
                throw ValidationError("--block works with a lesson only: strace cannot load sockstep's seccomp filter into a command; see a blocked command with sockstep trace --block CALL -- CMD")
            }
            if keepGoing || port != nil { throw ValidationError("--keep-going and --port are for a lesson; a command takes its own arguments") }
        }
        if lesson != nil && expression != nil { throw ValidationError("-e is for a command; a lesson compares the calls of its steps") }
        for block in blocks {
            do { _ = try BlockRule.parse(block) } catch { throw ValidationError(error.description) }
        }
    }

    func findStrace() throws -> String {
        if let strace {
            guard access(strace, X_OK) == 0 else { throw RuntimeFailure(message: "no strace at '\(strace)'") }
            return strace
        }
        guard let found = searchPath("strace") else {
            throw RuntimeFailure(message: "strace is not installed: install it with `sudo apt-get install strace` (or pass --strace PATH)")
        }
        return found
    }

    /// A command that cannot run is an error before either tracer starts, in strace's words
    /// (`Can't stat '/nonexistent': No such file or directory`, `exec: Permission denied`).
    static func checkRunnable(_ name: String) throws {
        let path = name.contains("/") ? name : searchPath(name) ?? ""
        var st = stat()
        guard !path.isEmpty, stat(path, &st) == 0 else {
            let e = path.isEmpty ? ENOENT : errno
            throw RuntimeFailure(message: "Can't stat '\(name)': \(String(cString: strerror(e)))")
        }
        if (st.st_mode & S_IFMT) != S_IFREG || access(path, X_OK) != 0 {
            throw RuntimeFailure(message: "exec: \(String(cString: strerror(EACCES)))")
        }
    }

    func run() throws {
        if let name = command.first { try Self.checkRunnable(name) }
        let straceBinary = try findStrace()
        let results: [Comparison.RoleResult]
        if let lesson {
            results = try compareLesson(lesson, strace: straceBinary)
        } else {
            results = try compareCommand(command, strace: straceBinary)
        }
        let out = OutputSink.standardOutput
        let identical = results.allSatisfy { $0.lines.allSatisfy(\.identical) }
        switch format {
        case .json:
            for result in results {
                for (i, line) in result.lines.enumerated() {
                    out.write(JSON.object([("schema", "1"), ("type", JSON.string("line")), ("role", JSON.string(result.role)), ("index", String(i + 1)),
                                           ("strace", line.strace.map(JSON.string) ?? "null"), ("sockstep", line.sockstep.map(JSON.string) ?? "null"),
                                           ("identical", line.identical ? "true" : "false")]) + "\n")
                }
            }
            out.write(JSON.object([("schema", "1"), ("type", JSON.string("summary")), ("identical", identical ? "true" : "false"),
                                   ("roles", JSON.object(results.map { ($0.role, JSON.object([("identical", String($0.identicalCount)), ("lines", String($0.lines.count))])) }))]) + "\n")
        case .text:
            render(results, out: out)
        }
        try checkWritten([out])
        Glibc.exit(identical ? 0 : 1)
    }

    func compareLesson(_ name: String, strace: String) throws -> [Comparison.RoleResult] {
        let loaded = try loadLesson(name, port: port)
        let prepared = try prepareLesson(loaded, lang: lang, trust: trust, keepGoing: keepGoing)
        let plan = try makeBlockPlan(blocks, lesson: prepared.lesson)
        let lesson = plan.apply(to: prepared.lesson)
        let usedPort = port ?? lesson.defaultPort
        // Under sockstep: each role's lines, whole (as strace prints a single process).
        var options = LessonRun.Options()
        options.port = usedPort
        options.keepGoing = keepGoing
        options.blocks = plan.arguments
        options.programs = prepared.programs
        let header = lessonHeader(lesson, title: "sockstep compare \(lesson.name)", port: usedPort, language: prepared.language,
                                  blocks: plan.blockedCalls, keepGoing: keepGoing, showState: false)
        var request = OutputRequest(header: header)
        request.collect = true
        let outputs = makeOutputs(request)
        guard let observation = outputs.observation, let collector = outputs.collector else { throw RuntimeFailure(message: "no lesson") }
        let run = LessonRun(lesson: lesson, options: options) { outputs.send($0) }
        outputs.send(.started(header))
        do { _ = try run.run() } catch { throw RuntimeFailure(message: error.description) }
        outputs.send(.finished(RunEnd(interruptSignal: Tracer.interruptSignal, stamp: Tracer.stamp())))
        let ours = collector.lines
        dieIfInterrupted()
        if let reason = observation.stopReason {
            // The lesson could not run at this address: strace's run would talk to its owner.
            let ended = observation.ended.filter { $0.reason.code == reason.code }.map(\.role)
            throw RuntimeFailure(message: reason.explanation(for: ended) + (reason.advice.map { " " + $0 } ?? ""))
        }
        // Under strace: each role a whole process, kept in the lesson's order. Programs under
        // strace run unpaced: after a block, a role that ends at once can race another role's
        // call (the client gone before the server writes, or not yet). Such a run is made again,
        // up to three in all, and the note says how many differed.
        let attempts = prepared.programs.isEmpty ? 1 : 3
        var results: [Comparison.RoleResult] = []
        for attempt in 1...attempts {
            let theirs = try underStrace(prepared, blocks: blocks, port: usedPort, keepGoing: keepGoing, strace: strace)
            results = lesson.roles.map { role in
                Comparison.compare(role: role.name, strace: theirs.first { $0.role == role.name }?.stepLines ?? [],
                                   sockstep: ours[role.name] ?? [], ports: [usedPort])
            }
            if results.allSatisfy({ $0.lines.allSatisfy(\.identical) }) {
                if attempt > 1 {
                    let differed = attempt == 2 ? "strace's first run differed" : "strace's first \(attempt - 1) runs differed"
                    OutputSink.standardError.write("sockstep: \(differed) (under strace the programs run unpaced and their calls can race); run \(attempt) was identical.\n")
                }
                break
            }
        }
        return results
    }

    func compareCommand(_ command: [String], strace: String) throws -> [Comparison.RoleResult] {
        let list = expression ?? ("trace=" + SyscallSpecs.decodedNames.joined(separator: ","))
        let work = try workFolder("compare")
        defer { work.remove() }
        work.register("strace.txt")
        work.register("sockstep.txt")
        let me = Files.executablePath()
        try runQuietly([me, "trace", "-f", "-e", list, "-o", work.entryPath("sockstep.txt"), "--"] + command)
        try runQuietly([strace, "-f", "-e", list, "-o", work.entryPath("strace.txt"), "--"] + command)
        let a = Comparison.byPID(Files.readText(work.entryPath("strace.txt")) ?? "")
        let b = Comparison.byPID(Files.readText(work.entryPath("sockstep.txt")) ?? "")
        let ports = Set(command.compactMap { Int($0) })
        return (0 ..< max(a.count, b.count)).map { i in
            Comparison.compare(role: "process \(i + 1)", strace: i < a.count ? a[i].lines : [], sockstep: i < b.count ? b[i].lines : [], ports: ports)
        }
    }

    /// Runs a tracer on the command, its output (the command's) to /dev/null.
    func runQuietly(_ argv: [String]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        posix_spawn_file_actions_destroy(&actions)
        guard rc == 0 else { throw RuntimeFailure(message: "cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    func render(_ results: [Comparison.RoleResult], out: OutputSink) {
        let style = Style.forDescriptor(1)
        let width = Style.terminalWidth(1)
        for result in results {
            out.write(style.bold("\(result.role): \(result.identicalCount)/\(result.lines.count) lines identical") + "\n")
            let column = (width - 6) / 2
            let sideBySide = result.lines.allSatisfy { ($0.strace?.count ?? 0) <= column && ($0.sockstep?.count ?? 0) <= column }
            if sideBySide {
                out.write("    " + "strace".padded(column) + "  sockstep\n")
            }
            for line in result.lines {
                let a = line.strace ?? "(no line)", b = line.sockstep ?? "(no line)"
                if line.identical {
                    if sideBySide {
                        out.write(style.green("  = ") + a.padded(column) + "  " + b + "\n")
                    } else {
                        out.write(style.green("  = ") + a + "\n")
                    }
                    continue
                }
                let cut = Comparison.firstDifference(a, b)
                func mark(_ s: String) -> String {
                    guard style.enabled, cut < s.count else { return s }
                    let index = s.index(s.startIndex, offsetBy: cut)
                    return String(s[..<index]) + style.red(String(s[index...]))
                }
                if sideBySide {
                    out.write(style.red("  ≠ ") + mark(a) + String(repeating: " ", count: max(0, column - a.count)) + "  " + mark(b) + "\n")
                } else {
                    out.write(style.red("  ≠ ") + "strace:   " + mark(a) + "\n")
                    out.write("    sockstep: " + mark(b) + "\n")
                }
                if !style.enabled {
                    out.write("    " + String(repeating: " ", count: sideBySide ? cut : cut + 10) + "^ first difference\n")
                }
            }
            out.write("\n")
        }
        let summary = results.map { "\($0.role) \($0.identicalCount)/\($0.lines.count)" }.joined(separator: ", ")
        let all = results.allSatisfy { $0.lines.allSatisfy(\.identical) }
        out.write((all ? style.green("identical: ") : style.red("different: ")) + summary + " lines identical\n")
    }
}
