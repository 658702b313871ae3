import Decoding
import Glibc
import Tracing

/// How strace lines are laid out.
public struct StraceLayout: Sendable {
    public enum Timestamps: Sendable { case none, absoluteMicroseconds, relative }
    /// `-f`.
    public var followForks = false
    /// `-o FILE`: with -f every line starts with `%-5u `.
    public var writingToFile = false
    public var timestamps: Timestamps = .none
    /// `-T`: ` <0.000123>` after each result.
    public var showDuration = false
    /// The column where ` = ` starts (strace's `-a`, 40).
    public var resultColumn = 40
    /// `-c`: no trace lines, only the messages on stderr.
    public var summaryOnly = false
    /// The program name in messages on stderr (`sockstep: Process 42 attached`).
    public var toolName = "sockstep"

    public init() {}
}

/// Renders TraceEvents as the lines strace prints: the `[pid N]` prefix while several
/// processes are traced, `<unfinished ...>` when another process's line comes between a call's
/// entry and its exit, `<... name resumed>` when it returns, signals and exits.
public final class StraceRenderer {
    public let layout: StraceLayout
    private let out: OutputSink
    private let messages: OutputSink
    /// The pid whose line is written up to its entry part, waiting for the exit.
    private var openLine: Int32?
    private var column = 0
    private var processCount: Int
    private var lastStamp: Double?
    /// Processes whose next call exit prints as `<... NAME resumed>` whatever comes between
    /// (strace's TCB_REPRINT, set after `+++ superseded by execve ...`).
    private var reprint: Set<Int32> = []

    /// `initialProcesses`: how many processes are traced from the start (the spawned one).
    public init(layout: StraceLayout, output: OutputSink, messages: OutputSink = .standardError, initialProcesses: Int = 1) {
        self.layout = layout
        self.out = output
        self.messages = messages
        self.processCount = initialProcesses
    }

    public func handle(_ event: TraceEvent) {
        if layout.summaryOnly {
            switch event {
            case .attached(let pid, _): message("Process \(pid) attached")
            case .detached(let pid, _): message("Process \(pid) detached")
            case .personality(let pid, let personality, _):
                if !layout.writingToFile { messages.write(Self.personalityText(pid, personality) + "\n") }
            default: break
            }
            return
        }
        switch event {
        case .entered(let call, let time):
            closeOpenLine()
            leader(call.pid, time: time)
            emit(call.name)
            emit("(")
            emitArguments(call.arguments[...])
            if !call.completeAtEntry && !call.arguments.isEmpty { emit(", ") }
            openLine = call.pid
        case .exited(let call, let time, let entryTime):
            if reprint.remove(call.pid) != nil || openLine != call.pid {
                closeOpenLine()
                leader(call.pid, time: time)
                emit("<... ")
                emit(call.name)
                emit(" resumed>")
            }
            openLine = nil
            if case .unknown = call.result {
                if !call.completeAtEntry { emit(" <unfinished ...>") }
            } else {
                emitArguments(call.arguments[call.entryArgumentCount...])
            }
            emit(") ")
            padToResultColumn()
            emit("= ")
            emit(Self.resultText(call.result))
            if layout.showDuration, call.result != .unknown {
                emit(" <" + Self.seconds(max(0, time - entryTime)) + ">")
            }
            endLine()
        case .signal(let delivery, let time):
            closeOpenLine()
            leader(delivery.pid, time: time)
            emit("--- ")
            emit(SignalTable.name(delivery.signal))
            emit(" ")
            emit(delivery.info?.render() ?? "{si_signo=\(SignalTable.name(delivery.signal))}")
            emit(" ---")
            endLine()
        case .groupStop(let pid, let signal, let time):
            closeOpenLine()
            leader(pid, time: time)
            emit("--- stopped by \(SignalTable.name(signal)) ---")
            endLine()
        case .exitedNormally(let pid, let status, let time):
            closeOpenLine()
            leader(pid, time: time)
            emit("+++ exited with \(status) +++")
            endLine()
            processCount -= 1
        case .killed(let pid, let signal, let core, let time):
            closeOpenLine()
            leader(pid, time: time)
            emit("+++ killed by \(SignalTable.name(signal))\(core ? " (core dumped)" : "") +++")
            endLine()
            processCount -= 1
        case .attached(let pid, _):
            processCount += 1
            message("Process \(pid) attached")
        case .detachedInCall(let pid, _):
            if openLine == pid {
                emit(" <detached ...>")
                endLine()
                openLine = nil
            }
        case .detached(let pid, _):
            processCount -= 1
            message("Process \(pid) detached")
        case .superseded(let pid, let former, let time):
            if openLine == former {
                // The thread's call went on under another pid.
                emit(" <pid changed to \(pid) ...>")
                endLine()
                openLine = nil
            }
            closeOpenLine()
            processCount -= 1
            leader(pid, time: time)
            emit("+++ superseded by execve in pid \(former) +++")
            endLine()
            reprint.insert(pid)
        case .personality(let pid, let personality, let time):
            // strace writes it only when the trace goes to stderr.
            guard !layout.writingToFile else { break }
            closeOpenLine()
            leader(pid, time: time)
            emit(Self.personalityText(pid, personality))
            endLine()
        }
        out.flushIfInteractive()
    }

    /// `Process N attached` and the like go to stderr, between the trace's lines when the trace
    /// goes there too; strace does not write them when the trace goes to a file (-o).
    private func message(_ text: String) {
        guard !layout.writingToFile else { return }
        out.flushIfInteractive()
        messages.write(layout.toolName + ": " + text + "\n")
        messages.flush()
    }

    /// Call when the trace is over.
    public func finish() {
        closeOpenLine()
        out.flush()
    }

    // MARK: - Lines

    private func emit(_ text: String) {
        out.write(text)
        column += text.utf8.count
    }

    private func endLine() {
        out.write("\n")
        column = 0
    }

    private func emitArguments(_ arguments: ArraySlice<Value>) {
        var first = true
        for argument in arguments {
            if !first { emit(", ") }
            first = false
            emit(argument.render())
        }
    }

    private func closeOpenLine() {
        guard openLine != nil else { return }
        emit(" <unfinished ...>")
        endLine()
        openLine = nil
    }

    private func padToResultColumn() {
        if column < layout.resultColumn {
            emit(String(repeating: " ", count: layout.resultColumn - column))
        }
    }

    /// The start of a line: the pid prefix and the timestamp.
    private func leader(_ pid: Int32, time: Double) {
        if layout.writingToFile && layout.followForks {
            let text = String(pid)
            emit(text + String(repeating: " ", count: max(0, 5 - text.count)) + " ")
        } else if processCount > 1 && !layout.writingToFile {
            let text = String(pid)
            emit("[pid " + String(repeating: " ", count: max(0, 5 - text.count)) + text + "] ")
        }
        switch layout.timestamps {
        case .none:
            break
        case .absoluteMicroseconds:
            // Event times run on the monotonic clock; -tt shows the wall clock's time of day.
            let time = Tracer.wallClock(time)
            var seconds = time_t(time)
            var parts = tm()
            localtime_r(&seconds, &parts)
            let micro = Int((time - Double(seconds)) * 1_000_000)
            emit(Self.two(parts.tm_hour) + ":" + Self.two(parts.tm_min) + ":" + Self.two(parts.tm_sec) + "." + Self.six(micro) + " ")
        case .relative:
            let delta = lastStamp.map { max(0, time - $0) } ?? 0
            lastStamp = time
            let whole = String(Int(delta))
            emit(String(repeating: " ", count: max(0, 6 - whole.count)) + whole + "." + Self.six(Int((delta - Double(Int(delta))) * 1_000_000)) + " ")
        }
    }

    /// `[ Process PID=42 runs in 32 bit mode. ]`
    public static func personalityText(_ pid: Int32, _ personality: Personality) -> String {
        "[ Process PID=\(pid) runs in \(personality.modeName) mode. ]"
    }

    /// A call's whole line without prefix: `bind(3, {...}, 16)            = 0`.
    public static func line(_ call: DecodedCall, column: Int = 40) -> String {
        var text = call.name + "(" + call.arguments.map { $0.render() }.joined(separator: ", ")
        if case .unknown = call.result, !call.completeAtEntry {
            text = entryText(call) + " <unfinished ...>"
        }
        text += ") "
        if text.utf8.count < column { text += String(repeating: " ", count: column - text.utf8.count) }
        return text + "= " + resultText(call.result)
    }

    /// What strace prints at the entry: `accept4(3, `.
    public static func entryText(_ call: DecodedCall) -> String {
        var text = call.name + "(" + call.arguments.prefix(call.entryArgumentCount).map { $0.render() }.joined(separator: ", ")
        if !call.completeAtEntry && call.entryArgumentCount > 0 { text += ", " }
        return text
    }

    /// The line of a call that was interrupted: `<... accept4 resumed>{...}, [16]) = 4`.
    public static func resumedLine(_ call: DecodedCall, column: Int = 40) -> String {
        var text = "<... " + call.name + " resumed>" + call.arguments.dropFirst(call.entryArgumentCount).map { $0.render() }.joined(separator: ", ") + ") "
        if text.utf8.count < column { text += String(repeating: " ", count: column - text.utf8.count) }
        return text + "= " + resultText(call.result)
    }

    public static func resultText(_ result: CallResult?) -> String {
        switch result {
        case .value(let value, let note)?:
            if let note { return value.render() + " (" + note.render() + ")" }
            return value.render()
        case .failed(let e)?:
            return (ErrnoTable.isRestart(e) ? "? " : "-1 ") + ErrnoTable.describe(e)
        case .unknown?, nil:
            return "?"
        }
    }

    static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func six(_ v: Int) -> String {
        let s = String(min(max(0, v), 999_999))
        return String(repeating: "0", count: 6 - s.count) + s
    }

    /// `0.000123`
    public static func seconds(_ t: Double) -> String {
        let whole = Int(t)
        return "\(whole)." + six(Int((t - Double(whole)) * 1_000_000))
    }
}
