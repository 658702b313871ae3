import Decoding
import Events
import Glibc

/// How strace lines are laid out (strace's output options).
public struct StraceLayout: Sendable {
    /// `-f`.
    public var followForks = false
    /// `-o FILE`: with -f every line starts with `%-5u `.
    public var writingToFile = false
    /// `-t`, `-tt`, `-ttt`: the time of day or UNIX time before each line.
    public var absoluteTimestamps: AbsoluteTimestamps?
    /// `-r`: the time since the previous line.
    public var relativeTimestamps: TimePrecision?
    /// `-T`: ` <0.000123>` after each result.
    public var durations: TimePrecision?
    /// The column where ` = ` starts (strace's `-a`, 40).
    public var resultColumn = 40
    /// `-c`: no trace lines, only the messages on stderr.
    public var summaryOnly = false
    /// The program name in messages on stderr (`sockstep: Process 42 attached`).
    public var toolName = "sockstep"
    /// `-n`: `[  41] ` before each line.
    public var syscallNumbers = false
    /// `-i`: `[00007f...] ` before each line.
    public var instructionPointers = false
    /// `-Y`: the command's name after the pid in the prefix.
    public var pidComm = false
    /// `-q` and friends.
    public var quiet = NumberSet.none
    /// `-e signal=`: the signals whose lines print (`---`, `+++ killed by`).
    public var signals = NumberSet.all
    /// `-e status=`, `-z`, `-Z`: the ends of calls that print; nil prints every call (and
    /// splits calls that other lines interrupt).
    public var statuses: NumberSet?
    /// `-X`, `-x`.
    public var style = RenderStyle.standard

    public init() {}

    /// The layout of a trace taken with these options.
    public init(_ options: TraceOptions) {
        followForks = options.followForks
        writingToFile = options.toFile
        switch options.timestamps {
        case .none: break
        case .timeOfDay: absoluteTimestamps = AbsoluteTimestamps(format: .time, precision: .micro)
        case .relative: relativeTimestamps = .micro
        }
        if options.durations { durations = .micro }
        summaryOnly = options.summary
        if options.toFile {
            // strace is quiet about attaching and personalities when it writes to a file.
            quiet = NumberSet(listed: [QuietMessage.attach.rawValue, QuietMessage.personality.rawValue])
        }
    }

    func isQuiet(_ message: QuietMessage) -> Bool { quiet.contains(message.rawValue) }

    /// Whether a line shows a time (-t, -r, -T).
    var showsTimes: Bool { absoluteTimestamps != nil || relativeTimestamps != nil || durations != nil }
}

/// The strace text sink: trace events as the lines strace prints, the `[pid N]` prefix while
/// several processes are traced, `<unfinished ...>` when another process's line comes between a
/// call's entry and its exit, `<... name resumed>` when it returns, signals and exits. With a
/// status filter (`-z`, `-Z`, `-e status=`) a call is held from its entry to its exit and
/// printed whole, or not at all, as strace does.
public final class StraceRenderer: EventSink {
    public let layout: StraceLayout
    private let out: OutputSink
    private let messages: OutputSink
    /// What the leader of a line shows besides the pid (-n, -i, -Y), from the tracer.
    public var facts: ((Int32) -> ProcessFacts)?
    /// The pid whose line is written up to its entry part, waiting for the exit.
    private var openLine: Int32?
    /// The line being made: every part is appended here, and the line goes to `out` in one
    /// write at its end (or, an entry waiting for its exit on a terminal, at the end of the
    /// event). A buffer kept with its capacity, so that a line costs no string per part, and a
    /// part is a copy.
    private let line = LineBuffer()
    /// Bytes of the current line that went to `out` already (an open line's entry part).
    private var written = 0
    /// Where the current line starts in `line`: past the lines before it while a call is held
    /// (`holding`).
    private var lineStart = 0
    /// A status filter holds the call's lines in `line` until its exit decides: `endLine` keeps
    /// them there.
    private var holding = false
    /// The column the current line has reached, in bytes (as strace counts it for `-a`).
    private var column: Int { written + line.count - lineStart }
    private var processCount: Int
    private var lastStamp: Stamp?
    /// Processes whose next call exit prints as `<... NAME resumed>` whatever comes between
    /// (strace's TCB_REPRINT, set after `+++ superseded by execve ...`).
    private var reprint = PIDSet()
    /// With a status filter: each process's call line so far, held until its exit decides.
    private var staged = PIDMap<[UInt8]>()
    /// The pid prefix of the last line (`1234  `, `[pid  1234] `), its process and whether
    /// several were traced, made again only when another process's line comes or the count
    /// crosses one (not with -Y, whose name can change).
    private var pidPrefix: (pid: Int32, several: Bool, text: String)?

    /// `initialProcesses`: how many processes are traced from the start (the spawned one).
    public init(layout: StraceLayout, output: OutputSink, messages: OutputSink = .standardError, initialProcesses: Int = 1) {
        self.layout = layout
        self.out = output
        self.messages = messages
        self.processCount = initialProcesses
    }

    public func receive(_ event: RunEvent) {
        // A switch: `if case .trace(let traceEvent, _) = event` copied the event (retained and
        // released every part of the call), some 5% of the tracer's time.
        switch event {
        case .trace(let traceEvent, _): handle(traceEvent)
        default: break
        }
    }

    public var readsTimes: Bool { layout.showsTimes }

    public func receiveTrace(_ event: TraceEvent) {
        handle(event)
    }

    public func handle(_ event: TraceEvent) {
        if layout.summaryOnly {
            switch event {
            case .attached(let pid, _): message(StraceLine.attached(pid: pid))
            case .detached(let pid, _): message(StraceLine.detached(pid: pid))
            case .personality(let pid, let personality, _):
                if !layout.isQuiet(.personality) { messages.write(StraceLine.personality(pid: pid, personality) + "\n") }
            default: break
            }
            return
        }
        switch event {
        case .entered(let call, let stamp):
            if layout.statuses != nil {
                // `line` is empty between events: the entry part alone goes to `staged`.
                leader(call.pid, stamp, number: call.number)
                StraceLine.appendEntry(call, to: line, style: layout.style)
                staged[call.pid] = line.bytes
                line.removeAll()
                break
            }
            closeOpenLine()
            leader(call.pid, stamp, number: call.number)
            StraceLine.appendEntry(call, to: line, style: layout.style)
            openLine = call.pid
        case .exited(let call, let stamp, let entry):
            if let statuses = layout.statuses, let held = staged.removeValue(forKey: call.pid) {
                line.removeAll()
                line.append(contentsOf: held)
                holding = true
                finishCall(call, stamp: stamp, entry: entry)
                holding = false
                if statuses.contains(Self.status(of: call).rawValue) { out.write(line.contents) }
                line.removeAll()
                lineStart = 0
                break
            }
            if (!reprint.isEmpty && reprint.remove(call.pid) != nil) || openLine != call.pid {
                closeOpenLine()
                leader(call.pid, stamp, number: call.number)
                emit(StraceLine.resumed(call.name))
            }
            openLine = nil
            finishCall(call, stamp: stamp, entry: entry)
        case .signal(let delivery, let stamp):
            guard layout.signals.contains(delivery.signal) else { break }
            closeOpenLine()
            leader(delivery.pid, stamp)
            emit(StraceLine.signal(delivery, style: layout.style))
            endLine()
        case .groupStop(let pid, let signal, let stamp):
            guard layout.signals.contains(signal) else { break }
            closeOpenLine()
            leader(pid, stamp)
            emit(StraceLine.groupStop(signal: signal))
            endLine()
        case .exitedNormally(let pid, let status, let stamp):
            if !layout.isQuiet(.exit) {
                closeOpenLine()
                leader(pid, stamp)
                emit(StraceLine.exited(status: status))
                endLine()
            }
            processCount -= 1
        case .killed(let pid, let signal, let core, let stamp):
            if layout.signals.contains(signal) {
                closeOpenLine()
                leader(pid, stamp)
                emit(StraceLine.killed(signal: signal, coreDumped: core))
                endLine()
            }
            processCount -= 1
        case .attached(let pid, _):
            processCount += 1
            message(StraceLine.attached(pid: pid))
        case .detachedInCall(let pid, _):
            if var held = staged.removeValue(forKey: pid) {
                held.append(text: StraceLine.detachedInCall + "\n")
                if layout.statuses?.contains(CallStatus.detached.rawValue) == true { out.write(bytes: held) }
            } else if openLine == pid {
                emit(StraceLine.detachedInCall)
                endLine()
                openLine = nil
            }
        case .detached(let pid, _):
            processCount -= 1
            message(StraceLine.detached(pid: pid))
        case .superseded(let pid, let former, let stamp):
            if openLine == former {
                // The thread's call went on under another pid.
                emit(StraceLine.pidChanged(to: pid))
                endLine()
                openLine = nil
            }
            closeOpenLine()
            processCount -= 1
            if !layout.isQuiet(.threadExecve) {
                leader(pid, stamp)
                emit(StraceLine.superseded(formerPID: former))
                endLine()
            }
            reprint.insert(pid)
        case .personality(let pid, let personality, let stamp):
            guard !layout.isQuiet(.personality) else { break }
            closeOpenLine()
            leader(pid, stamp)
            emit(StraceLine.personality(pid: pid, personality))
            endLine()
        }
        writeOpenLine()
        out.flushIfInteractive()
    }

    /// The rest of a call's line from its exit: the arguments known then, ` = `, the result.
    private func finishCall(_ call: DecodedCall, stamp: Stamp, entry: Stamp) {
        // Read once: each read copies the result out of the call.
        let result = call.result
        if case .unknown = result {
            if call.unfinishedWhenLeft { emit(StraceLine.unfinished) }
        } else {
            StraceLine.appendExitArguments(call, to: line, style: layout.style)
        }
        closeArguments()
        StraceLine.appendResult(result, to: line, style: layout.style, raw: call.raw)
        if call.injected { emit(" (INJECTED)") }
        if let precision = layout.durations, result != .unknown {
            emit(" <")
            emit(Self.seconds(max(0, stamp.monotonicNanos - entry.monotonicNanos), precision))
            emit(">")
        }
        endLine()
        for dump in call.dumps {
            for line in dump.lines {
                emit(line)
                endLine()
            }
        }
    }

    /// How a call ended, for `-e status=`.
    static func status(of call: DecodedCall) -> CallStatus {
        switch call.result {
        case .failed?: return .failed
        case .unknown?, nil: return .unfinished
        case .plain?, .noted?: return .successful
        }
    }

    /// `Process N attached` and the like go to stderr, between the trace's lines when the trace
    /// goes there too (not with -q, nor with -o FILE and a command).
    private func message(_ text: String) {
        guard !layout.isQuiet(.attach) else { return }
        out.flushIfInteractive()
        messages.write(layout.toolName + ": " + text + "\n")
        messages.flush()
    }

    /// The trace is over: the open line is closed, everything written.
    public func finish() throws(SinkFailure) {
        closeOpenLine()
        out.flush()
        if let failure = out.failure { throw SinkFailure(failure) }
    }

    // MARK: - Lines

    private func emit(_ text: String) {
        line.append(text: text)
    }

    /// Ends the line: it goes to `out` (or stays in `line` while a call is held).
    private func endLine() {
        line.append(0x0a)
        if holding {
            lineStart = line.count
            return
        }
        out.write(line.contents)
        line.removeAll()
        written = 0
    }

    /// An open line's entry part goes to `out` at the end of its event, so that a terminal
    /// shows the call while it runs. Output that is not a terminal (a file, a pipe) is written
    /// in blocks anyway: the part stays in `line`, and the whole line is written once at its end
    /// (or when another line comes first and ends it with `<unfinished ...>`).
    private func writeOpenLine() {
        guard out.interactive, !line.isEmpty else { return }
        out.write(line.contents)
        written += line.count
        line.removeAll()
    }

    private func closeOpenLine() {
        guard openLine != nil else { return }
        emit(StraceLine.unfinished)
        endLine()
        openLine = nil
    }

    /// `) `, the spaces up to the result's column (`-a`), `= `.
    private func closeArguments() {
        let spaces = 1 + max(0, layout.resultColumn - (column + 2))
        line.append(UInt8(ascii: ")"))
        line.append(0x20, repeated: spaces)
        line.append(UInt8(ascii: "="))
        line.append(0x20)
    }

    /// The start of a line: the pid prefix, the timestamps, the call's number (-n) and the
    /// instruction pointer (-i). `number`: the call the line is about (else the process's last).
    private func leader(_ pid: Int32, _ stamp: Stamp, number: UInt64? = nil) {
        let needFacts = layout.pidComm || layout.syscallNumbers || layout.instructionPointers
        let facts = needFacts ? (self.facts?(pid) ?? ProcessFacts()) : ProcessFacts()
        if layout.pidComm {
            let comm = facts.comm.map { "<" + StraceLine.processName($0) + ">" } ?? ""
            emit(pidText(pid, comm: comm))
        } else {
            let several = processCount > 1
            if pidPrefix?.pid != pid || pidPrefix?.several != several { pidPrefix = (pid, several, pidText(pid, comm: "")) }
            emit(pidPrefix!.text)
        }
        if let absolute = layout.absoluteTimestamps {
            emit(Self.timeOfDay(stamp.wallNanos, absolute) + " ")
        }
        if let precision = layout.relativeTimestamps {
            let delta = lastStamp.map { max(0, stamp.monotonicNanos - $0.monotonicNanos) } ?? 0
            lastStamp = stamp
            let whole = String(delta / 1_000_000_000)
            var text = String(repeating: " ", count: max(0, 6 - whole.count)) + whole
            if precision.digits > 0 { text += "." + Self.fraction(delta % 1_000_000_000, precision) }
            emit(layout.absoluteTimestamps == nil ? text + " " : "(+" + text + ") ")
        }
        if layout.syscallNumbers {
            let n = String(number ?? facts.lastSyscall)
            emit("[" + String(repeating: " ", count: max(0, 4 - n.count)) + n + "] ")
        }
        if layout.instructionPointers {
            let width = facts.is32Bit ? 8 : 16
            if let ip = facts.instructionPointer {
                let hex = String(ip, radix: 16)
                emit("[" + String(repeating: "0", count: max(0, width - hex.count)) + hex + "] ")
            } else {
                emit("[" + String(repeating: "?", count: width) + "] ")
            }
        }
    }

    /// The pid part of a line's start: `1234  ` (`%-5u `, -o FILE with -f), `[pid  1234] `
    /// (several processes on the terminal), or nothing; `comm` is -Y's `<name>`.
    private func pidText(_ pid: Int32, comm: String) -> String {
        if layout.writingToFile && layout.followForks {
            let text = String(pid)
            return text + (comm.isEmpty ? String(repeating: " ", count: max(0, 5 - text.count)) : comm) + " "
        } else if processCount > 1 && !layout.writingToFile {
            let text = String(pid)
            return "[pid " + String(repeating: " ", count: max(0, 5 - text.count)) + text + comm + "] "
        }
        return ""
    }

    /// `HH:MM:SS`, `HH:MM:SS.123456` (local time), or UNIX time `1700000000.123456`.
    static func timeOfDay(_ wallNanos: Int64, _ stamps: AbsoluteTimestamps) -> String {
        var seconds = time_t(wallNanos / 1_000_000_000)
        var text: String
        switch stamps.format {
        case .time:
            var parts = tm()
            localtime_r(&seconds, &parts)
            text = two(parts.tm_hour) + ":" + two(parts.tm_min) + ":" + two(parts.tm_sec)
        case .unix:
            text = String(seconds)
        }
        if stamps.precision.digits > 0 { text += "." + fraction(wallNanos % 1_000_000_000, stamps.precision) }
        return text
    }

    /// `0.000123` at the precision's digits (`0` for seconds).
    static func seconds(_ nanos: Int64, _ precision: TimePrecision) -> String {
        let whole = String(nanos / 1_000_000_000)
        return precision.digits > 0 ? whole + "." + fraction(nanos % 1_000_000_000, precision) : whole
    }

    /// The first `digits` digits of nanoseconds (truncated, as strace divides).
    static func fraction(_ nanos: Int64, _ precision: TimePrecision) -> String {
        var divisor: Int64 = 1
        for _ in 0 ..< (9 - precision.digits) { divisor *= 10 }
        let s = String(nanos / divisor)
        return String(repeating: "0", count: max(0, precision.digits - s.count)) + s
    }

    static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
