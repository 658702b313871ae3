import Decoding
import Events

/// A call a traced thread is in, from its entry stop to its exit stop. A class: the tracee's
/// state moves it from stop to stop, and a copy of the decoded entry at each move (a retain
/// for every string and array in it) was a measurable part of a stop's time.
final class CallInProgress {
    // Set again when the object is used for the thread's next call (`Tracee.callInProgress`).
    private(set) var number: UInt64
    private(set) var personality: Personality
    /// The decoded entry, waiting for the exit; nil when the call is not reported.
    var pending: PendingCall?
    private(set) var entry: Stamp
    /// A spawned command's first execve: when it returns without an exec event it failed, and
    /// the process runs sockstep's own code again.
    var firstExec: Bool

    init(number: UInt64, personality: Personality, pending: PendingCall?, entry: Stamp, firstExec: Bool) {
        self.number = number
        self.personality = personality
        self.pending = pending
        self.entry = entry
        self.firstExec = firstExec
    }

    fileprivate func reuse(number: UInt64, personality: Personality, pending: consuming PendingCall?, entry: Stamp, firstExec: Bool) {
        self.number = number
        self.personality = personality
        self.pending = pending
        self.entry = entry
        self.firstExec = firstExec
    }
}

/// Where a traced thread is, as the tracer sees it: one state instead of loose flags.
enum TraceeState {
    /// Taken by the tracer (a new child of a traced process, a thread attached with -p) and not
    /// stopped yet: its first stop is the tracer's (PTRACE_EVENT_STOP), not the program's.
    case starting
    /// A spawned command before its program runs: sockstep's own code (its self-stop, the
    /// seccomp filter), never shown. `inCall`: inside one of those calls. `failedExec`: its
    /// execve failed (the execve line was shown, as strace shows it); only its exit is shown.
    case ownCode(inCall: Bool, failedExec: Bool)
    /// Running the program, outside any call.
    case running
    /// Inside a call of the program.
    case inCall(CallInProgress)
    /// Kept stopped by the policy at a call's entry (nothing reported yet).
    /// Kept in a box: the arguments in place made every state as large, and every change of
    /// state a copy of them.
    indirect case heldAtEntry(number: UInt64, arguments: SyscallArguments, personality: Personality, firstExec: Bool)
    /// Kept stopped by the policy at a call's exit (the entry was reported).
    case heldAtExit(CallInProgress, returnValue: Int64, isError: Bool)
}

/// One traced thread.
final class Tracee {
    /// Its thread id. A thread other than the leader that calls execve takes the leader's.
    var pid: Int32
    var state: TraceeState
    /// The syscall table of its calls; strace prints a line when it changes.
    var personality: Personality = .x86_64
    /// The call restart_syscall resumes: the last reported one that returned
    /// ERESTART_RESTARTBLOCK (or the call it was in when the tracer attached).
    var interruptedCall: String?
    /// The number of the last call it entered, traced or not (strace's `-n` on lines that are
    /// not calls), 0 before any.
    var lastSyscall: UInt64 = 0
    /// The instruction pointer at the stop being handled (`-i`).
    var instructionPointer: UInt64?
    /// /proc/PID/comm when the tracer took it, after a successful execve and after
    /// prctl(PR_SET_NAME) (`-Y`); nil unless asked for.
    var comm: String?
    /// The first argument of the call it last entered (prctl's option, for -Y).
    var firstArgument: UInt64 = 0
    /// `-e inject=`: how many more calls until the next injection, and how many more may get
    /// one, per call (strace counts per process and per call: `when=`).
    var injectCounters: [UInt64: (first: Int, last: Int?)] = [:]
    /// The result the tracer makes up at the exit of the call it is in (its number was -1).
    var injected: Injection.Action?
    /// The stack pointer at its latest call entry (rt_sigreturn's frame is read there).
    var entryStackPointer: UInt64?
    /// `CPUPlacement.oneCPUShowingGiven`: the mask call it is in, and whether its mask is its
    /// own choice (a successful sched_setaffinity named it, or the thread it was cloned from).
    var affinityCall: AffinityCall?
    var choseCPUs = false
    /// The object of its last finished call, for its next one: a call without an allocation
    /// (and a release) of its own.
    private var spare: CallInProgress?

    init(pid: Int32, state: TraceeState) {
        self.pid = pid
        self.state = state
    }

    /// The object for a call it enters: the spare one when there is one.
    func callInProgress(number: UInt64, personality: Personality, pending: consuming PendingCall?, entry: Stamp,
                        firstExec: Bool) -> CallInProgress {
        guard let call = spare else {
            return CallInProgress(number: number, personality: personality, pending: pending, entry: entry, firstExec: firstExec)
        }
        spare = nil
        call.reuse(number: number, personality: personality, pending: pending, entry: entry, firstExec: firstExec)
        return call
    }

    /// Its call ended and `state` no longer holds `call`: kept for the next one, unless
    /// something else still holds it.
    func finished(_ call: consuming CallInProgress) {
        guard isKnownUniquelyReferenced(&call) else { return }
        call.pending = nil
        spare = call
    }

    /// Whether its lines are shown: not while it runs sockstep's own code.
    var isVisible: Bool {
        if case .ownCode = state { return false }
        return true
    }

    /// Whether its exit (`+++ exited with N +++`) is shown.
    var showsExit: Bool {
        if case .ownCode(_, let failedExec) = state { return failedExec }
        return true
    }

    /// Whether it stopped at a call's entry and has not left the call yet.
    var isInCall: Bool {
        switch state {
        case .ownCode(let inCall, _): return inCall
        case .inCall, .heldAtEntry, .heldAtExit: return true
        case .starting, .running: return false
        }
    }

    /// The reported call it is in, if any (its entry line is out, its exit not yet).
    var reportedCall: CallInProgress? {
        switch state {
        case .inCall(let call), .heldAtExit(let call, _, _):
            return call.pending == nil ? nil : call
        default:
            return nil
        }
    }

    /// After a thread took the leader's pid: the calls it is in carry the new pid.
    func renumber(to newPID: Int32) {
        pid = newPID
        switch state {
        case .inCall(let call), .heldAtExit(let call, _, _):
            call.pending?.call.pid = newPID
        default:
            break
        }
    }
}
