import ArgumentParser
import Decoding
import Events
import Glibc
import Presentation
import Lessons
import Seccomp
import Tracing

/// `sockstep trace`: any program, traced and printed as strace prints it.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace a command (or a running process) and print its syscalls as strace does.",
        discussion: """
        The options are strace's: the lines are the ones strace 6.1 prints for the same run, so \
        that you can diff the two.

          sockstep trace -- /usr/bin/python3 server.py
          sockstep trace -f -e trace=%network -o out.txt -- curl -s http://x/
          sockstep trace -p 4242

        Exit status: the command's own, or sockstep dies of the signal that killed it, as \
        strace does; 1 when the command cannot be started, a process cannot be attached, or the \
        trace cannot be written (-o FILE on a full disk); 2 for bad input.
        """
    )

    @Flag(name: .customShort("f"), help: "Follow forks, vforks, clones and threads.")
    var followForks = false

    @Option(name: .customShort("e"), help: ArgumentHelp(
        "Which calls to print: trace=NAME,... with %network, %process, %desc, %file and ! to negate.",
        valueName: "trace=LIST"))
    var expressions: [String] = []

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the trace to FILE instead of stderr.", valueName: "FILE"))
    var outputFile: String?

    @Option(name: .customShort("s"), help: ArgumentHelp("Print at most N bytes of each string (0 to 1073741823, as strace).", valueName: "N"))
    var stringLimit: Int = 32

    @Option(name: .customShort("p"), help: ArgumentHelp("Attach to the running process PID (Ctrl-C detaches), 1 to 4194304.", valueName: "PID"))
    var attachPID: Int32?

    @Flag(name: .customShort("T"), help: "Show the time spent in each call.")
    var showDuration = false

    @Flag(name: .customShort("t"), help: "-tt: prefix each line with the time of day, in microseconds.")
    var timeOfDay: Int

    @Flag(name: .customShort("r"), help: "Prefix each line with the time since the previous one.")
    var relativeTime = false

    @Flag(name: .customShort("y"), help: "-y: show the path behind each descriptor; -yy: the addresses of sockets too.")
    var describeDescriptors: Int

    @Flag(name: .customShort("c"), help: "Count time, calls and errors per syscall and print a summary at the end.")
    var summary = false

    @Flag(name: .customLong("pin-cpu"), help: "Keep the command on the tracer's CPU: faster tracing, but the command then sees and uses one CPU (sched_getaffinity says so).")
    var pinCommand = false

    @Flag(name: .customLong("no-pin-cpu"), help: "The command keeps every CPU it was given, as under strace (the default).")
    var noPin = false

    @Option(name: .customLong("block"), help: ArgumentHelp(
        "Block a call with a seccomp filter the command loads before it starts: CALL[=ACTION], ACTION an errno name (EPERM), kill, trap or log. Repeatable.",
        valueName: "CALL[=ACTION]"), completion: .custom(Completions.traceBlocks))
    var blocks: [String] = []

    @Flag(help: "Print the seccomp filter (libseccomp's pseudo-code and the BPF program) on stderr before running.")
    var showFilter = false

    @Option(help: "text (strace's lines) or json (JSON Lines, one object per event), where the trace goes.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the trace's sequence diagram (a lane per pid) as a self-contained HTML page.", valueName: "FILE"))
    var html: String?

    @Option(help: ArgumentHelp("Also print the page to a PDF handout (with Chromium).", valueName: "FILE"))
    var print: String?

    @Option(help: ArgumentHelp("Also write the run's events as JSON Lines to FILE, for sockstep render.", valueName: "FILE"))
    var record: String?

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The command to run, after --.", valueName: "command"))
    var command: [String] = []

    mutating func validate() throws {
        if command.first == "--" {
            command.removeFirst()
        } else if command.first == "--help" || command.first == "-h" {
            // The command is captured as it comes, so --help reaches here.
            throw CleanExit.helpRequest(self)
        } else if let first = command.first, first.hasPrefix("-") {
            throw ValidationError("unknown option '\(first)'")
        }
        if command.isEmpty && attachPID == nil {
            throw ValidationError("give a command to run (sockstep trace -- COMMAND ARGS...) or a process to attach to (-p PID)")
        }
        if !command.isEmpty && attachPID != nil {
            throw ValidationError("-p and a command cannot be used together")
        }
        try checkRange(stringLimit, 0 ... 1_073_741_823, "-s")
        try checkRange(attachPID, 1 ... 4_194_304, "-p")
        if timeOfDay == 1 || timeOfDay > 2 {
            throw ValidationError("only -tt is supported for timestamps (time of day in microseconds)")
        }
        if describeDescriptors > 2 { throw ValidationError("-y takes at most two y's (-yy)") }
        for block in blocks {
            let rule: BlockRule
            do { rule = try BlockRule.parse(block) } catch { throw ValidationError(error.description) }
            if rule.role != nil {
                throw ValidationError("--block \(block): roles exist only in lessons; for a command write --block \(rule.call)=\(rule.action.description)")
            }
        }
        if !blocks.isEmpty && attachPID != nil {
            throw ValidationError("--block works on a command sockstep starts, not with -p: a running process cannot be given a filter from outside")
        }
        _ = try traceSelection()
    }

    /// The syscall numbers -e trace= asks for (nil: all).
    func traceSelection() throws -> Set<Int>? {
        var selection: Set<Int>?
        for expression in expressions {
            var text = expression
            if let eq = text.firstIndex(of: "=") {
                let key = text[..<eq]
                guard key == "trace" || key == "t" else {
                    throw ValidationError("unsupported -e expression '\(expression)': only trace=LIST is supported")
                }
                text = String(text[text.index(after: eq)...])
            }
            selection = try CallSelection.parse(text)
        }
        return selection
    }

    func run() throws {
        let traced = try traceSelection()
        var configuration = TraceConfiguration()
        configuration.followForks = followForks
        configuration.traced = traced
        // By default the command runs where it would under strace, on every CPU it was given
        // (sched_getaffinity tells it so); --pin-cpu keeps it on the tracer's CPU (faster).
        configuration.pinToOneCPU = pinCommand && !noPin && attachPID == nil
        configuration.usePrefilter = traced != nil && attachPID == nil && blocks.isEmpty
        if !blocks.isEmpty {
            let rules = try blocks.map { text in try BlockRule.parse(text) }
            let filter: Filter
            do { filter = try Filter.build(rules) } catch { throw RuntimeFailure(message: error.description) }
            configuration.blockingFilter = filter.program
            if showFilter {
                FileHandleLite.standardError.write(filterText(filter, title: "The seccomp filter (\(rules.map { "--block " + $0.description }.joined(separator: " ")))"))
            }
        }
        var decodeOptions = DecodeOptions(stringLimit: stringLimit)
        if describeDescriptors > 0 {
            let sockets = describeDescriptors >= 2
            decodeOptions.describeFD = { pid, fd in FDDescriber.describe(pid: pid, fd: fd, sockets: sockets) }
        }
        configuration.decodeOptions = decodeOptions
        let htmlFile = try openPage(html)
        let pdf = try openPrint(print)
        var started = false
        defer {
            if !started {
                htmlFile?.abandon()
                pdf?.file.abandon()
            }
        }

        let sink: OutputSink
        if let outputFile {
            guard let file = OutputSink.file(outputFile) else {
                throw RuntimeFailure(message: "cannot write '\(outputFile)': \(String(cString: strerror(errno)))")
            }
            sink = file
        } else {
            sink = .standardError
        }
        var options = TraceOptions()
        options.followForks = followForks
        options.toFile = outputFile != nil
        options.durations = showDuration
        options.summary = summary
        options.timestamps = timeOfDay == 2 ? .timeOfDay : (relativeTime ? .relative : .none)
        options.describeDescriptors = describeDescriptors
        options.stringLimit = stringLimit
        options.initialProcesses = attachPID == nil ? 1 : 0
        let blocked = (try? blocks.map { try BlockRule.parse($0).blockedCall }) ?? []
        let header = RunHeader(kind: .trace, version: Sockstep.version, command: CommandLine.arguments,
                               title: "sockstep trace " + (command.isEmpty ? "-p \(attachPID ?? 0)" : command.joined(separator: " ")),
                               options: options, blocks: blocked)
        var request = OutputRequest(header: header)
        if format == .json { request.jsonTo = sink } else { request.straceTo = sink }
        if summary { request.summaryTo = sink }
        request.page = htmlFile
        request.print = pdf
        request.recordTo = try openRecording(record)
        let outputs = makeOutputs(request)
        let tracer = Tracer(configuration: configuration) { event in outputs.send(.trace(event, nil)) }
        outputs.send(.started(header))
        if let pid = attachPID {
            do {
                try tracer.attach(pid: pid)
            } catch {
                throw RuntimeFailure(message: error.description)
            }
        } else {
            let path = try resolve(command[0])
            do {
                try tracer.spawn(path: path, arguments: command, environment: Tracer.currentEnvironment())
            } catch {
                throw RuntimeFailure(message: error.description)
            }
        }
        started = true
        let outcome = tracer.run()
        outputs.send(.finished(RunEnd(interruptSignal: Tracer.interruptSignal, stamp: Tracer.stamp())))
        do {
            try outputs.fanout.finish()
        } catch {
            // As strace says it (`strace: /dev/full: No space left on device`); the trace is lost: 1.
            sink.close()
            RuntimeFailure(message: error.description).report()
            Glibc.exit(1)
        }
        sink.close()
        if let failure = sink.failure {
            RuntimeFailure(message: failure).report()
            Glibc.exit(1)
        }
        // A failed exec ends as in strace: the child wrote `sockstep: exec: ...` and exited 1.
        switch outcome {
        case .exited(let code):
            Glibc.exit(code)
        case .killed(let signal):
            cp_die(signal)
        case .detached:
            Glibc.exit(0)
        case .interrupted(let signal):
            cp_die(signal)
        }
    }

    /// Find the command as strace does (as execvp would), so that a missing one is one line in
    /// strace's words (`Can't stat 'CMD': No such file or directory`). A file that is there but
    /// cannot be run is left to execve: its failure is traced, as strace traces it
    /// (`execve(...) = -1 EACCES`, `sockstep: exec: Permission denied`).
    func resolve(_ name: String) throws -> String {
        if name.contains("/") {
            var st = stat()
            guard stat(name, &st) == 0 else {
                throw RuntimeFailure(message: "Can't stat '\(name)': \(String(cString: strerror(errno)))")
            }
            return name
        }
        guard let found = CompareCommand.searchPath(name) else {
            throw RuntimeFailure(message: "Can't stat '\(name)': No such file or directory")
        }
        return found
    }

}

/// Die of `signal` as the traced command did (as strace does), without a core dump.
func cp_die(_ signal: Int32) -> Never {
    var limit = rlimit(rlim_cur: 0, rlim_max: 0)
    setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
    Glibc.signal(signal, SIG_DFL)
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, signal)
    sigprocmask(SIG_UNBLOCK, &set, nil)
    raise(signal)
    Glibc.exit(128 + signal)
}
