import CPtrace
import Decoding
import Glibc

/// What to trace and how.
public struct TraceConfiguration: Sendable {
    /// `-f`: follow fork, vfork, clone and threads.
    public var followForks = false
    /// The syscall numbers to print; nil prints every call.
    public var traced: Set<Int>?
    /// Wake the tracer only for the traced calls (a seccomp-bpf program, SECCOMP_RET_TRACE).
    public var usePrefilter = false
    /// Keep tracer and tracee on one CPU: a ptrace stop then costs a few microseconds instead
    /// of a cross-CPU wake-up.
    public var pinToOneCPU = true
    public var decodeOptions = DecodeOptions()
    /// A blocking seccomp-bpf program (from --block) that the child loads before exec. Never
    /// combined with the prefilter: its ERRNO/KILL would outrank the prefilter's TRACE.
    public var blockingFilter: [UInt8]?

    public init() {}
}

/// Why starting a trace failed.
public enum TraceError: Error, Equatable, CustomStringConvertible {
    case spawnFailed(String, errno: Int32)
    case attachFailed(pid: Int32, errno: Int32)
    case noSuchProcess(pid: Int32)

    public var description: String {
        switch self {
        case .spawnFailed(let path, let e):
            return "cannot execute '\(path)': \(ErrnoTable.message(Int(e)) ?? "error \(e)")"
        case .attachFailed(let pid, let e) where e == EPERM:
            return "attach: ptrace(PTRACE_SEIZE, \(pid)): Operation not permitted (is it traced already, or owned by another user? Run sockstep as that user or as root, and check /proc/sys/kernel/yama/ptrace_scope)"
        case .attachFailed(let pid, let e):
            return "attach: ptrace(PTRACE_SEIZE, \(pid)): \(ErrnoTable.message(Int(e)) ?? "error \(e)")"
        case .noSuchProcess(let pid):
            return "attach: no process with pid \(pid)"
        }
    }
}

/// What to do with a syscall stop. A policy (the lesson orchestrator) decides; plain tracing
/// reports every traced call.
public enum StopDecision: Sendable, Equatable {
    /// Decode and report it now, and let the process go on.
    case report
    /// Let it run without reporting it.
    case hide
    /// Keep the process stopped here until `Tracer.release(pid)`.
    case hold
}

/// Decides, stop by stop, what the tracer reports and which process waits. Called on the
/// tracer's thread only.
public protocol TracePolicy: AnyObject {
    /// A process is at the entry of a call (its arguments are in `arguments`, its memory can be read).
    func decideEntry(pid: Int32, number: UInt64, arguments: [UInt64], memory: any MemoryReader, tracer: Tracer) -> StopDecision
    /// A reported call is at its exit: report it now or hold it (`.hide` counts as `.report`).
    func decideExit(pid: Int32, tracer: Tracer) -> StopDecision
    /// Called between stops: do timed work (release a held process) and say when to be called
    /// again at the latest (an absolute time, Tracer.now()), or nil to wait for the next stop.
    func tick(tracer: Tracer) -> Double?
    /// A traced process has gone (after its exit event was reported).
    func processGone(pid: Int32, tracer: Tracer)
}

/// How the traced work ended, so that sockstep can end the same way (as strace does).
public enum TraceOutcome: Equatable, Sendable {
    case exited(Int32)
    case killed(signal: Int32)
    /// -p: the tracer let go (Ctrl-C); the process runs on.
    case detached
    /// sockstep itself was interrupted while running a command it started.
    case interrupted(signal: Int32)
}

/// The ptrace engine: spawns or attaches, runs the wait loop, decodes each syscall stop and
/// reports TraceEvents, in order, to `report`. Runs on the calling thread only (ptrace
/// requests must come from the thread that attached).
public final class Tracer {
    final class Tracee {
        let pid: Int32
        var started = false
        /// A spawned process's calls before its first execve are sockstep's own, not shown.
        var hidden = false
        var inSyscall = false
        var pending: PendingCall?
        var entryTime = 0.0
        var attachedByPID = false
        /// Held by the policy at a syscall entry or exit stop.
        var heldAt: SyscallEvent.Phase?
        var heldArguments: [UInt64] = []
        var heldNumber: UInt64 = 0
        var heldReturn: Int64 = 0
        var heldIsError = false

        init(pid: Int32) {
            self.pid = pid
        }
    }

    public let configuration: TraceConfiguration
    private let decoder: Decoder
    private let report: (TraceEvent) -> Void
    private var tracees: [Int32: Tracee] = [:]
    private var leader: Int32 = 0
    private var leaderOutcome: TraceOutcome?
    private var seccompMode = false
    private var attachMode = false
    private var options: UInt = 0
    private var execErrorPipe: Int32 = -1
    private var execErrno: Int32 = 0
    private let wallAll: Int32 = 0x4000_0000 // __WALL
    private var info = cp_syscall_info()
    /// Decides what is reported and who waits (lessons); nil reports every traced call.
    public weak var policy: (any TracePolicy)?
    /// Every process spawned with `spawn` (lessons start several).
    public private(set) var spawned: [Int32] = []

    public init(configuration: TraceConfiguration, report: @escaping (TraceEvent) -> Void) {
        self.configuration = configuration
        self.decoder = Decoder(options: configuration.decodeOptions)
        self.report = report
    }

    /// This process's environment, to hand to a command it starts.
    public static func currentEnvironment() -> [String] {
        var out: [String] = []
        var p = environ
        while let entry = p.pointee {
            out.append(String(cString: entry))
            p += 1
        }
        return out
    }

    /// The Ctrl-C (or SIGTERM, SIGHUP) sockstep has received, 0 when none.
    public static var interruptSignal: Int32 { cp_pending_stop_signal() }

    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Start `path` with `arguments` (argv[0] included) under the tracer.
    public func spawn(path: String, arguments: [String], environment: [String]) throws(TraceError) {
        var filter: [UInt8]?
        if let blocking = configuration.blockingFilter {
            filter = blocking
        } else if configuration.usePrefilter, let traced = configuration.traced {
            filter = Prefilter.program(tracing: traced, maxNumber: SyscallTable.names.count - 1)
            seccompMode = filter != nil
        }
        options = cp_options_default(configuration.followForks ? 1 : 0, seccompMode ? 1 : 0, 1)
        if configuration.pinToOneCPU {
            let cpu = cp_current_cpu()
            if cpu >= 0 { _ = cp_pin_to_cpu(cpu) }
        }
        cp_install_stop_handlers()
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pipeFD: Int32 = -1
        let pid: pid_t = cArgs.withUnsafeMutableBufferPointer { argv in
            cEnv.withUnsafeMutableBufferPointer { envp in
                if let filter {
                    return filter.withUnsafeBytes { bpf in
                        cp_spawn_traced(path, argv.baseAddress, envp.baseAddress, bpf.baseAddress, UInt16(filter.count / 8), &pipeFD)
                    }
                }
                return cp_spawn_traced(path, argv.baseAddress, envp.baseAddress, nil, 0, &pipeFD)
            }
        }
        guard pid > 0 else { throw .spawnFailed(path, errno: errno) }
        if execErrorPipe >= 0 { close(execErrorPipe) }
        execErrorPipe = pipeFD
        if spawned.isEmpty { leader = pid }
        spawned.append(pid)
        let tracee = Tracee(pid: pid)
        tracee.hidden = true
        tracees[pid] = tracee
    }

    /// Attach to a running process (and, with -f, all its threads).
    public func attach(pid: Int32) throws(TraceError) {
        attachMode = true
        options = cp_options_default(configuration.followForks ? 1 : 0, 0, 0)
        guard kill(pid, 0) == 0 || errno == EPERM else { throw .noSuchProcess(pid: pid) }
        var threads = [pid]
        if configuration.followForks {
            threads = Self.threads(of: pid) ?? [pid]
        }
        cp_install_stop_handlers()
        leader = pid
        for tid in threads {
            if cp_seize(tid, options) != 0 {
                let e = errno
                if tid == pid { throw .attachFailed(pid: pid, errno: e) }
                continue
            }
            _ = cp_interrupt(tid)
            let tracee = Tracee(pid: tid)
            tracee.attachedByPID = true
            tracees[tid] = tracee
            report(.attached(pid: tid, time: Self.now()))
        }
    }

    static func threads(of pid: Int32) -> [Int32]? {
        guard let dir = opendir("/proc/\(pid)/task") else { return nil }
        defer { closedir(dir) }
        var out: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let tid = Int32(name) { out.append(tid) }
        }
        return out.sorted()
    }

    /// The wait loop: runs until every traced process has gone (or, with -p, until Ctrl-C).
    public func run() -> TraceOutcome {
        while !tracees.isEmpty {
            let stopSignal = cp_pending_stop_signal()
            if stopSignal != 0 {
                return interrupt(signal: stopSignal)
            }
            var status: Int32 = 0
            var flags = wallAll
            let deadline = policy?.tick(tracer: self)
            if deadline != nil { flags |= WNOHANG }
            let pid = waitpid(-1, &status, flags)
            if pid == 0 {
                let wait = max(0, min(0.002, (deadline ?? 0) - Self.now()))
                usleep(UInt32(wait * 1_000_000) + 100)
                continue
            }
            if pid < 0 {
                if errno == EINTR { continue }
                break
            }
            handle(pid: pid, status: status)
        }
        if let outcome = leaderOutcome {
            if case .exited(127) = outcome, let e = readExecError() {
                execErrno = e
            }
            return outcome
        }
        return .exited(0)
    }

    /// The errno of a failed execve in the spawned child, if it failed.
    public var execFailure: Int32? { execErrno == 0 ? nil : execErrno }

    private func readExecError() -> Int32? {
        guard execErrorPipe >= 0 else { return nil }
        var e: Int32 = 0
        let n = Glibc.read(execErrorPipe, &e, 4)
        close(execErrorPipe)
        execErrorPipe = -1
        return n == 4 ? e : nil
    }

    private func handle(pid: Int32, status: Int32) {
        if cp_exited(status) != 0 || cp_signaled(status) != 0 {
            processGone(pid: pid, status: status)
            return
        }
        guard cp_stopped(status) != 0 else { return }
        let sig = cp_stop_signal(status)
        let event = cp_event(status)
        guard let tracee = tracees[pid] else {
            // A new child whose first stop came before its parent's fork event.
            let child = Tracee(pid: pid)
            child.started = true
            tracees[pid] = child
            report(.attached(pid: pid, time: Self.now()))
            if (sig == SIGSTOP && event == 0) || event == CP_EVENT_STOP {
                resume(child, signal: 0)
            } else {
                handleStop(child, sig: sig, event: event)
            }
            return
        }
        if !tracee.started {
            if (sig == SIGSTOP && event == 0) || event == CP_EVENT_STOP {
                tracee.started = true
                if spawned.contains(pid) && !attachMode {
                    _ = cp_set_options(pid, options)
                }
                resume(tracee, signal: 0)
                return
            }
            tracee.started = true
        }
        handleStop(tracee, sig: sig, event: event)
    }

    private func handleStop(_ tracee: Tracee, sig: Int32, event: Int32) {
        let pid = tracee.pid
        if sig == cp_syscall_stop_signal() {
            syscallStop(tracee)
            return
        }
        if sig == SIGTRAP && event != 0 {
            switch event {
            case CP_EVENT_FORK, CP_EVENT_VFORK, CP_EVENT_CLONE:
                var message: UInt = 0
                if cp_get_event_message(pid, &message) == 0 {
                    let child = Int32(truncatingIfNeeded: message)
                    if tracees[child] == nil {
                        tracees[child] = Tracee(pid: child)
                        report(.attached(pid: child, time: Self.now()))
                    }
                }
                resume(tracee, signal: 0)
            case CP_EVENT_EXEC:
                var message: UInt = 0
                if cp_get_event_message(pid, &message) == 0 {
                    let former = Int32(truncatingIfNeeded: message)
                    if former != pid, let old = tracees.removeValue(forKey: former) {
                        // A thread other than the leader called execve: it takes the leader's pid.
                        tracee.pending = old.pending
                        tracee.inSyscall = old.inSyscall
                        tracee.entryTime = old.entryTime
                    }
                }
                resume(tracee, signal: 0)
            case CP_EVENT_SECCOMP:
                syscallStop(tracee)
            case CP_EVENT_STOP:
                if sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU {
                    report(.groupStop(pid: pid, signal: Int(sig), time: Self.now()))
                    _ = cp_listen(pid)
                } else {
                    resume(tracee, signal: 0)
                }
            default:
                resume(tracee, signal: 0)
            }
            return
        }
        if event == CP_EVENT_STOP {
            // A group-stop of a seized process (-p): let it stay stopped, but keep watching.
            report(.groupStop(pid: pid, signal: Int(sig), time: Self.now()))
            _ = cp_listen(pid)
            return
        }
        // A signal is about to be delivered.
        var si = cp_siginfo()
        if cp_get_siginfo(pid, &si) != 0 {
            // No siginfo: a group-stop of a TRACEME child.
            if !tracee.hidden { report(.groupStop(pid: pid, signal: Int(sig), time: Self.now())) }
            resume(tracee, signal: 0)
            return
        }
        if !tracee.hidden {
            report(.signal(SignalDelivery(pid: pid, signal: Int(sig), info: SignalInfo.decode(si)), time: Self.now()))
        }
        resume(tracee, signal: sig)
    }

    private func syscallStop(_ tracee: Tracee) {
        let pid = tracee.pid
        guard cp_get_syscall_info(pid, &info) > 0 else {
            resume(tracee, signal: 0)
            return
        }
        switch Int32(info.op) {
        case CP_OP_ENTRY, CP_OP_SECCOMP:
            if Int32(info.op) == CP_OP_SECCOMP && tracee.inSyscall {
                // The same call already stopped at its entry (before the filter was in force).
                resume(tracee, signal: 0, toExit: true)
                return
            }
            tracee.inSyscall = true
            let nr = info.nr
            if tracee.hidden {
                if nr == 59 || nr == 322 { // execve, execveat: the command starts here
                    tracee.hidden = false
                } else {
                    resume(tracee, signal: 0, toExit: true)
                    return
                }
            }
            var decision: StopDecision = isTraced(nr) ? .report : .hide
            // The arguments are copied out only when a policy looks at them or the call is reported.
            guard policy != nil || decision == .report else {
                tracee.pending = nil
                resume(tracee, signal: 0, toExit: true)
                return
            }
            let args = withUnsafeBytes(of: info.args) { raw in Array(raw.bindMemory(to: UInt64.self)) }
            if let policy {
                decision = policy.decideEntry(pid: pid, number: nr, arguments: args, memory: ProcessMemory(pid: pid), tracer: self)
            }
            switch decision {
            case .report:
                reportEntry(tracee, number: nr, arguments: args)
            case .hide:
                tracee.pending = nil
            case .hold:
                tracee.heldAt = .entry
                tracee.heldNumber = nr
                tracee.heldArguments = args
                return
            }
            resume(tracee, signal: 0, toExit: true)
        case CP_OP_EXIT:
            tracee.inSyscall = false
            if tracee.pending != nil, let policy, policy.decideExit(pid: pid, tracer: self) == .hold {
                tracee.heldAt = .exit
                tracee.heldReturn = info.rval
                tracee.heldIsError = info.is_error != 0
                return
            }
            reportExit(tracee, returnValue: info.rval, isError: info.is_error != 0)
            resume(tracee, signal: 0)
        default:
            resume(tracee, signal: 0)
        }
    }

    private func reportEntry(_ tracee: Tracee, number: UInt64, arguments: [UInt64]) {
        let pending = decoder.enter(pid: tracee.pid, number: number, args: arguments, memory: ProcessMemory(pid: tracee.pid))
        tracee.pending = pending
        tracee.entryTime = Self.now()
        report(.entered(pending.call, time: tracee.entryTime))
    }

    private func reportExit(_ tracee: Tracee, returnValue: Int64, isError: Bool) {
        guard let pending = tracee.pending else { return }
        tracee.pending = nil
        let call = decoder.exit(pending, returnValue: returnValue, isError: isError, memory: ProcessMemory(pid: tracee.pid))
        report(.exited(call, time: Self.now(), entryTime: tracee.entryTime))
    }

    /// Let a process the policy held go on: a held entry is reported (and the call runs), a
    /// held exit is reported (and the process returns from the call).
    /// `reporting: false` lets a held entry go on unreported (a call the policy only delayed).
    public func release(_ pid: Int32, reporting: Bool = true) {
        guard let tracee = tracees[pid], let phase = tracee.heldAt else { return }
        tracee.heldAt = nil
        switch phase {
        case .entry:
            if reporting {
                reportEntry(tracee, number: tracee.heldNumber, arguments: tracee.heldArguments)
            } else {
                tracee.pending = nil
            }
            resume(tracee, signal: 0, toExit: true)
        case .exit:
            reportExit(tracee, returnValue: tracee.heldReturn, isError: tracee.heldIsError)
            resume(tracee, signal: 0)
        }
    }

    /// The call a process is held at the entry of, decoded as far as its entry goes (to show it
    /// before it is made). Nothing is reported.
    public func preview(_ pid: Int32) -> DecodedCall? {
        guard let tracee = tracees[pid], tracee.heldAt == .entry else { return nil }
        return decoder.enter(pid: pid, number: tracee.heldNumber, args: tracee.heldArguments, memory: ProcessMemory(pid: pid)).call
    }

    /// Whether `pid` is held by the policy, and where.
    public func heldPhase(_ pid: Int32) -> SyscallEvent.Phase? { tracees[pid]?.heldAt }

    /// The processes still traced.
    public var livePIDs: [Int32] { Array(tracees.keys) }

    private func isTraced(_ nr: UInt64) -> Bool {
        guard let traced = configuration.traced else { return true }
        // strace prints a number it has no name for whatever -e trace= says.
        if !SyscallTable.isKnown(nr) { return true }
        return nr < UInt64(Int.max) && traced.contains(Int(nr))
    }

    /// In prefilter mode a process runs free (PTRACE_CONT) between calls, and is stepped to the
    /// exit of a call it stopped in (PTRACE_SYSCALL).
    private func resume(_ tracee: Tracee, signal: Int32, toExit: Bool = false) {
        if seccompMode && !toExit && !tracee.inSyscall && !tracee.hidden {
            _ = cp_resume_cont(tracee.pid, signal)
        } else {
            _ = cp_resume_syscall(tracee.pid, signal)
        }
    }

    private func processGone(pid: Int32, status: Int32) {
        guard let tracee = tracees.removeValue(forKey: pid) else { return }
        let now = Self.now()
        if let pending = tracee.pending {
            report(.exited(decoder.vanished(pending), time: now, entryTime: tracee.entryTime))
        }
        let outcome: TraceOutcome
        if cp_exited(status) != 0 {
            outcome = .exited(cp_exit_status(status))
            if !tracee.hidden { report(.exitedNormally(pid: pid, status: Int(cp_exit_status(status)), time: now)) }
        } else {
            let sig = cp_term_signal(status)
            outcome = .killed(signal: sig)
            if !tracee.hidden { report(.killed(pid: pid, signal: Int(sig), coreDumped: cp_core_dumped(status) != 0, time: now)) }
        }
        if pid == leader { leaderOutcome = outcome }
        policy?.processGone(pid: pid, tracer: self)
    }

    /// Ctrl-C (or SIGTERM/SIGHUP): an attached process is let go; a spawned command gets the
    /// same signal (at a terminal it usually has it already), a second to end the way it
    /// chooses — its signal and exit lines are printed — and then SIGKILL.
    private func interrupt(signal: Int32) -> TraceOutcome {
        if attachMode {
            detachAll()
            return .detached
        }
        if signal != SIGPIPE {
            for pid in tracees.keys { kill(pid, signal) }
        }
        let deadline = Self.now() + 1.0
        var killed = false
        while !tracees.isEmpty {
            if !killed && Self.now() >= deadline {
                for pid in tracees.keys { kill(pid, SIGKILL) }
                killed = true
            }
            var status: Int32 = 0
            let pid = waitpid(-1, &status, wallAll | (killed ? 0 : WNOHANG))
            if pid == 0 {
                usleep(2000)
                continue
            }
            if pid < 0 {
                if errno == EINTR { continue }
                break
            }
            handle(pid: pid, status: status)
        }
        if let outcome = leaderOutcome, case .killed = outcome { return outcome }
        return .interrupted(signal: signal)
    }

    /// Stop each attached thread and detach it, handing back any signal it was about to get.
    private func detachAll() {
        for pid in tracees.keys { _ = cp_interrupt(pid) }
        var deadline = 2000 // ~2 s of polling, then give up on stragglers
        while !tracees.isEmpty && deadline > 0 {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, wallAll | WNOHANG)
            if pid == 0 {
                usleep(1000)
                deadline -= 1
                continue
            }
            if pid < 0 {
                if errno == EINTR { continue }
                break
            }
            if cp_exited(status) != 0 || cp_signaled(status) != 0 {
                processGone(pid: pid, status: status)
                continue
            }
            guard let tracee = tracees[pid], cp_stopped(status) != 0 else { continue }
            let sig = cp_stop_signal(status)
            let event = cp_event(status)
            var deliver: Int32 = 0
            if sig != cp_syscall_stop_signal() && event == 0 && sig != SIGSTOP && sig != SIGTRAP {
                deliver = sig
            }
            if tracee.pending != nil {
                report(.detachedInCall(pid: pid, time: Self.now()))
            }
            _ = cp_detach(pid, deliver)
            tracees.removeValue(forKey: pid)
            report(.detached(pid: pid, time: Self.now()))
        }
    }
}
