import Decoding
import Events
import Glibc
import Lessons
import Presentation
import Seccomp
import Tracing

/// `sockstep trace`: any program, traced and printed as strace prints it, from the options
/// StraceCommandLine read (strace's getopt, its table and its checks) to the exit status.
/// The `sockstep` binary runs it itself; sockstep-commands' TraceCommand gives it the same
/// options after ArgumentParser has handed over the words (and answers --help).
public enum TraceRunner {
    /// sockstep's own checks, after strace's (StraceCommandLine's): a failure is bad input,
    /// exit 2.
    public static func check(_ options: StraceOptions) throws(TraceCheckFailure) {
        if !options.command.isEmpty && !options.attach.isEmpty {
            throw TraceCheckFailure("-p and a command cannot be used together")
        }
        if let format = options.format, format != "text" && format != "json" {
            throw TraceCheckFailure("--format must be text or json (got '\(format)')")
        }
        if let file = options.outputFile, file.hasPrefix("|") || file.hasPrefix("!") {
            throw TraceCheckFailure("-o \(file): sockstep does not pipe the trace to a command; send it to a file, or pipe stderr (2>&1 |)")
        }
        for block in options.blocks {
            let rule: BlockRule
            do { rule = try BlockRule.parse(block) } catch { throw TraceCheckFailure(error.description) }
            if rule.role != nil {
                throw TraceCheckFailure("--block \(block): roles exist only in lessons; for a command write --block \(rule.call)=\(rule.action.description)")
            }
        }
        if let wire = options.wire { _ = try traceWirePorts(wire) }
        if !options.blocks.isEmpty && !options.attach.isEmpty {
            throw TraceCheckFailure("--block works on a command sockstep starts, not with -p: a running process cannot be given a filter from outside")
        }
    }

    /// Traces as the options say and exits with the traced command's status (or dies of its
    /// signal, as strace does). Throws only before the command runs (a RuntimeFailure: one line,
    /// exit 1); a trace that could not be written is said here, and ends with exit 1.
    public static func run(_ options: StraceOptions) throws -> Never {
        for warning in options.warnings {
            FileHandleLite.standardError.write("sockstep: " + warning + "\n")
        }
        let paths = options.paths.isEmpty ? nil : PathFilter(options.paths)
        if !options.isQuiet(.pathResolution) {
            for resolution in paths?.resolutions ?? [] { FileHandleLite.standardError.write("sockstep: " + resolution + "\n") }
        }
        let traced: SyscallSet? = options.trace.isAll ? nil : options.trace
        var configuration = TraceConfiguration()
        configuration.followForks = options.followForks
        configuration.traced = traced
        // By default the command runs on the tracer's CPU (faster stops) and is told the CPUs it
        // was given, as under strace, at its sched_getaffinity. --pin-cpu: one CPU, and it is
        // told so; --no-pin-cpu: every CPU.
        if !options.attach.isEmpty || options.noPin {
            configuration.cpus = .asGiven
        } else {
            configuration.cpus = options.pinCPU ? .oneCPU : .oneCPUShowingGiven
        }
        configuration.trackComm = options.decodePIDComm
        configuration.instructionPointers = options.instructionPointer
        configuration.dumpReads = options.readFDs
        configuration.dumpWrites = options.writeFDs
        configuration.injections = options.injections
        configuration.paths = paths
        // -n on a signal or exit line shows the last call made, -Y sees prctl(PR_SET_NAME): the
        // tracer must stop at every call, as strace does unless --seccomp-bpf.
        let everyStop = (options.syscallNumbers || options.decodePIDComm) && !options.seccompBPF
        configuration.usePrefilter = traced != nil && options.attach.isEmpty && options.blocks.isEmpty && !everyStop
        if !options.blocks.isEmpty {
            let rules = try options.blocks.map { text in try BlockRule.parse(text) }
            let filter: Filter
            do { filter = try Filter.build(rules) } catch { throw RuntimeFailure(message: error.description) }
            configuration.blockingFilter = filter.program
            if options.showFilter {
                FileHandleLite.standardError.write(filterText(filter, title: "The seccomp filter (\(rules.map { "--block " + $0.description }.joined(separator: " ")))"))
            }
        }
        var decodeOptions = DecodeOptions(stringLimit: options.stringLimit)
        decodeOptions.style = options.style
        if !options.decodeFDs.isEmpty {
            let wanted = FDDescriber.Wanted(options.decodeFDs)
            let hex = options.style.hexStrings
            decodeOptions.describeFD = { pid, fd in FDDescriber.describe(pid: pid, fd: fd, wanted: wanted, hex: hex) }
            if options.decodeFDs.contains(.path) {
                decodeOptions.describeWorkingDirectory = { pid in FDDescriber.workingDirectory(pid: pid, hex: hex) }
            }
        }
        if options.decodePIDComm { decodeOptions.processName = { pid in Tracer.comm(of: pid) } }
        decodeOptions.raw = options.raw.isEmpty ? nil : options.raw
        decodeOptions.abbreviated = options.abbrev.isAll ? nil : options.abbrev
        decodeOptions.verbose = options.verbose.isAll ? nil : options.verbose
        configuration.decodeOptions = decodeOptions
        let htmlFile = try openPage(options.html)
        let pdf = try openPrint(options.print)
        var started = false
        defer {
            if !started {
                htmlFile?.abandon()
                pdf?.file.abandon()
            }
        }

        let sink: OutputSink
        if let outputFile = options.outputFile, !options.outputSeparately {
            guard let file = OutputSink.file(outputFile, append: options.appendOutput) else {
                throw RuntimeFailure(message: "cannot write '\(outputFile)': \(String(cString: strerror(errno)))")
            }
            sink = file
        } else {
            sink = .standardError
        }
        var header = TraceOptions()
        header.followForks = options.followForks
        header.toFile = options.outputFile != nil
        header.durations = options.durations != nil
        header.summary = options.summary == .only
        if let stamps = options.absoluteTimestamps, stamps.format == .time, stamps.precision == .micro {
            header.timestamps = .timeOfDay
        } else if options.relativeTimestamps != nil {
            header.timestamps = .relative
        }
        header.describeDescriptors = options.decodeFDs.isEmpty ? 0 : options.decodeFDs.contains(.socket) ? 2 : 1
        header.stringLimit = options.stringLimit
        header.initialProcesses = options.attach.isEmpty ? 1 : 0
        let blocked = (try? options.blocks.map { try BlockRule.parse($0).blockedCall }) ?? []
        var title = "sockstep trace"
        for word in options.command.isEmpty ? options.attach.map({ "-p \($0)" }) : options.command { title += " " + word }
        let runHeader = RunHeader(kind: .trace, version: SockstepVersion.number, command: CommandLine.arguments,
                                  title: title, options: header, blocks: blocked)
        var request = OutputRequest(header: runHeader)
        request.layout = layout(options)
        var tracerRef: Tracer?
        request.facts = { pid in tracerRef?.facts(pid) ?? ProcessFacts() }
        if options.format == "json" {
            request.jsonTo = sink
        } else if let base = options.outputFile, options.outputSeparately {
            request.separateFiles = (base, options.appendOutput)
        } else {
            request.straceTo = sink
        }
        if options.summary != .none { request.summaryTo = sink }
        // --wire: the wire's lines on standard error (where the trace goes, unless -o FILE), or
        // as JSON objects.
        if options.wire != nil && options.format != "json" { request.wireTo = (.standardError, sink) }
        request.page = htmlFile
        request.print = pdf
        request.recordTo = try openRecording(options.record)
        request.explain = options.explain
        let outputs = makeOutputs(request)
        // Plain closures, not Optional.map's: a closure that went through a generic function is
        // called through thunks that copy every event in and out (measurable at 140,000 stops).
        let send: (RunEvent) -> Void
        let sendTrace: (TraceEvent) -> Void
        if let wire = options.wire {
            send = WireTap(WireCapture.open(ports: try traceWirePorts(wire)), send: outputs.send).receive
            sendTrace = { event in send(.trace(event, nil)) }
        } else {
            let fanout = outputs.fanout
            send = { event in fanout.send(event) }
            sendTrace = { event in fanout.sendTrace(event) }
        }
        // The clocks are read at every stop only when an output reads the times (the wire's tap
        // orders its segments among the events by them).
        configuration.stampsEvents = outputs.fanout.readsTimes || options.wire != nil
        let tracer = Tracer(configuration: configuration, report: sendTrace)
        tracerRef = tracer
        send(.started(runHeader))
        if !options.attach.isEmpty {
            do {
                for pid in options.attach { try tracer.attach(pid: pid) }
            } catch {
                throw RuntimeFailure(message: error.description)
            }
        } else {
            let path = try resolve(options.command[0])
            do {
                try tracer.spawn(path: path, arguments: options.command,
                                 environment: options.environment.isEmpty ? nil : environment(changing: options.environment))
            } catch {
                throw RuntimeFailure(message: error.description)
            }
        }
        started = true
        let outcome = tracer.run()
        send(.finished(RunEnd(interruptSignal: Tracer.interruptSignal, stamp: Tracer.stamp())))
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

    /// The strace lines' layout the options ask for.
    public static func layout(_ options: StraceOptions) -> StraceLayout {
        var layout = StraceLayout()
        layout.followForks = options.followForks
        layout.writingToFile = options.outputFile != nil
        layout.absoluteTimestamps = options.absoluteTimestamps
        layout.relativeTimestamps = options.relativeTimestamps
        layout.durations = options.durations
        layout.resultColumn = options.column
        layout.summaryOnly = options.summary == .only
        layout.syscallNumbers = options.syscallNumbers
        layout.instructionPointers = options.instructionPointer
        layout.pidComm = options.decodePIDComm
        layout.quiet = options.quiet
        layout.signals = options.signals
        layout.statuses = options.filtersStatus ? options.statuses : nil
        layout.style = options.style
        return layout
    }

    /// sockstep's environment with strace's `-E` changes: `VAR=VAL` sets VAR (in its place when
    /// it is there, at the end otherwise), `VAR` removes it.
    public static func environment(changing changes: [String]) -> [String] {
        var environment = Tracer.currentEnvironment()
        func key(_ entry: String) -> Substring { entry.prefix { $0 != "=" } }
        for change in changes {
            let name = key(change)
            if change.contains("=") {
                if let at = environment.firstIndex(where: { key($0) == name }) {
                    environment[at] = change
                } else {
                    environment.append(change)
                }
            } else {
                environment.removeAll { key($0) == name }
            }
        }
        return environment
    }

    /// Find the command as strace does (as execvp would), so that a missing one is one line in
    /// strace's words (`Can't stat 'CMD': No such file or directory`). A file that is there but
    /// cannot be run is left to execve: its failure is traced, as strace traces it
    /// (`execve(...) = -1 EACCES`, `sockstep: exec: Permission denied`).
    static func resolve(_ name: String) throws -> String {
        if name.contains("/") {
            var st = stat()
            guard stat(name, &st) == 0 else {
                throw RuntimeFailure(message: "Can't stat '\(name)': \(String(cString: strerror(errno)))")
            }
            return name
        }
        guard let found = searchPath(name) else {
            throw RuntimeFailure(message: "Can't stat '\(name)': No such file or directory")
        }
        return found
    }
}

/// A sockstep check of a trace command line that failed (`-p and a command cannot be used
/// together`): bad input, one line, exit 2.
public struct TraceCheckFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `trace --wire PORT[,PORT...]`: the ports, each 1 to 65535; the one line of usage when one is
/// not.
public func traceWirePorts(_ text: String) throws(TraceCheckFailure) -> [UInt16] {
    let words = text.split(separator: ",", omittingEmptySubsequences: false)
    let ports = words.compactMap { UInt16($0) }.filter { $0 > 0 }
    guard !words.isEmpty, ports.count == words.count else {
        throw TraceCheckFailure("--wire \(text): give the ports to watch on the loopback interface, 1 to 65535, separated by commas (--wire 8888 or --wire 8888,8889)")
    }
    return ports
}

/// `--html FILE`, opened before anything runs; exit 1 with one line when it cannot be.
public func openPage(_ path: String?) throws -> OutputFile? {
    guard let path else { return nil }
    do { return try OutputFile(path) } catch { throw RuntimeFailure(message: error.description) }
}

/// A seccomp filter as `--show-filter` prints it: libseccomp's pseudo-code, then the BPF
/// program, one instruction a line.
public func filterText(_ filter: Filter, title: String) -> String {
    var text = title + ", \(filter.instructionCount) instructions\n\nlibseccomp's pseudo-code:\n"
    text += filter.pseudoCode.split(separator: "\n").map { "  " + $0 + "\n" }.joined()
    text += "\nThe BPF program the kernel runs at every system call:\n"
    text += Disassembler.render(filter.program).map { "  " + $0 + "\n" }.joined()
    return text + "\n"
}
