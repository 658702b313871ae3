import CPtrace
import Decoding
import Events
import Files
import Glibc

#if !arch(x86_64)
#error("sockstep traces x86_64 Linux only: its syscall tables and registers are x86_64's (other architectures need their own tables first)")
#endif

/// What to trace and how.
public struct TraceConfiguration: Sendable {
    /// `-f`: follow fork, vfork, clone and threads.
    public var followForks = false
    /// The calls to print (`-e trace=`, for each syscall table); nil prints every call.
    public var traced: SyscallSet?
    /// Wake the tracer only for the traced calls (a seccomp-bpf program, SECCOMP_RET_TRACE).
    /// Used with `followForks` only: an untraced child would get ENOSYS for those calls.
    public var usePrefilter = false
    /// Where the traced processes run, and which CPUs they are told they have.
    public var cpus = CPUPlacement.oneCPU
    public var decodeOptions = DecodeOptions()
    /// A blocking seccomp-bpf program (from --block) that the child loads before exec. Never
    /// combined with the prefilter: its ERRNO/KILL would outrank the prefilter's TRACE.
    public var blockingFilter: [UInt8]?
    /// Keep each process's name as strace does (`-Y`): read at the start, after execve and
    /// after prctl(PR_SET_NAME).
    public var trackComm = false
    /// Read the instruction pointer at signal and group stops too (`-i`).
    public var instructionPointers = false
    /// `-e read=FDS`, `-e write=FDS`: dump the data of reported calls on these descriptors.
    public var dumpReads = NumberSet.none
    public var dumpWrites = NumberSet.none
    /// `-e inject=` and `-e fault=`: calls that fail or return a value without being made, or
    /// get a signal, as strace tampers with them. A later one wins for a call both name.
    public var injections: [Injection] = []
    /// `-P PATH`: only the calls that use these paths.
    public var paths: PathFilter?
    /// Whether the events carry the time of their stop. Without -t, -r, -T, -c or an output that
    /// records times (JSON, the page, the wire) nothing reads it, and the two clock reads of
    /// every stop are left out (the events then carry `Stamp.zero`).
    public var stampsEvents = true

    public init() {}
}

/// Why starting a trace failed.
public enum TraceError: Error, Equatable, CustomStringConvertible {
    case spawnFailed(String, errno: Int32)
    case attachFailed(pid: Int32, errno: Int32)
    case noSuchProcess(pid: Int32)
    /// The signalfd the tracer waits on could not be made.
    case waitSetupFailed(errno: Int32)

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
        case .waitSetupFailed(let e):
            return "cannot wait for the traced processes: signalfd: \(ErrnoTable.message(Int(e)) ?? "error \(e)")"
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
    func decideEntry(pid: Int32, number: UInt64, arguments: SyscallArguments, memory: any MemoryReader, tracer: Tracer) -> StopDecision
    /// A reported call is at its exit: report it now or hold it (`.hide` counts as `.report`).
    func decideExit(pid: Int32, tracer: Tracer) -> StopDecision
    /// Called between stops: do timed work (release a held process) and say when to be called
    /// again at the latest (an absolute time, Tracer.now()), or nil to wait for the next stop.
    /// Ctrl-C (SIGINT, SIGTERM, SIGHUP, SIGQUIT) reaches its handler while `tick` runs, so that
    /// a blocking read in it (a prompt) ends with EINTR; Tracer.interruptSignal tells.
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
///
/// A spawned command starts as strace starts it: the child stops itself, the tracer
/// PTRACE_SEIZEs it and sends SIGCONT, so that every group-stop later is a PTRACE_EVENT_STOP
/// the tracer can tell from a signal (and keep with PTRACE_LISTEN until SIGCONT). Its own code
/// before execve (the self-stop, the seccomp filter) is never shown; the execve is, and when
/// it fails the child says so on stderr (`sockstep: exec: Permission denied`) and exits 1.
public final class Tracer {
    public let configuration: TraceConfiguration
    private let decoder: Decoder
    private let report: (TraceEvent) -> Void
    private var tracees = PIDMap<Tracee>() {
        didSet { lastTracee = nil }
    }
    /// The tracee of the last stop (most stops are the same process's, one after the other):
    /// found without searching `tracees`. Forgotten at every change of `tracees`.
    private var lastTracee: Tracee?
    private var leader: Int32 = 0
    private var leaderOutcome: TraceOutcome?
    private var seccompMode = false
    private var attachMode = false
    /// `CPUPlacement.oneCPUShowingGiven` once pinned: the masks to tell the processes.
    private var givenCPUs: GivenCPUs?
    private var pinned = false
    /// Without -f, with `givenCPUs`: the command's new children and threads are taken only to
    /// be given its CPUs back, and let go at their first stop. `childrenToLetGo`: announced by
    /// the parent's fork event, first stop not seen yet; `childrenLetGo`: first stop seen
    /// before the parent's event.
    private var letsChildrenGo = false
    private var childrenToLetGo = PIDSet()
    private var childrenLetGo = PIDSet()
    private var options: UInt = 0
    private var events: EventWait?
    private let wallAll: Int32 = 0x4000_0000 // __WALL
    private var info = cp_syscall_info()
    /// The stamp of the stop being handled: every event it reports carries it.
    private var stopStamp = Stamp.zero
    /// Decides what is reported and who waits (lessons); nil reports every traced call.
    public weak var policy: (any TracePolicy)?
    /// Every process spawned with `spawn` (lessons start several).
    public private(set) var spawned: [Int32] = []

    public init(configuration: TraceConfiguration, report: @escaping (TraceEvent) -> Void) {
        self.configuration = configuration
        self.decoder = Decoder(options: SocketFacts.complete(configuration.decodeOptions))
        self.report = report
    }

    /// The blocks cp_spawn_stopped_in copied a spawned child's arguments to, with its stack:
    /// the child shares sockstep's memory until it execs, so each is kept until its process is
    /// gone (or the tracer is).
    private var spawnMemory = PIDMap<UnsafeMutableRawPointer>()

    deinit {
        events?.close()
        for pid in spawnMemory.keys { cp_spawn_release(spawnMemory[pid]) }
    }

    /// The spawn block of `pid`, freed once the process is gone.
    private func releaseSpawnMemory(of pid: Int32) {
        if let memory = spawnMemory.removeValue(forKey: pid) { cp_spawn_release(memory) }
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

    /// The wall clock when sockstep first asked, and the monotonic clock then (nanoseconds).
    private static let clockAnchor: (wall: Int64, monotonic: Int64) = (nanoseconds(CLOCK_REALTIME), nanoseconds(CLOCK_MONOTONIC))

    private static func nanoseconds(_ clock: clockid_t) -> Int64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// The time of deadlines and of the anchored monotonic clock: seconds since the epoch as
    /// the wall clock said when sockstep started, moved on by the monotonic clock, so that a
    /// change of the wall clock during a trace never makes a duration negative or a deadline
    /// wrong.
    public static func now() -> Double {
        Double(clockAnchor.wall + (nanoseconds(CLOCK_MONOTONIC) - clockAnchor.monotonic)) / 1e9
    }

    /// Both clocks now: the stamp of an event (the anchored monotonic clock for durations and
    /// order, the wall clock for the time of day).
    public static func stamp() -> Stamp {
        let monotonic = nanoseconds(CLOCK_MONOTONIC)
        return Stamp(monotonicNanos: clockAnchor.wall + (monotonic - clockAnchor.monotonic), wallNanos: nanoseconds(CLOCK_REALTIME))
    }

    /// Blocks SIGCHLD and the stop signals in this thread and opens the signalfd, once.
    private func prepareWaiting() throws(TraceError) {
        guard events == nil else { return }
        _ = Self.clockAnchor
        cp_install_stop_handlers()
        guard let wait = EventWait() else { throw .waitSetupFailed(errno: errno) }
        events = wait
    }

    /// How a lesson's program starts: its own seccomp filter (instead of the configuration's),
    /// its working folder, and its standard input, output and error (descriptors of sockstep's,
    /// close-on-exec; -1 keeps sockstep's).
    public struct Start: Sendable {
        public var filter: [UInt8]?
        public var directory: String?
        public var streams: (Int32, Int32, Int32) = (-1, -1, -1)
        public init(filter: [UInt8]? = nil, directory: String? = nil) {
            self.filter = filter
            self.directory = directory
        }
    }

    /// Pin the tracer as `configuration.cpus` says, before the first process is started (the
    /// processes inherit it; a second spawn finds it done).
    private func pinOnce() {
        guard !pinned else { return }
        pinned = true
        switch configuration.cpus {
        case .asGiven:
            GivenCPUs.unpin()
        case .oneCPU:
            GivenCPUs.pinToCurrentCPU()
        case .oneCPUShowingGiven:
            givenCPUs = GivenCPUs.pinRemembering()
            letsChildrenGo = givenCPUs != nil && !configuration.followForks
        }
    }

    /// Start `path` with `arguments` (argv[0] included) under the tracer, with `environment`,
    /// or sockstep's own when it is nil (`environ` itself: nothing to convert or copy first).
    public func spawn(path: String, arguments: [String], environment: [String]? = nil, start: Start? = nil) throws(TraceError) {
        pinOnce()
        var filter: [UInt8]?
        if let start {
            filter = start.filter.flatMap { $0.isEmpty ? nil : $0 }
        } else if let blocking = configuration.blockingFilter {
            filter = blocking
        } else if configuration.usePrefilter && configuration.followForks, let traced = configuration.traced {
            // Only with -f (as strace's --seccomp-bpf): a process the tracer does not follow
            // would get ENOSYS for every traced call (SECCOMP_RET_TRACE without a tracer).
            // The mask calls stop too (unprinted), when the processes are told their CPUs.
            let tracing = traced.x86_64.union(givenCPUs?.numbers64 ?? [])
            filter = Prefilter.program(tracing: tracing, maxNumber: SyscallTable.names.count - 1)
            seccompMode = filter != nil
        }
        options = cp_options_default(configuration.followForks || letsChildrenGo ? 1 : 0, seccompMode ? 1 : 0, 1)
        try prepareWaiting()
        // C copies of the strings for the spawn, which copies them once more into the child's
        // block; withCString hands strdup the string's own bytes (a String passed as a C string
        // would make a temporary array of them first).
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { $0.withCString { strdup($0) } } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { $0.map { $0.withCString { strdup($0) } } + [nil] } ?? []
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        let streams = [start?.streams.0 ?? -1, start?.streams.1 ?? -1, start?.streams.2 ?? -1]
        let directory = start?.directory
        var memory: UnsafeMutableRawPointer?
        let pid: pid_t = cArgs.withUnsafeMutableBufferPointer { argv in
            cEnv.withUnsafeMutableBufferPointer { envp in
                streams.withUnsafeBufferPointer { fds in
                    let bpf = filter ?? []
                    return bpf.withUnsafeBytes { raw in
                        cp_spawn_stopped_in(path, argv.baseAddress, environment == nil ? environ : envp.baseAddress,
                                            bpf.isEmpty ? nil : raw.baseAddress,
                                            UInt16(bpf.count / 8), directory, fds.baseAddress, &memory)
                    }
                }
            }
        }
        guard pid > 0 else { throw .spawnFailed(path, errno: errno) }
        if let memory { spawnMemory[pid] = memory }
        // The child stops itself; seize it while it is stopped, then let it go on (strace's
        // startup_child). It is not traced yet, so its stop is a plain child's stop.
        var status: Int32 = 0
        var waited: pid_t
        repeat { waited = waitpid(pid, &status, WUNTRACED) } while waited < 0 && errno == EINTR
        guard waited == pid, cp_stopped(status) != 0, cp_stop_signal(status) == SIGSTOP else {
            let e = waited < 0 ? errno : ECHILD
            if waited != pid || cp_stopped(status) != 0 {
                // Still there (a child that ended is reaped already: its pid is not ours).
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
            }
            releaseSpawnMemory(of: pid)
            throw .spawnFailed(path, errno: e)
        }
        guard cp_seize(pid, options) == 0 else {
            let e = errno
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            releaseSpawnMemory(of: pid)
            throw .spawnFailed(path, errno: e)
        }
        kill(pid, SIGCONT)
        if spawned.isEmpty { leader = pid }
        spawned.append(pid)
        tracees[pid] = makeTracee(pid, state: .ownCode(inCall: false, failedExec: false))
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
        try prepareWaiting()
        leader = pid
        for tid in threads {
            if cp_seize(tid, options) != 0 {
                let e = errno
                if tid == pid { throw .attachFailed(pid: pid, errno: e) }
                continue
            }
            _ = cp_interrupt(tid)
            tracees[tid] = makeTracee(tid, state: .starting)
            report(.attached(pid: tid, at: Self.stamp()))
        }
    }

    private func makeTracee(_ pid: Int32, state: TraceeState) -> Tracee {
        let tracee = Tracee(pid: pid, state: state)
        if configuration.trackComm { tracee.comm = Self.comm(of: pid) }
        return tracee
    }

    /// A live process's name: /proc/PID/comm without its newline, nil when it is gone.
    public static func comm(of pid: Int32) -> String? {
        guard var text = Files.readText("/proc/\(pid)/comm") else { return nil }
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// What a line about `pid` shows besides the pid (-n, -i, -Y), as of the stop being reported.
    public func facts(_ pid: Int32) -> ProcessFacts {
        if let tracee = tracees[pid] {
            return ProcessFacts(lastSyscall: tracee.lastSyscall, instructionPointer: tracee.instructionPointer,
                                comm: tracee.comm, is32Bit: tracee.personality == .i386)
        }
        return gone[pid] ?? ProcessFacts()
    }

    /// The facts of processes that have gone (their instruction pointer cannot be read).
    private var gone = PIDMap<ProcessFacts>()

    static func threads(of pid: Int32) -> [Int32]? {
        Files.list("/proc/\(pid)/task")?.compactMap { Int32($0) }.sorted()
    }

    // MARK: - The wait loop

    /// The wait loop: runs until every traced process has gone (or, with -p, until Ctrl-C).
    /// One stop at a time, each followed by the policy's tick, as the policy expects; between
    /// stops the tracer sleeps on the signalfd until a process changes state, a stop signal
    /// comes or the policy's deadline passes. Without a policy there is no deadline, and the
    /// tracer sleeps in wait4 itself (fewer calls and no queued SIGCHLD per stop).
    public func run() -> TraceOutcome {
        defer {
            letGoOfAnnouncedChildren()
            events?.close()
            events = nil
        }
        // Without a policy there is no deadline: the tracer sleeps in wait4 itself.
        var blocking = policy == nil && cp_blocking_mode(1) == 0
        defer { if blocking { _ = cp_blocking_mode(0) } }
        while !tracees.isEmpty {
            let stopSignal = cp_pending_stop_signal()
            if stopSignal != 0 {
                if blocking {
                    _ = cp_blocking_mode(0)
                    blocking = false
                }
                return interrupt(signal: stopSignal)
            }
            var deadline: Double?
            if let policy {
                cp_stop_signals_deliverable(1)
                deadline = policy.tick(tracer: self)
                cp_stop_signals_deliverable(0)
            } else if blocking {
                waitBlocking()
                continue
            }
            if collectStop() { continue }
            guard let events, !tracees.isEmpty else { break }
            // A stop that comes after collectStop found none leaves SIGCHLD pending: the wait
            // ends at once.
            _ = events.wait(until: deadline)
        }
        return leaderOutcome ?? .exited(0)
    }

    /// Handles one stop or exit if one is waiting to be collected, without sleeping. False
    /// when none was.
    private func collectStop() -> Bool {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, wallAll | WNOHANG)
            if pid > 0 {
                handle(pid: pid, status: status)
                return true
            }
            if pid < 0 && errno == EINTR { continue }
            if pid < 0 && errno == ECHILD { forgetVanished() }
            return false
        }
    }

    /// Sleeps in wait4 until a process changes state (and handles it) or a stop signal comes
    /// (cp_blocking_mode(1) on).
    private func waitBlocking() {
        var status: Int32 = 0
        let pid = cp_wait_blocking(&status, wallAll)
        if pid > 0 {
            handle(pid: pid, status: status)
        } else if pid < 0 && errno == ECHILD {
            forgetVanished()
        }
    }

    /// wait4 says ECHILD: nothing left to wait for (processes that vanished without a word).
    private func forgetVanished() {
        for pid in tracees.keys { forget(pid) }
    }

    /// Waits (without polling) until `done` says so or `deadline` passes; handles every stop.
    private func drain(until deadline: Double, done: () -> Bool) {
        while true {
            while !done() && collectStop() {}
            if done() || Self.now() >= deadline { return }
            guard let events else { return }
            _ = events.wait(until: deadline)
        }
    }

    private func handle(pid: Int32, status: Int32) {
        stopStamp = configuration.stampsEvents ? Self.stamp() : .zero
        if cp_exited(status) != 0 || cp_signaled(status) != 0 {
            if letsChildrenGo { childrenToLetGo.remove(pid) }
            processGone(pid: pid, status: status)
            return
        }
        guard cp_stopped(status) != 0 else { return }
        let sig = cp_stop_signal(status)
        let event = cp_event(status)
        if event == CP_EVENT_EXEC {
            execEvent(pid: pid)
            return
        }
        let tracee: Tracee
        if let last = lastTracee, last.pid == pid {
            tracee = last
        } else if let known = tracees[pid] {
            tracee = known
            lastTracee = known
        } else if letsChildrenGo {
            letGo(child: pid, signal: event == 0 ? sig : 0)
            return
        } else {
            // A new child whose first stop came before its parent's fork event.
            tracee = makeTracee(pid, state: .starting)
            tracees[pid] = tracee
            report(.attached(pid: pid, at: stopStamp))
        }
        if case .starting = tracee.state {
            tracee.state = .running
            rememberInterruptedCall(tracee)
            if event == CP_EVENT_STOP && sig == SIGTRAP {
                // The tracer's own stop (a new child's first stop, PTRACE_INTERRUPT after -p).
                resume(tracee, signal: 0)
                return
            }
        }
        handleStop(tracee, sig: sig, event: event)
    }

    /// Without -f: a child or thread of the command at its first stop (before it ran): given the
    /// command's CPUs back (unless the command chose its own) and let go, never shown.
    private func letGo(child pid: Int32, signal: Int32) {
        if childrenToLetGo.remove(pid) == nil { childrenLetGo.insert(pid) }
        givenCPUs?.restore(pid, inherits: tracees[leader]?.choseCPUs ?? false)
        _ = cp_detach(pid, signal)
    }

    /// Children announced whose first stop has not come when the trace ends: waited for and
    /// let go (PTRACE_O_EXITKILL would kill them with the tracer).
    private func letGoOfAnnouncedChildren() {
        for pid in childrenToLetGo {
            var status: Int32 = 0
            var got: pid_t
            repeat { got = waitpid(pid, &status, wallAll) } while got < 0 && errno == EINTR
            if got == pid && cp_stopped(status) != 0 {
                letGo(child: pid, signal: cp_event(status) == 0 ? cp_stop_signal(status) : 0)
            }
        }
        childrenToLetGo.removeAll()
    }

    /// At the first stop of a process the tracer took while it was in a call that will go on
    /// as restart_syscall: that call (restart_syscall names it).
    private func rememberInterruptedCall(_ tracee: Tracee) {
        let number = cp_interrupted_syscall(tracee.pid)
        guard number >= 0 else { return }
        var personality = Personality.of64BitCall(UInt64(number))
        if cp_get_syscall_info(tracee.pid, &info) > 0, info.arch == cp_audit_arch_i386 { personality = .i386 }
        tracee.interruptedCall = SyscallTable.displayName(UInt64(number), personality: personality)
    }

    private func handleStop(_ tracee: Tracee, sig: Int32, event: Int32) {
        let pid = tracee.pid
        if sig == cp_syscall_stop_signal() {
            syscallStop(tracee)
            return
        }
        switch event {
        case CP_EVENT_FORK, CP_EVENT_VFORK, CP_EVENT_CLONE:
            var message: UInt = 0
            if letsChildrenGo {
                if cp_get_event_message(pid, &message) == 0 {
                    let child = Int32(truncatingIfNeeded: message)
                    if childrenLetGo.remove(child) == nil { childrenToLetGo.insert(child) }
                }
            } else if cp_get_event_message(pid, &message) == 0 {
                let child = Int32(truncatingIfNeeded: message)
                if tracees[child] == nil {
                    // It starts with its parent's personality (no line for it).
                    let new = makeTracee(child, state: .starting)
                    new.personality = tracee.personality
                    tracees[child] = new
                    report(.attached(pid: child, at: stopStamp))
                }
                // And with its parent's CPUs.
                if tracee.choseCPUs { tracees[child]?.choseCPUs = true }
            }
            resume(tracee, signal: 0)
        case CP_EVENT_SECCOMP:
            syscallStop(tracee)
        case CP_EVENT_EXIT:
            // About to exit (exit_group, a fatal signal, or the leader replaced by a thread's
            // execve): the call it is in never returns.
            if let call = tracee.reportedCall, let pending = call.pending {
                report(.exited(decoder.vanished(pending), at: stopStamp, entry: call.entry))
                tracee.state = .running
            }
            resume(tracee, signal: 0)
        case CP_EVENT_STOP:
            if Self.isStopSignal(sig) {
                groupStop(tracee, signal: sig)
            } else {
                // PTRACE_INTERRUPT, or a listening process woken up (SIGCONT is coming).
                resume(tracee, signal: 0)
            }
        case 0:
            // A signal is about to be delivered.
            readInstructionPointer(tracee)
            var si = [UInt8](repeating: 0, count: SignalInformation.size)
            if cp_get_siginfo(pid, &si) == 0, tracee.isVisible {
                report(.signal(SignalDelivery(pid: pid, signal: Int(sig), info: SignalInfo.decode(si, names: configuration.trackComm)), at: stopStamp))
            }
            resume(tracee, signal: sig)
        default:
            resume(tracee, signal: 0)
        }
    }

    private static func isStopSignal(_ sig: Int32) -> Bool {
        sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU
    }
    private static let prctl = SyscallTable.prctl
    /// -ERESTART_RESTARTBLOCK: the call goes on as restart_syscall.
    private static let restartBlock: Int64 = -516

    /// A group-stop: the process stays stopped (state `t`) until SIGCONT; PTRACE_LISTEN keeps
    /// it so while the tracer goes on watching. A spawned command's own self-stop is not the
    /// program's: the SIGCONT sockstep sent ends it.
    private func groupStop(_ tracee: Tracee, signal: Int32) {
        guard tracee.isVisible else {
            resume(tracee, signal: 0)
            return
        }
        readInstructionPointer(tracee)
        report(.groupStop(pid: tracee.pid, signal: Int(signal), at: stopStamp))
        _ = cp_listen(tracee.pid)
    }

    /// -i: where the process is at a stop that is not a syscall stop.
    private func readInstructionPointer(_ tracee: Tracee) {
        guard configuration.instructionPointers else { return }
        var here = cp_syscall_info()
        tracee.instructionPointer = cp_get_syscall_info(tracee.pid, &here) > 0 ? here.instruction_pointer : nil
    }

    // MARK: - Syscall stops

    /// The personality of the call at this stop (the architecture is checked at every stop).
    private func personality(of info: cp_syscall_info) -> Personality? {
        if info.arch == cp_audit_arch_x86_64 { return Personality.of64BitCall(info.nr) }
        if info.arch == cp_audit_arch_i386 { return .i386 }
        return nil
    }

    private func syscallStop(_ tracee: Tracee) {
        guard cp_get_syscall_info(tracee.pid, &info) > 0 else {
            resume(tracee, signal: 0)
            return
        }
        tracee.instructionPointer = info.instruction_pointer
        if Int32(info.op) == CP_OP_ENTRY || Int32(info.op) == CP_OP_SECCOMP {
            tracee.lastSyscall = info.nr
            tracee.firstArgument = info.args.0
        } else if configuration.trackComm, Int32(info.op) == CP_OP_EXIT, info.is_error == 0,
                  tracee.lastSyscall == Self.prctl, tracee.firstArgument == 15 { // PR_SET_NAME
            tracee.comm = Self.comm(of: tracee.pid)
        }
        switch Int32(info.op) {
        case CP_OP_ENTRY, CP_OP_SECCOMP:
            entryStop(tracee, seccomp: Int32(info.op) == CP_OP_SECCOMP)
        case CP_OP_EXIT:
            exitStop(tracee, returnValue: info.rval, isError: info.is_error != 0)
        default:
            resume(tracee, signal: 0)
        }
    }

    private func isExecve(_ number: UInt64, _ personality: Personality) -> Bool {
        personality == .x86_64 && (number == SyscallTable.execve || number == SyscallTable.execveat)
    }

    private func entryStop(_ tracee: Tracee, seccomp: Bool) {
        let pid = tracee.pid
        if seccomp && tracee.isInCall {
            // The same call already stopped at its entry (before the filter was in force).
            resume(tracee, signal: 0, toExit: true)
            return
        }
        let nr = info.nr
        tracee.entryStackPointer = info.stack_pointer
        // An x86_64 kernel reports no architecture but these two (the build allows no other
        // host): anything else would be decoded as a 64-bit call.
        let personality = personality(of: info) ?? .x86_64
        var firstExec = false
        if case .ownCode(_, let failedExec) = tracee.state {
            guard !failedExec, isExecve(nr, personality) else {
                tracee.state = .ownCode(inCall: true, failedExec: failedExec)
                resume(tracee, signal: 0, toExit: true)
                return
            }
            // The command starts here: its execve is shown (as strace shows it, failed or not).
            firstExec = true
        }
        if let isGet = givenCPUs?.isGet(nr, personality: personality) {
            tracee.affinityCall = AffinityCall(isGet: isGet, thread: Int32(truncatingIfNeeded: info.args.0), buffer: info.args.2)
        }
        if personality != tracee.personality {
            tracee.personality = personality
            report(.personality(pid: pid, personality, at: stopStamp))
        }
        var decision: StopDecision = isTraced(nr, personality) ? .report : .hide
        // The arguments are copied out only when a policy looks at them or the call is reported.
        let policyDecides = policy != nil && personality == .x86_64
        guard policyDecides || decision == .report else {
            tracee.state = .inCall(tracee.callInProgress(number: nr, personality: personality, pending: nil, entry: .zero, firstExec: firstExec))
            resume(tracee, signal: 0, toExit: true)
            return
        }
        // Kept in place: an array cost an allocation a call.
        let a = info.args
        let args = SyscallArguments(a.0, a.1, a.2, a.3, a.4, a.5)
        if decision == .report, let paths = configuration.paths,
           !paths.matches(name: SyscallTable.displayName(nr, personality: personality), args: args, pid: pid, memory: ProcessMemory(pid: pid)) {
            decision = .hide
            if !policyDecides {
                tracee.state = .inCall(tracee.callInProgress(number: nr, personality: personality, pending: nil, entry: .zero, firstExec: firstExec))
                resume(tracee, signal: 0, toExit: true)
                return
            }
        }
        if policyDecides, let policy {
            decision = policy.decideEntry(pid: pid, number: nr, arguments: args, memory: ProcessMemory(pid: pid), tracer: self)
        }
        var signal: Int32 = 0
        switch decision {
        case .report:
            tracee.state = .inCall(enter(tracee, number: nr, arguments: args, personality: personality, firstExec: firstExec))
            if !configuration.injections.isEmpty && !firstExec { signal = tamper(tracee, number: nr, personality: personality) }
        case .hide:
            tracee.state = .inCall(tracee.callInProgress(number: nr, personality: personality, pending: nil, entry: .zero, firstExec: firstExec))
        case .hold:
            tracee.state = .heldAtEntry(number: nr, arguments: args, personality: personality, firstExec: firstExec)
            return
        }
        resume(tracee, signal: signal, toExit: true)
    }

    /// strace's fault injection at a traced call's entry: the per-process count of this call
    /// reaches the `when=` of the last -e inject= naming it. An error or a value: the call's
    /// number becomes -1 (the kernel makes no call), its result is set at the exit. A signal:
    /// returned, to be delivered as the process goes on.
    private func tamper(_ tracee: Tracee, number: UInt64, personality: Personality) -> Int32 {
        guard let injection = configuration.injections.last(where: { $0.calls.contains(number, personality: personality) }) else {
            return 0
        }
        let key = number | (personality == .i386 ? 1 << 40 : 0)
        var counter = tracee.injectCounters[key] ?? (injection.first, injection.last)
        defer { tracee.injectCounters[key] = counter }
        guard counter.first != 0, counter.last != 0 else { return 0 }
        if let last = counter.last { counter.last = last - 1 }
        counter.first -= 1
        guard counter.first == 0 else { return 0 }
        counter.first = injection.step
        if let action = injection.action, cp_set_syscall_number(tracee.pid, -1) == 0 {
            tracee.injected = action
        }
        return Int32(injection.signal ?? 0)
    }

    private func exitStop(_ tracee: Tracee, returnValue: Int64, isError: Bool) {
        if givenCPUs != nil, let affinity = tracee.affinityCall {
            tracee.affinityCall = nil
            if case .inCall = tracee.state, tracee.injected == nil, !isError {
                affinityCallReturned(tracee, affinity, returnValue: returnValue)
            }
        }
        switch tracee.state {
        case .ownCode(_, let failedExec):
            tracee.state = .ownCode(inCall: false, failedExec: failedExec)
        case .inCall(let call):
            if isError && returnValue == Self.restartBlock && call.pending != nil {
                // ERESTART_RESTARTBLOCK: restart_syscall resumes it. strace names only a call it
                // printed ("system call" otherwise).
                tracee.interruptedCall = SyscallTable.displayName(call.number, personality: call.personality)
            }
            if call.firstExec {
                // No exec event came: the execve failed, and sockstep's own code runs again
                // (it writes `sockstep: exec: ...` and exits 1).
                reportExit(tracee, call, returnValue: returnValue, isError: isError)
                tracee.state = .ownCode(inCall: false, failedExec: true)
                resume(tracee, signal: 0)
                return
            }
            if call.pending != nil, let policy, policy.decideExit(pid: tracee.pid, tracer: self) == .hold {
                tracee.state = .heldAtExit(call, returnValue: returnValue, isError: isError)
                return
            }
            if let action = tracee.injected {
                tracee.injected = nil
                let value: Int64
                switch action {
                case .error(let e): value = -Int64(e)
                case .value(let v): value = Int64(bitPattern: v)
                }
                _ = cp_set_return_value(tracee.pid, Int(value))
                if case .error = action {
                    reportExit(tracee, call, returnValue: value, isError: true, injected: true)
                } else {
                    reportExit(tracee, call, returnValue: value, isError: false, injected: true)
                }
                tracee.state = .running
                resume(tracee, signal: 0)
                return
            }
            reportExit(tracee, call, returnValue: returnValue, isError: isError)
            tracee.state = .running
            tracee.finished(call)
        case .starting, .running, .heldAtEntry, .heldAtExit:
            // The exit of a call whose entry the tracer did not see (attached while in it).
            tracee.state = .running
        }
        resume(tracee, signal: 0)
    }

    /// `CPUPlacement.oneCPUShowingGiven`, at the successful exit of a mask call: a thread that
    /// set its own mask is told the truth from then on; a thread told the pinned mask (of
    /// itself or of another traced thread that did not choose) is told the mask it was given
    /// instead, in its own buffer, before the call is decoded.
    private func affinityCallReturned(_ tracee: Tracee, _ call: AffinityCall, returnValue: Int64) {
        guard let givenCPUs else { return }
        let named = call.thread == 0 ? tracee : tracees[call.thread]
        guard call.isGet else {
            named?.choseCPUs = true
            return
        }
        guard let named, !named.choseCPUs, returnValue > 0 else { return }
        let count = min(Int(returnValue), givenCPUs.given.count, givenCPUs.pinned.count)
        let memory = ProcessMemory(pid: tracee.pid)
        guard let told = memory.read(call.buffer, count: count), told[...] == givenCPUs.pinned.prefix(count) else { return }
        _ = givenCPUs.given.withUnsafeBytes { raw in cp_write_memory(tracee.pid, call.buffer, raw.baseAddress, UInt(count)) }
    }

    /// PTRACE_EVENT_EXEC: the program is replaced. When a thread other than the leader called
    /// execve it has taken the leader's pid: the leader's unfinished call ends (`= ?`), the
    /// thread's old id is gone (`+++ superseded by execve in pid N +++`), and the thread's
    /// state (held, hidden, its execve in progress) goes on under the leader's pid.
    private func execEvent(pid: Int32) {
        var message: UInt = 0
        let former = cp_get_event_message(pid, &message) == 0 ? Int32(truncatingIfNeeded: message) : pid
        if former != pid, let thread = tracees.removeValue(forKey: former) {
            if let old = tracees.removeValue(forKey: pid), let call = old.reportedCall, let pending = call.pending {
                report(.exited(decoder.vanished(pending), at: stopStamp, entry: call.entry))
            }
            thread.renumber(to: pid)
            tracees[pid] = thread
            if thread.isVisible {
                report(.superseded(pid: pid, formerPID: former, at: stopStamp))
            }
        }
        guard let tracee = tracees[pid] else {
            _ = cp_resume_syscall(pid, 0)
            return
        }
        if case .inCall(let call) = tracee.state, call.firstExec {
            call.firstExec = false
        }
        // strace reads the name again at the exit of a successful execve, before printing it.
        if configuration.trackComm { tracee.comm = Self.comm(of: pid) }
        resume(tracee, signal: 0)
    }

    private func enter(_ tracee: Tracee, number: UInt64, arguments: SyscallArguments, personality: Personality, firstExec: Bool) -> CallInProgress {
        var pending = decoder.enter(pid: tracee.pid, number: number, args: arguments, memory: ProcessMemory(pid: tracee.pid),
                                    personality: personality, interrupted: tracee.interruptedCall,
                                    stackPointer: tracee.entryStackPointer)
        if configuration.trackComm { PIDNames.annotateArguments(&pending.call) }
        report(.entered(pending.call, at: stopStamp))
        return tracee.callInProgress(number: number, personality: personality, pending: consume pending, entry: stopStamp, firstExec: firstExec)
    }

    private func reportExit(_ tracee: Tracee, _ call: CallInProgress, returnValue: Int64, isError: Bool, injected: Bool = false) {
        // Taken out: the call ends here, and the decoder then owns the only copy of its entry.
        guard let pending = call.pending.take() else { return }
        let memory = ProcessMemory(pid: tracee.pid)
        var decoded = decoder.exit(consume pending, returnValue: returnValue, isError: isError, memory: memory)
        if injected { decoded.injected = true }
        if configuration.trackComm { PIDNames.annotateResult(&decoded) }
        if !configuration.dumpReads.isEmpty || !configuration.dumpWrites.isEmpty {
            decoded.dumps = DataDump.collect(decoded, memory: memory, reads: configuration.dumpReads, writes: configuration.dumpWrites)
        }
        report(.exited(decoded, at: stopStamp, entry: call.entry))
    }

    // MARK: - The policy's handles

    /// Let a process the policy held go on: a held entry is reported (and the call runs), a
    /// held exit is reported (and the process returns from the call).
    /// `reporting: false` lets a held entry go on unreported (a call the policy only delayed).
    public func release(_ pid: Int32, reporting: Bool = true) {
        guard let tracee = tracees[pid] else { return }
        // The held call goes on now: its line has the time it is let go.
        stopStamp = Self.stamp()
        switch tracee.state {
        case .heldAtEntry(let number, let arguments, let personality, let firstExec):
            if reporting {
                tracee.state = .inCall(enter(tracee, number: number, arguments: arguments, personality: personality, firstExec: firstExec))
            } else {
                tracee.state = .inCall(tracee.callInProgress(number: number, personality: personality, pending: nil, entry: .zero, firstExec: firstExec))
            }
            resume(tracee, signal: 0, toExit: true)
        case .heldAtExit(let call, let returnValue, let isError):
            reportExit(tracee, call, returnValue: returnValue, isError: isError)
            tracee.state = .running
            resume(tracee, signal: 0)
        default:
            return
        }
    }

    /// The call a process is held at the entry of, decoded as far as its entry goes (to show it
    /// before it is made). Nothing is reported.
    public func preview(_ pid: Int32) -> DecodedCall? {
        guard let tracee = tracees[pid], case .heldAtEntry(let number, let arguments, let personality, _) = tracee.state else { return nil }
        return decoder.enter(pid: pid, number: number, args: arguments, memory: ProcessMemory(pid: pid),
                             personality: personality, interrupted: tracee.interruptedCall).call
    }

    /// Whether `pid` is held by the policy, and where.
    public func heldPhase(_ pid: Int32) -> SyscallEvent.Phase? {
        switch tracees[pid]?.state {
        case .heldAtEntry?: return .entry
        case .heldAtExit?: return .exit
        default: return nil
        }
    }

    /// The processes still traced.
    public var livePIDs: [Int32] { tracees.keys }

    private func isTraced(_ nr: UInt64, _ personality: Personality) -> Bool {
        guard let traced = configuration.traced else { return true }
        // strace prints a number it has no name for whatever -e trace= says.
        if SyscallTable.displayName(nr, personality: personality).hasPrefix("syscall_0x") { return true }
        return traced.contains(nr, personality: personality)
    }

    /// In prefilter mode a process runs free (PTRACE_CONT) between calls, and is stepped to the
    /// exit of a call it stopped in (PTRACE_SYSCALL).
    private func resume(_ tracee: Tracee, signal: Int32, toExit: Bool = false) {
        var free = false
        if seccompMode && !toExit, case .running = tracee.state { free = true }
        if free {
            _ = cp_resume_cont(tracee.pid, signal)
        } else {
            _ = cp_resume_syscall(tracee.pid, signal)
        }
    }

    // MARK: - Ends

    private func processGone(pid: Int32, status: Int32) {
        releaseSpawnMemory(of: pid)
        guard let tracee = tracees.removeValue(forKey: pid) else { return }
        remember(tracee)
        if let call = tracee.reportedCall, let pending = call.pending {
            report(.exited(decoder.vanished(pending), at: stopStamp, entry: call.entry))
        }
        let outcome: TraceOutcome
        if cp_exited(status) != 0 {
            outcome = .exited(cp_exit_status(status))
            if tracee.showsExit { report(.exitedNormally(pid: pid, status: Int(cp_exit_status(status)), at: stopStamp)) }
        } else {
            let sig = cp_term_signal(status)
            outcome = .killed(signal: sig)
            if tracee.showsExit { report(.killed(pid: pid, signal: Int(sig), coreDumped: cp_core_dumped(status) != 0, at: stopStamp)) }
        }
        if pid == leader { leaderOutcome = outcome }
        policy?.processGone(pid: pid, tracer: self)
    }

    /// A process that is gone without an exit status the tracer could collect.
    private func forget(_ pid: Int32) {
        releaseSpawnMemory(of: pid)
        guard let tracee = tracees.removeValue(forKey: pid) else { return }
        remember(tracee)
        policy?.processGone(pid: pid, tracer: self)
    }

    /// Keeps what the lines about a gone process still show (its last call, its name).
    private func remember(_ tracee: Tracee) {
        gone[tracee.pid] = ProcessFacts(lastSyscall: tracee.lastSyscall, instructionPointer: nil, comm: tracee.comm,
                                        is32Bit: tracee.personality == .i386)
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
        drain(until: Self.now() + 1.0) { tracees.isEmpty }
        if !tracees.isEmpty {
            for pid in tracees.keys { kill(pid, SIGKILL) }
            // SIGKILL ends a traced process at once; the bound only guards against a kernel
            // that never reports it.
            drain(until: Self.now() + 10.0) { tracees.isEmpty }
        }
        if let outcome = leaderOutcome, case .killed = outcome { return outcome }
        return .interrupted(signal: signal)
    }

    /// Stop each attached thread and detach it, handing back any signal it was about to get.
    private func detachAll() {
        for pid in tracees.keys { _ = cp_interrupt(pid) }
        let deadline = Self.now() + 2.0 // then give up on stragglers
        while !tracees.isEmpty && Self.now() < deadline {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, wallAll | WNOHANG)
            if pid == 0 {
                _ = events?.wait(until: deadline)
                continue
            }
            if pid < 0 {
                if errno == EINTR { continue }
                break
            }
            stopStamp = Self.stamp()
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
            if tracee.reportedCall != nil {
                report(.detachedInCall(pid: pid, at: stopStamp))
            }
            _ = cp_detach(pid, deliver)
            tracees.removeValue(forKey: pid)
            report(.detached(pid: pid, at: stopStamp))
        }
    }
}
