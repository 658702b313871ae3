import Decoding
import Events
import Glibc

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

    /// The layout of a trace taken with these options.
    public init(_ options: TraceOptions) {
        followForks = options.followForks
        writingToFile = options.toFile
        switch options.timestamps {
        case .none: timestamps = .none
        case .timeOfDay: timestamps = .absoluteMicroseconds
        case .relative: timestamps = .relative
        }
        showDuration = options.durations
        summaryOnly = options.summary
    }
}

/// The strace text sink: trace events as the lines strace prints, the `[pid N]` prefix while
/// several processes are traced, `<unfinished ...>` when another process's line comes between a
/// call's entry and its exit, `<... name resumed>` when it returns, signals and exits.
public final class StraceRenderer: EventSink {
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

    public func receive(_ event: RunEvent) {
        if case .trace(let traceEvent, _) = event { handle(traceEvent) }
    }

    public func handle(_ event: TraceEvent) {
        if layout.summaryOnly {
            switch event {
            case .attached(let pid, _): message(StraceLine.attached(pid: pid))
            case .detached(let pid, _): message(StraceLine.detached(pid: pid))
            case .personality(let pid, let personality, _):
                if !layout.writingToFile { messages.write(StraceLine.personality(pid: pid, personality) + "\n") }
            default: break
            }
            return
        }
        switch event {
        case .entered(let call, let stamp):
            closeOpenLine()
            leader(call.pid, stamp)
            emit(StraceLine.entry(call))
            openLine = call.pid
        case .exited(let call, let stamp, let entry):
            if reprint.remove(call.pid) != nil || openLine != call.pid {
                closeOpenLine()
                leader(call.pid, stamp)
                emit(StraceLine.resumed(call.name))
            }
            openLine = nil
            if case .unknown = call.result {
                if !call.completeAtEntry { emit(StraceLine.unfinished) }
            } else {
                emit(StraceLine.exitArguments(call))
            }
            emit(") ")
            padToResultColumn()
            emit("= ")
            emit(StraceLine.result(call.result))
            if layout.showDuration, call.result != .unknown {
                emit(StraceLine.duration(max(0, stamp.monotonic - entry.monotonic)))
            }
            endLine()
        case .signal(let delivery, let stamp):
            closeOpenLine()
            leader(delivery.pid, stamp)
            emit(StraceLine.signal(delivery))
            endLine()
        case .groupStop(let pid, let signal, let stamp):
            closeOpenLine()
            leader(pid, stamp)
            emit(StraceLine.groupStop(signal: signal))
            endLine()
        case .exitedNormally(let pid, let status, let stamp):
            closeOpenLine()
            leader(pid, stamp)
            emit(StraceLine.exited(status: status))
            endLine()
            processCount -= 1
        case .killed(let pid, let signal, let core, let stamp):
            closeOpenLine()
            leader(pid, stamp)
            emit(StraceLine.killed(signal: signal, coreDumped: core))
            endLine()
            processCount -= 1
        case .attached(let pid, _):
            processCount += 1
            message(StraceLine.attached(pid: pid))
        case .detachedInCall(let pid, _):
            if openLine == pid {
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
            leader(pid, stamp)
            emit(StraceLine.superseded(formerPID: former))
            endLine()
            reprint.insert(pid)
        case .personality(let pid, let personality, let stamp):
            // strace writes it only when the trace goes to stderr.
            guard !layout.writingToFile else { break }
            closeOpenLine()
            leader(pid, stamp)
            emit(StraceLine.personality(pid: pid, personality))
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

    /// The trace is over: the open line is closed, everything written.
    public func finish() throws(SinkFailure) {
        closeOpenLine()
        out.flush()
        if let failure = out.failure { throw SinkFailure(failure) }
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

    private func closeOpenLine() {
        guard openLine != nil else { return }
        emit(StraceLine.unfinished)
        endLine()
        openLine = nil
    }

    private func padToResultColumn() {
        if column < layout.resultColumn {
            emit(String(repeating: " ", count: layout.resultColumn - column))
        }
    }

    /// The start of a line: the pid prefix and the timestamp.
    private func leader(_ pid: Int32, _ stamp: Stamp) {
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
            // -tt shows the wall clock's time of day, as read at the stop.
            var seconds = time_t(stamp.wallNanos / 1_000_000_000)
            var parts = tm()
            localtime_r(&seconds, &parts)
            let micro = Int(stamp.wallNanos % 1_000_000_000) / 1000
            emit(Self.two(parts.tm_hour) + ":" + Self.two(parts.tm_min) + ":" + Self.two(parts.tm_sec) + "." + StraceLine.sixDigits(micro) + " ")
        case .relative:
            let time = stamp.monotonic
            let delta = lastStamp.map { max(0, time - $0) } ?? 0
            lastStamp = time
            let whole = String(Int(delta))
            emit(String(repeating: " ", count: max(0, 6 - whole.count)) + whole + "." + StraceLine.sixDigits(Int((delta - Double(Int(delta))) * 1_000_000)) + " ")
        }
    }

    static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
