import Decoding
import Events
import Files
import Glibc
import Seccomp
import Tracing

/// Runs a lesson: one traced process per role (the `sockstep` binary as the actor), kept in
/// the lesson's order by the Orchestrator. The run is the lesson's engine: it reports every
/// event to `emit` as it happens — the trace with each event's role and step, the moments the
/// orchestrator sees (a call that blocks, a role refused or ended, a role held before its step),
/// and, when asked for, the kernel's side of the sockets after each step, read while the role
/// is still stopped at the call's exit.
public final class LessonRun {
    public struct Options: Sendable {
        public var port: Int?
        public var keepGoing = false
        public var stringLimit = 32
        public var pinToOneCPU = true
        /// Stepping: each step waits for `decide`'s answer (after a `.held` event).
        public var stepping = false
        /// The block rules, each with its role (`server:listen=EPERM`), given to every actor.
        public var blocks: [String] = []
        /// Read the kernel's side of the sockets after each step (`.snapshot` events).
        public var snapshots = false
        /// A lesson with programs: each role's program, compiled (ProgramBuild).
        public var programs: [PreparedProgram] = []

        public init() {}
    }

    public let lesson: Lesson
    public let options: Options
    public let port: Int
    public private(set) var directory = ""
    public let orchestrator: Orchestrator
    public private(set) var tracer: Tracer?
    /// The exit status of each role's process (or the signal that killed it, as 128+N).
    public private(set) var roleStatus: [String: Int] = [:]
    /// Stepping: what to do at a step the lesson holds (the `.held` event was sent).
    public var decide: ((Step) -> StepDecision)?

    let emit: (RunEvent) -> Void
    /// The backlog each listening socket got (pid, fd): listen's, capped at somaxconn.
    var backlogs: [Int32: [Int: UInt64]] = [:]
    /// Each role's TCP sockets seen connected in a snapshot, by inode: after their descriptor
    /// is closed, the kernel's tables still show the connection until the close is over.
    var connected: [String: [UInt64: SocketState]] = [:]
    /// The process of each role in the last snapshot that listed it.
    var lastPID: [String: Int32] = [:]
    static let somaxconn: UInt64 = {
        UInt64((Files.readText("/proc/sys/net/core/somaxconn") ?? "4096").filter { $0.isNumber }) ?? 4096
    }()

    public init(lesson: Lesson, options: Options, emit: @escaping (RunEvent) -> Void) {
        self.emit = emit
        self.lesson = lesson
        self.options = options
        self.port = options.port ?? lesson.defaultPort
        self.orchestrator = Orchestrator(lesson: lesson) { event in emit(Self.runEvent(event, at: Tracer.stamp())) }
    }

    /// The orchestrator's news, stamped when it comes.
    static func runEvent(_ event: LessonEvent, at stamp: Stamp) -> RunEvent {
        switch event {
        case .blocked(let step, let role): return .blocked(step, role: role, at: stamp)
        case .refused(let role, let step, let reason): return .refused(role: role, step: step, reason: reason, at: stamp)
        case .ended(let roles, let reason): return .ended(roles, reason, at: stamp)
        }
    }

    /// Runs the lesson to its end. Returns the tracer's outcome (interrupted when Ctrl-C).
    public func run() throws(LessonRunError) -> TraceOutcome {
        let folder: RunFolder
        do {
            folder = try RunFolder.create(for: lesson.name)
            for name in try lesson.socketEntries(in: folder.path) { folder.register(name) }
        } catch {
            throw .folder(error)
        }
        defer { folder.remove() }
        directory = folder.path
        orchestrator.runFolder = folder.path

        var configuration = TraceConfiguration()
        // A lesson's programs are followed into every process they start (each is guarded).
        configuration.followForks = lesson.hasPrograms
        // One CPU for the roles and the tracer; programs are told the CPUs they were given.
        configuration.cpus = !options.pinToOneCPU ? .asGiven : lesson.hasPrograms ? .oneCPUShowingGiven : .oneCPU
        configuration.decodeOptions = DecodeOptions(stringLimit: options.stringLimit)
        let orchestrator = self.orchestrator
        orchestrator.waitForPermission = options.stepping
        if options.stepping {
            orchestrator.onWaiting = { [unowned self] step, pid, tracer in
                self.emit(.held(LessonContext(role: step.role, step: step), tracer.preview(pid), at: Tracer.stamp()))
                return self.decide?(step) ?? .proceed
            }
        }
        var statuses: [String: Int] = [:]
        var outputs: [Int32: ProgramOutput] = [:]
        let tracer = Tracer(configuration: configuration) { [unowned self] event in
            let pid = event.pid
            let role = orchestrator.role(of: pid)
            var step: Step?
            var stepCall = true
            var main = true
            switch event {
            case .entered, .exited:
                step = orchestrator.step(of: pid)
                stepCall = orchestrator.isStepCall(pid)
            case .exitedNormally(_, let status, _):
                main = orchestrator.mainPID[role] == pid
                if main { statuses[role] = status }
            case .killed(_, let signal, _, _):
                main = orchestrator.mainPID[role] == pid
                if main { statuses[role] = 128 + signal }
            default: break
            }
            self.emit(.trace(event, LessonContext(role: role, step: step, stepCall: stepCall)))
            if case .exited(let call, let stamp, _) = event, step != nil, stepCall {
                self.noteBacklog(call)
                if self.options.snapshots {
                    self.emit(.snapshot(self.snapshot(.afterStep, first: (role, pid), step: step, stamp: stamp)))
                }
            }
            switch event {
            case .exitedNormally, .killed:
                if main, let output = outputs.removeValue(forKey: pid) { self.emitOutput(output, role: role) }
            default: break
            }
            orchestrator.observe(event, step: stepCall ? step : nil)
        }
        self.tracer = tracer
        tracer.policy = orchestrator
        if lesson.hasPrograms {
            outputs = try startPrograms(tracer, folder: folder)
            let outcome = tracer.run()
            roleStatus = statuses
            for (pid, output) in outputs { emitOutput(output, role: orchestrator.role(of: pid)) }
            return outcome
        }
        let executable = Files.executablePath()
        let source: Int32
        do { source = try LessonSource.share(lesson) } catch { throw .source(error) }
        defer { close(source) }
        for role in lesson.roles {
            var arguments = [executable, "_actor", lesson.path, role.name, "--port", String(port), "--dir", directory,
                             "--lesson-fd", String(source)]
            if options.keepGoing { arguments.append("--keep-going") }
            for rule in options.blocks { arguments += ["--block", rule] }
            do {
                try tracer.spawn(path: executable, arguments: arguments)
            } catch {
                throw .trace(error)
            }
            if let pid = tracer.spawned.last { orchestrator.assign(pid: pid, role: role.name) }
        }
        let outcome = tracer.run()
        roleStatus = statuses
        return outcome
    }

    // MARK: - Programs

    /// Where a role's program writes: files in the run folder, read when the role has ended.
    struct ProgramOutput {
        var stdout: String
        var stderr: String
    }

    /// The environment every lesson program gets: fixed, so that a run is the same run on every
    /// machine (PYTHONUNBUFFERED, for one, changes what Python writes) and under strace.
    public static func programEnvironment() -> [String] {
        var home = getenv("HOME").map { String(cString: $0) } ?? ""
        if home.isEmpty, let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir { home = String(cString: dir) }
        return ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=" + (home.isEmpty ? "/" : home)]
    }

    /// The blocks (`--block`) checked against the lesson: which role's filter has which rules;
    /// nil without blocks.
    static func blockPlan(blocks: [String], lesson: Lesson) throws(LessonRunError) -> BlockPlan? {
        guard !blocks.isEmpty else { return nil }
        do {
            let rules = try blocks.map { text throws(BlockRule.Invalid) in try BlockRule.parse(text) }
            return try BlockPlan(rules: rules, lesson: lesson)
        } catch {
            throw .filter("\(error)")
        }
    }

    /// The calls each role's filter makes fail (every action but log), by number.
    static func deniedCalls(_ plan: BlockPlan?) -> [String: Set<Int>] {
        (plan?.byRole ?? [:]).mapValues { rules in Set(rules.filter { $0.action != .log }.map(\.number)) }
    }

    /// Each role's seccomp filter (a lesson with programs): the filter the role's process loads
    /// before it executes its program.
    static func filters(_ plan: BlockPlan?) throws(LessonRunError) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        do {
            for (role, mine) in plan?.byRole ?? [:] { out[role] = try Filter.build(mine).program }
        } catch {
            throw .filter("\(error)")
        }
        return out
    }

    /// Starts every role's program under the tracer: in the run folder, with the fixed
    /// environment, its argument, its filter, its output going to files of the run folder.
    func startPrograms(_ tracer: Tracer, folder: RunFolder) throws(LessonRunError) -> [Int32: ProgramOutput] {
        guard let programs = lesson.programs else { return [:] }
        let plan = try Self.blockPlan(blocks: options.blocks, lesson: lesson)
        do {
            orchestrator.programs = Orchestrator.ProgramMode(traced: try TraceSelection.parse(programs.trace), denied: Self.deniedCalls(plan))
        } catch {
            throw .filter("\(error)")
        }
        let filters = try Self.filters(plan)
        let environment = Self.programEnvironment()
        let argument = programs.argument.value(port: port, folder: folder.path)
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if null >= 0 { close(null) } }
        var files: [Int32: (String, String)] = [:]
        for (number, role) in lesson.roles.enumerated() {
            guard let program = options.programs.first(where: { $0.role == role.name }) else {
                throw .program("no program for role \(role.name)")
            }
            let names = ("role-\(number + 1).out", "role-\(number + 1).err")
            folder.register(names.0)
            folder.register(names.1)
            let out = open(folder.entryPath(names.0), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            let err = open(folder.entryPath(names.1), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            defer {
                if out >= 0 { close(out) }
                if err >= 0 { close(err) }
            }
            guard out >= 0, err >= 0 else { throw .program("cannot make \(folder.path)/\(names.0): \(String(cString: strerror(errno)))") }
            var start = Tracer.Start(filter: filters[role.name], directory: folder.path)
            start.streams = (null, out, err)
            do {
                try tracer.spawn(path: program.executable, arguments: program.arguments + [argument], environment: environment, start: start)
            } catch {
                throw .trace(error)
            }
            if let pid = tracer.spawned.last {
                orchestrator.assign(pid: pid, role: role.name)
                files[pid] = (folder.entryPath(names.0), folder.entryPath(names.1))
            }
        }
        var outputs: [Int32: ProgramOutput] = [:]
        for (pid, paths) in files { outputs[pid] = ProgramOutput(stdout: paths.0, stderr: paths.1) }
        return outputs
    }

    /// What a role's program wrote (at most 64 KiB of each stream), as `.output` events.
    func emitOutput(_ output: ProgramOutput, role: String) {
        for (stream, path) in [(ProgramStream.stdout, output.stdout), (.stderr, output.stderr)] {
            guard case .success(let bytes) = Files.readRegularFile(path, limit: 1 << 16), !bytes.isEmpty else { continue }
            emit(.output(role: role, stream: stream, text: String(decoding: bytes, as: UTF8.self), at: Tracer.stamp()))
        }
    }

    // MARK: - The kernel's side

    /// /proc/net/tcp does not show a listening socket's backlog: the listen call said it.
    func noteBacklog(_ call: DecodedCall) {
        guard call.name == "listen", !call.failed, call.rawArguments.count > 1 else { return }
        let fd = Int(Int32(truncatingIfNeeded: call.rawArguments[0]))
        let asked = Int64(Int32(truncatingIfNeeded: call.rawArguments[1]))
        backlogs[call.pid, default: [:]][fd] = asked < 0 ? Self.somaxconn : min(UInt64(asked), Self.somaxconn)
    }

    /// A process's sockets, without sockstep's own marker descriptor, with the backlogs listen gave.
    func sockets(of pid: Int32) -> [SocketState] {
        KernelState.sockets(of: pid).filter { $0.fd != Int(Actor.markerFD) }.map { socket in
            guard let queue = socket.acceptQueue, let backlog = backlogs[pid]?[socket.fd] else { return socket }
            var s = socket
            s.acceptQueue = SocketState.AcceptQueue(pending: queue.pending, backlog: backlog)
            return s
        }
    }

    /// After a step: the role's sockets, then each other running role's, in the lesson's order;
    /// on request: every running role's, by name. A TCP connection whose descriptor a role has
    /// closed is listed as long as the kernel keeps it (FIN_WAIT2, TIME_WAIT, LAST_ACK), even
    /// after the role's process has ended: the active closer's TIME_WAIT outlives it.
    func snapshot(_ moment: KernelSnapshot.Moment, first: (role: String, pid: Int32)?, step: Step?, stamp: Stamp) -> KernelSnapshot {
        let running = orchestrator.pidsByRole
        var connections: [String: SocketState]?
        func withClosed(_ role: String, pid: Int32, _ open: [SocketState]) -> [SocketState] {
            var out = open
            var known = connected[role, default: [:]]
            let openInodes = Set(open.map(\.inode))
            for (i, socket) in open.enumerated() {
                if socket.proto.hasPrefix("TCP"), socket.local != nil, socket.remote != nil {
                    known[socket.inode] = socket
                } else if let before = known[socket.inode], socket.local == nil, socket.state.hasPrefix("CLOSE") {
                    // Its connection is over while the descriptor stays open: the socket is
                    // CLOSE and out of the kernel's tables; a TIME_WAIT in its place holds
                    // the addresses it had.
                    connections = connections ?? KernelState.tcpConnections(seenBy: pid)
                    let kept = connections?[(before.local ?? "") + "|" + (before.remote ?? "")]
                    out[i].local = before.local
                    out[i].remote = before.remote
                    out[i].state = kept.map { "CLOSE (its connection is in \($0.state))" } ?? "CLOSE"
                }
            }
            for (inode, before) in known.sorted(by: { $0.value.fd < $1.value.fd }) where !openInodes.contains(inode) {
                connections = connections ?? KernelState.tcpConnections(seenBy: pid)
                // inode 0: no descriptor of any process holds it (a forked child that still has
                // it open keeps it a socket of its own, listed with the child).
                guard var kept = connections?[(before.local ?? "") + "|" + (before.remote ?? "")], kept.inode == 0 else {
                    known[inode] = nil
                    continue
                }
                kept.fd = before.fd
                kept.inode = 0
                kept.closed = true
                out.append(kept)
            }
            connected[role] = known
            return out
        }
        var roles: [KernelSnapshot.Role] = []
        if let first { roles.append(KernelSnapshot.Role(role: first.role, pid: first.pid, sockets: withClosed(first.role, pid: first.pid, sockets(of: first.pid)))) }
        let others = moment == .onRequest ? running.keys.sorted() : lesson.roles.map(\.name)
        for name in others where name != first?.role {
            if let pid = running[name] {
                roles.append(KernelSnapshot.Role(role: name, pid: pid, sockets: withClosed(name, pid: pid, sockets(of: pid))))
            } else if let pid = lastPID[name], connected[name]?.isEmpty == false, let seen = first?.pid ?? running.values.first {
                // Ended: only what the kernel still keeps of its connections (read in the
                // namespace of a role that runs).
                let kept = withClosed(name, pid: seen, [])
                if !kept.isEmpty { roles.append(KernelSnapshot.Role(role: name, pid: pid, sockets: kept)) }
            }
        }
        for role in roles { lastPID[role.role] = role.pid }
        let context = first.map { LessonContext(role: $0.role, step: step) }
        return KernelSnapshot(moment: moment, context: context, roles: roles, stamp: stamp)
    }

    /// Stepping (`s`): the sockets of every role now, as a `.snapshot` event.
    public func snapshotAll() {
        emit(.snapshot(snapshot(.onRequest, first: nil, step: nil, stamp: Tracer.stamp())))
    }
}

/// Why a lesson could not run: its folder could not be made, or a role could not start.
public enum LessonRunError: Error, CustomStringConvertible {
    case folder(RunFolder.Failure)
    case trace(TraceError)
    case source(LessonSource.Failure)
    case filter(String)
    case program(String)

    public var description: String {
        switch self {
        case .folder(let failure): return failure.description
        case .trace(let error): return error.description
        case .source(let failure): return failure.description
        case .filter(let message): return message
        case .program(let message): return message
        }
    }
}
