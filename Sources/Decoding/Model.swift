/// What one syscall stop reports: the registers, before any decoding.
public struct SyscallEvent: Sendable, Equatable {
    public enum Phase: Sendable, Equatable { case entry, exit }
    public var pid: Int32
    public var phase: Phase
    public var number: UInt64
    public var arguments: [UInt64]
    public var returnValue: Int64
    public var isError: Bool

    public init(pid: Int32, phase: Phase, number: UInt64, arguments: [UInt64], returnValue: Int64 = 0, isError: Bool = false) {
        self.pid = pid
        self.phase = phase
        self.number = number
        self.arguments = arguments
        self.returnValue = returnValue
        self.isError = isError
    }
}

/// How a call ended.
public enum CallResult: Sendable, Equatable {
    /// A value, with strace's optional note after it: `= 0x802 (flags O_RDWR|O_NONBLOCK)`.
    case value(Value, note: Value?)
    /// `-1 ENAME (message)`; restart codes print as `? ERESTARTSYS (...)`.
    case failed(errno: Int)
    /// The process left while in the call (`exit_group`, a kill): `= ?`.
    case unknown
}

/// A decoded call: its name, the arguments as typed values, and (after exit) its result.
public struct DecodedCall: Sendable, Equatable {
    public var pid: Int32
    public var number: UInt64
    public var name: String
    /// Every argument strace prints, in order.
    public var arguments: [Value]
    /// How many of `arguments` are known at the syscall entry (strace prints them before the
    /// call runs, so they show on an `<unfinished ...>` line).
    public var entryArgumentCount: Int
    /// True when no argument waits for the exit (strace's RVAL_DECODED at entry).
    public var completeAtEntry: Bool
    public var result: CallResult?
    /// The raw return value and error flag, as the kernel gave them.
    public var rawReturn: Int64
    public var rawArguments: [UInt64]

    public init(pid: Int32, number: UInt64, name: String, arguments: [Value], entryArgumentCount: Int,
                completeAtEntry: Bool, result: CallResult? = nil, rawReturn: Int64 = 0, rawArguments: [UInt64] = []) {
        self.pid = pid
        self.number = number
        self.name = name
        self.arguments = arguments
        self.entryArgumentCount = entryArgumentCount
        self.completeAtEntry = completeAtEntry
        self.result = result
        self.rawReturn = rawReturn
        self.rawArguments = rawArguments
    }

    public var failed: Bool {
        if case .failed = result { return true }
        return false
    }

    public var errnoValue: Int? {
        if case .failed(let e) = result { return e }
        return nil
    }
}

/// A decoded signal delivery: `--- SIGCHLD {si_signo=SIGCHLD, ...} ---`.
public struct SignalDelivery: Sendable, Equatable {
    public var pid: Int32
    public var signal: Int
    public var info: Value?

    public init(pid: Int32, signal: Int, info: Value?) {
        self.pid = pid
        self.signal = signal
        self.info = info
    }
}

/// Everything the tracer reports, in the order it happened. Renderers (strace text, JSON,
/// the explained view) consume these; none of them talks to the tracer.
public enum TraceEvent: Sendable, Equatable {
    /// A traced process entered a call; the arguments known at entry are decoded.
    case entered(DecodedCall, time: Double)
    /// The call returned (or the process left while in it).
    case exited(DecodedCall, time: Double, entryTime: Double)
    case signal(SignalDelivery, time: Double)
    /// `--- stopped by SIGSTOP ---`
    case groupStop(pid: Int32, signal: Int, time: Double)
    case exitedNormally(pid: Int32, status: Int, time: Double)
    case killed(pid: Int32, signal: Int, coreDumped: Bool, time: Double)
    /// A process joined the trace (`Process N attached`), after fork/clone or by -p.
    case attached(pid: Int32, time: Double)
    /// A -p process was let go (`Process N detached`).
    case detached(pid: Int32, time: Double)
    /// The call was still running when the tracer let go (` <detached ...>`).
    case detachedInCall(pid: Int32, time: Double)
    /// A thread other than the leader called execve and took the leader's pid, `pid`; its own
    /// id, `formerPID`, is gone: `+++ superseded by execve in pid FORMER +++`.
    case superseded(pid: Int32, formerPID: Int32, time: Double)
    /// The process makes its calls with another syscall table from now on:
    /// `[ Process PID=N runs in 32 bit mode. ]`.
    case personality(pid: Int32, Personality, time: Double)

    public var time: Double {
        switch self {
        case .entered(_, let t), .exited(_, let t, _), .signal(_, let t), .groupStop(_, _, let t),
             .exitedNormally(_, _, let t), .killed(_, _, _, let t), .attached(_, let t), .detached(_, let t),
             .detachedInCall(_, let t), .superseded(_, _, let t), .personality(_, _, let t):
            return t
        }
    }

    public var pid: Int32 {
        switch self {
        case .entered(let c, _), .exited(let c, _, _): return c.pid
        case .signal(let s, _): return s.pid
        case .groupStop(let p, _, _), .exitedNormally(let p, _, _), .killed(let p, _, _, _), .attached(let p, _),
             .detached(let p, _), .detachedInCall(let p, _), .superseded(let p, _, _), .personality(let p, _, _):
            return p
        }
    }
}
