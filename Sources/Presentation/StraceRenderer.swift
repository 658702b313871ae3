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
    private var column = 0
    private var processCount: Int
    private var lastStamp: Stamp?
    /// Processes whose next call exit prints as `<... NAME resumed>` whatever comes between
    /// (strace's TCB_REPRINT, set after `+++ superseded by execve ...`).
    private var reprint: Set<Int32> = []
    /// With a status filter: each process's call line so far, held until its exit decides.
    private var staged: [Int32: (text: String, column: Int)] = [:]
    /// The process whose held line `emit` writes to, if any.
    private var staging: Int32?

    /// `initialProcesses`: how many processes are traced from the start (the spawned one).
    public init(layout: StraceLayout, output: OutputSink, messages: OutputSink = .standardError, initialProcesses: Int = 1) {
        self.layout = layout
        self.out = output
        self.messages = messages
        self.processCount = initialProcesses
    }

    public func receive(_ event: RunEvent) {
        if case .trace(let traceEvent, _) = event { handle(traceEvent) }
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
                staged[call.pid] = ("", 0)
                staging = call.pid
                leader(call.pid, stamp, number: call.number)
                emit(StraceLine.entry(call, style: layout.style))
                staging = nil
                break
            }
            closeOpenLine()
            leader(call.pid, stamp, number: call.number)
            emit(StraceLine.entry(call, style: layout.style))
            openLine = call.pid
        case .exited(let call, let stamp, let entry):
            if let statuses = layout.statuses, staged[call.pid] != nil {
                staging = call.pid
                finishCall(call, stamp: stamp, entry: entry)
                staging = nil
                let held = staged.removeValue(forKey: call.pid)!
                if statuses.contains(Self.status(of: call).rawValue) { out.write(held.text) }
                break
            }
            if reprint.remove(call.pid) != nil || openLine != call.pid {
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
                held.text += StraceLine.detachedInCall + "\n"
                if layout.statuses?.contains(CallStatus.detached.rawValue) == true { out.write(held.text) }
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
        out.flushIfInteractive()
    }

    /// The rest of a call's line from its exit: the arguments known then, ` = `, the result.
    private func finishCall(_ call: DecodedCall, stamp: Stamp, entry: Stamp) {
        if case .unknown = call.result {
            if call.unfinishedWhenLeft { emit(StraceLine.unfinished) }
        } else {
            emit(StraceLine.exitArguments(call, style: layout.style))
        }
        emit(") ")
        padToResultColumn()
        emit("= ")
        emit(StraceLine.result(call.result, style: layout.style, raw: call.raw))
        if call.injected { emit(" (INJECTED)") }
        if let precision = layout.durations, call.result != .unknown {
            emit(" <" + Self.seconds(max(0, stamp.monotonicNanos - entry.monotonicNanos), precision) + ">")
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
        case .value?: return .successful
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
        if let pid = staging {
            staged[pid]!.text += text
            staged[pid]!.column += text.utf8.count
            return
        }
        out.write(text)
        column += text.utf8.count
    }

    private func endLine() {
        if let pid = staging {
            staged[pid]!.text += "\n"
            staged[pid]!.column = 0
            return
        }
        out.write("\n")
        column = 0
    }

    private func closeOpenLine() {
        guard openLine != nil else { return }
        emit(StraceLine.unfinished)
        endLine()
        openLine = nil
    }

    /// Runs of 0 to 80 spaces, made once (a line is padded to its result's column at every call).
    private static let spaces = (0 ... 80).map { String(repeating: " ", count: $0) }

    private func padToResultColumn() {
        let at = staging.map { staged[$0]!.column } ?? column
        if at < layout.resultColumn {
            let count = layout.resultColumn - at
            emit(count < Self.spaces.count ? Self.spaces[count] : String(repeating: " ", count: count))
        }
    }

    /// The start of a line: the pid prefix, the timestamps, the call's number (-n) and the
    /// instruction pointer (-i). `number`: the call the line is about (else the process's last).
    private func leader(_ pid: Int32, _ stamp: Stamp, number: UInt64? = nil) {
        let needFacts = layout.pidComm || layout.syscallNumbers || layout.instructionPointers
        let facts = needFacts ? (self.facts?(pid) ?? ProcessFacts()) : ProcessFacts()
        let comm = layout.pidComm ? facts.comm.map { "<" + StraceLine.processName($0) + ">" } ?? "" : ""
        if layout.writingToFile && layout.followForks {
            let text = String(pid)
            emit(text + (comm.isEmpty ? String(repeating: " ", count: max(0, 5 - text.count)) : comm) + " ")
        } else if processCount > 1 && !layout.writingToFile {
            let text = String(pid)
            emit("[pid " + String(repeating: " ", count: max(0, 5 - text.count)) + text + comm + "] ")
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
