import Decoding

/// When something happened, read by the engine at the stop: the monotonic clock (anchored to the
/// wall clock's time when sockstep started, so that it reads as seconds since the epoch and
/// never goes back: durations, -r, ordering) and the wall clock (-tt, the time of day). Kept in
/// nanoseconds, so that a recording holds it exactly.
public struct Stamp: Sendable, Equatable, Comparable {
    public var monotonicNanos: Int64
    public var wallNanos: Int64

    public init(monotonicNanos: Int64, wallNanos: Int64) {
        self.monotonicNanos = monotonicNanos
        self.wallNanos = wallNanos
    }

    /// Seconds, on the anchored monotonic clock.
    public var monotonic: Double { Double(monotonicNanos) / 1e9 }
    /// Seconds since the epoch, as the wall clock said.
    public var wall: Double { Double(wallNanos) / 1e9 }

    /// No time (a call that is not reported).
    public static let zero = Stamp(monotonicNanos: 0, wallNanos: 0)

    public static func < (a: Stamp, b: Stamp) -> Bool { a.monotonicNanos < b.monotonicNanos }
}

/// Everything the tracer reports, in the order it happened, each with the stamp of its stop.
/// Sinks (strace text, JSON, the explained view) consume these; none of them talks to the
/// tracer.
public enum TraceEvent: Sendable, Equatable {
    /// A traced process entered a call; the arguments known at entry are decoded.
    case entered(DecodedCall, at: Stamp)
    /// The call returned (or the process left while in it); `entry` is its entry's stamp.
    case exited(DecodedCall, at: Stamp, entry: Stamp)
    case signal(SignalDelivery, at: Stamp)
    /// `--- stopped by SIGSTOP ---`
    case groupStop(pid: Int32, signal: Int, at: Stamp)
    case exitedNormally(pid: Int32, status: Int, at: Stamp)
    case killed(pid: Int32, signal: Int, coreDumped: Bool, at: Stamp)
    /// A process joined the trace (`Process N attached`), after fork/clone or by -p.
    case attached(pid: Int32, at: Stamp)
    /// A -p process was let go (`Process N detached`).
    case detached(pid: Int32, at: Stamp)
    /// The call was still running when the tracer let go (` <detached ...>`).
    case detachedInCall(pid: Int32, at: Stamp)
    /// A thread other than the leader called execve and took the leader's pid, `pid`; its own
    /// id, `formerPID`, is gone: `+++ superseded by execve in pid FORMER +++`.
    case superseded(pid: Int32, formerPID: Int32, at: Stamp)
    /// The process makes its calls with another syscall table from now on:
    /// `[ Process PID=N runs in 32 bit mode. ]`.
    case personality(pid: Int32, Personality, at: Stamp)

    public var stamp: Stamp {
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
